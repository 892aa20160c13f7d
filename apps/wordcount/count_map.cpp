// SPDX-License-Identifier: MIT
#include "count_map.hpp"

#include <algorithm>
#include <limits>

#include "scalelab/errors.hpp"

namespace scalelab::wordcount {

std::uint64_t entry_digest(std::string_view word, std::uint64_t count) {
  std::uint64_t h = 0xCBF29CE484222325ULL;  // FNV-1a 64
  for (const char c : word) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  // SplitMix64's finaliser over (word hash, count).
  std::uint64_t z = h + count * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

CountMap::CountMap(std::size_t initial_capacity) {
  std::size_t capacity = 16;
  while (capacity < initial_capacity) capacity *= 2;
  slots_.assign(capacity, Slot{0, 0, 0, 0});
  mask_ = capacity - 1;
}

void CountMap::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{0, 0, 0, 0});
  size_ = 0;
  block_ = 0;
  used_ = 0;
}

const char* CountMap::intern(const char* p, std::size_t length) {
  constexpr std::size_t kBlock = 1 << 20;
  while (block_ < blocks_.size() && used_ + length > block_sizes_[block_]) {
    ++block_;
    used_ = 0;
  }
  if (block_ == blocks_.size()) {
    const std::size_t size = std::max(kBlock, length);
    blocks_.emplace_back(new char[size + 16]());  // + 16: keys are compared by whole words
    block_sizes_.push_back(size);
    used_ = 0;
  }
  char* out = blocks_[block_].get() + used_;
  std::memcpy(out, p, length);
  used_ += length;
  return out;
}

void CountMap::add_long(std::uint64_t hash, const char* p, std::size_t length,
                        std::uint64_t count) {
  std::size_t i = hash & mask_;
  for (;;) {
    Slot& s = slots_[i];
    if (s.hash == hash && !s.empty() && !s.inline_key() && s.length() == length &&
        std::memcmp(s.data(), p, length) == 0) {
      s.count += count;
      return;
    }
    if (s.empty()) break;
    i = (i + 1) & mask_;
  }
  if (length > std::numeric_limits<std::uint32_t>::max()) {
    throw RuntimeError("a word of " + std::to_string(length) + " bytes exceeds the 4 GiB limit");
  }
  const char* key = intern(p, length);
  Slot& s = slots_[i];
  s.hash = hash;
  s.count = count;
  std::memcpy(&s.key0, &key, sizeof key);
  const auto n = static_cast<std::uint32_t>(length);
  s.key1 = std::uint64_t{0xFF} << 56;
  std::memcpy(reinterpret_cast<char*>(&s.key1), &n, 4);
  if (++size_ * 2 > slots_.size()) grow();
}

void CountMap::grow() {
  std::vector<Slot> old(slots_.size() * 2, Slot{0, 0, 0, 0});
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.empty()) continue;
    std::size_t i = s.hash & mask_;
    while (!slots_[i].empty()) i = (i + 1) & mask_;
    slots_[i] = s;
  }
}

void keep_top(std::vector<WordCount>& words, std::size_t k) {
  if (words.size() > k) {
    std::partial_sort(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(k), words.end(),
                      ranks_before);
    words.resize(k);
  } else {
    std::sort(words.begin(), words.end(), ranks_before);
  }
}

TableSummary summarise_maps(const std::vector<CountMap>& maps, std::size_t top_k) {
  TableSummary out;
  // A running top-K: once K are kept, a word counted less than the K-th cannot enter.
  std::vector<WordCount> top;
  std::uint64_t threshold = 0;
  for (const CountMap& map : maps) {
    map.for_each([&](const CountMap::Slot& s) {
      const std::string_view word = s.word();
      out.total += s.count;
      ++out.distinct;
      out.digest += entry_digest(word, s.count);
      if (top_k == 0 || s.count < threshold) return;
      top.push_back({std::string(word), s.count});
      if (top.size() >= 2 * top_k + 64) {
        keep_top(top, top_k);
        threshold = top.back().count;
      }
    });
  }
  keep_top(top, top_k);
  out.top = std::move(top);
  return out;
}

}  // namespace scalelab::wordcount
