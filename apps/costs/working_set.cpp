// SPDX-License-Identifier: MIT
#include "working_set.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace scalelab::costs {

WorkingSet build_working_set(std::uint64_t bytes, int threads, std::uint64_t loads,
                             std::uint64_t seed) {
  const std::uint64_t lines = bytes / kLineBytes;
  WorkingSet set;
  set.words.resize(lines * kWordsPerLine);
  if (bytes >= kHugePageBytes) {
    // Advice only: without huge pages the ladder still works, with page walks in it.
    madvise(set.words.data(), bytes, MADV_HUGEPAGE);
  }
  for (std::uint64_t i = 0; i < set.words.size(); ++i) set.words[i] = i;  // first touch

  // A shuffled visiting order closed into one cycle: line order[k] points to order[k + 1].
  std::vector<std::uint32_t> order(lines);
  std::iota(order.begin(), order.end(), 0U);
  std::mt19937_64 random(seed ^ (bytes * 0x9E3779B97F4A7C15ULL));
  std::shuffle(order.begin(), order.end(), random);
  const auto line_at = [&](std::uint64_t position) {
    return set.words.data() + order[position % lines] * kWordsPerLine;
  };
  for (std::uint64_t k = 0; k < lines; ++k) {
    *line_at(k) = reinterpret_cast<std::uintptr_t>(line_at(k + 1));
  }
  set.checksum = sum_words(set.words.data(), set.words.size());

  for (int t = 0; t < threads; ++t) {
    const std::uint64_t start =
        static_cast<std::uint64_t>(t) * lines / static_cast<std::uint64_t>(threads);
    set.starts.push_back(line_at(start));
    set.ends.push_back(line_at(start + loads % lines));
  }
  return set;
}

}  // namespace scalelab::costs
