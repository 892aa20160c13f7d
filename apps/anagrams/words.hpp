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

namespace scalelab::anagrams {

inline bool is_newline(unsigned char c) {
  return c == '\n';
}

inline char fold_case(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Calls word(offset, length) for every word of `text` (offsets into text, before folding).
// A last line without '\n' is a line too.
template <class WordFn>
void for_each_word(std::string_view text, WordFn&& word) {
  std::size_t start = 0;
  while (start < text.size()) {
    const void* found = std::memchr(text.data() + start, '\n', text.size() - start);
    const std::size_t end =
        found ? static_cast<std::size_t>(static_cast<const char*>(found) - text.data())
              : text.size();
    std::size_t length = end - start;
    if (length > 0 && text[start + length - 1] == '\r') --length;
    if (length > 0) word(start, length);
    start = end + 1;
  }
}

// The sorted-letter key of a folded word, written to `key` (length bytes). Short words (the
// vast majority) are insertion-sorted in place: for under ~20 bytes that beats std::sort's
// set-up.
inline void sorted_key(const char* word, std::size_t length, char* key) {
  auto* k = reinterpret_cast<unsigned char*>(key);
  std::memcpy(k, word, length);
  if (length > 24) {
    std::sort(k, k + length);
    return;
  }
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char c = k[i];
    std::size_t j = i;
    for (; j > 0 && k[j - 1] > c; --j) k[j] = k[j - 1];
    k[j] = c;
  }
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

inline std::uint64_t hash_bytes(std::string_view s) {
  return hash_bytes(s.data(), s.size());
}

}  // namespace scalelab::anagrams
