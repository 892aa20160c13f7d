// The reference count of verification: on purpose nothing of the fast path (no scan masks,
// no CountMap, no hash_word): a byte at a time into a std::string, counted in a
// std::unordered_map. Slow and plainly right.
#include <algorithm>
#include <fstream>
#include <unordered_map>

#include "scalelab/errors.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {
namespace {

class PlainCounter {
 public:
  explicit PlainCounter(const Tokenizer& tok) : tok_(tok) {}

  void feed(const char* data, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      unsigned char c = static_cast<unsigned char>(data[i]);
      if (tok_.lower && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
      bool separator;
      if (tok_.alpha) {
        separator = !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
      } else {
        separator = c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
      }
      if (separator) {
        end_word();
      } else {
        word_.push_back(static_cast<char>(c));
      }
    }
  }
  void end_word() {
    if (word_.empty()) return;
    ++counts_[word_];
    word_.clear();
  }

  Reference finish(std::size_t top_k) {
    end_word();
    Reference ref;
    std::vector<WordCount> all;
    all.reserve(counts_.size());
    for (const auto& [word, count] : counts_) {
      ref.total += count;
      ref.digest += entry_digest(word, count);
      all.push_back({word, count});
    }
    ref.distinct = counts_.size();
    std::sort(all.begin(), all.end(), [](const WordCount& a, const WordCount& b) {
      if (a.count != b.count) return a.count > b.count;
      return a.word < b.word;
    });
    if (all.size() > top_k) all.resize(top_k);
    ref.top = std::move(all);
    return ref;
  }

 private:
  Tokenizer tok_;
  std::string word_;
  std::unordered_map<std::string, std::uint64_t> counts_;
};

}  // namespace

Reference reference_count_files(const std::vector<std::string>& paths, const Tokenizer& tok,
                                std::size_t top_k) {
  PlainCounter counter(tok);
  std::vector<char> chunk(16 << 20);
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw RuntimeError("verification: cannot reopen '" + path + "'");
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      counter.feed(chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) throw RuntimeError("verification: reading '" + path + "' failed");
    counter.end_word();  // a word never continues into the next file
  }
  return counter.finish(top_k);
}

Reference reference_count_corpus(const Corpus& corpus, const Tokenizer& tok, std::size_t top_k) {
  PlainCounter counter(tok);
  std::vector<char> block(kBlockBytes);
  for (std::uint64_t b = 0; b < corpus.blocks(); ++b) {
    corpus.generate_block(b, block.data());
    counter.feed(block.data(), corpus.byte_range({b, b + 1}).size());
  }
  return counter.finish(top_k);
}

}  // namespace scalelab::wordcount
