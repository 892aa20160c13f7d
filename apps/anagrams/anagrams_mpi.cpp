// SPDX-License-Identifier: MIT
#include "anagrams.hpp"

namespace scalelab::anagrams {
namespace {

// Map-reduce over ranks: each rank reads its record-aligned part of the file and keys it, the
// words travel to the rank that owns their key (hash % R, one MPI_Alltoallv), each rank groups
// what it owns, and rank 0 gathers the summaries.
class AnagramsMpi final : public AnagramsWorkload {
 public:
  using AnagramsWorkload::AnagramsWorkload;
  void run(const RunContext& ctx) override {
    read_parts();
    canonicalise_parts(sorted_key);
    shuffle_to_ranks(ctx.comm);
    Summary summary;
    timed(&Phases::group, [&] { summary = group_by_key(received_, summary_options()); });
    finish(ctx, std::move(summary));
  }
};

}  // namespace

std::unique_ptr<Workload> make_mpi(const RunContext& ctx) {
  return std::make_unique<AnagramsMpi>(ctx);
}

}  // namespace scalelab::anagrams
