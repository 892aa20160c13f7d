#include "group_table.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "scalelab/errors.hpp"

namespace scalelab::groupby {
namespace {

template <class T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <class T>
T take(std::string_view& in) {
  if (in.size() < sizeof(T)) throw RuntimeError("groupby: truncated partial aggregate");
  T value;
  std::memcpy(&value, in.data(), sizeof value);
  in.remove_prefix(sizeof value);
  return value;
}

}  // namespace

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
  std::vector<Group> out;
  out.reserve(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    out.push_back({time_of(keys_[i]), unit_of(keys_[i]), slots_[i]});
  }
  std::sort(out.begin(), out.end(), [](const Group& a, const Group& b) {
    return a.time != b.time ? a.time < b.time : a.unit < b.unit;
  });
  return out;
}

std::string GroupTable::serialize() const {
  std::string out;
  out.reserve(slots_.size() * 64);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const std::string& unit = unit_of(keys_[i]);
    const Moments& m = slots_[i];
    put(out, time_of(keys_[i]));
    put(out, static_cast<std::uint32_t>(unit.size()));
    out += unit;
    put(out, m.count);
    put(out, m.mean);
    put(out, m.m2);
    put(out, m.min);
    put(out, m.max);
  }
  return out;
}

void GroupTable::absorb(std::string_view bytes) {
  while (!bytes.empty()) {
    Group g;
    g.time = take<std::int64_t>(bytes);
    const auto length = take<std::uint32_t>(bytes);
    if (bytes.size() < length) throw RuntimeError("groupby: truncated partial aggregate");
    g.unit.assign(bytes.substr(0, length));
    bytes.remove_prefix(length);
    g.moments.count = take<std::uint64_t>(bytes);
    g.moments.mean = take<double>(bytes);
    g.moments.m2 = take<double>(bytes);
    g.moments.min = take<double>(bytes);
    g.moments.max = take<double>(bytes);
    merge(g);
  }
}

}  // namespace scalelab::groupby
