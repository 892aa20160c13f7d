// SPDX-License-Identifier: MIT
#include "triad.hpp"

namespace scalelab::triad {
namespace {

// Horizontal scaling: each rank streams its own block; no communication is needed, so
// this measures the aggregate bandwidth of the nodes the ranks run on.
class TriadMpi final : public TriadWorkload {
 public:
  using TriadWorkload::TriadWorkload;
  void run(const RunContext&) override { triad_local(); }
};

}  // namespace

std::unique_ptr<Workload> make_mpi(const RunContext& ctx) {
  return std::make_unique<TriadMpi>(ctx);
}

}  // namespace scalelab::triad
