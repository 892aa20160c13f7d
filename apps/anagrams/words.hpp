// SPDX-License-Identifier: MIT
#pragma once

// What a word is, and its canonical key: the one definition every model, the naive mode and
// the verification share.
//
// A word is one line of the word list: the bytes between two '\n', minus ONE trailing '\r'
// (files written on Windows), with ASCII letters folded to lower case. A line that is empty
// after that is not a word. Nothing else is stripped: spaces, apostrophes, digits and
// non-ASCII (UTF-8) bytes are part of the word and of its key, so "it's" is not an anagram of
// "sit". Case folding makes "Listen" the same word as "listen" (a dictionary lists both
// "Polish" and "polish"; they are one word, not an anagram pair). A word listed twice is one
// word: groups count DISTINCT words, and "words" counts every line that is a word.
//
// The canonical key of a word is its bytes sorted ascending (unsigned): two words are
// anagrams exactly when their keys are equal.

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSSE3__) && defined(__SSE4_1__)
#include <smmintrin.h>
#include <tmmintrin.h>
#endif

namespace scalelab::anagrams {

inline bool is_newline(unsigned char c) {
  return c == '\n';
}

inline char fold_case(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Calls word(offset, length) for every word of `text` (offsets into text, before folding).
// A last line without '\n' is a line too. Newlines are found 16 bytes at a time (one compare
// and a bit mask per block, then one step per set bit): a word list has a line every ~9 bytes,
// and a memchr call per line costs more than the line's own work.
template <class WordFn>
void for_each_word(std::string_view text, WordFn&& word) {
  const char* const data = text.data();
  const std::size_t size = text.size();
  std::size_t start = 0;
  const auto line_ends_at = [&](std::size_t end) {
    std::size_t length = end - start;
    if (length > 0 && data[end - 1] == '\r') --length;
    if (length > 0) word(start, length);
    start = end + 1;
  };
  std::size_t at = 0;
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  for (; at + 16 <= size; at += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, newline)));
    for (; mask != 0; mask &= mask - 1)
      line_ends_at(at + static_cast<std::size_t>(__builtin_ctz(mask)));
  }
#endif
  for (; at < size; ++at)
    if (data[at] == '\n') line_ends_at(at);
  if (start < size) line_ends_at(size);
}

#if defined(__SSE2__)
// A rank sort: `bytes` holds a word of `length` <= 16 bytes, zero padded (16 readable bytes);
// each byte goes to its rank, the number of bytes smaller than it plus the number of equal
// bytes before it, one SSE2 compare giving its comparisons with all 16 at once (unsigned:
// both sides shifted by 0x80 for the signed compare).
// `sorted` (16 bytes, zeroed by the caller) receives the word's bytes in unsigned order.
inline void rank_sort16(const unsigned char* bytes, std::size_t length, unsigned char* sorted) {
  const __m128i bias = _mm_set1_epi8(static_cast<char>(0x80));
  const __m128i all = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes)), bias);
  const unsigned in_word = (1u << length) - 1;
  for (std::size_t i = 0; i < length; ++i) {
    const __m128i mine = _mm_set1_epi8(static_cast<char>(bytes[i] ^ 0x80));
    const auto smaller = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(all, mine)));
    const auto equal = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(all, mine)));
    const unsigned rank = static_cast<unsigned>(__builtin_popcount(smaller & in_word)) +
                          static_cast<unsigned>(__builtin_popcount(equal & ((1u << i) - 1)));
    sorted[rank] = bytes[i];
  }
}

#if defined(__SSSE3__) && defined(__SSE4_1__)
// The same sort by a bitonic sorting network on one register: 10 stages of shuffle (each
// byte's partner), unsigned min and max, and blend (which of the two each byte keeps), the
// same ~40 instructions for every length, where the rank sort spends ~10 per byte. The
// padding is set to 0xff first so that it sorts last, and cleared after.
inline void network_sort16(const unsigned char* bytes, std::size_t length, unsigned char* sorted) {
  alignas(16) static constexpr unsigned char kPartner[10][16] = {
      {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14},
      {2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13},
      {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14},
      {4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11},
      {2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13},
      {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14},
      {8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7},
      {4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11},
      {2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13},
      {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14}};
  alignas(16) static constexpr unsigned char kTakesMax[10][16] = {
      {0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0},
      {0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0},
      {0, 0xff, 0, 0xff, 0xff, 0, 0xff, 0, 0, 0xff, 0, 0xff, 0xff, 0, 0xff, 0},
      {0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0},
      {0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0},
      {0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0},
      {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
      {0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff},
      {0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff},
      {0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0xff}};
  const __m128i lane = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m128i in_word = _mm_cmplt_epi8(lane, _mm_set1_epi8(static_cast<char>(length)));
  __m128i v = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes)),
                           _mm_andnot_si128(in_word, _mm_set1_epi8(-1)));
  for (int stage = 0; stage < 10; ++stage) {
    const __m128i partner =
        _mm_shuffle_epi8(v, _mm_load_si128(reinterpret_cast<const __m128i*>(kPartner[stage])));
    v = _mm_blendv_epi8(_mm_min_epu8(v, partner), _mm_max_epu8(v, partner),
                        _mm_load_si128(reinterpret_cast<const __m128i*>(kTakesMax[stage])));
  }
  _mm_storeu_si128(reinterpret_cast<__m128i*>(sorted), _mm_and_si128(v, in_word));
}
#endif

// The short-word sort canonicalise and sorted_key use: the network where SSSE3 and SSE4.1
// are there (-march=native on any recent x86-64), else the rank sort (plain SSE2).
inline void sort16(const unsigned char* bytes, std::size_t length, unsigned char* sorted) {
#if defined(__SSSE3__) && defined(__SSE4_1__)
  network_sort16(bytes, length, sorted);
#else
  rank_sort16(bytes, length, sorted);
#endif
}

// fold_case on 16 bytes at once: 'A'..'Z' (x - 'A' below 26, as an unsigned compare done
// signed after a shift by 0x80) get 0x20 added.
inline __m128i fold_case16(__m128i v) {
  const __m128i from_a = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - 'A')));
  const __m128i upper = _mm_cmplt_epi8(from_a, _mm_set1_epi8(static_cast<char>(0x80 + 26)));
  return _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
}
#endif

// The sorted-letter key of a folded word, written to `key` (length bytes).
//
// Words of up to 16 bytes (nearly all of them) are sorted in one register without a branch
// per comparison (sort16: a sorting network, or the rank sort without SSE4.1); an insertion
// sort of random letters mispredicts about once per letter. Longer words are std::sort-ed.
inline void sorted_key(const char* word, std::size_t length, char* key) {
  auto* k = reinterpret_cast<unsigned char*>(key);
#if defined(__SSE2__)
  if (length <= 16) {
    alignas(16) unsigned char bytes[16] = {};
    alignas(16) unsigned char sorted[16] = {};
    std::memcpy(bytes, word, length);
    sort16(bytes, length, sorted);
    std::memcpy(k, sorted, length);
    return;
  }
#endif
  std::memcpy(k, word, length);
  std::sort(k, k + length);
}

// 64-bit finaliser (MurmurHash3's fmix64): every input bit affects every output bit.
inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Hash of a byte string, 8 bytes at a time. Fixed (not std::hash), so digests are the same in
// every build and on every rank.
inline std::uint64_t hash_bytes(const char* data, std::size_t length) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (length * 0x100000001b3ULL);
  std::size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    std::uint64_t block;
    std::memcpy(&block, data + i, 8);
    h = mix64(h ^ block) * 0x9e3779b97f4a7c15ULL;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, data + i, length - i);
  return mix64(h ^ tail ^ (length << 56));
}

// hash_bytes of a string of `length` <= 16 bytes given as two zero-padded 8-byte blocks (lo:
// bytes 0-7, hi: 8-15, little endian): the same value, without touching memory.
inline std::uint64_t hash_short(std::uint64_t lo, std::uint64_t hi, std::size_t length) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ (length * 0x100000001b3ULL);
  std::uint64_t tail = lo;
  if (length >= 8) {
    h = mix64(h ^ lo) * 0x9e3779b97f4a7c15ULL;
    tail = hi;
    if (length == 16) {
      h = mix64(h ^ hi) * 0x9e3779b97f4a7c15ULL;
      tail = 0;
    }
  }
  return mix64(h ^ tail ^ (std::uint64_t{length} << 56));
}

inline std::uint64_t hash_bytes(std::string_view s) {
  return hash_bytes(s.data(), s.size());
}

// hash_bytes is one-to-one on the strings of one length of up to 8 bytes: the length fixes
// the start value h and the final xor, and the bytes enter as one zero-padded block (length
// < 8: mix64(h ^ block ^ c); 8: mix64((mix64(h ^ block) * odd) ^ c)), where mix64, an xor with
// a constant and a multiplication by an odd number are each one-to-one on 64-bit words. So
// two such strings of equal length and equal hash are equal: their bytes need not be read
// (a cache miss, for a word in a large list). The same holds for any one-to-one function of
// the hash (member_hash).
constexpr std::size_t kHashIsExactUpTo = 8;

}  // namespace scalelab::anagrams
