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

std::unique_ptr<Workload> make_openmp(std::shared_ptr<const Params> params) {
  return std::make_unique<TriadOpenMP>(std::move(params));
}

}  // namespace scalelab::triad
