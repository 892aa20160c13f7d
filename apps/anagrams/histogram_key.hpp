// SPDX-License-Identifier: MIT
#pragma once

// eigen's canonical key: a counting sort whose counting is vectorised. A word's letters are
// counted into a 32-lane histogram (lane l counts 'a' + l) held in an Eigen array of int32,
// i.e. four AVX2 registers; each letter updates every lane at once with a compare-free
// one-hot: |lane - c| - 1 is negative only in the lane of c, and its arithmetic shift by 31
// is then -1 (0 elsewhere). The key is then written out letter by letter from the counts.
// Bytes that are not a-z (after folding) are rare and are sorted directly into place
// around the letters. The result is byte for byte sorted_key's, for every word.

#include "scalelab/eigen.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace scalelab::anagrams {

inline void histogram_key(const char* word, std::size_t length, char* key) {
  using Lanes = Eigen::Array<std::int32_t, 32, 1>;
  static const Lanes kLetterLanes = Lanes::LinSpaced(32, 'a', 'a' + 31);
  Lanes counts = Lanes::Zero();
  // Non-letters go to the front of key as they come; letters only into the histogram.
  std::size_t others = 0;
  for (std::size_t i = 0; i < length; ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c >= 'a' && c <= 'z') {
      counts -= ((kLetterLanes - static_cast<std::int32_t>(c)).abs() - 1).shiftRight<31>();
    } else {
      key[others++] = static_cast<char>(c);
    }
  }
  auto* k = reinterpret_cast<unsigned char*>(key);
  std::sort(k, k + others);
  // Non-letters below 'a' stay in front; those above 'z' move to the end.
  const std::size_t below = static_cast<std::size_t>(std::lower_bound(k, k + others, 'a') - k);
  const std::size_t above = others - below;
  std::memmove(k + length - above, k + below, above);
  std::size_t at = below;
  for (int letter = 0; letter < 26; ++letter) {
    const auto n = static_cast<std::size_t>(counts[letter]);
    std::memset(k + at, 'a' + letter, n);
    at += n;
  }
}

}  // namespace scalelab::anagrams
