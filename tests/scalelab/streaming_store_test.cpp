// SPDX-License-Identifier: MIT
// Streaming stores: every element lands whatever the destination's alignment and length, and
// --stores resolves as documented.
#include "scalelab/streaming_store.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "scalelab/aligned_vector.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/machine.hpp"

namespace scalelab {
namespace {

// Offsets 0..8 doubles put the destination at every position within a cache line; lengths
// cover empty, shorter than a line, a chunk and a bit, and several chunks.
TEST(StreamingStore, ChunksWriteEveryElementAtAnyAlignment) {
  for (std::size_t offset = 0; offset <= 8; ++offset) {
    for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{9},
                                kStreamChunk, kStreamChunk + 3, 3 * kStreamChunk + 17}) {
      FirstTouchVector<double> out(offset + n + 8);
      std::fill(out.begin(), out.end(), -1.0);
      stream_chunks(out.data() + offset, n,
                    [](double* scratch, std::size_t first, std::size_t count) {
                      for (std::size_t k = 0; k < count; ++k)
                        scratch[k] = static_cast<double>(first + k);
                    });
      for (std::size_t i = 0; i < out.size(); ++i) {
        const bool inside = i >= offset && i < offset + n;
        ASSERT_EQ(out[i], inside ? static_cast<double>(i - offset) : -1.0)
            << "offset " << offset << " n " << n << " element " << i;
      }
    }
  }
}

TEST(StreamingStore, AutoStreamsOnlyBeyondTheLastLevelCache) {
  const double cache = static_cast<double>(last_level_cache_bytes());
  EXPECT_EQ(resolve_stores(StoresOption::kAuto, cache / 2), Stores::kPlain);
  EXPECT_EQ(resolve_stores(StoresOption::kAuto, 2 * cache),
            streaming_stores_available() ? Stores::kStreaming : Stores::kPlain);
  EXPECT_EQ(resolve_stores(StoresOption::kPlain, 2 * cache), Stores::kPlain);
  if (streaming_stores_available()) {
    EXPECT_EQ(resolve_stores(StoresOption::kStreaming, 1.0), Stores::kStreaming);
  } else {
    EXPECT_THROW(resolve_stores(StoresOption::kStreaming, 1.0), UsageError);
  }
}

}  // namespace
}  // namespace scalelab
