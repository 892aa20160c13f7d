// SPDX-License-Identifier: MIT
#include "triad.hpp"

namespace scalelab::triad {
namespace {

// Vertical scaling: threads share one node's memory bandwidth.
class TriadOpenMP final : public TriadWorkload {
 public:
  using TriadWorkload::TriadWorkload;
  void run(const RunContext&) override { triad_threaded(); }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(const RunContext& ctx) {
  return std::make_unique<TriadOpenMP>(ctx);
}

}  // namespace scalelab::triad
