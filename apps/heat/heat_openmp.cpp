// SPDX-License-Identifier: MIT
#include "heat.hpp"

namespace scalelab::heat {
namespace {

// Vertical scaling: the rows of the one block split over the threads of one process.
class HeatOpenMP final : public HeatWorkload {
 public:
  using HeatWorkload::HeatWorkload;

 protected:
  void step(Field& in, Field& out) override {
    prepare_boundary(in);
    update_region_threaded(out, in, whole(in), alpha(), stores());
  }
  void steps_blocked(Field& in, Field& out, std::uint64_t steps) override {
    prepare_boundary(in);
    time_blocking().advance(in, out, steps, /*threaded=*/true);
  }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(const RunContext& ctx) {
  return std::make_unique<HeatOpenMP>(ctx);
}

}  // namespace scalelab::heat
