// SPDX-License-Identifier: MIT
#pragma once

// The aggregate of one worker (a thread or a rank): Moments per group, where a group is a
// settlement time, a unit, or both (--by). A row's key is hashed once: the time (< 2^32 s)
// and the unit's index in this table's own unit dictionary pack into one 64-bit key. Rows of
// a dispatch file come sorted by time, so with --by date consecutive rows share their key and
// a one-entry cache skips even that hash.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "key_index.hpp"
#include "moments.hpp"

namespace scalelab::groupby {

enum class By { kDate, kUnit, kBoth };

inline bool by_date(By by) {
  return by != By::kUnit;
}
inline bool by_unit(By by) {
  return by != By::kDate;
}

// One output row: the group's key (the fields --by does not use are 0 / empty) and stats.
struct Group {
  std::int64_t time = 0;
  std::string unit;
  Moments moments;
};

class GroupTable {
 public:
  explicit GroupTable(By by = By::kDate) : by_(by) {}
  // Moves keep the unit dictionary's nodes (and so the cached view into one); copies would not.
  GroupTable(GroupTable&&) = default;
  GroupTable& operator=(GroupTable&&) = default;
  GroupTable(const GroupTable&) = delete;
  GroupTable& operator=(const GroupTable&) = delete;
  By by() const { return by_; }

  // Index of `unit` in this table's dictionary (added on first sight).
  std::uint32_t unit_index(std::string_view unit) {
    if (unit == last_unit_ && last_unit_index_ != kNoUnit) return last_unit_index_;
    auto found = unit_of_.find(unit);
    if (found == unit_of_.end()) {
      found = unit_of_.emplace(std::string(unit), static_cast<std::uint32_t>(units_.size())).first;
      units_.push_back(found->first);
    }
    last_unit_ = found->first;
    last_unit_index_ = found->second;
    return found->second;
  }

  // The slot index of a group, created empty on first sight. `unit`: from unit_index.
  std::uint32_t slot_index(std::int64_t time, std::uint32_t unit) {
    const std::uint64_t key = pack(time, unit);
    if (key == last_key_ && !slots_.empty()) return last_slot_;
    bool added = false;
    const std::uint32_t slot =
        slot_of_.find_or_add(key, static_cast<std::uint32_t>(slots_.size()), added);
    if (added) {
      slots_.emplace_back();
      keys_.push_back(key);
    }
    last_key_ = key;
    last_slot_ = slot;
    return slot;
  }
  Moments& at(std::uint32_t slot) { return slots_[slot]; }
  Moments& slot(std::int64_t time, std::uint32_t unit) { return slots_[slot_index(time, unit)]; }

  void add(std::int64_t time, std::string_view unit, double value) {
    slot(time, by_unit(by_) ? unit_index(unit) : 0).add(value);
  }

  // Folds another table (another thread's, another rank's) into this one.
  void merge(const GroupTable& other);
  void merge(const Group& group);

  std::size_t size() const { return slots_.size(); }
  // Every group, ordered by time then unit name (the output's deterministic order).
  std::vector<Group> sorted() const;

  // A byte string of every group, to ship to another rank; absorb() merges one back in.
  std::string serialize() const;
  void absorb(std::string_view bytes);

 private:
  static constexpr std::uint32_t kNoUnit = 0xffffffffu;
  std::uint64_t pack(std::int64_t time, std::uint32_t unit) const {
    return (by_date(by_) ? static_cast<std::uint64_t>(time) << 32 : 0) | unit;
  }
  std::int64_t time_of(std::uint64_t key) const { return static_cast<std::int64_t>(key >> 32); }
  const std::string& unit_of(std::uint64_t key) const;

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  By by_;
  std::vector<std::string> units_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> unit_of_;
  KeyIndex slot_of_;
  std::vector<Moments> slots_;
  std::vector<std::uint64_t> keys_;
  std::uint64_t last_key_ = ~std::uint64_t{0};
  std::uint32_t last_slot_ = 0;
  std::string_view last_unit_;
  std::uint32_t last_unit_index_ = kNoUnit;
};

}  // namespace scalelab::groupby
