// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace scalelab {

// Half-open index range [begin, end).
struct Range {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
  constexpr std::uint64_t size() const { return end - begin; }
};

// Block `part` of `parts` over [0, n): the first n % parts blocks get one extra element, so
// sizes differ by at most one and any n works with any number of parts (even parts > n).
constexpr Range block_range(std::uint64_t n, std::uint64_t parts, std::uint64_t part) {
  const std::uint64_t base = n / parts;
  const std::uint64_t extra = n % parts;
  const std::uint64_t begin = part * base + (part < extra ? part : extra);
  return {begin, begin + base + (part < extra ? 1 : 0)};
}

// Sub-block of an existing range (a rank's block split over its threads).
constexpr Range block_range(Range whole, std::uint64_t parts, std::uint64_t part) {
  const Range local = block_range(whole.size(), parts, part);
  return {whole.begin + local.begin, whole.begin + local.end};
}

}  // namespace scalelab
