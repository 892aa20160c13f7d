// SPDX-License-Identifier: MIT
#pragma once

// The one tokeniser of wordcount, shared by every model (and by nothing else: the reference
// count used for verification has its own, deliberately plain, byte loop in reference.cpp).
//
// A word is a maximal run of non-separator bytes. Separators are:
//   default   ASCII whitespace: space, \t, \n, \v, \f, \r (bytes 9-13 and 32), so every
//             other byte, including bytes >= 0x80 of UTF-8 text, is part of a word; this is
//             `wc -w` on ASCII text
//   --alpha   every byte that is not an ASCII letter A-Z a-z (`tr -cs A-Za-z '\n'`)
// --lower folds A-Z to a-z before words are compared (in place, over the buffer read).
//
// The scan looks at 64 bytes at a time: one bit mask of separators (AVX2 compares when
// the build has them, a table lookup otherwise), from which word starts are the word bytes
// preceded by a separator and word ends the separators preceded by a word byte; a pair of
// bit scans per word, no per-byte branch. Buffers handed to the scan must stay readable
// kPadding bytes past their end (the scan and the hash read whole blocks).
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace scalelab::wordcount {

constexpr std::size_t kPadding = 64;

struct Tokenizer {
  bool alpha = false;  // letters only
  bool lower = false;  // fold A-Z to a-z
};

constexpr bool is_ascii_space(unsigned char c) {
  return c == ' ' || (c >= 9 && c <= 13);
}
constexpr bool is_ascii_letter(unsigned char c) {
  return static_cast<unsigned char>((c | 0x20) - 'a') < 26;
}
inline bool is_separator(const Tokenizer& tok, unsigned char c) {
  return tok.alpha ? !is_ascii_letter(c) : is_ascii_space(c);
}
// For scalelab::record_aligned_part: ranks and threads always split at ASCII whitespace,
// which separates words under both tokenisers (whitespace is not a letter either).
inline bool separator_for_split(unsigned char c) {
  return is_ascii_space(c);
}

// Bit i set when byte p[i] is a separator (64 bytes from p).
template <bool Alpha>
inline std::uint64_t separator_mask(const char* p) {
#if defined(__AVX2__)
  auto half = [](const char* q) -> std::uint32_t {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
    if constexpr (Alpha) {
      const __m256i t =
          _mm256_sub_epi8(_mm256_or_si256(x, _mm256_set1_epi8(0x20)), _mm256_set1_epi8('a'));
      const __m256i letter = _mm256_cmpeq_epi8(_mm256_min_epu8(t, _mm256_set1_epi8(25)), t);
      return ~static_cast<std::uint32_t>(_mm256_movemask_epi8(letter));
    } else {
      const __m256i t = _mm256_sub_epi8(x, _mm256_set1_epi8(9));
      const __m256i ctrl = _mm256_cmpeq_epi8(_mm256_min_epu8(t, _mm256_set1_epi8(4)), t);
      const __m256i space = _mm256_cmpeq_epi8(x, _mm256_set1_epi8(' '));
      return static_cast<std::uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(ctrl, space)));
    }
  };
  return static_cast<std::uint64_t>(half(p)) | (static_cast<std::uint64_t>(half(p + 32)) << 32);
#else
  std::uint64_t mask = 0;
  for (int i = 0; i < 64; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    const bool sep = Alpha ? !is_ascii_letter(c) : is_ascii_space(c);
    mask |= static_cast<std::uint64_t>(sep) << i;
  }
  return mask;
#endif
}

// Folds A-Z to a-z in [p, p + n) in place.
inline void fold_lower(char* p, std::size_t n) {
  std::size_t i = 0;
#if defined(__AVX2__)
  for (; i + 32 <= n; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const __m256i t = _mm256_sub_epi8(x, _mm256_set1_epi8('A'));
    const __m256i upper = _mm256_cmpeq_epi8(_mm256_min_epu8(t, _mm256_set1_epi8(25)), t);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p + i),
                        _mm256_or_si256(x, _mm256_and_si256(upper, _mm256_set1_epi8(0x20))));
  }
#endif
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c >= 'A' && c <= 'Z') p[i] = static_cast<char>(c | 0x20);
  }
}

// Calls word(ptr, length) for every word that starts in [begin, end) of `data`, in order.
// The byte before `begin` is taken as a separator (callers split at separators) and the
// word running into `end` ends there. Bytes up to end + kPadding must be readable.
// Returns the number of words.
template <bool Alpha, class OnWord>
std::uint64_t scan_words(const char* data, std::size_t begin, std::size_t end, OnWord&& word) {
  std::uint64_t words = 0;
  std::uint64_t prev_sep = 1;  // bit 0: the byte before the block is a separator
  bool open = false;
  std::size_t start = 0;
  for (std::size_t pos = begin; pos < end; pos += 64) {
    std::uint64_t sep = separator_mask<Alpha>(data + pos);
    if (end - pos < 64) sep |= ~std::uint64_t{0} << (end - pos);
    const std::uint64_t in_word = ~sep;
    std::uint64_t starts = in_word & ((sep << 1) | prev_sep);
    std::uint64_t ends = sep & ((in_word << 1) | (prev_sep ^ 1));
    prev_sep = sep >> 63;
    if (open && ends) {
      const std::size_t e = pos + static_cast<std::size_t>(__builtin_ctzll(ends));
      ends &= ends - 1;
      word(data + start, e - start);
      ++words;
      open = false;
    }
    while (starts) {
      const std::size_t s = pos + static_cast<std::size_t>(__builtin_ctzll(starts));
      starts &= starts - 1;
      if (!ends) {
        open = true;
        start = s;
        break;
      }
      const std::size_t e = pos + static_cast<std::size_t>(__builtin_ctzll(ends));
      ends &= ends - 1;
      word(data + s, e - s);
      ++words;
    }
  }
  if (open) {
    word(data + start, end - start);
    ++words;
  }
  return words;
}

// Word starts only (the count of words), with the same masks: no word is looked at.
template <bool Alpha>
std::uint64_t count_word_starts(const char* data, std::size_t begin, std::size_t end) {
  std::uint64_t words = 0;
  std::uint64_t prev_sep = 1;
  for (std::size_t pos = begin; pos < end; pos += 64) {
    std::uint64_t sep = separator_mask<Alpha>(data + pos);
    if (end - pos < 64) sep |= ~std::uint64_t{0} << (end - pos);
    words += static_cast<std::uint64_t>(__builtin_popcountll(~sep & ((sep << 1) | prev_sep)));
    prev_sep = sep >> 63;
  }
  return words;
}

// Part `part` of `parts` of data[0, n), both ends moved forward to just after a split
// separator (ASCII whitespace), so that no word is cut: the in-memory counterpart of
// scalelab::record_aligned_part, for threads splitting a buffer a rank has read.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};
Span aligned_split(const char* data, std::size_t n, std::size_t parts, std::size_t part);

}  // namespace scalelab::wordcount
