// SPDX-License-Identifier: MIT
#pragma once

// matmul: dense C = A·B of n x n double matrices (row-major). Compute-bound: 2n³ flops on
// 3n² values, so how the loops use caches and SIMD units matters more than anything else.
//
// Reference loop (serial, the textbook triple loop users write first):
//     for i, j in [0, n): C[i][j] = sum over k in [0, n) of A[i][k] * B[k][j]
// Its inner loop walks B down a column (stride n) and is a strict floating-point
// reduction, so it neither vectorises nor reuses cache lines: O(n³) at ~1 GFLOP/s, several
// seconds per rep at n = 1000 and ~8x that per doubling of n.
//
// Variants:
//   serial  the reference loop.
//   openmp  blocked_gemm.hpp: packed, cache-blocked, register-tiled SIMD kernel; OpenMP
//           threads over row blocks of C.
//   mpi     SUMMA on a 2-D process grid (summa.hpp), the local products by the same
//           blocked kernel on one thread.
//   hybrid  SUMMA with the local products threaded (threads over blocks, as openmp).
//   eigen   Eigen's GEMM on Eigen::Map views of the same buffers. Eigen's own OpenMP
//           threading is off (1 thread) unless --threads asks for more.
//
// Inputs: generated from the seed (matrix_values.hpp; a pure function of the global
// position, so every decomposition draws the same matrices), uniform in [-1, 1) or, with
// --values dyadic, multiples of 1/8 for which the product is exact in any order; or read
// from an HDF5 file (--input; n is the file's). --save writes A, B and C after the run.
//
// Work per rep: 2n³ flops; bytes_per_rep counts the compulsory traffic 3 x 8n² (read A and
// B once, write C once). Figure of merit: GFLOP/s. mpi/hybrid also report the seconds per
// rep spent in communication (the panel broadcasts) and in computation.
//
// Verification (freivalds.hpp): Freivalds' check with 3 random vectors, tolerance
// 4nε(|A||B||x|) per element (0 with --values dyadic: exact); A and B unchanged (an
// order-independent fingerprint equal to the one taken in setup). The record carries a
// fingerprint of C, identical across models when the product is exact.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "blocked_gemm.hpp"
#include "matrix_values.hpp"
#include "process_grid.hpp"
#include "scalelab/aligned_vector.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/partition.hpp"
#include "scalelab/workload.hpp"
#include "summa.hpp"

namespace scalelab::matmul {

struct Params {
  std::string values = "uniform";  // --values: uniform | dyadic
  std::string input;               // --input FILE.h5 ("": generate from the seed)
  std::string save;                // --save FILE.h5 ("": do not save)
};

inline constexpr int kFreivaldsTrials = 3;
inline constexpr std::uint64_t kDefaultSize = 1000;
// Beyond this n a rank's blocks would overflow MPI's int counts and Eigen's indices.
inline constexpr std::uint64_t kMaxSize = 1ULL << 30;

// The reference loop on n x n row-major matrices.
inline void multiply_textbook(const double* a, const double* b, double* c, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (std::size_t k = 0; k < n; ++k) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
  }
}

// Data, setup, verification and metrics shared by every matmul variant. Every rank holds
// its 2-D block of A, B and C (the whole matrices on one rank: a 1x1 grid).
class MatmulWorkload : public Workload {
 public:
  explicit MatmulWorkload(const RunContext& ctx) : params_(&ctx.params<Params>()) {}
  void setup(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;

 protected:
  std::size_t local_rows() const { return rows_.size(); }
  std::size_t local_cols() const { return cols_.size(); }
  ConstView a_block() const { return {a_.data(), local_rows(), local_cols(), local_cols()}; }
  ConstView b_block() const { return {b_.data(), local_rows(), local_cols(), local_cols()}; }
  MutableView c_block() { return {c_.data(), local_rows(), local_cols(), local_cols()}; }
  // C = A·B with the blocked kernel on one rank (openmp): zero C, then multiply-add.
  void multiply_blocked();
  // C = A·B by SUMMA, its compute and communication seconds marked on ctx.phases (mpi, hybrid).
  void multiply_summa(const RunContext& ctx);

  const Params* params_;  // the run's (RunContext::params), which outlives the workload
  std::uint64_t n_ = 0;
  ProcessGrid grid_;
  Range rows_, cols_;  // this rank's block of every matrix
  FirstTouchVector<double> a_, b_, c_;
  GemmWorkspace workspace_;
  Summa summa_;

 private:
  void fill_inputs(const RunContext& ctx);
  std::uint64_t local_fingerprint(const FirstTouchVector<double>& block) const;
  // Collective piece of verify(): C's digest.
  void digest_c(const Comm& comm);

  std::uint64_t a_fingerprint_ = 0, b_fingerprint_ = 0;  // local, taken in setup
  // Filled by verify() (collective) for result() and metrics(), which must not communicate.
  std::uint64_t c_fingerprint_ = 0;
  double c_sum_ = 0, c_frobenius_ = 0;
};

std::unique_ptr<Workload> make_serial(const RunContext& ctx);
std::unique_ptr<Workload> make_openmp(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi(const RunContext& ctx);
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx);
std::unique_ptr<Workload> make_eigen(const RunContext& ctx);

// The app definition handed to the shared driver (binary scalelab-matmul).
AppDefinition make_app();

}  // namespace scalelab::matmul
