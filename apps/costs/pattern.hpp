// SPDX-License-Identifier: MIT
#pragma once

// Payload patterns that make every MPI message checkable on receipt.
//
// Word j of a payload is base + j * step (mod 2^64), written little-endian byte by byte for
// lengths that are not a multiple of 8. Two patterns with different bases differ in EVERY
// word, so a stale buffer (the previous message), a message meant for another size, or a
// word shifted to another offset never passes; step is odd, so words within one payload are
// all distinct. Sums of patterns are patterns again (bases and steps add), which is what lets
// MPI_Allreduce results be checked in O(1) per word.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace scalelab::costs {

constexpr std::uint64_t kPatternStep = 0x9E3779B97F4A7C15ULL;  // odd: 2^64 / golden ratio

struct Pattern {
  std::uint64_t base = 0;
  std::uint64_t step = kPatternStep;
  constexpr std::uint64_t word(std::uint64_t j) const { return base + j * step; }
};

// The pattern of one message: distinct for every (entry, rep, iteration) of a probe, and
// dependent on the seed. The odd multipliers keep neighbouring messages' bases apart.
constexpr Pattern message_pattern(std::uint64_t seed, std::uint64_t entry, std::uint64_t rep,
                                  std::uint64_t iteration) {
  return {seed * 0xD1B54A32D192ED03ULL + entry * 0xAEF17502108EF2D9ULL +
              rep * 0xC2B2AE3D27D4EB4FULL + iteration * 0x165667B19E3779F9ULL,
          kPatternStep};
}

// The pattern rank `rank` contributes to a reduction over `ranks` ranks, and their sum.
constexpr std::uint64_t kRankStride = 0x94D049BB133111EBULL;
constexpr Pattern rank_pattern(Pattern message, std::uint64_t rank) {
  return {message.base + rank * kRankStride, message.step};
}
constexpr Pattern summed_pattern(Pattern message, std::uint64_t ranks) {
  // sum over r < ranks of (base + r * stride) = ranks * base + stride * ranks (ranks - 1) / 2
  const std::uint64_t pairs =
      ranks % 2 == 0 ? (ranks / 2) * (ranks - 1) : ranks * ((ranks - 1) / 2);
  return {ranks * message.base + pairs * kRankStride, ranks * message.step};
}

inline void fill_pattern(std::span<std::byte> bytes, Pattern pattern) {
  const std::size_t words = bytes.size() / 8;
  std::byte* out = bytes.data();
  for (std::size_t j = 0; j < words; ++j) {
    const std::uint64_t w = pattern.word(j);
    std::memcpy(out + 8 * j, &w, 8);
  }
  // (Guarded: an empty span may have a null data(), and memcpy from or to null is undefined
  // even for 0 bytes; UBSan found it.)
  if (bytes.size() % 8 == 0) return;
  const std::uint64_t tail = pattern.word(words);
  std::memcpy(out + 8 * words, &tail, bytes.size() % 8);
}

// Whether `bytes` holds exactly `pattern` (branch-free over the full words so it vectorises).
inline bool holds_pattern(std::span<const std::byte> bytes, Pattern pattern) {
  const std::size_t words = bytes.size() / 8;
  const std::byte* in = bytes.data();
  std::uint64_t differences = 0;
  for (std::size_t j = 0; j < words; ++j) {
    std::uint64_t w;
    std::memcpy(&w, in + 8 * j, 8);
    differences |= w ^ pattern.word(j);
  }
  if (bytes.size() % 8 == 0) return differences == 0;  // see fill_pattern: data() may be null
  std::uint64_t tail = 0;
  std::uint64_t expected = pattern.word(words);
  std::memcpy(&tail, in + 8 * words, bytes.size() % 8);
  std::memset(reinterpret_cast<std::byte*>(&expected) + bytes.size() % 8, 0, 8 - bytes.size() % 8);
  return (differences | (tail ^ expected)) == 0;
}

}  // namespace scalelab::costs
