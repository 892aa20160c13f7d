// SPDX-License-Identifier: MIT
#include "scalelab/timer.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {
namespace {

// One thread: read, scan and count into one map; the map is the answer (no merge).
class WordcountSerial final : public WordcountWorkload {
 public:
  using WordcountWorkload::WordcountWorkload;
  void run(const RunContext& ctx) override {
    PhaseTimes times;
    read_and_count(1, times);
    own_single_map();
    log(ctx, times);
  }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext& ctx) {
  return std::make_unique<WordcountSerial>(ctx);
}

}  // namespace scalelab::wordcount
