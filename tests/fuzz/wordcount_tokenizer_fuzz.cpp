// SPDX-License-Identifier: MIT
// Differential fuzzing of wordcount's tokeniser: the 64-byte-mask scan (scan_words) and the
// word-start count (count_word_starts) must find exactly the words of a plain byte loop over
// is_separator, under both tokenisers (whitespace, --alpha), for any bytes; and
// aligned_split must cover the buffer with parts that start after a separator.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "tokenize.hpp"

namespace {

using namespace scalelab::wordcount;

std::vector<std::string_view> plain_words(std::string_view text, const Tokenizer& tok) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  bool in_word = false;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool sep = i == text.size() || is_separator(tok, static_cast<unsigned char>(text[i]));
    if (!sep && !in_word) start = i;
    if (sep && in_word) words.push_back(text.substr(start, i - start));
    in_word = !sep;
  }
  return words;
}

template <bool Alpha>
void check(const std::string& padded, std::size_t n) {
  const Tokenizer tok{Alpha, false};
  std::vector<std::string_view> found;
  const std::uint64_t count = scan_words<Alpha>(
      padded.data(), 0, n, [&](const char* p, std::size_t len) { found.emplace_back(p, len); });
  const auto expected = plain_words(std::string_view(padded.data(), n), tok);
  scalelab::fuzz::require(found == expected, "scan_words found other words than a byte loop");
  scalelab::fuzz::require(count == expected.size(), "scan_words miscounted its words");
  scalelab::fuzz::require(count_word_starts<Alpha>(padded.data(), 0, n) == expected.size(),
                          "count_word_starts disagrees with the words found");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using scalelab::fuzz::require;
  // The scan reads whole 64-byte blocks: the buffer carries kPadding readable bytes (of
  // every kind, so a scan that looked at them would be caught).
  std::string padded(reinterpret_cast<const char*>(data), size);
  padded.append(kPadding, 'x');
  check<false>(padded, size);
  check<true>(padded, size);
  for (std::size_t parts = 1; parts <= 5; ++parts) {
    std::size_t expected_begin = 0;
    for (std::size_t part = 0; part < parts; ++part) {
      const Span span = aligned_split(padded.data(), size, parts, part);
      require(span.begin == expected_begin && span.begin <= span.end && span.end <= size,
              "aligned_split parts do not tile the buffer");
      require(span.begin == 0 || span.begin == span.end ||
                  separator_for_split(static_cast<unsigned char>(padded[span.begin - 1])),
              "aligned_split cut a word");
      expected_begin = span.end;
    }
    require(expected_begin == size, "aligned_split parts do not reach the end");
  }
  return 0;
}
