// SPDX-License-Identifier: MIT
// The reference count of verification: on purpose nothing of the fast path (no scan masks,
// no CountMap, no hash_word): a byte at a time into a std::string, counted in a
// std::unordered_map (looked up by string_view, so only a new word allocates). Plainly right.
// For a total-only run it counts words and keeps no table.
#include <algorithm>
#include <fstream>
#include <unordered_map>

#include "scalelab/errors.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {
namespace {

class PlainCounter {
 public:
  PlainCounter(const Tokenizer& tok, bool total_only) : tok_(tok), total_only_(total_only) {}

  // Feeds the next bytes of the current text (a word may continue into the next call).
  void feed(char* data, std::size_t n) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < n; ++i) {
      unsigned char c = static_cast<unsigned char>(data[i]);
      if (tok_.lower && c >= 'A' && c <= 'Z') {
        c = static_cast<unsigned char>(c - 'A' + 'a');
        data[i] = static_cast<char>(c);
      }
      bool separator;
      if (tok_.alpha) {
        separator = !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
      } else {
        separator = c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
      }
      if (!separator) continue;
      if (!carry_.empty()) {
        carry_.append(data + start, i - start);
        end_word();
      } else if (i > start) {
        bump(std::string_view(data + start, i - start));
      }
      start = i + 1;
    }
    carry_.append(data + start, n - start);  // the word running into the next call
  }
  // The current text ends: so does its last word.
  void end_word() {
    if (carry_.empty()) return;
    bump(carry_);
    carry_.clear();
  }

  Reference finish(std::size_t top_k) {
    end_word();
    Reference ref;
    ref.total = total_;
    if (total_only_) return ref;
    std::vector<WordCount> all;
    all.reserve(counts_.size());
    for (const auto& [word, count] : counts_) {
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
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  void bump(std::string_view word) {
    ++total_;
    if (total_only_) return;
    const auto it = counts_.find(word);
    if (it != counts_.end()) {
      ++it->second;
    } else {
      counts_.emplace(std::string(word), 1);
    }
  }

  Tokenizer tok_;
  bool total_only_;
  std::string carry_;
  std::uint64_t total_ = 0;
  std::unordered_map<std::string, std::uint64_t, Hash, std::equal_to<>> counts_;
};

}  // namespace

Reference reference_count_files(const std::vector<std::string>& paths, const Tokenizer& tok,
                                std::size_t top_k, bool total_only) {
  PlainCounter counter(tok, total_only);
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

Reference reference_count_corpus(const Corpus& corpus, const Tokenizer& tok, std::size_t top_k,
                                 bool total_only) {
  PlainCounter counter(tok, total_only);
  std::vector<char> block(kBlockBytes);
  for (std::uint64_t b = 0; b < corpus.blocks(); ++b) {
    corpus.generate_block(b, block.data());
    counter.feed(block.data(), corpus.byte_range({b, b + 1}).size());
  }
  return counter.finish(top_k);
}

}  // namespace scalelab::wordcount
