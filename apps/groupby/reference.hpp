// SPDX-License-Identifier: MIT
#pragma once

// The independent serial computation verification compares against. Deliberately written
// another way than the variants: lines from std::getline, fields by counting commas,
// timestamps by sscanf + timegm, groups in a std::map holding every value, and a two-pass
// long-double mean and variance. If the scanner, the key packing, the Welford/Chan merge or
// the line bookkeeping is wrong, the two disagree. Values alone are read by the kernel's
// parse_value: which texts are numbers is a definition (one parser), not a computation.

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "group_table.hpp"

namespace scalelab::groupby {

struct Reference {
  std::map<std::pair<std::int64_t, std::string>, std::vector<double>> values;
  std::uint64_t rows = 0, bad_lines = 0, first_bad_line = 0;
  std::vector<Group> groups() const;  // in the output's order
};

// Reads lines from `in`, the first being line `first_line` (the header, when `header`).
class ReferenceBuilder {
 public:
  explicit ReferenceBuilder(By by) : by_(by) {}
  void line(const std::string& text, std::uint64_t number);
  void row(std::int64_t time, const std::string& unit, double value);
  Reference take() { return std::move(ref_); }

 private:
  By by_;
  Reference ref_;
};

Reference reference_csv(const std::string& path, By by);
Reference reference_generated(std::uint64_t seed, std::uint64_t rows, By by);

}  // namespace scalelab::groupby
