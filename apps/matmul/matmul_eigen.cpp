// SPDX-License-Identifier: MIT
#include "scalelab/eigen.hpp"

#include "matmul.hpp"

namespace scalelab::matmul {
namespace {

using RowMajorMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Eigen's GEMM (its own packing and SIMD micro-kernel) on Eigen::Map views of the same
// buffers. Eigen parallelises a product with OpenMP over setNbThreads() threads; matmul
// passes --threads, which defaults to 1 for this model (see matmul_options.cpp), so by
// default this measures vectorisation alone.
class MatmulEigen final : public MatmulWorkload {
 public:
  using MatmulWorkload::MatmulWorkload;
  void run(const RunContext& ctx) override {
    Eigen::setNbThreads(ctx.threads);
    const auto n = static_cast<Eigen::Index>(n_);
    const Eigen::Map<const RowMajorMatrix, Eigen::Aligned64> a(a_.data(), n, n);
    const Eigen::Map<const RowMajorMatrix, Eigen::Aligned64> b(b_.data(), n, n);
    Eigen::Map<RowMajorMatrix, Eigen::Aligned64> c(c_.data(), n, n);
    c.noalias() = a * b;
  }
};

}  // namespace

std::unique_ptr<Workload> make_eigen(const RunContext& ctx) {
  return std::make_unique<MatmulEigen>(ctx);
}

}  // namespace scalelab::matmul
