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
};

}  // namespace

std::unique_ptr<Workload> make_mpi(std::shared_ptr<const Params> params) {
  return std::make_unique<HeatMpi>(std::move(params));
}

}  // namespace scalelab::heat
