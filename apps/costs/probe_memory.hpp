// SPDX-License-Identifier: MIT
#pragma once

// memory probe: load latency and streaming read bandwidth by working-set size, from 4 KiB up
// to --size bytes (powers of two, plus --size itself when it is not one), so the L1, L2, L3
// and DRAM steps show.
//
// Latency: the working set's cache lines are linked into ONE random cycle (a shuffled order;
// word 0 of each line holds the address of the next), and the chase p = *p makes every load
// depend on the previous one, so neither out-of-order execution nor the prefetchers can
// overlap them: time / loads is the load-to-use latency. Each entry warms up with one
// streaming read of the whole set and min(lines, 2^12) chased loads, then times 2^17 loads
// in 16 batches and keeps the fastest batch: a batch during which the OS ran something else
// would count that time too, and a batch (10 us in L1, ~1 ms in DRAM) is short enough that
// some run undisturbed even on a busy machine.
// Streaming: a vectorised sum of every 64-bit word of the same (now warm) working set,
// repeated until 64 MiB were read (at least once); GB/s = bytes read / time.
// Under --model openmp every thread chases the same cycle from its own evenly spaced start
// (loaded latency: the mean over threads) and sums its block of the words (aggregate GB/s).
// Buffers of 2 MiB and more ask for transparent huge pages, so the ladder shows the caches
// and DRAM rather than page walks.
//
// Verification: every chase must end on the line the shuffled order predicts (the chain is a
// single cycle and every load really happened), every streaming sum must equal the set's
// checksum times the passes, and every time positive and finite. Whether the ladder is
// monotone (each set's best latency at least (1 - 0.25) x the largest of the smaller sets':
// a cache cannot make a larger set faster) is reported (check.details.ladder_drops), not
// judged: it is a timing, and noise alone can break it.

#include <cstdint>
#include <memory>
#include <vector>

#include "measure.hpp"
#include "scalelab/workload.hpp"
#include "working_set.hpp"

namespace scalelab::costs {

constexpr std::uint64_t kSmallestWorkingSet = 4096;
constexpr std::uint64_t kTimedLoads = 1ULL << 17;
constexpr std::uint64_t kLoadBatches = 16;
constexpr std::uint64_t kWarmupLoads = 1ULL << 12;
constexpr std::uint64_t kStreamBytesPerEntry = 64ULL << 20;
constexpr double kLadderTolerance = 0.25;

// The working sets of a ladder up to `largest` bytes.
std::vector<std::uint64_t> ladder_sizes(std::uint64_t largest);

// How many rungs are faster than (1 - tolerance) x the slowest smaller rung before them.
std::size_t ladder_drops(const std::vector<double>& latencies, double tolerance);

// Default --size: the smallest power of two at least 4x the last-level cache (DRAM rung).
std::uint64_t default_largest_working_set();

class MemoryProbe : public Workload {
 public:
  void setup(const RunContext& ctx) override;
  void run(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  double memory_bytes_per_rank(const RunContext& ctx) const override;

 protected:
  // Latency in ns per load (mean over threads of each thread's best batch).
  double measure_latency(const WorkingSet& set, int threads);
  // Seconds per pass over the set (all threads together).
  double measure_stream(const WorkingSet& set, int threads, std::uint64_t passes);
  std::vector<double> best_latencies() const;

  std::vector<WorkingSet> sets_;
  std::vector<std::uint64_t> passes_;  // streaming passes per rung
  std::vector<Samples> latency_ns_;    // per rung
  std::vector<Samples> pass_seconds_;  // per rung
  std::uint64_t wrong_chase_ends_ = 0;
  std::uint64_t wrong_stream_sums_ = 0;
};

std::unique_ptr<Workload> make_memory_probe();

}  // namespace scalelab::costs
