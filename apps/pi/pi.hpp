// SPDX-License-Identifier: MIT
#pragma once

// pi: Monte Carlo estimate of pi. Embarrassingly parallel and compute-bound.
//
// Reference loop (what every variant computes):
//     for i in [0, N): (x, y) = point(seed, i); hits += x*x + y*y < R*R
//     pi ~= 4 * hits / N
//
// The random point of sample i is a pure function of (seed, i): a counter-based generator
// (the SplitMix64 output function applied to the Weyl sequence seed + i*golden). No
// generator state is carried from one sample to the next, so any split of [0, N) over
// ranks and threads draws exactly the same points, and the hit count is *identical* under
// every model, rank count and thread count. The test is done in exact integer arithmetic
// (x, y are 31-bit integers, R = 2^31) so vectorised and scalar code cannot round
// differently.
//
// Work per rep: N samples, no memory traffic to speak of. Figure of merit: samples/s.
//
// Verification: (1) the hits are recounted with the reference loop over a different,
// cyclic decomposition of [0, N) and must match exactly; (2) the estimate must lie within
// 6 standard errors of pi (sigma = 4 sqrt(p(1-p)/N), p = pi/4).

#include <cstdint>
#include <memory>

#include "scalelab/cli.hpp"
#include "scalelab/partition.hpp"
#include "scalelab/workload.hpp"

namespace scalelab::pi {

// SplitMix64's output mixing function (Steele, Lea & Flood 2014): a bijection on 64 bits
// with full avalanche, which is what makes a plain counter a good random stream.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kCoordBits = 31;
constexpr std::uint64_t kCoordMask = (1ULL << kCoordBits) - 1;
constexpr std::uint64_t kRadiusSquared = 1ULL << (2 * kCoordBits);

// The stream key of a seed (decorrelates nearby seeds).
constexpr std::uint64_t stream_key(std::uint64_t seed) {
  return mix64(seed ^ kGolden);
}

// The 64 random bits of sample i.
constexpr std::uint64_t sample_bits(std::uint64_t key, std::uint64_t i) {
  return mix64(key + i * kGolden);
}

// Whether sample i falls inside the quarter circle: x, y are the top two 31-bit fields.
// Squaring them as 32-bit values widened to 64 bits lets the compiler use the cheap
// 32x32->64 vector multiply instead of a full 64-bit one.
constexpr bool sample_hits(std::uint64_t key, std::uint64_t i) {
  const std::uint64_t h = sample_bits(key, i) >> 2;
  const auto x = static_cast<std::uint32_t>(h >> kCoordBits);
  const auto y = static_cast<std::uint32_t>(h & kCoordMask);
  return std::uint64_t{x} * x + std::uint64_t{y} * y < kRadiusSquared;
}

// The reference loop over a block of samples: branch-free so the compiler vectorises it.
inline std::uint64_t count_hits_reference(std::uint64_t key, Range samples) {
  std::uint64_t hits = 0;
  for (std::uint64_t i = samples.begin; i < samples.end; ++i) hits += sample_hits(key, i) ? 1 : 0;
  return hits;
}

// The same count, written by hand with AVX-512 where the build has it (pi_simd.cpp): the
// compiler vectorises the reference loop with 256-bit vectors and builds each 64-bit
// multiply of mix64 from pieces; two independent 512-bit streams of the Weyl counter with
// vpmullq run it about 1.7x faster here. Without AVX-512DQ it is the reference loop.
std::uint64_t count_hits(std::uint64_t key, Range samples);

// count_hits over a block split across this rank's OpenMP threads.
std::uint64_t count_hits_threaded(std::uint64_t key, Range samples);

// Data, setup, verification and metrics shared by every pi variant.
class PiWorkload : public Workload {
 public:
  void setup(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;

  std::uint64_t hits() const { return hits_; }

 protected:
  std::uint64_t key_ = 0;
  Range local_;             // this rank's samples
  std::uint64_t hits_ = 0;  // global hit count of the last rep (every rank has it)
};

std::unique_ptr<Workload> make_serial(const RunContext&);
std::unique_ptr<Workload> make_openmp(const RunContext&);
std::unique_ptr<Workload> make_mpi(const RunContext&);
std::unique_ptr<Workload> make_hybrid(const RunContext&);
std::unique_ptr<Workload> make_eigen(const RunContext&);

// The app definition handed to the shared driver (binary scalelab-pi).
AppDefinition make_app();

}  // namespace scalelab::pi
