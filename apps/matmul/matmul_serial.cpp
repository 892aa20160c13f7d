// SPDX-License-Identifier: MIT
#include "matmul.hpp"

namespace scalelab::matmul {
namespace {

// The baseline: the textbook loop, one thread, no blocking, no SIMD.
class MatmulSerial final : public MatmulWorkload {
 public:
  using MatmulWorkload::MatmulWorkload;
  void run(const RunContext&) override { multiply_textbook(a_.data(), b_.data(), c_.data(), n_); }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext& ctx) {
  return std::make_unique<MatmulSerial>(ctx);
}

}  // namespace scalelab::matmul
