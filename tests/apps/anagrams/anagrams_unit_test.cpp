// SPDX-License-Identifier: MIT
// anagrams' kernels on their own: what a word is, the two key kernels, grouping by key,
// the digest's independence of order, naive == hash, the reference, the summary exchange and
// the generator.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "anagrams.hpp"
#include "generate.hpp"
#include "grouping.hpp"
#include "histogram_key.hpp"
#include "reference.hpp"
#include "scalelab/errors.hpp"
#include "words.hpp"

namespace scalelab::anagrams {
namespace {

std::string key_of(const std::string& word, KeyFn key = sorted_key) {
  std::string out(word.size(), '\0');
  key(word.data(), word.size(), out.data());
  return out;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  for_each_word(text, [&](std::size_t at, std::size_t n) { out.push_back(text.substr(at, n)); });
  return out;
}

Summary group_text(const std::string& text, KeyFn key = sorted_key, bool naive = false,
                   SummaryOptions options = {}) {
  CanonicalPart part;
  canonicalise(text, key, part);
  return naive ? group_pairwise(part.entries, options) : group_by_key(part.entries, options);
}

std::string join_lines(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) text += w + "\n";
  return text;
}

TEST(AnagramsWords, LinesWithoutOneTrailingCrAndNotEmpty) {
  EXPECT_EQ(words_of("a\r\n\nb\r\n\r\n\n  \ncc"), (std::vector<std::string>{"a", "b", "  ", "cc"}));
  EXPECT_EQ(words_of("ab\rc\r\r\n"), (std::vector<std::string>{"ab\rc\r"}));
  EXPECT_TRUE(words_of("").empty());
  EXPECT_TRUE(words_of("\n\r\n\n").empty());
}

TEST(AnagramsWords, SortedKeyKeepsNonLettersAndFoldingIsSeparate) {
  EXPECT_EQ(key_of("listen"), "eilnst");
  EXPECT_EQ(key_of("it's"), "'ist");
  EXPECT_NE(key_of("it's"), key_of("sit"));
  EXPECT_EQ(key_of("Ab"), "Ab");  // the key sorts bytes; folding happens before (canonicalise)
  EXPECT_EQ(fold_case('Q'), 'q');
  EXPECT_EQ(fold_case('\xc3'), '\xc3');  // UTF-8 bytes are left alone
  EXPECT_EQ(key_of("\xc3\xa9t\xc3\xa9"), std::string("t\xa9\xa9\xc3\xc3"));  // unsigned order
}

// sorted_key ranks short words with SIMD compares and std::sorts long ones: both must be the
// plain unsigned byte sort, for every length around the 16-byte switch and every byte value.
TEST(AnagramsWords, SortedKeyIsTheUnsignedByteSort) {
  std::mt19937_64 rng(11);
  for (std::size_t length = 0; length <= 40; ++length) {
    for (int trial = 0; trial < 200; ++trial) {
      std::string w(length, '\0');
      const bool few_values = trial % 2 == 0;  // many equal bytes: ties must keep their count
      for (char& c : w) c = static_cast<char>(few_values ? "ab\x80\xff\0"[rng() % 5] : rng() % 256);
      std::string expected = w;
      std::sort(reinterpret_cast<unsigned char*>(expected.data()),
                reinterpret_cast<unsigned char*>(expected.data() + expected.size()));
      ASSERT_EQ(key_of(w), expected) << "length " << length << " trial " << trial;
    }
  }
}

#if defined(__SSE2__)
// Both short-word sorts (the rank sort, and the network where SSE4.1 is built in), called
// directly: the build uses one of them in sorted_key, the other must stay right too.
TEST(AnagramsWords, BothShortSortsAreTheUnsignedByteSort) {
  std::mt19937_64 rng(12);
  for (std::size_t length = 0; length <= 16; ++length) {
    for (int trial = 0; trial < 500; ++trial) {
      alignas(16) unsigned char bytes[16] = {};
      for (std::size_t i = 0; i < length; ++i)
        bytes[i] = static_cast<unsigned char>(trial % 2 == 0 ? "ab\x80\xff\0"[rng() % 5] : rng());
      // A vector, not a 16-byte array: GCC 12 cannot bound `length` through std::sort's
      // heap fallback and warns (-Warray-bounds) about reads past an array's end.
      std::vector<unsigned char> expected(bytes, bytes + length);
      std::sort(expected.begin(), expected.end());
      expected.resize(16, 0);
      alignas(16) unsigned char ranked[16] = {};
      rank_sort16(bytes, length, ranked);
      ASSERT_EQ(std::memcmp(ranked, expected.data(), 16), 0) << "rank, length " << length;
#if defined(__SSSE3__) && defined(__SSE4_1__)
      alignas(16) unsigned char network[16] = {};
      network_sort16(bytes, length, network);
      ASSERT_EQ(std::memcmp(network, expected.data(), 16), 0) << "network, length " << length;
#endif
    }
  }
}
#endif

// The short-word path of canonicalise (registers: fold16, rank sort, hash_short) must give
// the general path's entries exactly: same folded word, key and both hashes.
TEST(AnagramsWords, ShortPathEqualsGeneralPath) {
  for (std::size_t length = 0; length <= 16; ++length) {
    std::string s(length, 'q');
    for (std::size_t i = 0; i < length; ++i) s[i] = static_cast<char>(0x41 + 37 * i);
    std::uint64_t lo = 0, hi = 0;
    std::memcpy(&lo, s.data(), std::min<std::size_t>(length, 8));
    if (length > 8) std::memcpy(&hi, s.data() + 8, length - 8);
    EXPECT_EQ(hash_short(lo, hi, length), hash_bytes(s)) << length;
  }
  for (int c = 0; c < 256; ++c) {
    alignas(16) char out[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(out),
                    fold_case16(_mm_set1_epi8(static_cast<char>(c))));
    EXPECT_EQ(out[5], fold_case(static_cast<char>(c))) << c;
  }
  // Through sorted_key, but not as &sorted_key: canonicalise takes the general path.
  const KeyFn general = [](const char* word, std::size_t length, char* key) {
    sorted_key(word, length, key);
  };
  std::mt19937_64 rng(13);
  for (int trial = 0; trial < 300; ++trial) {
    std::string text;
    for (int w = 0, words = 1 + static_cast<int>(rng() % 30); w < words; ++w) {
      std::string word(1 + rng() % 24, 'a');
      for (char& c : word)
        c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : "AZaz@[`{"[rng() % 8]);
      std::replace(word.begin(), word.end(), '\n', 'x');
      text += word + (rng() % 3 == 0 ? "\r\n" : "\n");
    }
    if (rng() % 2 == 0) text.pop_back();  // no final newline: the last word ends the buffer
    CanonicalPart fast, slow;
    canonicalise(text, sorted_key, fast);
    canonicalise(text, general, slow);
    ASSERT_EQ(fast.entries.size(), slow.entries.size());
    for (std::size_t i = 0; i < fast.entries.size(); ++i) {
      const Entry& a = fast.entries[i];
      const Entry& b = slow.entries[i];
      ASSERT_EQ(a.word_view(), b.word_view()) << trial;
      ASSERT_EQ(a.key_view(), b.key_view()) << trial;
      ASSERT_EQ(a.hash, b.hash) << trial;
      ASSERT_EQ(a.word_hash, b.word_hash) << trial;
    }
  }
}

// for_each_word finds newlines 16 bytes at a time; a line-by-line split is the definition.
TEST(AnagramsWords, BlockwiseSplitEqualsTheLineRule) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text(rng() % 70, 'x');
    for (char& c : text) c = "ab\n\r"[rng() % 4];
    std::vector<std::string> expected;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) expected.push_back(line);
      start = end + 1;
    }
    ASSERT_EQ(words_of(text), expected) << "trial " << trial;
  }
}

TEST(AnagramsWords, HistogramKeyEqualsSortedKey) {
  std::vector<std::string> words = {"a",
                                    "zz",
                                    "listen",
                                    "it's",
                                    "{}a|z~",
                                    "9to5",
                                    "\xc3\xa9t\xc3\xa9",
                                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
                                    "a\rb"};
  std::mt19937_64 rng(7);
  for (int n = 0; n < 200; ++n) {
    std::string w(1 + rng() % 40, 'a');
    for (char& c : w) c = static_cast<char>(rng() % 3 == 0 ? rng() % 256 : 'a' + rng() % 26);
    for (char& c : w) c = fold_case(c);
    words.push_back(w);
  }
  words.push_back(std::string(100'000, 'q') + "abc");
  for (const std::string& w : words) EXPECT_EQ(key_of(w, histogram_key), key_of(w)) << w;
}

TEST(AnagramsGrouping, GroupsDistinctFoldedWords) {
  const std::string text = join_lines(
      {"listen", "silent", "enlist", "google", "Listen", "stop", "pots", "tops", "stop"});
  const Summary s = group_text(text);
  EXPECT_EQ(s.words, 9u);
  EXPECT_EQ(s.distinct_words, 7u);  // "Listen" is "listen"; "stop" twice is one word
  EXPECT_EQ(s.groups, 3u);
  EXPECT_EQ(s.multi_groups, 2u);
  EXPECT_EQ(s.words_in_multi_groups, 6u);
  ASSERT_EQ(s.top.size(), 2u);
  EXPECT_EQ(s.top[0].key, "eilnst");  // equal sizes: the smaller key first
  EXPECT_EQ(s.top[0].members, (std::vector<std::string>{"enlist", "listen", "silent"}));
  EXPECT_EQ(s.top[1].members, (std::vector<std::string>{"pots", "stop", "tops"}));
}

TEST(AnagramsGrouping, TopKKeepsTheLargest) {
  const std::string text = join_lines({"ab", "ba", "abc", "bca", "cab", "xy", "yx", "q"});
  SummaryOptions one;
  one.top_k = 1;
  const Summary s = group_text(text, sorted_key, false, one);
  ASSERT_EQ(s.top.size(), 1u);
  EXPECT_EQ(s.top[0].size, 3u);
  EXPECT_EQ(s.top[0].key, "abc");
}

TEST(AnagramsGrouping, DigestIgnoresOrderButSeesMembership) {
  std::vector<std::string> words = {"listen", "silent", "enlist", "stop", "pots",
                                    "tops",   "google", "abc",    "cab",  "zebra"};
  const std::uint64_t digest = group_text(join_lines(words)).digest;
  std::mt19937 rng(3);
  for (int round = 0; round < 10; ++round) {
    std::shuffle(words.begin(), words.end(), rng);
    EXPECT_EQ(group_text(join_lines(words)).digest, digest);
  }
  // Same counts, one word moved from one group to another: the digest must change.
  const Summary a = group_text(join_lines({"ab", "ba", "abc", "bca", "cab"}));
  const Summary b = group_text(join_lines({"ab", "ba", "abc", "bca", "cba"}));
  const Summary c = group_text(join_lines({"ab", "ba", "abd", "bca", "cab"}));
  EXPECT_EQ(a.multi_groups, b.multi_groups);
  EXPECT_NE(a.digest, c.digest);
  EXPECT_NE(a.digest, b.digest);  // a different member is a different grouping
}

// Grouping trusts equal hashes of equal-length strings up to kHashIsExactUpTo bytes (the
// argument is in words.hpp; a test cannot prove it, but can catch a hash change that breaks
// it): every string of 1 and 2 bytes, and 8-byte strings differing in two of their bytes,
// hash to distinct values.
TEST(AnagramsWords, HashIsOneToOneOnShortStringsOfOneLength) {
  for (const std::size_t length : {std::size_t{1}, std::size_t{2}}) {
    std::vector<std::uint64_t> hashes;
    for (unsigned v = 0; v < (1u << (8 * length)); ++v) {
      // Eight bytes though only `length` are hashed: GCC 12 does not bound the tail copy of
      // hash_bytes by `length` and warns (-Warray-bounds) about a smaller array.
      char bytes[8] = {static_cast<char>(v & 0xff), static_cast<char>(v >> 8)};
      hashes.push_back(hash_bytes(bytes, length));
    }
    std::sort(hashes.begin(), hashes.end());
    EXPECT_EQ(std::adjacent_find(hashes.begin(), hashes.end()), hashes.end()) << length;
  }
  std::vector<std::uint64_t> hashes;
  for (int i = 0; i < 8; ++i) {
    for (int j = i + 1; j < 8; ++j) {
      for (unsigned v = 0; v < 65536; v += 7) {
        char bytes[8] = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
        bytes[i] = static_cast<char>(v & 0xff);
        bytes[j] = static_cast<char>(v >> 8);
        hashes.push_back(hash_bytes(bytes, 8));
      }
    }
  }
  std::sort(hashes.begin(), hashes.end());
  // Distinct strings may repeat across (i, j): count distinct strings the same way.
  std::vector<std::string> strings;
  for (int i = 0; i < 8; ++i) {
    for (int j = i + 1; j < 8; ++j) {
      for (unsigned v = 0; v < 65536; v += 7) {
        std::string bytes = "abcdefgh";
        bytes[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xff);
        bytes[static_cast<std::size_t>(j)] = static_cast<char>(v >> 8);
        strings.push_back(bytes);
      }
    }
  }
  std::sort(strings.begin(), strings.end());
  const auto distinct_strings =
      static_cast<std::size_t>(std::unique(strings.begin(), strings.end()) - strings.begin());
  EXPECT_EQ(static_cast<std::size_t>(std::unique(hashes.begin(), hashes.end()) - hashes.begin()),
            distinct_strings);
  EXPECT_EQ(kHashIsExactUpTo, 8u);
}

TEST(AnagramsGrouping, MergedPartsEqualTheWhole) {
  std::string text;
  append_generated_words(5000, 11, {0, 5000}, text);
  SummaryOptions options;
  options.lines = true;
  CanonicalPart part;
  canonicalise(text, sorted_key, part);
  const Summary whole = group_by_key(part.entries, options);
  std::vector<Entry> low, high;
  for (const Entry& e : part.entries) (e.hash % 2 ? high : low).push_back(e);
  Summary merged;
  merge_into(merged, group_by_key(low, options), options.top_k);
  merge_into(merged, group_by_key(high, options), options.top_k);
  EXPECT_TRUE(merged.same_grouping(whole));
  EXPECT_GT(whole.multi_groups, 50u);  // the generator makes anagram groups
}

TEST(AnagramsGrouping, NaiveEqualsHashEqualsReference) {
  for (const std::uint64_t n : {1ull, 2ull, 37ull, 3000ull}) {
    std::string text;
    append_generated_words(n, 5, {0, n}, text);
    SummaryOptions options;
    options.lines = true;
    const Summary hash = group_text(text, sorted_key, false, options);
    const Summary naive = group_text(text, sorted_key, true, options);
    const Summary eigen = group_text(text, histogram_key, false, options);
    const Summary reference = reference_grouping(text, options);
    EXPECT_TRUE(naive.same_grouping(hash)) << n;
    EXPECT_TRUE(eigen.same_grouping(hash)) << n;
    EXPECT_TRUE(reference.same_grouping(hash)) << n;
    EXPECT_EQ(hash.words, n);
  }
}

// Large enough that group_by_key partitions its entries into buckets before grouping.
TEST(AnagramsGrouping, BucketedHashEqualsReference) {
  const std::uint64_t n = 60'000;
  std::string text;
  append_generated_words(n, 9, {0, n}, text);
  SummaryOptions options;
  options.lines = true;
  const Summary hash = group_text(text, sorted_key, false, options);
  const Summary reference = reference_grouping(text, options);
  EXPECT_TRUE(reference.same_grouping(hash));
  EXPECT_EQ(hash.words, n);
  EXPECT_GT(hash.multi_groups, 1000u);
}

// Owners x buckets x chunks: 3 owners, each key in exactly one; chunks of unequal size cut
// across the parts (a chunk of two spans, a bucket held by several chunks); the owners'
// summaries merged equal the grouping of the whole.
TEST(AnagramsGrouping, PartitionedOwnersTogetherEqualTheWhole) {
  const std::uint64_t n = 60'000;
  std::string first, second;
  append_generated_words(n / 2, 9, {0, n / 2}, first);
  append_generated_words(n / 2, 9, {n / 2, n}, second);
  CanonicalPart a, b;
  canonicalise(first, sorted_key, a);
  canonicalise(second, sorted_key, b);
  SummaryOptions options;
  options.lines = true;
  std::vector<Entry> all = a.entries;
  all.insert(all.end(), b.entries.begin(), b.entries.end());
  const Summary whole = group_by_key(all, options);

  const std::size_t cut = a.entries.size() / 3;
  const PartitionedEntries::Spans chunk0 = {{a.entries.data(), cut}};
  const PartitionedEntries::Spans chunk1 = {{a.entries.data() + cut, a.entries.size() - cut},
                                            {b.entries.data(), b.entries.size()}};
  PartitionedEntries parts;
  for (int repetition = 0; repetition < 2; ++repetition) {  // reused, as between reps
    parts.reset(all.size(), 3, 2);
    parts.count(1, chunk1);
    parts.count(0, chunk0);
    parts.place();
    parts.scatter(0, chunk0);
    parts.scatter(1, chunk1);
  }
  Summary merged;
  std::uint64_t owned_groups = 0;
  for (std::size_t owner = 0; owner < 3; ++owner) {
    const Summary part = parts.group(owner, options);
    EXPECT_GT(part.groups, whole.groups / 5) << "owner " << owner << " owns too few keys";
    owned_groups += part.groups;
    merge_into(merged, part, options.top_k);
  }
  EXPECT_EQ(owned_groups, whole.groups);  // no key grouped by two owners
  EXPECT_TRUE(merged.same_grouping(whole));
  auto sorted_lines = [](const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  EXPECT_EQ(sorted_lines(merged.lines), sorted_lines(whole.lines));
  EXPECT_GT(whole.multi_groups, 1000u);
}

TEST(AnagramsGrouping, SummaryRoundTrips) {
  SummaryOptions options;
  options.lines = true;
  const Summary s =
      group_text(join_lines({"ab", "ba", "x\ty", "y\tx", "q"}), sorted_key, false, options);
  const Summary back = deserialise(serialise(s));
  EXPECT_TRUE(back.same_grouping(s));
  EXPECT_EQ(back.lines, s.lines);
  EXPECT_THROW(deserialise(serialise(s).substr(0, 20)), RuntimeError);
}

TEST(AnagramsGenerate, DeterministicAndBlockwise) {
  std::string whole, pieces, other_seed;
  append_generated_words(1000, 42, {0, 1000}, whole);
  append_generated_words(1000, 42, {0, 333}, pieces);
  append_generated_words(1000, 42, {333, 1000}, pieces);
  append_generated_words(1000, 43, {0, 1000}, other_seed);
  EXPECT_EQ(whole, pieces);
  EXPECT_NE(whole, other_seed);
  EXPECT_EQ(words_of(whole).size(), 1000u);
}

TEST(AnagramsInput, CountWordsFollowsTheDefinition) {
  const std::string path = ::testing::TempDir() + "anagrams_count_words.txt";
  auto write = [&](const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  };
  write("a\r\n\r\n\nb\nc");
  EXPECT_EQ(count_words(path), 3u);
  write("\n\r\n");
  EXPECT_THROW(count_words(path), UsageError);
  write("");
  EXPECT_THROW(count_words(path), UsageError);
  EXPECT_THROW(count_words(path + ".missing"), UsageError);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace scalelab::anagrams
