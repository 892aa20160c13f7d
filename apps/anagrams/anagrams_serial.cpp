// SPDX-License-Identifier: MIT
#include "anagrams.hpp"

namespace scalelab::anagrams {
namespace {

// One table, no shuffle: every word is keyed and looked up once (O(n)); with --naive each word
// is instead compared with every group found so far (O(n^2)), to show what the key buys.
class AnagramsSerial final : public AnagramsWorkload {
 public:
  using AnagramsWorkload::AnagramsWorkload;
  void run(const RunContext& ctx) override {
    read_parts();
    canonicalise_parts(sorted_key);
    Summary summary;
    timed(&Phases::group, [&] {
      summary = params_->naive ? group_pairwise(canon_[0].entries, summary_options())
                               : group_by_key(canon_[0].entries, summary_options());
    });
    finish(ctx, std::move(summary));
  }
};

}  // namespace

std::unique_ptr<Workload> make_serial(const RunContext& ctx) {
  return std::make_unique<AnagramsSerial>(ctx);
}

}  // namespace scalelab::anagrams
