// SPDX-License-Identifier: MIT
#include "scalelab/partition.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace scalelab {
namespace {

static_assert(block_range(10, 3, 0).begin == 0 && block_range(10, 3, 0).end == 4);
static_assert(block_range(10, 3, 1).begin == 4 && block_range(10, 3, 1).end == 7);
static_assert(block_range(10, 3, 2).begin == 7 && block_range(10, 3, 2).end == 10);
static_assert(block_range(Range{5, 15}, 2, 1).begin == 10);
static_assert(Range{3, 8}.size() == 5);

// Checks that the blocks of [0, n) tile it in order, exactly once, with sizes that differ by
// at most one and the larger blocks first.
void expect_tiling(std::uint64_t n, std::uint64_t parts) {
  SCOPED_TRACE("n=" + std::to_string(n) + " parts=" + std::to_string(parts));
  std::uint64_t expected_begin = 0;
  std::uint64_t smallest = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t largest = 0;
  std::uint64_t previous_size = std::numeric_limits<std::uint64_t>::max();
  for (std::uint64_t p = 0; p < parts; ++p) {
    const Range r = block_range(n, parts, p);
    ASSERT_EQ(r.begin, expected_begin) << "part " << p;
    ASSERT_LE(r.begin, r.end) << "part " << p;
    ASSERT_LE(r.size(), previous_size) << "part " << p;
    smallest = std::min(smallest, r.size());
    largest = std::max(largest, r.size());
    previous_size = r.size();
    expected_begin = r.end;
  }
  EXPECT_EQ(expected_begin, n);
  EXPECT_LE(largest - smallest, 1u);
  EXPECT_EQ(smallest, n / parts);
}

TEST(BlockRange, TilesEveryRangeForManyPartCounts) {
  for (const std::uint64_t n : {0ULL, 1ULL, 2ULL, 3ULL, 5ULL, 7ULL, 10ULL, 16ULL, 17ULL, 63ULL,
                                64ULL, 100ULL, 1000ULL, 1001ULL, 65537ULL, (1ULL << 20) + 3}) {
    for (std::uint64_t parts = 1; parts <= 17; ++parts) expect_tiling(n, parts);
    for (const std::uint64_t parts : {32ULL, 64ULL, 100ULL, 1000ULL, 1025ULL, 4096ULL})
      expect_tiling(n, parts);
  }
}

TEST(BlockRange, EveryIndexExactlyOnce) {
  for (const std::uint64_t n : {0ULL, 1ULL, 9ULL, 31ULL, 250ULL}) {
    for (std::uint64_t parts = 1; parts <= 40; ++parts) {
      std::vector<int> seen(n, 0);
      for (std::uint64_t p = 0; p < parts; ++p) {
        const Range r = block_range(n, parts, p);
        for (std::uint64_t i = r.begin; i < r.end && i < n; ++i) ++seen[i];
        EXPECT_LE(r.end, n);
      }
      for (std::uint64_t i = 0; i < n; ++i)
        EXPECT_EQ(seen[i], 1) << "n=" << n << " parts=" << parts << " index " << i;
    }
  }
}

TEST(BlockRange, MorePartsThanElements) {
  // 3 elements over 5 parts: three blocks of one, then two empty blocks at the end.
  for (std::uint64_t p = 0; p < 3; ++p) {
    EXPECT_EQ(block_range(3, 5, p).begin, p);
    EXPECT_EQ(block_range(3, 5, p).size(), 1u);
  }
  for (std::uint64_t p = 3; p < 5; ++p) {
    EXPECT_EQ(block_range(3, 5, p).begin, 3u);
    EXPECT_EQ(block_range(3, 5, p).size(), 0u);
  }
}

TEST(BlockRange, NothingToSplit) {
  for (std::uint64_t parts = 1; parts < 8; ++parts) {
    for (std::uint64_t p = 0; p < parts; ++p) {
      EXPECT_EQ(block_range(0, parts, p).begin, 0u);
      EXPECT_EQ(block_range(0, parts, p).end, 0u);
    }
  }
}

TEST(BlockRange, HugeRangesDoNotOverflow) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  for (const std::uint64_t parts : {1ULL, 2ULL, 3ULL, 7ULL, 1000ULL}) expect_tiling(kMax, parts);
  expect_tiling(kMax - 1, 3);
}

TEST(BlockRange, NestedRangeStaysInsideItsParent) {
  const Range whole{100, 117};
  std::uint64_t expected_begin = whole.begin;
  for (std::uint64_t p = 0; p < 4; ++p) {
    const Range r = block_range(whole, 4, p);
    EXPECT_EQ(r.begin, expected_begin);
    EXPECT_EQ(r.size(), p == 0 ? 5u : 4u);
    expected_begin = r.end;
  }
  EXPECT_EQ(expected_begin, whole.end);

  const Range empty{42, 42};
  for (std::uint64_t p = 0; p < 3; ++p) {
    EXPECT_EQ(block_range(empty, 3, p).begin, 42u);
    EXPECT_EQ(block_range(empty, 3, p).size(), 0u);
  }
}

TEST(BlockRange, RanksThenThreadsCoverEveryIndexOnce) {
  // The driver's two-level split: ranks get blocks, each rank's block is split over threads.
  for (const std::uint64_t n : {0ULL, 1ULL, 7ULL, 100ULL, 1000ULL, 1031ULL}) {
    for (std::uint64_t ranks = 1; ranks <= 5; ++ranks) {
      for (std::uint64_t threads = 1; threads <= 5; ++threads) {
        std::vector<int> seen(n, 0);
        std::uint64_t expected_begin = 0;
        for (std::uint64_t r = 0; r < ranks; ++r) {
          const Range rank_block = block_range(n, ranks, r);
          for (std::uint64_t t = 0; t < threads; ++t) {
            const Range block = block_range(rank_block, threads, t);
            EXPECT_EQ(block.begin, expected_begin);
            EXPECT_GE(block.begin, rank_block.begin);
            EXPECT_LE(block.end, rank_block.end);
            for (std::uint64_t i = block.begin; i < block.end && i < n; ++i) ++seen[i];
            expected_begin = block.end;
          }
        }
        EXPECT_EQ(expected_begin, n);
        for (std::uint64_t i = 0; i < n; ++i)
          ASSERT_EQ(seen[i], 1) << "n=" << n << " ranks=" << ranks << " threads=" << threads;
      }
    }
  }
}

}  // namespace
}  // namespace scalelab
