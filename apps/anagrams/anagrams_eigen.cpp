// SPDX-License-Identifier: MIT
#include "anagrams.hpp"
#include "histogram_key.hpp"

namespace scalelab::anagrams {
namespace {

// serial with the key computed by a vectorised letter histogram (histogram_key.hpp) instead of
// sorting each word: the same keys, so the same groups, by SIMD counting.
class AnagramsEigen final : public AnagramsWorkload {
 public:
  using AnagramsWorkload::AnagramsWorkload;
  void run(const RunContext& ctx) override {
    read_parts();
    canonicalise_parts(histogram_key);
    Summary summary;
    timed(&Phases::group, [&] { summary = group_by_key(canon_[0].entries, summary_options()); });
    finish(ctx, std::move(summary));
  }
};

}  // namespace

std::unique_ptr<Workload> make_eigen(const RunContext& ctx) {
  return std::make_unique<AnagramsEigen>(ctx);
}

}  // namespace scalelab::anagrams
