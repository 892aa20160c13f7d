// SPDX-License-Identifier: MIT
#include "triad.hpp"

namespace scalelab::triad {
namespace {

// Ranks own blocks, threads split each rank's block.
class TriadHybrid final : public TriadWorkload {
 public:
  using TriadWorkload::TriadWorkload;
  void run(const RunContext&) override { triad_threaded(); }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(const RunContext& ctx) {
  return std::make_unique<TriadHybrid>(ctx);
}

}  // namespace scalelab::triad
