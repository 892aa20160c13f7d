// SPDX-License-Identifier: MIT
#pragma once

// The word -> count table every counting model fills: open addressing with linear probing
// over a power-of-two array of 32-byte slots {hash, key, length, count}. A word is hashed
// once (hash_word); the 64-bit hash is kept in the slot, so growing, merging maps and the
// MPI exchange (which ships the hash with the word) never hash again. Keys are copied into
// the map's own arena on first insertion, so a map outlives the buffer it was counted from
// (the pipeline reuses its buffers) and costs one copy per distinct word, not per word.
//
// Which bits decide what: the slot index uses the low bits; the owning MPI rank the top 32
// bits (owner_of); the thread partition of a merge bits 16-31 (partition_of), so a rank's
// words still spread evenly over its threads.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#if defined(__BMI2__)
#include <immintrin.h>
#endif

namespace scalelab::wordcount {

// The low `bytes` bytes of w (all of it from 8 on): BMI2's bzhi, a shift otherwise.
inline std::uint64_t low_bytes(std::uint64_t w, std::size_t bytes) {
#if defined(__BMI2__)
  return _bzhi_u64(w, static_cast<unsigned>(8 * bytes));
#else
  return bytes >= 8 ? w : w & ((std::uint64_t{1} << (8 * bytes)) - 1);
#endif
}
inline std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Hash of a word. Words up to 16 bytes (nearly all) take one predictable branch: two 8-byte
// loads masked to the word, no loop. Reads whole 8-byte words: bytes up to p + max(length,
// 16) must be readable (every buffer the scan sees carries kPadding bytes of slack).
inline std::uint64_t hash_word(const char* p, std::size_t length) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  constexpr std::uint64_t kMul2 = 0xD6E8FEB86659FD93ULL;
  std::uint64_t h;
  if (length <= 16) {
    const std::uint64_t w0 = low_bytes(load8(p), length);
    const std::uint64_t w1 = low_bytes(load8(p + 8), length > 8 ? length - 8 : 0);
    h = (w0 ^ (length * kMul2)) * kMul ^ ((w1 + length) * kMul2);
  } else {
    h = length * kMul2;
    std::size_t i = 0;
    for (; i + 8 <= length; i += 8) {
      h = (h ^ load8(p + i)) * kMul;
      h ^= h >> 29;
    }
    h = (h ^ low_bytes(load8(p + i), length - i)) * kMul;
  }
  h ^= h >> 32;
  h *= kMul2;
  h ^= h >> 29;
  return h;
}

inline int owner_of(std::uint64_t hash, int ranks) {
  return static_cast<int>(((hash >> 32) * static_cast<std::uint64_t>(ranks)) >> 32);
}
inline int partition_of(std::uint64_t hash, int parts) {
  return static_cast<int>((((hash >> 16) & 0xFFFF) * static_cast<std::uint64_t>(parts)) >> 16);
}

// Order-independent digest of a count table: the sum (mod 2^64) over its entries of a mix
// of (FNV-1a of the word, count). Tables split over threads or ranks add up to the digest
// of the whole; FNV-1a is independent of hash_word, so the reference count can compute it
// without touching the counting code.
std::uint64_t entry_digest(std::string_view word, std::uint64_t count);

class CountMap {
 public:
  // 32 bytes, two to a cache line. A word of up to 15 bytes lives in the slot itself
  // (bytes 0-14 of `key`, zero-padded, its length in byte 15), so finding it costs one
  // cache line and no pointer chase; a longer word's bytes are in the arena (byte 15 =
  // 0xFF, then pointer and length). An empty slot has key words {0, 0}.
  struct Slot {
    std::uint64_t hash;
    std::uint64_t count;
    std::uint64_t key0;
    std::uint64_t key1;

    bool empty() const { return key1 == 0; }
    bool inline_key() const { return (key1 >> 56) != 0xFF; }
    std::size_t length() const {
      if (inline_key()) return static_cast<std::size_t>(key1 >> 56);
      std::uint32_t n;
      std::memcpy(&n, reinterpret_cast<const char*>(&key1), 4);
      return n;
    }
    // The word's bytes, readable 16 bytes on (what add() needs of its argument).
    const char* data() const {
      if (inline_key()) return reinterpret_cast<const char*>(&key0);
      const char* p;
      std::memcpy(&p, &key0, sizeof p);
      return p;
    }
    std::string_view word() const { return {data(), length()}; }
  };
  static_assert(sizeof(Slot) == 32);

  explicit CountMap(std::size_t initial_capacity = 1 << 12);
  CountMap(CountMap&&) noexcept = default;
  CountMap& operator=(CountMap&&) noexcept = default;

  // Adds `count` occurrences of word p[0, length) whose hash_word is `hash`. p must stay
  // readable 16 bytes on (scan buffers carry kPadding; the exchange pads what it receives;
  // slots and the arena hold 16).
  void add(std::uint64_t hash, const char* p, std::size_t length, std::uint64_t count = 1) {
    if (length <= 15) {
      const std::uint64_t k0 = low_bytes(load8(p), length);
      const std::uint64_t k1 = low_bytes(load8(p + 8), length > 8 ? length - 8 : 0) |
                               (static_cast<std::uint64_t>(length) << 56);
      std::size_t i = hash & mask_;
      for (;;) {
        Slot& s = slots_[i];
        if (s.hash == hash && s.key0 == k0 && s.key1 == k1) {
          s.count += count;
          return;
        }
        if (s.empty()) {
          s = Slot{hash, count, k0, k1};
          if (++size_ * 2 > slots_.size()) grow();
          return;
        }
        i = (i + 1) & mask_;
      }
    }
    add_long(hash, p, length, count);
  }
  void add(const char* p, std::size_t length) { add(hash_word(p, length), p, length); }
  // Brings the slot a word with this hash will probe first into cache.
  void prefetch(std::uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }

  std::size_t distinct() const { return size_; }
  // Empties the map, keeping its capacity and arena.
  void clear();

  // Calls f(slot) for every occupied slot.
  template <class F>
  void for_each(F&& f) const {
    for (const Slot& s : slots_)
      if (!s.empty()) f(s);
  }

 private:
  void add_long(std::uint64_t hash, const char* p, std::size_t length, std::uint64_t count);
  void grow();
  const char* intern(const char* p, std::size_t length);

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  // Arena of the bytes of words longer than 15: blocks never move, so they stay valid
  // until clear().
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::size_t> block_sizes_;
  std::size_t block_ = 0;  // current block
  std::size_t used_ = 0;   // bytes used in it
};

// One word and its count, owning the word: what leaves a rank (top-K, --counts).
struct WordCount {
  std::string word;
  std::uint64_t count = 0;
};
// The order of --top and --counts: count descending, then word ascending (bytewise).
inline bool ranks_before(const WordCount& a, const WordCount& b) {
  return a.count != b.count ? a.count > b.count : a.word < b.word;
}

// Summary of a count table (or of part of one: totals and digests add up).
struct TableSummary {
  std::uint64_t total = 0;
  std::uint64_t distinct = 0;
  std::uint64_t digest = 0;
  std::vector<WordCount> top;  // at most K, in ranks_before order
};
TableSummary summarise_maps(const std::vector<CountMap>& maps, std::size_t top_k);

// Keeps the best `k` of `words` (ranks_before order), sorted.
void keep_top(std::vector<WordCount>& words, std::size_t k);

}  // namespace scalelab::wordcount
