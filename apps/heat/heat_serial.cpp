// SPDX-License-Identifier: MIT
#include "heat.hpp"

namespace scalelab::heat {
namespace {

class HeatSerial final : public HeatWorkload {
 public:
  using HeatWorkload::HeatWorkload;

 protected:
  void step(Field& in, Field& out) override {
    prepare_boundary(in);
    update_region(out, in, whole(in), alpha(), stores());
  }
  void steps_blocked(Field& in, Field& out, std::uint64_t steps) override {
    prepare_boundary(in);
    time_blocking().advance(in, out, steps, /*threaded=*/false);
  }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext& ctx) {
  return std::make_unique<HeatSerial>(ctx);
}

}  // namespace scalelab::heat
