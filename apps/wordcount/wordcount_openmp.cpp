// SPDX-License-Identifier: MIT
#include "scalelab/timer.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {
namespace {

// Threads count their own whitespace-aligned parts into private maps, then merge by hash
// partition: thread t builds the final map of partition t from every thread's map.
class WordcountOpenMP final : public WordcountWorkload {
 public:
  using WordcountWorkload::WordcountWorkload;
  void run(const RunContext& ctx) override {
    PhaseTimes times;
    read_and_count(ctx.threads, times);
    const Stopwatch merge;
    if (total_only_ || ctx.threads == 1) {
      own_single_map();
    } else {
      merge_threads(ctx.threads);
      own_parts();
    }
    times.merge = merge.seconds();
    log(ctx, times);
  }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(const RunContext& ctx) {
  return std::make_unique<WordcountOpenMP>(ctx);
}

}  // namespace scalelab::wordcount
