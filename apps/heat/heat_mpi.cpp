// SPDX-License-Identifier: MIT
#include "heat.hpp"

namespace scalelab::heat {
namespace {

// Horizontal scaling: one block per rank. The inner cells need no ghost, so they are
// updated while the halo messages are in flight; the ring of edge cells waits for them.
class HeatMpi final : public HeatWorkload {
 public:
  using HeatWorkload::HeatWorkload;

 protected:
  void step(Field& in, Field& out) override {
    prepare_boundary(in);
    halo().start(in);
    update_region(out, in, overlap().inner, alpha(), stores());
    halo().finish();
    for (const Region& edge : overlap().ring) update_region(out, in, edge, alpha());
  }
  // Temporal blocking: the K-wide exchange first (its corners need two phases, so there is
  // no inner region to overlap it with), then the tiles.
  void steps_blocked(Field& in, Field& out, std::uint64_t steps) override {
    halo().exchange(in);
    prepare_boundary(in);  // after the exchange: the edge ghosts reach into its corners
    time_blocking().advance(in, out, steps, /*threaded=*/false);
  }
};

}  // namespace

std::unique_ptr<Workload> make_mpi(const RunContext& ctx) {
  return std::make_unique<HeatMpi>(ctx);
}

}  // namespace scalelab::heat
