// SPDX-License-Identifier: MIT
#include "matmul.hpp"

namespace scalelab::matmul {
namespace {

// Horizontal scaling: SUMMA over the process grid, one thread per rank for the local
// products.
class MatmulMpi final : public MatmulWorkload {
 public:
  using MatmulWorkload::MatmulWorkload;
  void run(const RunContext& ctx) override { multiply_summa(ctx); }
};

}  // namespace

std::unique_ptr<Workload> make_mpi(const RunContext& ctx) {
  return std::make_unique<MatmulMpi>(ctx);
}

}  // namespace scalelab::matmul
