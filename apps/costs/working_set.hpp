// SPDX-License-Identifier: MIT
#pragma once

// A working set for the memory probe: its cache lines linked into one random cycle (word 0 of
// each line holds the address of the next line), and the two kernels that run over it, the
// pointer chase (latency) and the streaming sum (bandwidth).

#include <cstdint>
#include <vector>

#include "scalelab/aligned_vector.hpp"

namespace scalelab::costs {

constexpr std::uint64_t kLineBytes = 64;
constexpr std::uint64_t kWordsPerLine = kLineBytes / sizeof(std::uint64_t);
constexpr std::uint64_t kHugePageBytes = 2ULL << 20;

// 2 MiB aligned, so transparent huge pages can back a working set; left uninitialised so
// the build decides which thread touches the pages first.
using Words = std::vector<std::uint64_t, FirstTouchAllocator<std::uint64_t, kHugePageBytes>>;

inline const std::uint64_t* next_line(const std::uint64_t* line) {
  return reinterpret_cast<const std::uint64_t*>(static_cast<std::uintptr_t>(*line));
}

// `loads` dependent loads along the cycle; returns the line it ends on.
inline const std::uint64_t* chase(const std::uint64_t* line, std::uint64_t loads) {
  for (; loads >= 8; loads -= 8) {
    line = next_line(next_line(next_line(next_line(line))));
    line = next_line(next_line(next_line(next_line(line))));
  }
  for (; loads > 0; --loads) line = next_line(line);
  return line;
}

// The streaming read: a sum the compiler vectorises (wrapping, so any order gives the same).
inline std::uint64_t sum_words(const std::uint64_t* words, std::uint64_t count) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < count; ++i) sum += words[i];
  return sum;
}

// One rung: its lines linked into a single random cycle, plus what verification expects.
struct WorkingSet {
  Words words;
  std::uint64_t checksum = 0;                // wrapping sum of every word
  std::vector<const std::uint64_t*> starts;  // per thread: where its chase starts
  std::vector<const std::uint64_t*> ends;    // per thread: where it must end after a rep
  std::uint64_t bytes() const { return words.size() * sizeof(std::uint64_t); }
};

// Builds a rung of `bytes` (a multiple of 64) for `threads` chasers, each doing `loads`
// loads per rep. The cycle's order is a shuffle seeded by `seed`.
WorkingSet build_working_set(std::uint64_t bytes, int threads, std::uint64_t loads,
                             std::uint64_t seed);

}  // namespace scalelab::costs
