// SPDX-License-Identifier: MIT
#pragma once

// A map from 64-bit group keys to slot numbers, for GroupTable: open addressing with linear
// probing in two flat arrays. std::unordered_map allocated a node per group, and each
// thread's table was rebuilt every repetition and freed by the main thread (another malloc
// arena): at 2 threads that cost a fifth of the run. Here a table is two allocations.

#include <cstdint>
#include <utility>
#include <vector>

namespace scalelab::groupby {

class KeyIndex {
 public:
  KeyIndex() = default;
  // A moved-from index is empty and usable (its counters go with its arrays).
  KeyIndex(KeyIndex&& other) noexcept { *this = std::move(other); }
  KeyIndex& operator=(KeyIndex&& other) noexcept {
    keys_ = std::exchange(other.keys_, {});
    slots_ = std::exchange(other.slots_, {});
    mask_ = std::exchange(other.mask_, 0);
    size_ = std::exchange(other.size_, 0);
    return *this;
  }
  KeyIndex(const KeyIndex&) = delete;
  KeyIndex& operator=(const KeyIndex&) = delete;

  // A key no group has: a packed key's low 32 bits are a unit index, never 0xffffffff.
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

  // The slot of `key`, or `next` (recorded for it) when the key is new; `added` says which.
  std::uint32_t find_or_add(std::uint64_t key, std::uint32_t next, bool& added) {
    if (2 * (size_ + 1) > keys_.size()) grow();
    for (std::size_t pos = hash(key) & mask_;; pos = (pos + 1) & mask_) {
      if (keys_[pos] == key) {
        added = false;
        return slots_[pos];
      }
      if (keys_[pos] == kEmpty) {
        keys_[pos] = key;
        slots_[pos] = next;
        ++size_;
        added = true;
        return next;
      }
    }
  }

 private:
  // Mixes the packed key, whose low bits (unit index) vary little between groups.
  static std::size_t hash(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }

  void grow() {
    std::vector<std::uint64_t> keys(keys_.empty() ? 64 : 2 * keys_.size(), kEmpty);
    std::vector<std::uint32_t> slots(keys.size());
    mask_ = keys.size() - 1;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == kEmpty) continue;
      std::size_t pos = hash(keys_[i]) & mask_;
      while (keys[pos] != kEmpty) pos = (pos + 1) & mask_;
      keys[pos] = keys_[i];
      slots[pos] = slots_[i];
    }
    keys_.swap(keys);
    slots_.swap(slots);
  }

  std::vector<std::uint64_t> keys_;
  std::vector<std::uint32_t> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace scalelab::groupby
