// SPDX-License-Identifier: MIT
#include "matmul.hpp"

namespace scalelab::matmul {
namespace {

// SUMMA across ranks, the local products threaded within each rank; only the main thread
// broadcasts (MPI_THREAD_FUNNELED).
class MatmulHybrid final : public MatmulWorkload {
 public:
  using MatmulWorkload::MatmulWorkload;
  void run(const RunContext& ctx) override { multiply_summa(ctx); }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(const RunContext& ctx) {
  return std::make_unique<MatmulHybrid>(ctx);
}

}  // namespace scalelab::matmul
