// SPDX-License-Identifier: MIT
#include "anagrams.hpp"

namespace scalelab::anagrams {
namespace {

// Both levels: threads read, key and pack their part; one MPI_Alltoallv per rank (main thread
// only) moves words to the owning rank; there the rank's threads split its keys again and
// group in parallel.
class AnagramsHybrid final : public AnagramsWorkload {
 public:
  using AnagramsWorkload::AnagramsWorkload;
  void run(const RunContext& ctx) override {
    read_parts();
    canonicalise_parts(sorted_key);
    shuffle_to_ranks(ctx.comm);
    finish(ctx, group_threads({&received_}));
  }
};

}  // namespace

std::unique_ptr<Workload> make_hybrid(const RunContext& ctx) {
  return std::make_unique<AnagramsHybrid>(ctx);
}

}  // namespace scalelab::anagrams
