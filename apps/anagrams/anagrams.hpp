// SPDX-License-Identifier: MIT
#pragma once

// anagrams: group a word list into anagram classes. A data workload: read, transform each
// record, shuffle by key, group (the map-reduce pattern), where the lesson is that choosing the
// right key turns an O(n^2) comparison into an O(n) hash grouping, and that the key is also
// what distributes the work.
//
// Reference loop (what every variant computes; words.hpp defines a word and its key):
//     for word in list: groups[sorted_bytes(fold(word))].add(word)
//     report: groups with >= 2 distinct words, the K largest, a digest of the whole grouping
//
// Input: --input FILE (one word per line, e.g. /usr/share/dict/words), or a generated list of
// --size words (--generate N is the same; generate.hpp). With --input, --size is the file's
// word count (so --size and weak scaling are refused with it).
//
// Phases of one repetition (each timed; the record's breakdown):
//   read          each rank preads its record_aligned_part of the file ('\n' records), each
//                 thread its part of that (0 for a generated list: it is made in setup)
//   canonicalise  fold case, compute every word's key (sorted bytes; eigen: a vectorised
//                 26-letter histogram, expanded) and its hash
//   shuffle       hand every word to the rank that owns its key, hash % R (Comm::all_to_all,
//                 i.e. MPI_Alltoallv)
//   group         every thread partitions a slice of its rank's words by the thread that
//                 owns their key and by bucket (PartitionedEntries: the shuffle within the
//                 rank, one copy), then groups the buckets of the keys it owns from every
//                 slice in open-addressing hash tables, removes duplicates, and summarises;
//                 summaries merge over threads and gather to rank 0
// Models: serial (one table), --naive (serial only: each word compared with every group so far,
// O(n^2); refused above kNaiveLimit words), openmp (threads own key ranges), mpi (ranks own key
// ranges), hybrid (both), eigen (serial with the histogram key).
//
// Figure of merit: words_per_s (words, duplicates included, per second of a repetition).
//
// Verification: after every run (warm-up included) the summary (word, distinct, group and
// anagram-group counts, the digest of the full grouping and the top K with members) must equal
// that of rank 0's independent regrouping of the whole list (reference.hpp: std::sort of
// (key, word) pairs). With --groups, the group lines must be equal as well.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grouping.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/input_file.hpp"
#include "scalelab/timer.hpp"
#include "scalelab/workload.hpp"

namespace scalelab::anagrams {

constexpr std::uint64_t kDefaultWords = 1'000'000;
constexpr std::uint64_t kNaiveLimit = 20'000;  // ~2e8 comparisons: a few seconds at most
constexpr std::uint64_t kMaxTopK = 1000;
// Bytes per byte of an --input list's text beyond the per-word costs, set from a list of
// 30 kB words (peak 6.2 bytes per input byte, serial): what the rank reading it holds (the
// text, its folded copy and keys), and what rank 0 holds whole to verify it (the text and
// the (key, word) pairs of the reference, each a copy of the word).
constexpr double kRankBytesPerInputByte = 3;
constexpr double kRootBytesPerInputByte = 4;

struct Params {
  std::string input;                      // empty: a generated list
  std::optional<std::uint64_t> generate;  // --generate, the alias of --size
  std::string groups_file;                // --groups: write every anagram group here
  std::uint64_t top_k = 10;
  bool naive = false;
};

// Seconds of one repetition by phase, on this rank.
struct Phases {
  double read = 0, canonicalise = 0, shuffle = 0, group = 0;
};

// Words in an input file (as words.hpp defines them), read in blocks. Throws UsageError when
// the file cannot be opened or holds no words.
std::uint64_t count_words(const std::string& path);

// Setup, phases, verification and metrics shared by every variant; a variant's run() chains
// the phase steps its model uses and ends with finish().
class AnagramsWorkload : public Workload {
 public:
  explicit AnagramsWorkload(const RunContext& ctx) : params_(&ctx.params<Params>()) {}
  void setup(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  double memory_bytes_per_rank(const RunContext& ctx) const override;

 protected:
  SummaryOptions summary_options() const { return {params_->top_k, !params_->groups_file.empty()}; }
  // read: parts_[t] becomes thread t's text (a no-op for a generated list).
  void read_parts();
  // canonicalise: canon_[t] from parts_[t], threads in parallel.
  void canonicalise_parts(KeyFn key);
  // shuffle across ranks: every entry of canon_ to rank hash % R; received_ holds what this
  // rank owns afterwards (entries pointing into incoming_).
  void shuffle_to_ranks(const Comm& comm);
  // group: every thread groups the entries of `sources` whose key it owns; the thread
  // summaries merged.
  Summary group_threads(const std::vector<const std::vector<Entry>*>& sources);
  // The rep's end: rank summaries gathered on rank 0 (timed as group) and kept for verify;
  // the rep's phases handed to ctx.phases.
  void finish(const RunContext& ctx, Summary local);

  // Runs `step` and adds its wall time to the current repetition's `phase`.
  template <class Step>
  void timed(double Phases::*phase, Step&& step);

  const Params* params_;              // the run's (RunContext::params), which outlives the workload
  std::vector<CanonicalPart> canon_;  // per thread
  std::vector<Entry> received_;       // after shuffle_to_ranks
  PartitionedEntries partitioned_;    // group_threads' buffers, kept between repetitions

 private:
  std::string whole_list() const;  // the whole list's text, for the reference (rank 0)

  std::uint64_t words_ = 0;  // in the list, over all ranks
  std::uint64_t bytes_ = 0;  // of the list's text, over all ranks (known after verify)
  std::uint64_t local_bytes_ = 0;
  std::uint64_t seed_ = 0;
  int threads_ = 1;
  std::optional<InputFile> file_;
  std::vector<Range> ranges_;       // per thread: its bytes of the file
  std::vector<std::string> parts_;  // per thread: its text
  std::vector<std::string> incoming_;
  Phases current_;                  // this rank's, of the current run
  std::vector<Summary> summaries_;  // per run, rank 0's complete ones
  Summary reference_;
};

template <class Step>
void AnagramsWorkload::timed(double Phases::*phase, Step&& step) {
  const Stopwatch watch;
  step();
  current_.*phase += watch.seconds();
}

std::unique_ptr<Workload> make_serial(const RunContext& ctx);
std::unique_ptr<Workload> make_openmp(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi(const RunContext& ctx);
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx);
std::unique_ptr<Workload> make_eigen(const RunContext& ctx);

AppDefinition make_app();

}  // namespace scalelab::anagrams
