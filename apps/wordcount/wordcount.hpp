// SPDX-License-Identifier: MIT
#pragma once

// wordcount: count the words of a text corpus: the total, the number of distinct words and
// the K most frequent. A data-bound workload: the lesson is what reading costs beside
// counting, and what a real reduction of hash maps costs across threads and ranks.
//
// Reference (what every counting model computes, identically):
//     for every word w of the corpus (tokenize.hpp): count[w] += 1
//     total = sum of counts, distinct = number of keys, top K by (count desc, word asc)
// Input: files (--input: paths, globs, directories), each its own text (no word spans two
// files), or a generated Zipf corpus of --size bytes (corpus.hpp), built in memory in setup
// from --seed: every rank builds only its own blocks, so every layout sees the same corpus.
//
// Per model (the timed step):
//   serial  read the input into one buffer, scan it, count into one open-addressing map
//   openmp  each thread counts its whitespace-aligned part of the buffer into a private map;
//           then a partitioned merge: thread t merges, from every thread's map, the words
//           whose hash falls in partition t (no shared map, no lock)
//   mpi     each rank reads its own byte range of every file (record_aligned_part at ASCII
//           whitespace: no word lost or read twice) and counts it; then the reduction is a
//           hash-partitioned exchange: every (hash, count, word) goes to the rank owning
//           its hash (Comm::all_to_all = MPI_Alltoallv), which merges what it receives
//   hybrid  mpi across ranks, openmp inside each (threads count, serialise their own maps
//           for the exchange, and merge what arrives by partition)
//   eigen   the total only: word starts (a word byte after a separator) counted with an
//           Eigen reduction over the buffer viewed as 64-bit lanes (bit tricks on 8 bytes at
//           a time); no table, no distinct words, no top K (result.computes = "total")
// --total-only (every model; eigen always is): no table either, the total of word starts
// (AVX2 separator masks + popcount), threads' and ranks' totals summed: the pure byte-scan
// speed, what `wc -w` computes.
// --pipeline (serial, openmp, mpi, hybrid; files only): a reader thread reads the next
// chunk (--chunk bytes, cut at the last whitespace; the partial word is carried over) while
// the workers count the current one: producer -> workers -> merger, two buffers.
//
// Timing: every rep reads its files again (page cache, normally), so read time is part of
// the step: breakdown {read, count, merge} (seconds, max over ranks, median over reps); in
// a pipeline "read" is the time the workers waited for the reader (reading not hidden) and
// result.pipeline says how much reading there was and how much of it was hidden. A
// generated corpus is already in memory: read is 0.
//
// Verification: rank 0 counts the whole input again with an independent plain
// implementation (a byte loop into std::unordered_map<std::string, ...>, reading files or
// regenerating the corpus itself) and requires total, distinct, digest (an
// order-independent sum over entries of a mix of (FNV-1a(word), count), summed over ranks)
// and the top K to be exactly equal. eigen: the total must equal. An input with no words at
// all is bad input (exit 2).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "count_map.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/input_file.hpp"
#include "scalelab/workload.hpp"
#include "tokenize.hpp"

namespace scalelab::wordcount {

constexpr std::uint64_t kDefaultBytes = 64'000'000;
constexpr std::uint64_t kDefaultChunk = 8 << 20;
constexpr std::uint64_t kMaxChunk = std::uint64_t{1} << 30;
constexpr std::size_t kDefaultTop = 10;
constexpr std::size_t kMaxTop = 1'000'000;

struct Params {
  std::vector<std::string> inputs;  // --input, as given (paths, globs, directories)
  std::optional<std::uint64_t> generate;
  std::size_t top = kDefaultTop;
  std::string counts;  // --counts FILE.tsv; empty: none
  bool lower = false;
  bool alpha = false;
  bool pipeline = false;
  bool total_only = false;  // --total-only
  std::uint64_t chunk = kDefaultChunk;
};

// --input arguments to files: a glob expands to its matches (sorted; none is an error, a
// directory among them too), a directory to every regular file under it (sorted), a path
// to itself. Throws UsageError naming --input.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

// The reference count of verification (reference.cpp): deliberately independent code.
struct Reference {
  std::uint64_t total = 0;
  std::uint64_t distinct = 0;
  std::uint64_t digest = 0;
  std::vector<WordCount> top;
};
// total_only: the total alone (no table, distinct, digest or top).
Reference reference_count_files(const std::vector<std::string>& paths, const Tokenizer& tok,
                                std::size_t top_k, bool total_only = false);
Reference reference_count_corpus(const Corpus& corpus, const Tokenizer& tok, std::size_t top_k,
                                 bool total_only = false);

// Seconds of one rep on this rank, by phase.
struct PhaseTimes {
  double read = 0;        // reading (pipeline: waiting for the reader)
  double count = 0;       // scanning and counting
  double merge = 0;       // thread merge and/or rank exchange
  double read_total = 0;  // pipeline: the reader's own time in pread
  std::uint64_t chunks = 0;
};

class WordcountWorkload : public Workload {
 public:
  explicit WordcountWorkload(const RunContext& ctx) : params_(&ctx.params<Params>()) {}
  void setup(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  double memory_bytes_per_rank(const RunContext& ctx) const override;

 protected:
  // Building blocks of the timed step (wordcount_engine.cpp).
  // Reads this rank's part of every file into buffer_ (files separated by '\n'); nothing for
  // a generated corpus (already there). `threads` threads read pieces in parallel.
  // Returns seconds.
  double read_local(int threads);
  // Counts buffer_ into maps_[0..threads) (folding case first with --lower).
  void count_buffer(int threads);
  // read_local + count_buffer, or the pipeline with --pipeline; fills times.read/count.
  void read_and_count(int threads, PhaseTimes& times);
  // openmp: partitioned merge of maps_ into parts_ (one per thread).
  void merge_threads(int threads);
  // mpi/hybrid: hash-partitioned exchange of maps_ and merge into parts_ (one per thread).
  void exchange(const RunContext& ctx, int threads);
  // Makes the final table of this rank maps_[0] (serial) or parts_ (after a merge).
  void own_single_map() { owned_ = &maps_; }
  void own_parts() { owned_ = &parts_; }
  // The rep's phases for the breakdown; the pipeline's figures are kept for verify().
  void log(const RunContext& ctx, const PhaseTimes& times) {
    ctx.phases.add("read", times.read);
    ctx.phases.add("count", times.count);
    ctx.phases.add("merge", times.merge);
    logs_.push_back(times);
  }
  // eigen: total words of the buffer, counted over word starts with Eigen.
  std::uint64_t eigen_total() const;

  const Params* params_;  // the run's (RunContext::params), which outlives the workload
  Tokenizer tok_;
  std::vector<InputFile> files_;
  std::vector<Range> ranges_;  // this rank's byte range of each file
  std::shared_ptr<const Corpus> corpus_;
  std::vector<char> buffer_;  // this rank's bytes (+ kPadding)
  std::size_t buffer_size_ = 0;
  std::vector<CountMap> maps_;   // one per thread
  std::vector<CountMap> parts_;  // after a merge: one per thread, disjoint
  const std::vector<CountMap>* owned_ = nullptr;
  bool total_only_ = false;         // eigen, or --total-only
  std::uint64_t local_words_ = 0;   // total_only_: this rank's total, last rep
  std::uint64_t global_words_ = 0;  // total_only_ under mpi/hybrid: summed in the timed step
  std::uint64_t sent_bytes_ = 0;    // exchange: bytes this rank sent to other ranks, last rep

 private:
  void run_pipeline(int threads, PhaseTimes& times);
  std::uint64_t input_bytes_ = 0;
  std::vector<std::string> paths_;
  std::vector<PhaseTimes> logs_;
  // Filled by verify().
  TableSummary summary_;
  std::uint64_t shuffle_bytes_ = 0;  // sent_bytes_ summed over ranks (the model's volume)
  Json pipeline_;
  bool verified_ = false;
};

std::unique_ptr<Workload> make_serial(const RunContext& ctx);
std::unique_ptr<Workload> make_openmp(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi(const RunContext& ctx);
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx);
std::unique_ptr<Workload> make_eigen(const RunContext& ctx);

AppDefinition make_app();

}  // namespace scalelab::wordcount
