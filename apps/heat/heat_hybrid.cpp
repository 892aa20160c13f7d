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
  // Temporal blocking: the main thread exchanges K layers, then the threads share the tiles.
  void steps_blocked(Field& in, Field& out, std::uint64_t steps) override {
    halo().exchange(in);
    prepare_boundary(in);  // after the exchange: the edge ghosts reach into its corners
    time_blocking().advance(in, out, steps, /*threaded=*/true);
  }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(const RunContext& ctx) {
  return std::make_unique<HeatHybrid>(ctx);
}

}  // namespace scalelab::heat
