// SPDX-License-Identifier: MIT
#include "pi.hpp"

#if defined(__AVX512F__) && defined(__AVX512DQ__)
// GCC 12's AVX-512 headers set vectors from _mm512_undefined_*() and then warn that they
// are uninitialised (GCC bug 105593, fixed in GCC 13): silence that false positive here only.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#endif

namespace scalelab::pi {

#if defined(__AVX512F__) && defined(__AVX512DQ__)
namespace {

__m512i mix64(__m512i z) {
  const __m512i m1 = _mm512_set1_epi64(static_cast<long long>(0xBF58476D1CE4E5B9ULL));
  const __m512i m2 = _mm512_set1_epi64(static_cast<long long>(0x94D049BB133111EBULL));
  z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), m1);
  z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), m2);
  return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

// sample_hits for the 8 counters of `weyl` (key + i * kGolden), added into `hits` per lane.
void add_hits(__m512i weyl, __m512i& hits) {
  const __m512i mask = _mm512_set1_epi64(static_cast<long long>(kCoordMask));
  const __m512i radius_squared = _mm512_set1_epi64(static_cast<long long>(kRadiusSquared));
  const __m512i h = _mm512_srli_epi64(mix64(weyl), 2);
  const __m512i x = _mm512_srli_epi64(h, kCoordBits);
  const __m512i y = _mm512_and_si512(h, mask);
  // x, y < 2^31: the 32x32->64 multiply squares them exactly.
  const __m512i d2 = _mm512_add_epi64(_mm512_mul_epu32(x, x), _mm512_mul_epu32(y, y));
  const __mmask8 inside = _mm512_cmplt_epu64_mask(d2, radius_squared);
  hits = _mm512_mask_add_epi64(hits, inside, hits, _mm512_set1_epi64(1));
}

}  // namespace

std::uint64_t count_hits(std::uint64_t key, Range samples) {
  constexpr std::uint64_t kStep = 16;  // two vectors of 8 counters, independent chains
  std::uint64_t i = samples.begin;
  __m512i weyl0 = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
  weyl0 = _mm512_mullo_epi64(_mm512_add_epi64(weyl0, _mm512_set1_epi64(static_cast<long long>(i))),
                             _mm512_set1_epi64(static_cast<long long>(kGolden)));
  weyl0 = _mm512_add_epi64(weyl0, _mm512_set1_epi64(static_cast<long long>(key)));
  __m512i weyl1 = _mm512_add_epi64(weyl0, _mm512_set1_epi64(static_cast<long long>(8 * kGolden)));
  const __m512i advance = _mm512_set1_epi64(static_cast<long long>(kStep * kGolden));
  __m512i hits0 = _mm512_setzero_si512(), hits1 = _mm512_setzero_si512();
  for (; i + kStep <= samples.end; i += kStep) {
    add_hits(weyl0, hits0);
    add_hits(weyl1, hits1);
    weyl0 = _mm512_add_epi64(weyl0, advance);
    weyl1 = _mm512_add_epi64(weyl1, advance);
  }
  const auto vector_hits =
      static_cast<std::uint64_t>(_mm512_reduce_add_epi64(_mm512_add_epi64(hits0, hits1)));
  return vector_hits + count_hits_reference(key, {i, samples.end});
}

#else

std::uint64_t count_hits(std::uint64_t key, Range samples) {
  return count_hits_reference(key, samples);
}

#endif

}  // namespace scalelab::pi
