// SPDX-License-Identifier: MIT
#include "pi.hpp"

namespace scalelab::pi {
namespace {

// Horizontal scaling: each rank counts its block, one reduction combines them.
class PiMpi final : public PiWorkload {
 public:
  void run(const RunContext& ctx) override { hits_ = ctx.comm.sum(count_hits(key_, local_)); }
};

}  // namespace

std::unique_ptr<Workload> make_mpi(const RunContext&) {
  return std::make_unique<PiMpi>();
}

}  // namespace scalelab::pi
