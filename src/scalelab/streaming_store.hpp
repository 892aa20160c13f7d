// SPDX-License-Identifier: MIT
#pragma once

// Non-temporal ("streaming") stores for kernels that write an array they do not read back
// while it would still be cached. An ordinary store first reads the line it writes into the
// cache (write-allocate), so a = b + s*c moves 4 x 8 bytes per element for 3 x 8 useful ones;
// a streaming store sends the line straight to memory and the read disappears. For data that
// does fit in the cache the opposite holds: the stored line has to come back from memory.
//
// One mechanism: a kernel computes a chunk of results into a small scratch buffer that stays
// in L1, and stream_chunks() copies it out with the widest non-temporal store the build's
// instruction set has (AVX-512, AVX, SSE2). The kernel's own code, and so its rounding, is
// the same for both kinds of store.

#include <algorithm>
#include <cstddef>
#include <string>

#include "scalelab/cli.hpp"

namespace scalelab {

enum class Stores { kPlain, kStreaming };

// --stores as the user gave it: auto chooses by working set (resolve_stores).
enum class StoresOption { kAuto, kPlain, kStreaming };

// Whether this build can emit non-temporal stores (x86 with SSE2 or wider).
bool streaming_stores_available();
std::string streaming_isa();  // "avx512", "avx", "sse2" or "none"

// auto: streaming when this rank's arrays (`working_set_bytes`) exceed the last-level cache,
// so its results are evicted before anything reads them; plain otherwise or when the build
// has no streaming store. --stores streaming on such a build is a UsageError.
Stores resolve_stores(StoresOption option, double working_set_bytes);
const char* stores_name(Stores stores);

// Adds `--stores auto|plain|streaming` bound to `option` (which must outlive the parser).
void add_stores_option(CLI::App& cli, StoresOption& option);

// Copies n doubles from `src` (cache-resident scratch) to `dst` with non-temporal stores;
// the head before dst's first 64-byte boundary and the tail use plain stores. Not ordered
// with later stores: stream_chunks fences before it returns.
void stream_copy(double* dst, const double* src, std::size_t n);
// Orders the streaming stores before anything this thread does next (sfence).
void stream_fence();

// Doubles per scratch chunk: 4 KiB, well inside L1 beside the kernel's operands.
inline constexpr std::size_t kStreamChunk = 512;

// Fills out[0, n) chunk by chunk: `compute(scratch, first, count)` writes the results for
// out[first, first + count) into scratch[0, count), which stream_copy sends on. Fenced, so
// the stores are complete (visible to other threads after their barrier) on return.
template <class Compute>
void stream_chunks(double* out, std::size_t n, Compute&& compute) {
  alignas(64) double scratch[kStreamChunk];
  for (std::size_t first = 0; first < n; first += kStreamChunk) {
    const std::size_t count = std::min(kStreamChunk, n - first);
    compute(scratch, first, count);
    stream_copy(out + first, scratch, count);
  }
  stream_fence();
}

}  // namespace scalelab
