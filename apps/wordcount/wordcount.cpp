// SPDX-License-Identifier: MIT
#include "wordcount.hpp"

#include <CLI/CLI.hpp>

#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "scalelab/byte_buffer.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/collective.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/output_file.hpp"
#include "scalelab/quote.hpp"
#include "scalelab/size_parse.hpp"
#include "scalelab/stats.hpp"

namespace scalelab::wordcount {
namespace {

namespace fs = std::filesystem;

bool has_glob_chars(const std::string& text) {
  return text.find_first_of("*?[") != std::string::npos;
}

std::string hex64(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

// A word as JSON can carry it: valid UTF-8 as is, any other byte as the text \xNN.
std::string display_word(const std::string& word) {
  std::string out;
  std::size_t i = 0;
  while (i < word.size()) {
    const auto c = static_cast<unsigned char>(word[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n != 0 && i + n <= word.size();
    for (std::size_t k = 1; ok && k < n; ++k)
      ok = (static_cast<unsigned char>(word[i + k]) & 0xC0) == 0x80;
    if (ok) {
      out.append(word, i, n);
      i += n;
    } else {
      char esc[5];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      out += esc;
      ++i;
    }
  }
  return out;
}

// Word lists between ranks: [count u64][length u32][bytes] per word.
std::string pack(const std::vector<WordCount>& words) {
  std::string out;
  ByteWriter writer(out);
  for (const WordCount& w : words) {
    writer.put(w.count).put(static_cast<std::uint32_t>(w.word.size())).put_bytes(w.word);
  }
  return out;
}

void unpack_into(const std::string& in, std::vector<WordCount>& out) {
  ByteReader reader(in, "wordcount: a word list from a rank");
  while (!reader.done()) {
    WordCount w;
    w.count = reader.get<std::uint64_t>();
    w.word = reader.get_bytes(reader.get<std::uint32_t>());
    out.push_back(std::move(w));
  }
}

Json top_json(const std::vector<WordCount>& top) {
  Json out = Json::array();
  for (const WordCount& w : top) {
    out.push(Json::object({{"word", display_word(w.word)}, {"count", w.count}}));
  }
  return out;
}

// Every word, sorted by count then word, one "word<TAB>count" line each, replacing `path`
// atomically: a reader never sees half a table.
void write_counts(const std::string& path, std::vector<WordCount> words) {
  std::sort(words.begin(), words.end(), ranks_before);
  ReplacedFile out("--counts", path);
  std::string block;
  for (const WordCount& w : words) {
    block += w.word;
    block += '\t';
    block += std::to_string(w.count);
    block += '\n';
    if (block.size() >= (1u << 20)) {
      out.write(block);
      block.clear();
    }
  }
  out.write(block);
  out.commit();
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    if (has_glob_chars(input)) {
      glob_t matches{};
      const int rc = ::glob(input.c_str(), 0, nullptr, &matches);
      if (rc == GLOB_NOMATCH) {
        ::globfree(&matches);
        throw UsageError("--input: " + quote_input(input) + " matches no file");
      }
      if (rc != 0) {
        ::globfree(&matches);
        throw UsageError("--input: cannot expand " + quote_input(input));
      }
      for (std::size_t i = 0; i < matches.gl_pathc; ++i) files.emplace_back(matches.gl_pathv[i]);
      ::globfree(&matches);
      continue;
    }
    std::error_code error;
    if (fs::is_directory(input, error)) {
      std::vector<std::string> inside;
      for (fs::recursive_directory_iterator it(input, error), end; !error && it != end;
           it.increment(error)) {
        if (it->is_regular_file(error)) inside.push_back(it->path().string());
      }
      if (error)
        throw UsageError("--input: cannot list " + quote_input(input) + ": " + error.message());
      if (inside.empty())
        throw UsageError("--input: directory " + quote_input(input) + " has no files");
      std::sort(inside.begin(), inside.end());
      files.insert(files.end(), inside.begin(), inside.end());
      continue;
    }
    files.push_back(input);  // missing or unreadable: InputFile says so
  }
  return files;
}

void WordcountWorkload::setup(const RunContext& ctx) {
  const Params& p = *params_;
  tok_ = Tokenizer{p.alpha, p.lower};
  if (p.total_only) total_only_ = true;
  if (total_only_ && !p.counts.empty()) {
    throw UsageError(std::string("--counts: ") +
                     (p.total_only ? "--total-only" : "wordcount/eigen") +
                     " computes the total only (no table to write)");
  }
  if (total_only_ && p.pipeline) {
    throw UsageError(
        "--pipeline: wordcount/eigen counts one buffer (use serial, openmp, mpi or hybrid)");
  }
  if (p.pipeline && p.inputs.empty()) {
    throw UsageError(
        "--pipeline: needs --input files (a generated corpus is built in memory, "
        "there is nothing to read)");
  }

  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  const auto rank = static_cast<std::uint64_t>(ctx.comm.rank());
  files_.clear();
  ranges_.clear();
  corpus_.reset();
  if (!p.inputs.empty()) {
    paths_ = expand_inputs(p.inputs);
    input_bytes_ = 0;
    for (const std::string& path : paths_) {
      files_.emplace_back(path);
      input_bytes_ += files_.back().size();
    }
    if (input_bytes_ == 0) throw UsageError("--input: the corpus is empty (0 bytes)");
    if (ctx.global_size != input_bytes_) {
      throw UsageError("--size: with --input the size is the input's " +
                       std::to_string(input_bytes_) +
                       " bytes; leave out --size and --scaling weak");
    }
    std::uint64_t local = 0;
    for (const InputFile& file : files_) {
      ranges_.push_back(record_aligned_part(file, ranks, rank, separator_for_split));
      local += ranges_.back().size() + 1;
    }
    buffer_.assign(p.pipeline ? 0 : local + kPadding, ' ');
  } else {
    input_bytes_ = ctx.global_size;
    corpus_ = make_corpus(ctx.seed, ctx.global_size);
    const Range blocks = block_range(corpus_->blocks(), ranks, rank);
    buffer_size_ = corpus_->byte_range(blocks).size();
    buffer_.assign(buffer_size_ + kPadding, ' ');
    corpus_->generate(blocks, buffer_.data());
  }
  maps_.clear();
  for (int t = 0; t < ctx.threads; ++t) maps_.emplace_back();
  parts_.clear();
  owned_ = &maps_;
  logs_.clear();
}

double WordcountWorkload::memory_bytes_per_rank(const RunContext& ctx) const {
  const double local = static_cast<double>(ctx.global_size) / ctx.comm.size();
  if (params_->inputs.empty()) return local;  // a generated corpus: a Zipf vocabulary, few words
  // An input may hold nothing but distinct words: planned for that worst case, with the peak
  // resident bytes per input byte measured on a file of distinct 8-letter words. Per byte a
  // rank reads: its buffer and maps (8), each thread's map (12), and with several ranks the
  // shuffle's packed words and owned maps (20); rank 0's reference recount of the whole
  // input adds 6 per input byte.
  const double per_local_byte = 8 + 12.0 * ctx.threads + (ctx.comm.size() > 1 ? 20 : 0);
  const double reference = ctx.comm.is_root() ? 6.0 * static_cast<double>(ctx.global_size) : 0;
  return local * per_local_byte + reference;
}

Check WordcountWorkload::verify(const RunContext& ctx) {
  const Comm& comm = ctx.comm;
  const std::size_t top_k = params_->top;
  // (1) The answer of the last rep, over all ranks.
  summary_ = TableSummary{};
  shuffle_bytes_ = comm.sum(sent_bytes_);
  std::vector<WordCount> everything;
  if (total_only_) {
    summary_.total = comm.sum(local_words_);
  } else {
    TableSummary local = summarise_maps(*owned_, top_k);
    summary_.total = comm.sum(local.total);
    summary_.distinct = comm.sum(local.distinct);
    summary_.digest = comm.sum(local.digest);
    const std::vector<std::string> tops = comm.gather(pack(local.top));
    if (comm.is_root()) {
      for (const std::string& t : tops) unpack_into(t, summary_.top);
      keep_top(summary_.top, top_k);
    }
    if (!params_->counts.empty()) {
      std::vector<WordCount> mine;
      for (const CountMap& map : *owned_) {
        map.for_each([&](const CountMap::Slot& s) {
          mine.push_back({std::string(s.word()), s.count});
        });
      }
      const std::vector<std::string> all = comm.gather(pack(mine));
      if (comm.is_root())
        for (const std::string& part : all) unpack_into(part, everything);
    }
  }

  // (2) The pipeline's reading: the slowest rank per rep, then the median over reps.
  pipeline_ = Json();
  if (params_->pipeline) {
    std::vector<double> read_total, read;
    for (const PhaseTimes& times : logs_) {
      read_total.push_back(comm.max(times.read_total));
      read.push_back(comm.max(times.read));
    }
    const double total_read = median(read_total);
    const double stall = median(read);
    const double hidden = std::max(0.0, total_read - stall);
    const std::uint64_t chunks = comm.sum(logs_.empty() ? std::uint64_t{0} : logs_.back().chunks);
    pipeline_ =
        Json::object({{"chunk_bytes", params_->chunk},
                      {"chunks_last_rep", chunks},
                      {"read_s", total_read},
                      {"read_waited_s", stall},
                      {"read_hidden_s", hidden},
                      {"read_hidden_fraction", total_read > 0 ? hidden / total_read : 0.0}});
  }

  // (3) Rank 0 recounts everything with the reference and compares.
  Reference ref;
  agree_on(comm, [&] {
    if (!comm.is_root()) return;
    ref = corpus_ ? reference_count_corpus(*corpus_, tok_, top_k, total_only_)
                  : reference_count_files(paths_, tok_, top_k, total_only_);
    if (ref.total == 0) {
      throw UsageError(std::string(paths_.empty() ? "--size" : "--input") +
                       ": the corpus has no words" +
                       (tok_.alpha ? " (no ASCII letters)" : " (only whitespace)"));
    }
  });
  bool passed = false;
  bool top_equal = false;
  if (comm.is_root()) {
    if (total_only_) {
      passed = summary_.total == ref.total;
    } else {
      top_equal = summary_.top.size() == ref.top.size();
      for (std::size_t i = 0; top_equal && i < ref.top.size(); ++i)
        top_equal =
            summary_.top[i].word == ref.top[i].word && summary_.top[i].count == ref.top[i].count;
      passed = summary_.total == ref.total && summary_.distinct == ref.distinct &&
               summary_.digest == ref.digest && top_equal;
    }
  }
  passed = comm.broadcast(passed ? "1" : "0") == "1";
  verified_ = passed;
  agree_on(comm, [&] {
    if (comm.is_root() && passed && !params_->counts.empty())
      write_counts(params_->counts, std::move(everything));
  });

  Check check;
  check.passed = passed;
  check.what = total_only_
                   ? "total words equal a plain serial recount on rank 0"
                   : "total, distinct, digest and top-K equal a plain serial recount on rank 0";
  check.value = static_cast<double>(summary_.total);
  check.expected = static_cast<double>(ref.total);
  check.error = static_cast<double>(summary_.total > ref.total ? summary_.total - ref.total
                                                               : ref.total - summary_.total);
  check.details = Json::object({{"total", summary_.total}, {"reference_total", ref.total}});
  if (!total_only_) {
    check.details.set("distinct", summary_.distinct)
        .set("reference_distinct", ref.distinct)
        .set("digest", hex64(summary_.digest))
        .set("reference_digest", hex64(ref.digest))
        .set("top_equal", top_equal);
  }
  return check;
}

Json WordcountWorkload::params(const RunContext&) const {
  Json out = Json::object({{"input", corpus_ ? "generated" : "files"},
                           {"bytes", input_bytes_},
                           {"files", static_cast<std::uint64_t>(paths_.size())},
                           {"separators", tok_.alpha ? "non-letters" : "ascii-whitespace"},
                           {"lower", tok_.lower},
                           {"alpha", tok_.alpha},
                           {"top", static_cast<std::uint64_t>(params_->top)},
                           {"pipeline", params_->pipeline},
                           {"total_only", total_only_}});
  if (params_->pipeline) out.set("chunk_bytes", params_->chunk);
  if (corpus_) out.set("vocabulary", static_cast<std::uint64_t>(kVocabulary)).set("zipf_s", 1.0);
  if (!params_->counts.empty()) out.set("counts_file", params_->counts);
  return out;
}

Json WordcountWorkload::result(const RunContext&) const {
  Json out = Json::object({{"computes", total_only_ ? "total" : "counts"},
                           {"bytes", input_bytes_},
                           {"total_words", summary_.total},
                           {"shuffle_bytes", shuffle_bytes_}});
  if (total_only_) {
    out.set("distinct_words", Json()).set("top", Json()).set("digest", Json());
  } else {
    out.set("distinct_words", summary_.distinct)
        .set("top", top_json(summary_.top))
        .set("digest", hex64(summary_.digest));
  }
  if (params_->pipeline) out.set("pipeline", pipeline_);
  return out;
}

Metrics WordcountWorkload::metrics(const RunContext&, double seconds_per_rep) const {
  Metrics m;
  m.fom.set("MB_per_s", static_cast<double>(input_bytes_) / seconds_per_rep / 1e6);
  m.fom.set("words_per_s", static_cast<double>(summary_.total) / seconds_per_rep);
  m.bytes_per_rep = static_cast<double>(input_bytes_);
  return m;
}

AppDefinition make_app() {
  AppDefinition app;
  auto params = set_params<Params>(app);
  app.workload = "wordcount";
  app.description =
      "Word count: total, distinct and top-K words of text files or of a generated Zipf corpus "
      "(reading, hashing, and the reduction of hash maps)";
  app.size_meaning = "bytes of the generated corpus (default 64M); with --input the input's bytes";
  app.default_size = [params] {
    if (params->inputs.empty()) return params->generate.value_or(kDefaultBytes);
    std::uint64_t bytes = 0;
    for (const std::string& path : expand_inputs(params->inputs)) bytes += InputFile(path).size();
    return bytes;
  };
  app.files = [params] {
    std::vector<FileOption> files;
    if (!params->inputs.empty()) {
      for (const std::string& path : expand_inputs(params->inputs))
        files.push_back({"--input", path, FileRole::kInput});
    }
    if (!params->counts.empty()) files.push_back({"--counts", params->counts, FileRole::kText});
    return files;
  };
  app.add_options = [params](CLI::App& cli) {
    *params = Params{};
    refuse_empty_path(
        cli.add_option("--input", params->inputs,
                       "Text files to count: paths, quoted globs, directories (every file "
                       "under them)"))
        ->expected(1, -1)
        ->excludes("--size");
    cli.add_option_function<std::string>(
           "--generate",
           [params](const std::string& text) { params->generate = parse_size(text, "--generate"); },
           "Bytes of generated Zipf corpus: the same as --size (the default input)")
        ->excludes("--size")
        ->excludes("--input");
    cli.add_option_function<std::string>(
        "--top",
        [params](const std::string& text) {
          if (text == "0") {
            params->top = 0;
            return;
          }
          const std::uint64_t k = parse_size(text, "--top");
          if (k > kMaxTop) throw UsageError("--top: " + text + " exceeds the limit of 1000000");
          params->top = static_cast<std::size_t>(k);
        },
        "How many of the most frequent words the record lists (default 10)");
    refuse_empty_path(
        cli.add_option("--counts", params->counts,
                       "Write every word and its count (TSV, by count then word) to this file"));
    cli.add_flag("--lower", params->lower, "Fold A-Z to a-z before counting");
    cli.add_flag("--alpha", params->alpha,
                 "Words are runs of ASCII letters (anything else separates)");
    cli.add_flag(
        "--pipeline", params->pipeline,
        "A reader thread reads the next chunk while the workers count this one (--input only)");
    cli.add_flag("--total-only", params->total_only,
                 "Count the total only (word starts, no table): the byte-scan speed, as wc -w");
    cli.add_option_function<std::string>(
        "--chunk",
        [params](const std::string& text) {
          params->chunk = parse_size(text, "--chunk");
          if (params->chunk > kMaxChunk) {
            throw UsageError("--chunk: " + text +
                             " exceeds the limit of 1Gi (two chunks are in memory)");
          }
        },
        "Bytes per pipeline chunk (default 8Mi)");
  };
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  app.variants.add("eigen", {false, false}, make_eigen);
  return app;
}

}  // namespace scalelab::wordcount
