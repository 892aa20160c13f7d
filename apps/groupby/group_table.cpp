// SPDX-License-Identifier: MIT
#include "group_table.hpp"

#include <algorithm>
#include <numeric>

#include "scalelab/byte_buffer.hpp"

namespace scalelab::groupby {

const std::string& GroupTable::unit_of(std::uint64_t key) const {
  static const std::string kNone;
  return by_unit(by_) ? units_[key & 0xffffffffu] : kNone;
}

void GroupTable::merge(const Group& group) {
  const std::uint32_t unit = by_unit(by_) ? unit_index(group.unit) : 0;
  slot(by_date(by_) ? group.time : 0, unit).merge(group.moments);
}

void GroupTable::merge(const GroupTable& other) {
  for (std::size_t i = 0; i < other.slots_.size(); ++i) {
    const std::uint64_t key = other.keys_[i];
    const std::uint32_t unit = by_unit(by_) ? unit_index(other.unit_of(key)) : 0;
    slot(other.time_of(key), unit).merge(other.slots_[i]);
  }
}

std::vector<Group> GroupTable::sorted() const {
  // By time, then unit name. The few hundred unit names are ranked once, so the sort compares
  // integers (time << 32 | rank); and a dispatch file's groups mostly arrive in order already,
  // which is checked before sorting.
  std::vector<std::uint32_t> rank_of(units_.size());
  {
    std::vector<std::uint32_t> by_name(units_.size());
    std::iota(by_name.begin(), by_name.end(), 0u);
    std::sort(by_name.begin(), by_name.end(),
              [&](std::uint32_t a, std::uint32_t b) { return units_[a] < units_[b]; });
    for (std::size_t r = 0; r < by_name.size(); ++r)
      rank_of[by_name[r]] = static_cast<std::uint32_t>(r);
  }
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const std::uint64_t key = keys_[i];
    const std::uint64_t unit_rank = by_unit(by_) ? rank_of[key & 0xffffffffu] : 0;
    order[i] = {(key & ~std::uint64_t{0xffffffffu}) | unit_rank, static_cast<std::uint32_t>(i)};
  }
  if (!std::is_sorted(order.begin(), order.end())) std::sort(order.begin(), order.end());
  std::vector<Group> out;
  out.reserve(slots_.size());
  for (const auto& [rank_key, i] : order)
    out.push_back({time_of(keys_[i]), unit_of(keys_[i]), slots_[i]});
  return out;
}

std::string GroupTable::serialize() const {
  std::string out;
  out.reserve(slots_.size() * 64);
  ByteWriter writer(out);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const std::string& unit = unit_of(keys_[i]);
    const Moments& m = slots_[i];
    writer.put(time_of(keys_[i])).put(static_cast<std::uint32_t>(unit.size())).put_bytes(unit);
    writer.put(m.count).put(m.mean).put(m.m2).put(m.min).put(m.max);
  }
  return out;
}

void GroupTable::absorb(std::string_view bytes) {
  ByteReader reader(bytes, "groupby: a partial aggregate from a rank");
  while (!reader.done()) {
    Group g;
    g.time = reader.get<std::int64_t>();
    g.unit = reader.get_bytes(reader.get<std::uint32_t>());
    g.moments.count = reader.get<std::uint64_t>();
    g.moments.mean = reader.get<double>();
    g.moments.m2 = reader.get<double>();
    g.moments.min = reader.get<double>();
    g.moments.max = reader.get<double>();
    merge(g);
  }
}

}  // namespace scalelab::groupby
