// SPDX-License-Identifier: MIT
#include "scalelab/timer.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {
namespace {

// mpi across ranks, openmp inside: threads count into private maps and serialise them for
// the exchange; what arrives is merged by the rank's threads, one hash partition each.
class WordcountHybrid final : public WordcountWorkload {
 public:
  using WordcountWorkload::WordcountWorkload;
  void run(const RunContext& ctx) override {
    PhaseTimes times;
    read_and_count(ctx.threads, times);
    const Stopwatch merge;
    if (total_only_) {
      global_words_ = ctx.comm.sum(local_words_);
    } else {
      exchange(ctx, ctx.threads);
      own_parts();
    }
    times.merge = merge.seconds();
    log(ctx, times);
  }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(const RunContext& ctx) {
  return std::make_unique<WordcountHybrid>(ctx);
}

}  // namespace scalelab::wordcount
