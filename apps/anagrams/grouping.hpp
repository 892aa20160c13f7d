// SPDX-License-Identifier: MIT
#pragma once

// The kernels every model shares: canonicalise a text (fold, key, hash each word), group
// entries by key in a hash table (the O(n) method), the pairwise O(n^2) grouping of --naive,
// and the Summary of a grouping, which parts merge into and ranks exchange.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
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
constexpr std::uint64_t kMemberSalt = 0x2545f4914f6cdd1dULL;
inline std::uint64_t member_hash(std::string_view word) {
  return mix64(hash_bytes(word) + kMemberSalt);
}

using KeyFn = void (*)(const char* word, std::size_t length, char* key);

// Fills `out` from `text` with `key` (sorted_key, or eigen's histogram key). Reuses out's
// buffers between repetitions. Only the bytes of words are written to out.words and out.keys
// (what lies between them is unspecified).
//
// With sorted_key, a word of up to 16 bytes is done in registers, in one go: loaded, folded,
// stored, sorted (sort16), stored, and both hashes taken from the registers (hash_short), which
// is about twice as fast as the general path (fold, key, hash each from memory).
inline void canonicalise(std::string_view text, KeyFn key, CanonicalPart& out) {
  constexpr std::size_t kSlack = 16;  // the short path stores whole 16-byte blocks
  out.words.resize(text.size() + kSlack);
  out.keys.resize(text.size() + kSlack);
  out.entries.clear();
  out.entries.reserve(text.size() / 6);  // a typical word and its newline: < 10 bytes
  const bool short_path = key == &sorted_key;
  for_each_word(text, [&](std::size_t offset, std::size_t length) {
    char* w = out.words.data() + offset;
    char* k = out.keys.data() + offset;
#if defined(__SSE2__)
    if (short_path && length <= 16) {
      alignas(16) unsigned char word[16] = {};
      alignas(16) unsigned char sorted[16] = {};
      __m128i raw;
      if (offset + 16 <= text.size()) {  // one load, the bytes after the word masked off
        const __m128i lane = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        const __m128i in_word = _mm_cmplt_epi8(lane, _mm_set1_epi8(static_cast<char>(length)));
        raw = _mm_and_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + offset)),
                            in_word);
      } else {  // the end of the text: do not read past it
        std::memcpy(word, text.data() + offset, length);
        raw = _mm_load_si128(reinterpret_cast<const __m128i*>(word));
      }
      const __m128i folded = fold_case16(raw);
      _mm_store_si128(reinterpret_cast<__m128i*>(word), folded);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(w), folded);
      sort16(word, length, sorted);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(k),
                       _mm_load_si128(reinterpret_cast<const __m128i*>(sorted)));
      std::uint64_t word_lo, word_hi, key_lo, key_hi;
      std::memcpy(&word_lo, word, 8);
      std::memcpy(&word_hi, word + 8, 8);
      std::memcpy(&key_lo, sorted, 8);
      std::memcpy(&key_hi, sorted + 8, 8);
      out.entries.push_back({w, k, static_cast<std::uint32_t>(length),
                             hash_short(key_lo, key_hi, length),
                             mix64(hash_short(word_lo, word_hi, length) + kMemberSalt)});
      return;
    }
#endif
    std::transform(text.data() + offset, text.data() + offset + length, w, fold_case);
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
// add_group in two steps, for a grouping that knows its members' hashes: record_group counts
// a group of `size` distinct members (member_hash_sum: the sum of their member_hash) and says
// whether it must be listed (a line for --groups, or a place among the top K); then
// list_group lists it, given its distinct members sorted.
bool record_group(std::string_view key, std::uint64_t key_hash, std::uint64_t size,
                  std::uint64_t member_hash_sum, std::uint64_t duplicates,
                  const SummaryOptions& options, Summary& s);
void list_group(std::string_view key, const std::vector<std::string_view>& sorted_members,
                const SummaryOptions& options, Summary& s);

// The entries of a rank, partitioned for grouping by `owners` workers (its threads): each
// worker owns the keys whose hash's low 32 bits, scaled to [0, owners) by a multiply and
// shift, give it (ranks split keys by hash % R, so the splits are independent), and groups
// them bucket by bucket (the top bits of the hash: equal keys share a bucket, and a bucket's
// table and entries fit a core's L2 cache). A parallel radix partition: every chunk of the
// entries (one thread each) counts its entries per (owner, bucket) slot; place() lays the
// slots out one after the other, each slot's part of every chunk side by side; every chunk
// copies its entries to their places; then every owner groups its slots, each one
// contiguous. Each entry is read twice and copied once, by the thread whose chunk it is in.
// Reused between repetitions (no buffer is allocated again for the same sizes).
class PartitionedEntries {
 public:
  using Spans = std::vector<std::pair<const Entry*, std::size_t>>;
  // Starts a partition of `total` entries in `chunks` chunks for `owners` owners.
  void reset(std::size_t total, std::size_t owners, std::size_t chunks);
  void count(std::size_t chunk, const Spans& spans);    // 1: each chunk, on its own thread
  void place();                                         // 2: once
  void scatter(std::size_t chunk, const Spans& spans);  // 3: each chunk, on its own thread
  Summary group(std::size_t owner, const SummaryOptions& options) const;  // 4: each owner

 private:
  std::size_t slot_of(std::uint64_t hash) const {
    const std::size_t owner = owners_ == 1 ? 0 : ((hash & 0xffffffffULL) * owners_) >> 32;
    return owner * buckets_ + (bits_ == 0 ? 0 : static_cast<std::size_t>(hash >> (64 - bits_)));
  }
  std::size_t owners_ = 1;
  int bits_ = 0;
  std::size_t buckets_ = 1;
  std::vector<std::vector<std::size_t>> cursor_;  // [chunk][slot]: count, then where to write
  std::vector<std::size_t> begin_;                // [slot]: where it starts (+ the end)
  std::vector<Entry> entries_;
};

// Groups `entries` by key with open-addressing hash tables: O(n). (PartitionedEntries with
// one owner and one chunk.)
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
