// SPDX-License-Identifier: MIT
#include "pi.hpp"

namespace scalelab::pi {
namespace {

// Vertical scaling: the samples split over the threads of one process.
class PiOpenMP final : public PiWorkload {
 public:
  void run(const RunContext& ctx) override {
    hits_ = count_hits_threaded(key_, {0, ctx.global_size});
  }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(const RunContext&) {
  return std::make_unique<PiOpenMP>();
}

}  // namespace scalelab::pi
