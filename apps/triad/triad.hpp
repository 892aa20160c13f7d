// SPDX-License-Identifier: MIT
#pragma once

// triad: a[i] = b[i] + s * c[i] over double arrays (STREAM's triad). Memory-bound.
//
// Reference loop: for i in [0, N): a[i] = b[i] + s * c[i]
//
// Work per rep: 2 flops and 3 x 8 bytes per element (read b, read c, write a; the
// write-allocate read of a is not counted, as in STREAM). Figures of merit: GB/s and the
// time per rep. The default N makes the three arrays together at least 4x the last-level
// cache, so the loop streams from main memory.
//
// Arrays are distributed in blocks over ranks (mpi, hybrid) and, within a rank, over
// OpenMP threads with the same block split in setup and in the timed loop, so each page is
// first touched by the thread that streams it.
//
// Stores (--stores): the result array is written either with plain stores, which first read
// each line of `a` into the cache (write-allocate: 4 x 8 bytes move per element, 3 counted),
// or with streaming (non-temporal) stores that skip that read (scalelab/streaming_store.hpp).
// auto, the default, streams when the rank's three arrays exceed the last-level cache, as they
// do at the default size. Both kinds compute the same values; GB/s counts the same 24 bytes,
// so the ratio between them is what write-allocate costs.
//
// Verification: every element is replayed in scalar code from its initial values and must
// match (b and c are multiples of 1/64 and 1/32 and s = 3 by default, so the result is exact
// whether or not the compiler fuses the multiply-add; other --scalar values get 2 ulp of
// |b| + |s*c|, the operands' scale, so a result that cancels to 0 is judged fairly too).
// --scalar must be finite and at most kMaxScalar in magnitude, so every a[i] is finite.

#include <cstdint>
#include <memory>

#include "scalelab/aligned_vector.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/partition.hpp"
#include "scalelab/streaming_store.hpp"
#include "scalelab/workload.hpp"

namespace scalelab::triad {

struct Params {
  double scalar = 3.0;
  StoresOption stores = StoresOption::kAuto;
};

// Initial values, a pure function of the global index so any decomposition agrees.
constexpr double initial_b(std::uint64_t i) {
  return 1.0 + static_cast<double>(i % 64) / 64.0;
}
constexpr double initial_c(std::uint64_t i) {
  return 2.0 + static_cast<double>(i % 32) / 32.0;
}
constexpr double kInitialA = -1.0;  // never a triad result, so a skipped element shows
// b < 2 and c < 3, so |b + s*c| < 2 + 3|s| stays below DBL_MAX (1.8e308) for |s| <= 5e307.
constexpr double kMaxScalar = 5e307;

// The reference loop over [0, n) of the given pointers.
inline void triad(double* __restrict a, const double* __restrict b, const double* __restrict c,
                  double scalar, std::uint64_t n) {
  for (std::uint64_t i = 0; i < n; ++i) a[i] = b[i] + scalar * c[i];
}

// The reference loop with `stores`: streaming evaluates the same expression a cache line at a
// time and stores each line without reading it first.
inline void triad(double* a, const double* b, const double* c, double scalar, std::uint64_t n,
                  Stores stores) {
  if (stores == Stores::kPlain) return triad(a, b, c, scalar, n);
  stream_apply(
      a, n, [&](std::size_t i) { return b[i] + scalar * c[i]; },
      [&](std::size_t i) { return load_lanes(b + i) + scalar * load_lanes(c + i); });
}

class TriadWorkload : public Workload {
 public:
  explicit TriadWorkload(const RunContext& ctx) : params_(&ctx.params<Params>()) {}
  void setup(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  double memory_bytes_per_rank(const RunContext& ctx) const override;

 protected:
  // Runs the reference loop on this rank's arrays (triad_threaded: split over its OpenMP
  // threads) with the resolved kind of store.
  void triad_local();
  void triad_threaded();

  const Params* params_;            // the run's (RunContext::params), which outlives the workload
  Stores stores_ = Stores::kPlain;  // --stores resolved for this rank's working set
  Range local_;                     // global indices this rank owns
  FirstTouchVector<double> a_, b_, c_;
};

std::unique_ptr<Workload> make_serial(const RunContext& ctx);
std::unique_ptr<Workload> make_openmp(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi(const RunContext& ctx);
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx);
std::unique_ptr<Workload> make_eigen(const RunContext& ctx);

// Smallest multiple of 1 Mi elements whose three arrays fill 4x the last-level cache.
std::uint64_t default_elements();

AppDefinition make_app();

}  // namespace scalelab::triad
