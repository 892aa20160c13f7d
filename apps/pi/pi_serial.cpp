// SPDX-License-Identifier: MIT
#include "pi.hpp"

namespace scalelab::pi {
namespace {

class PiSerial final : public PiWorkload {
 public:
  void run(const RunContext& ctx) override { hits_ = count_hits(key_, {0, ctx.global_size}); }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext&) {
  return std::make_unique<PiSerial>();
}

}  // namespace scalelab::pi
