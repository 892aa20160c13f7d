// SPDX-License-Identifier: MIT
#pragma once

// The local multiply shared by matmul's openmp, mpi and hybrid variants: C += A·B on
// row-major blocks, cache-blocked the way BLIS/GotoBLAS do it, in portable C++.
//
//   for each nc-wide column panel of B and C                       (B panel stays in L3)
//     for each kc-deep slice:  pack B[kc x nc] into NR-wide strips  (threads share the work)
//       for each mc-tall row block of A (one per thread at a time): pack A[mc x kc] into
//         MR-tall strips                                           (A block stays in L2)
//         for each NR strip, each MR strip: micro-kernel on an MR x NR tile of C
//
// Packing turns every access of the inner loops into unit stride, whatever the leading
// dimensions of the operands (a rank's panel of a bigger matrix is just a strided view).
// The micro-kernel keeps its MR x NR accumulators in SIMD registers for the whole kc loop:
// per step it loads NR/W vectors of B, broadcasts MR values of A and issues MR·NR/W fused
// multiply-adds, so it runs at the core's FMA throughput rather than at memory speed. The
// tile shape is chosen per instruction set so the accumulators fill but do not overflow the
// register file (AVX-512: 24 of 32 zmm, AVX2: 12 of 16 ymm, SSE2: 8 of 16 xmm).
//
// Threads split the mc row blocks of C (threads over blocks): a thread owns whole tiles of
// C, so no two threads ever write the same element and results do not depend on the
// thread count. Each element of C is accumulated in the same order under any thread count
// (k in kc slices, each slice summed in order), but that order differs from the textbook
// loop's, so results agree with serial to rounding only, or exactly when every partial sum
// is representable (matmul's --values dyadic).

#include <cstddef>
#include <memory>
#include <vector>

#include "scalelab/aligned_vector.hpp"

namespace scalelab::matmul {

// A row-major view of a rows x cols block inside a matrix whose rows are `ld` apart.
struct ConstView {
  const double* data = nullptr;
  std::size_t rows = 0, cols = 0, ld = 0;
};
struct MutableView {
  double* data = nullptr;
  std::size_t rows = 0, cols = 0, ld = 0;
};

// Register tile and cache blocking of the micro-kernel for the instruction set this
// translation unit is compiled for (the release preset builds with -march=native).
namespace tile {
#if defined(__AVX512F__)
inline constexpr std::size_t kSimdDoubles = 8;
inline constexpr std::size_t kMR = 8;
inline constexpr std::size_t kNR = 24;
#elif defined(__AVX__)
inline constexpr std::size_t kSimdDoubles = 4;
inline constexpr std::size_t kMR = 6;
inline constexpr std::size_t kNR = 8;
#else
inline constexpr std::size_t kSimdDoubles = 2;
inline constexpr std::size_t kMR = 4;
inline constexpr std::size_t kNR = 4;
#endif
// kc x NR strip of B (48 KiB at NR = 24) streams from L1/L2 per micro-kernel call; the
// mc x kc block of A (384 KiB) stays in L2; the kc x nc panel of B (6 MiB) in L3.
inline constexpr std::size_t kKC = 256;
inline constexpr std::size_t kMC = 192;   // a multiple of every kMR above
inline constexpr std::size_t kNC = 3072;  // a multiple of every kNR above
}  // namespace tile

// Packing buffers, allocated once (in setup) and reused by every call, so the timed loop
// neither allocates nor page-faults. One A buffer per thread, one shared B buffer.
class GemmWorkspace {
 public:
  // One A buffer per thread of a team of `threads`.
  explicit GemmWorkspace(int threads = 1);
  double* packed_a(int thread) { return packed_a_[static_cast<std::size_t>(thread)].data(); }
  double* packed_b() { return packed_b_.data(); }
  int threads() const { return static_cast<int>(packed_a_.size()); }

 private:
  std::vector<FirstTouchVector<double>> packed_a_;
  FirstTouchVector<double> packed_b_;
};

// C += A·B with A (m x k), B (k x n), C (m x n), over a team of workspace.threads() threads
// (the run's ctx.threads, which the driver made OpenMP's default team size).
void multiply_add(ConstView a, ConstView b, MutableView c, GemmWorkspace& workspace);

// C = 0, its rows split over the calling thread's OpenMP team (in setup, this first touch
// spreads C's pages over the threads that will update it).
void set_zero(MutableView c);

// The MR x NR micro-kernel on packed strips: `tile_out` = sum over kc of the outer products
// of a's MR values and b's NR values per step. Exposed for the unit tests.
void micro_kernel(std::size_t kc, const double* packed_a, const double* packed_b, double* tile_out);

}  // namespace scalelab::matmul
