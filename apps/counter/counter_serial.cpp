// SPDX-License-Identifier: MIT
#include "counter.hpp"

namespace scalelab::counter {
namespace {

// One worker, nobody to race with: the baseline every fix is measured against.
class CounterSerial final : public CounterWorkload {
 public:
  using CounterWorkload::CounterWorkload;
  void run(const RunContext&) override {
    const Worker only = worker(0);
    record_total(count_private(only.delta, only.updates));
  }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext& ctx) {
  std::string method = resolve_method("serial", ctx.params<Params>().method);
  return std::make_unique<CounterSerial>(ctx, std::move(method));
}

}  // namespace scalelab::counter
