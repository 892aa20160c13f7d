// SPDX-License-Identifier: MIT
#include "heat.hpp"

namespace scalelab::heat {
namespace {

// Ranks across nodes, threads within each rank; only the main thread talks MPI (FUNNELED).
// The threads update the inner cells while the halo travels; the ring (a few rows' worth
// of cells) is left to the main thread after the wait, where a parallel region would cost
// more than it saves.
class HeatHybrid final : public HeatWorkload {
 public:
  using HeatWorkload::HeatWorkload;

 protected:
  void step(Field& in, Field& out) override {
    prepare_boundary(in);
    halo().start(in);
    update_region_threaded(out, in, overlap().inner, alpha(), stores());
    halo().finish();
    for (const Region& edge : overlap().ring) update_region(out, in, edge, alpha());
  }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(std::shared_ptr<const Params> params) {
  return std::make_unique<HeatHybrid>(std::move(params));
}

}  // namespace scalelab::heat
