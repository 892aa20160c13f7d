#pragma once

// The kernels every model shares: canonicalise a text (fold, key, hash each word), group
// entries by key in a hash table (the O(n) method), the pairwise O(n^2) grouping of --naive,
// and the Summary of a grouping, which parts merge into and ranks exchange.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "words.hpp"

namespace scalelab::anagrams {

// One word after canonicalisation: views into the buffers of the CanonicalPart (or shuffle
// buffer) that owns it. Its key has the word's length.
struct Entry {
  const char* word = nullptr;
  const char* key = nullptr;
  std::uint32_t length = 0;
  std::uint64_t hash = 0;       // hash_bytes(key)
  std::uint64_t word_hash = 0;  // member_hash(word): the digest's, computed while it is in cache
  std::string_view word_view() const { return {word, length}; }
  std::string_view key_view() const { return {key, length}; }
};

// A text after canonicalisation: `words` is the text with letters folded, `keys` the same
// bytes with every word's range sorted (a key is a permutation of its word, so it sits at
// the same offset), and one Entry per word pointing into both. Threads fill neighbouring
// parts at once, and every push_back writes the entries vector's end pointer: aligned to a
// cache line, the parts do not share one (false sharing cost more than a quarter of the
// canonicalise phase at 2 threads).
struct alignas(64) CanonicalPart {
  std::string words;
  std::string keys;
  std::vector<Entry> entries;
};

// A distinct word's contribution to its group's digest.
inline std::uint64_t member_hash(std::string_view word) {
  return mix64(hash_bytes(word) + 0x2545f4914f6cdd1dULL);
}

using KeyFn = void (*)(const char* word, std::size_t length, char* key);

// Fills `out` from `text` with `key` (sorted_key, or eigen's histogram key). Reuses out's
// buffers between repetitions.
inline void canonicalise(std::string_view text, KeyFn key, CanonicalPart& out) {
  out.words.resize(text.size());
  std::transform(text.begin(), text.end(), out.words.begin(), fold_case);
  out.keys.resize(text.size());
  out.entries.clear();
  out.entries.reserve(text.size() / 6);  // a typical word and its newline: < 10 bytes
  for_each_word(text, [&](std::size_t offset, std::size_t length) {
    const char* w = out.words.data() + offset;
    char* k = out.keys.data() + offset;
    key(w, length, k);
    out.entries.push_back({w, k, static_cast<std::uint32_t>(length), hash_bytes(k, length),
                           member_hash({w, length})});
  });
}

// One of the largest groups: its key, distinct size and members (sorted; at most
// kListedMembers of them are kept).
struct TopGroup {
  std::uint64_t size = 0;
  std::string key;
  std::vector<std::string> members;
};
constexpr std::size_t kListedMembers = 16;

// The order of "largest": more members first, then the smaller key (bytewise). Total, so the
// top K are the same whoever computes them.
inline bool larger_group(const TopGroup& a, const TopGroup& b) {
  return a.size != b.size ? a.size > b.size : a.key < b.key;
}

// A grouping, summarised. Parts of one grouping (threads' or ranks' disjoint key ranges)
// merge by adding; `digest` is a sum over groups, so it does not depend on the order groups
// were found in or on who found them.
struct Summary {
  std::uint64_t words = 0;           // lines that are words, duplicates included
  std::uint64_t distinct_words = 0;  // after case folding
  std::uint64_t groups = 0;          // distinct keys (single words included)
  std::uint64_t multi_groups = 0;    // groups of >= 2 distinct words: the anagram groups
  std::uint64_t words_in_multi_groups = 0;
  std::uint64_t digest = 0;
  std::vector<TopGroup> top;  // the largest multi groups, at most K, larger_group order
  std::string lines;          // with --groups: one line per multi group, unsorted

  bool same_grouping(const Summary& other) const;
};

// A group's contribution to the digest: its key hash, mixed with the sum of its distinct
// members' hashes (order-free), so moving one word to another group changes the digest.
inline std::uint64_t group_digest(std::uint64_t key_hash, std::uint64_t member_hash_sum) {
  return mix64(key_hash ^ mix64(member_hash_sum + 0x632be59bd9b4e019ULL));
}

// What a summary should carry besides the counts.
struct SummaryOptions {
  std::size_t top_k = 10;
  bool lines = false;  // build Summary::lines (for --groups)
};

// Adds one group (its distinct members sorted) to `s`. Shared by the hash grouping, the naive
// grouping and the verification's sort-based grouping.
void add_group(std::string_view key, std::uint64_t key_hash,
               const std::vector<std::string_view>& sorted_members, std::uint64_t duplicates,
               const SummaryOptions& options, Summary& s);

// Groups `entries` by key with an open-addressing hash table: O(n). `entries` must hold every
// word of the keys they contain (a thread's or rank's whole key range).
Summary group_by_key(const std::vector<Entry>& entries, const SummaryOptions& options);

// Groups pairwise: each word joins the group of the first earlier word it is an anagram of
// (std::is_permutation), O(n^2) comparisons. Only for small inputs (--naive).
Summary group_pairwise(const std::vector<Entry>& entries, const SummaryOptions& options);

// Adds `part` into `total` (disjoint key ranges); keeps the top K.
void merge_into(Summary& total, const Summary& part, std::size_t top_k);

// A summary as bytes and back, for MPI_Gather.
std::string serialise(const Summary& s);
Summary deserialise(std::string_view bytes);

}  // namespace scalelab::anagrams
