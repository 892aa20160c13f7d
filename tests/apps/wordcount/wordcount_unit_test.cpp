// SPDX-License-Identifier: MIT
// wordcount's kernels on their own: the tokeniser against a naive split, the in-memory
// split, the count map, the digest, and the corpus generator (determinism, blocks, Zipf).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "count_map.hpp"
#include "tokenize.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {
namespace {

// The obvious definition, a byte at a time.
std::vector<std::string> naive_words(const std::string& text, bool alpha) {
  std::vector<std::string> out;
  std::string word;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool sep =
        alpha ? !std::isalpha(c) || c >= 0x80
              : (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r');
    if (sep) {
      if (!word.empty()) out.push_back(word);
      word.clear();
    } else {
      word.push_back(ch);
    }
  }
  if (!word.empty()) out.push_back(word);
  return out;
}

std::vector<std::string> scanned_words(const std::string& text, bool alpha) {
  std::string padded = text + std::string(kPadding, 'x');  // garbage after the end
  std::vector<std::string> out;
  auto add = [&](const char* p, std::size_t n) { out.emplace_back(p, n); };
  const std::uint64_t n = alpha ? scan_words<true>(padded.data(), 0, text.size(), add)
                                : scan_words<false>(padded.data(), 0, text.size(), add);
  EXPECT_EQ(n, out.size());
  const std::uint64_t starts = alpha ? count_word_starts<true>(padded.data(), 0, text.size())
                                     : count_word_starts<false>(padded.data(), 0, text.size());
  EXPECT_EQ(starts, out.size());
  return out;
}

std::string random_text(std::mt19937_64& rng, std::size_t n) {
  static const std::string alphabet = "abcXYZ  \t\n\r\v\f.,1\xC3\xA9\x80\xff\x00";
  std::string text(n, ' ');
  for (char& c : text) c = alphabet[rng() % (alphabet.size() + 1)];  // + the final NUL
  return text;
}

TEST(WordcountTokenizer, MatchesNaiveSplitOnRandomText) {
  std::mt19937_64 rng(1);
  for (int round = 0; round < 400; ++round) {
    const std::string text = random_text(rng, rng() % 300);
    for (const bool alpha : {false, true}) {
      ASSERT_EQ(scanned_words(text, alpha), naive_words(text, alpha)) << "round " << round;
    }
  }
}

TEST(WordcountTokenizer, EdgeCases) {
  EXPECT_TRUE(scanned_words("", false).empty());
  EXPECT_TRUE(scanned_words(" \t\n\r\v\f", false).empty());
  EXPECT_EQ(scanned_words("one", false), std::vector<std::string>{"one"});  // no newline
  EXPECT_EQ(scanned_words("  a  b  ", false), (std::vector<std::string>{"a", "b"}));
  const std::string long_word(1000, 'w');  // crosses many 64-byte blocks
  EXPECT_EQ(scanned_words("x " + long_word + " y", false),
            (std::vector<std::string>{"x", long_word, "y"}));
  // A word ending exactly at a block boundary, and one starting there.
  const std::string at63 = std::string(63, ' ') + "a" + "b c";
  EXPECT_EQ(scanned_words(at63, false), (std::vector<std::string>{"ab", "c"}));
  EXPECT_EQ(scanned_words("don't stop, Now!", true),
            (std::vector<std::string>{"don", "t", "stop", "Now"}));
  EXPECT_EQ(scanned_words("caf\xC3\xA9 ok", false),
            (std::vector<std::string>{"caf\xC3\xA9", "ok"}));
}

TEST(WordcountTokenizer, FoldLower) {
  std::string text = "Hello WORLD, \xC3\x89t\xC3\xA9 [A-Z] @`{";
  fold_lower(text.data(), text.size());
  EXPECT_EQ(text, "hello world, \xC3\x89t\xC3\xA9 [a-z] @`{");
  std::string longer(100, 'Q');
  fold_lower(longer.data(), longer.size());
  EXPECT_EQ(longer, std::string(100, 'q'));
}

TEST(WordcountTokenizer, AlignedSplitCutsNoWord) {
  std::mt19937_64 rng(2);
  for (int round = 0; round < 200; ++round) {
    const std::string text = random_text(rng, rng() % 500);
    for (std::size_t parts = 1; parts <= 7; ++parts) {
      std::vector<std::string> joined;
      std::size_t expect_begin = 0;
      std::string padded = text + std::string(kPadding, ' ');
      for (std::size_t part = 0; part < parts; ++part) {
        const Span s = aligned_split(text.data(), text.size(), parts, part);
        ASSERT_EQ(s.begin, expect_begin);  // parts tile the buffer
        ASSERT_LE(s.begin, s.end);
        expect_begin = s.end;
        scan_words<false>(padded.data(), s.begin, s.end,
                          [&](const char* p, std::size_t n) { joined.emplace_back(p, n); });
      }
      ASSERT_EQ(expect_begin, text.size());
      ASSERT_EQ(joined, naive_words(text, false));
    }
  }
}

std::string padded(const std::string& word) {
  return word + std::string(16, '\x5a');
}

TEST(WordcountCountMap, CountsGrowsAndKeepsLongWords) {
  CountMap map(16);
  std::map<std::string, std::uint64_t> expect;
  std::mt19937_64 rng(3);
  for (int i = 0; i < 20000; ++i) {
    const std::size_t length = 1 + rng() % 40;  // inline (<= 15) and arena keys
    std::string word(length, 'a');
    for (char& c : word) c = static_cast<char>('a' + rng() % 3);  // many repeats
    const std::string p = padded(word);
    map.add(p.data(), word.size());
    ++expect[word];
  }
  std::map<std::string, std::uint64_t> got;
  map.for_each([&](const CountMap::Slot& s) { got[std::string(s.word())] += s.count; });
  EXPECT_EQ(got, expect);
  EXPECT_EQ(map.distinct(), expect.size());
  map.clear();
  EXPECT_EQ(map.distinct(), 0u);
  std::size_t slots = 0;
  map.for_each([&](const CountMap::Slot&) { ++slots; });
  EXPECT_EQ(slots, 0u);
}

TEST(WordcountCountMap, HashIgnoresBytesAfterTheWord) {
  for (std::size_t n = 1; n <= 40; ++n) {
    std::string a(n + 16, 'k'), b(n + 16, 'k');
    std::fill(a.begin() + static_cast<std::ptrdiff_t>(n), a.end(), '\0');
    std::fill(b.begin() + static_cast<std::ptrdiff_t>(n), b.end(), '\xff');
    EXPECT_EQ(hash_word(a.data(), n), hash_word(b.data(), n)) << n;
    EXPECT_NE(hash_word(a.data(), n), hash_word(a.data(), n + 1)) << n;
  }
  // Words that differ only in length or trailing NUL bytes are different keys.
  CountMap map;
  const std::string z = padded(std::string("ab\0\0", 4));
  map.add(z.data(), 2);
  map.add(z.data(), 3);
  map.add(z.data(), 4);
  EXPECT_EQ(map.distinct(), 3u);
}

TEST(WordcountCountMap, MergedPartitionsHaveTheDigestOfTheWhole) {
  std::mt19937_64 rng(4);
  std::vector<std::string> words;
  for (int i = 0; i < 5000; ++i) words.push_back(std::to_string(rng() % 700) + "w");
  std::vector<CountMap> whole_maps(1);
  CountMap& whole = whole_maps[0];
  std::vector<CountMap> parts(3);
  for (const std::string& w : words) {
    const std::string p = padded(w);
    whole.add(p.data(), w.size());
    const std::uint64_t h = hash_word(p.data(), w.size());
    parts[static_cast<std::size_t>(partition_of(h, 3))].add(h, p.data(), w.size());
  }
  const TableSummary a = summarise_maps(whole_maps, 5);
  const TableSummary b = summarise_maps(parts, 5);
  EXPECT_EQ(a.total, words.size());
  EXPECT_EQ(a.total, b.total);
  EXPECT_EQ(a.distinct, b.distinct);
  EXPECT_EQ(a.digest, b.digest);
  ASSERT_EQ(a.top.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(a.top[i].word, b.top[i].word);
    EXPECT_EQ(a.top[i].count, b.top[i].count);
  }
  // The digest depends on the counts.
  EXPECT_NE(entry_digest("w", 1) + entry_digest("v", 2),
            entry_digest("w", 2) + entry_digest("v", 1));
  // Owners and partitions cover their ranges.
  for (int r = 1; r <= 5; ++r) {
    for (std::uint64_t h : {std::uint64_t{0}, ~std::uint64_t{0}, rng(), rng()}) {
      EXPECT_LT(owner_of(h, r), r);
      EXPECT_LT(partition_of(h, r), r);
    }
  }
}

TEST(WordcountCountMap, TopIsByCountThenWord) {
  std::vector<WordCount> words = {{"b", 2}, {"a", 2}, {"c", 5}, {"d", 1}};
  keep_top(words, 3);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[0].word, "c");
  EXPECT_EQ(words[1].word, "a");
  EXPECT_EQ(words[2].word, "b");
}

TEST(WordcountCorpus, DeterministicAndBlockAddressable) {
  const std::uint64_t bytes = 3 * kBlockBytes + 1234;
  const Corpus a(42, bytes), b(42, bytes), c(43, bytes);
  std::vector<char> whole(bytes), again(bytes), other(bytes), pieces(bytes);
  a.generate({0, a.blocks()}, whole.data());
  b.generate({0, b.blocks()}, again.data(), false);
  c.generate({0, c.blocks()}, other.data());
  EXPECT_EQ(whole, again);
  EXPECT_NE(whole, other);
  for (std::uint64_t blk = a.blocks(); blk-- > 0;) {
    a.generate_block(blk, pieces.data() + a.byte_range({blk, blk + 1}).begin);
  }
  EXPECT_EQ(whole, pieces);
  for (std::uint64_t blk = 0; blk < a.blocks(); ++blk) {
    EXPECT_EQ(whole[a.byte_range({blk, blk + 1}).end - 1], '\n');  // blocks end words
  }
  EXPECT_EQ(a.byte_range({0, a.blocks()}).size(), bytes);
  // Tiny corpora are exact too.
  for (std::uint64_t n : {1, 2, 5, 17}) {
    const Corpus t(42, n);
    std::vector<char> out(n);
    t.generate({0, t.blocks()}, out.data());
    EXPECT_EQ(out.back(), '\n');
  }
}

TEST(WordcountCorpus, ZipfShape) {
  const Corpus corpus(7, 8'000'000);
  const Reference ref = reference_count_corpus(corpus, Tokenizer{true, true}, 20);
  ASSERT_EQ(ref.top.size(), 20u);
  // Under Zipf (s = 1) the word of rank r is counted ~ c / r.
  for (std::size_t r : {2u, 3u, 5u, 10u, 20u}) {
    const double ratio =
        static_cast<double>(ref.top[0].count) / static_cast<double>(ref.top[r - 1].count);
    EXPECT_NEAR(ratio, static_cast<double>(r), 0.15 * static_cast<double>(r)) << "rank " << r;
  }
  // The top words are the vocabulary's first ones.
  EXPECT_EQ(ref.top[0].word, corpus.vocabulary()[0]);
  EXPECT_EQ(ref.top[1].word, corpus.vocabulary()[1]);
  // Case and punctuation variants exist: --lower/--alpha change the distinct count.
  const Reference raw = reference_count_corpus(corpus, Tokenizer{false, false}, 1);
  EXPECT_EQ(raw.total, ref.total);  // punctuation is attached, not a word of its own
  EXPECT_GT(raw.distinct, ref.distinct);
}

}  // namespace
}  // namespace scalelab::wordcount
