// SPDX-License-Identifier: MIT
// The Monte Carlo pi loop a performance engineer would write: xoshiro256+ (Blackman & Vigna)
// run as 16 independent streams in two AVX-512 vectors of 8 lanes (two, so the dependency
// chains of one hide the latency of the other), one 64-bit draw per sample split into two
// 31-bit coordinates, squared with the 32x32->64 multiply and compared in integers, hits
// counted per lane. OpenMP threads each run their own streams over their share of the samples.
// scripts/bench basics runs it beside scalelab-pi (same build flags) at the same thread
// count. Builds without AVX-512 run the same streams one lane at a time and say so.
// Usage: scalelab-pi-simd-reference SAMPLES [THREADS]
#include <omp.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#if defined(__AVX512F__)
// GCC 12's AVX-512 headers set vectors from _mm512_undefined_*() and then warn that they
// are uninitialised (GCC bug 105593, fixed in GCC 13): silence that false positive here only.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#endif

namespace {

constexpr int kLanes = 16;  // two vectors of 8
constexpr std::uint64_t kMask31 = (1ULL << 31) - 1;

std::uint64_t splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// State words s0..s3 of every lane, seeded from one SplitMix64 sequence per thread.
struct Streams {
  alignas(64) std::uint64_t s[4][kLanes];
  explicit Streams(std::uint64_t seed) {
    for (int lane = 0; lane < kLanes; ++lane) {
      for (auto& word : s) word[lane] = splitmix(seed);
    }
  }
};

bool hits_one(std::uint64_t r) {
  const std::uint64_t x = r >> 33, y = (r >> 2) & kMask31;
  return x * x + y * y < (1ULL << 62);
}

// One xoshiro256+ step of one lane.
std::uint64_t draw(Streams& st, int l) {
  auto &s0 = st.s[0][l], &s1 = st.s[1][l], &s2 = st.s[2][l], &s3 = st.s[3][l];
  const std::uint64_t result = s0 + s3, t = s1 << 17;
  s2 ^= s0, s3 ^= s1, s1 ^= s2, s0 ^= s3, s2 ^= t, s3 = (s3 << 45) | (s3 >> 19);
  return result;
}

// The scalar fallback: the same streams, lane by lane.
[[maybe_unused]] std::uint64_t count_scalar(Streams& st, std::uint64_t rounds) {
  std::uint64_t hits = 0;
  for (std::uint64_t r = 0; r < rounds; ++r) {
    for (int l = 0; l < kLanes; ++l) hits += hits_one(draw(st, l));
  }
  return hits;
}

#if defined(__AVX512F__)
std::uint64_t count_avx512(Streams& st, std::uint64_t rounds) {
  __m512i s[4][2];
  for (int w = 0; w < 4; ++w) {
    for (int v = 0; v < 2; ++v) s[w][v] = _mm512_load_si512(st.s[w] + 8 * v);
  }
  const __m512i mask31 = _mm512_set1_epi64(static_cast<long long>(kMask31));
  const __m512i radius2 = _mm512_set1_epi64(1LL << 62);
  __m512i hits[2] = {_mm512_setzero_si512(), _mm512_setzero_si512()};
  const __m512i one = _mm512_set1_epi64(1);
  for (std::uint64_t r = 0; r < rounds; ++r) {
    for (int v = 0; v < 2; ++v) {
      const __m512i result = _mm512_add_epi64(s[0][v], s[3][v]);
      const __m512i t = _mm512_slli_epi64(s[1][v], 17);
      s[2][v] = _mm512_xor_si512(s[2][v], s[0][v]);
      s[3][v] = _mm512_xor_si512(s[3][v], s[1][v]);
      s[1][v] = _mm512_xor_si512(s[1][v], s[2][v]);
      s[0][v] = _mm512_xor_si512(s[0][v], s[3][v]);
      s[2][v] = _mm512_xor_si512(s[2][v], t);
      s[3][v] = _mm512_rol_epi64(s[3][v], 45);
      const __m512i x = _mm512_srli_epi64(result, 33);
      const __m512i y = _mm512_and_si512(_mm512_srli_epi64(result, 2), mask31);
      const __m512i d2 = _mm512_add_epi64(_mm512_mul_epu32(x, x), _mm512_mul_epu32(y, y));
      const __mmask8 inside = _mm512_cmplt_epu64_mask(d2, radius2);
      hits[v] = _mm512_mask_add_epi64(hits[v], inside, hits[v], one);
    }
  }
  return static_cast<std::uint64_t>(_mm512_reduce_add_epi64(_mm512_add_epi64(hits[0], hits[1])));
}
const char* const kKernel = "avx512 (16 lanes)";
#else
const char* const kKernel = "scalar (16 streams, no AVX-512 in this build)";
#endif

std::uint64_t count(Streams& st, std::uint64_t rounds) {
#if defined(__AVX512F__)
  return count_avx512(st, rounds);
#else
  return count_scalar(st, rounds);
#endif
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000000ULL;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 1;
  if (n == 0 || threads < 1) {
    std::fprintf(stderr, "usage: scalelab-pi-simd-reference SAMPLES [THREADS]\n");
    return 2;
  }
  // Whole rounds of 16 samples per thread, the remainder with the scalar kernel.
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t hits = 0;
#pragma omp parallel num_threads(threads) reduction(+ : hits)
  {
    const auto t = static_cast<std::uint64_t>(omp_get_thread_num());
    const auto nt = static_cast<std::uint64_t>(omp_get_num_threads());
    const std::uint64_t mine = n / nt + (t < n % nt ? 1 : 0);
    Streams streams(42 + 0x632BE59BD9B4E019ULL * (t + 1));
    hits += count(streams, mine / kLanes);
    for (std::uint64_t i = 0; i < mine % kLanes; ++i) hits += hits_one(draw(streams, 0));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("samples=%llu threads=%d kernel=%s pi=%.6f seconds=%.6f samples_per_s=%.6e\n",
              static_cast<unsigned long long>(n), threads, kKernel, 4.0 * hits / n, seconds,
              n / seconds);
  std::printf(
      "ran: xoshiro256+, kernel %s, %d OpenMP threads; timed in-process: one pass "
      "over all samples\n",
      kKernel, threads);
}
