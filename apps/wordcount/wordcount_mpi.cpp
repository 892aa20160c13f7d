// SPDX-License-Identifier: MIT
#include "scalelab/timer.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {
namespace {

// Each rank counts its own byte range, then the maps are reduced by a hash-partitioned
// exchange (MPI_Alltoallv): every word ends up counted on the one rank that owns its hash.
class WordcountMpi final : public WordcountWorkload {
 public:
  using WordcountWorkload::WordcountWorkload;
  void run(const RunContext& ctx) override {
    PhaseTimes times;
    read_and_count(1, times);
    const Stopwatch merge;
    if (total_only_) {
      global_words_ = ctx.comm.sum(local_words_);
    } else {
      exchange(ctx, 1);
      own_parts();
    }
    times.merge = merge.seconds();
    log(ctx, times);
  }
};

}  // namespace

std::unique_ptr<Workload> make_mpi(const RunContext& ctx) {
  return std::make_unique<WordcountMpi>(ctx);
}

}  // namespace scalelab::wordcount
