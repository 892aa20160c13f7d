// SPDX-License-Identifier: MIT
#include "anagrams.hpp"

namespace scalelab::anagrams {
namespace {

// Threads read and key their own part of the list and partition its words by owner thread
// and bucket; then each thread owns a range of keys (PartitionedEntries) and groups only
// those: no shared table, no locks, and the groups of different threads are disjoint, so
// their summaries simply add.
class AnagramsOpenmp final : public AnagramsWorkload {
 public:
  using AnagramsWorkload::AnagramsWorkload;
  void run(const RunContext& ctx) override {
    read_parts();
    canonicalise_parts(sorted_key);
    std::vector<const std::vector<Entry>*> sources;
    for (const CanonicalPart& part : canon_) sources.push_back(&part.entries);
    finish(ctx, group_threads(sources));
  }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(const RunContext& ctx) {
  return std::make_unique<AnagramsOpenmp>(ctx);
}

}  // namespace scalelab::anagrams
