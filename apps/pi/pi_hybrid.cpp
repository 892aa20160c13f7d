// SPDX-License-Identifier: MIT
#include "pi.hpp"

namespace scalelab::pi {
namespace {

// Ranks across nodes, threads within each rank; only the main thread talks MPI.
class PiHybrid final : public PiWorkload {
 public:
  void run(const RunContext& ctx) override {
    hits_ = ctx.comm.sum(count_hits_threaded(key_, local_));
  }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(const RunContext&) {
  return std::make_unique<PiHybrid>();
}

}  // namespace scalelab::pi
