// SPDX-License-Identifier: MIT
#pragma once

// Non-temporal ("streaming") stores for kernels that write an array they do not read back
// while it would still be cached. An ordinary store first reads the line it writes into the
// cache (write-allocate), so a = b + s*c moves 4 x 8 bytes per element for 3 x 8 useful ones;
// a streaming store sends the line straight to memory and the read disappears. For data that
// does fit in the cache the opposite holds: the stored line has to come back from memory.
//
// Two ways to use them, both ending in the widest non-temporal store the build's instruction
// set has (AVX-512, AVX, SSE2):
// - stream_apply(): our own loops evaluate their expression on StreamVec, a GCC vector of one
//   cache line of doubles, and store each line straight to memory. The expression is the
//   kernel's own (a template or a lambda on both doubles and StreamVec), element by element,
//   so its rounding is the same for both kinds of store.
// - stream_chunks(): code we cannot rewrite (an Eigen expression) fills a small L1 scratch
//   buffer chunk by chunk, which is then streamed out. It costs an extra pass through L1.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

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

// One cache line of doubles as a GCC vector: arithmetic on it is element-wise, and the
// compiler maps it onto whatever vector registers the build has. Without AVX-512 the compiler
// warns (-Wpsabi) that passing such a vector by value has another ABI than with it: StreamVec
// only travels between inline functions of one build, never across a library boundary, so
// the warning is silenced for every file that uses it.
#pragma GCC diagnostic ignored "-Wpsabi"
inline constexpr std::size_t kStreamLanes = 8;
using StreamVec = double __attribute__((vector_size(sizeof(double) * kStreamLanes)));

inline StreamVec load_lanes(const double* p) {
  StreamVec v;
  std::memcpy(&v, p, sizeof v);  // an unaligned vector load
  return v;
}

// Stores one line to memory without reading it first. `line` must be 64-byte aligned.
inline void stream_store(double* line, StreamVec v) {
#if defined(__AVX512F__)
  _mm512_stream_pd(line, std::bit_cast<__m512d>(v));
#elif defined(__AVX__)
  const auto halves = std::bit_cast<std::array<__m256d, 2> >(v);
  _mm256_stream_pd(line, halves[0]);
  _mm256_stream_pd(line + 4, halves[1]);
#elif defined(__SSE2__)
  const auto quarters = std::bit_cast<std::array<__m128d, 4> >(v);
  for (int q = 0; q < 4; ++q) _mm_stream_pd(line + 2 * q, quarters[q]);
#else
  std::memcpy(line, &v, sizeof v);
#endif
}

// Orders the streaming stores before anything this thread does next (sfence).
inline void stream_fence() {
#if defined(__SSE2__)
  _mm_sfence();
#endif
}

// Fills out[0, n): `value_at(i)` gives out[i] as a double, `lanes_at(i)` gives out[i, i + 8)
// as a StreamVec. Plain stores up to the first cache-line boundary and after the last whole
// line (a partial line would have to be read after all), streaming stores in between. Not
// fenced: stream_apply and stream_chunks fence once when all their lines are out.
template <class Value, class Lanes>
void stream_lines(double* out, std::size_t n, Value&& value_at, Lanes&& lanes_at) {
  std::size_t i = 0;
  for (; i < n && reinterpret_cast<std::uintptr_t>(out + i) % 64 != 0; ++i) out[i] = value_at(i);
  for (; i + kStreamLanes <= n; i += kStreamLanes) stream_store(out + i, lanes_at(i));
  for (; i < n; ++i) out[i] = value_at(i);
}

// stream_lines, fenced: the stores are complete (visible to other threads after their
// barrier) on return.
template <class Value, class Lanes>
void stream_apply(double* out, std::size_t n, Value&& value_at, Lanes&& lanes_at) {
  stream_lines(out, n, value_at, lanes_at);
  stream_fence();
}

// Doubles per scratch chunk: 4 KiB, well inside L1 beside the kernel's operands.
inline constexpr std::size_t kStreamChunk = 512;

// Fills out[0, n) chunk by chunk: `compute(scratch, first, count)` writes the results for
// out[first, first + count) into scratch[0, count), which is then streamed out. One fence at
// the end (a fence per chunk cost the Eigen triad a fifth of its bandwidth).
template <class Compute>
void stream_chunks(double* out, std::size_t n, Compute&& compute) {
  alignas(64) double scratch[kStreamChunk];
  for (std::size_t first = 0; first < n; first += kStreamChunk) {
    const std::size_t count = std::min(kStreamChunk, n - first);
    compute(scratch, first, count);
    stream_lines(
        out + first, count, [&](std::size_t i) { return scratch[i]; },
        [&](std::size_t i) { return load_lanes(scratch + i); });
  }
  stream_fence();
}

}  // namespace scalelab
