// SPDX-License-Identifier: MIT
#include "matmul.hpp"

namespace scalelab::matmul {
namespace {

// Vertical scaling: the blocked kernel with OpenMP threads over row blocks of C.
class MatmulOpenMP final : public MatmulWorkload {
 public:
  using MatmulWorkload::MatmulWorkload;
  void run(const RunContext&) override { multiply_blocked(); }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(const RunContext& ctx) {
  return std::make_unique<MatmulOpenMP>(ctx);
}

}  // namespace scalelab::matmul
