// SPDX-License-Identifier: MIT
#include "triad.hpp"

namespace scalelab::triad {
namespace {

class TriadSerial final : public TriadWorkload {
 public:
  using TriadWorkload::TriadWorkload;
  void run(const RunContext&) override { triad_local(); }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext& ctx) {
  return std::make_unique<TriadSerial>(ctx);
}

}  // namespace scalelab::triad
