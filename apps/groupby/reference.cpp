// SPDX-License-Identifier: MIT
#include "reference.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>

#include "generator.hpp"
#include "records.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::groupby {
namespace {

bool reference_time(const std::string& s, std::int64_t& out) {
  if (s.size() != 19) return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  std::tm tm{};
  char a, b, c, d, e;
  if (std::sscanf(s.c_str(), "%4d%c%2d%c%2d%c%2d%c%2d%c%2d", &tm.tm_year, &a, &tm.tm_mon, &b,
                  &tm.tm_mday, &c, &tm.tm_hour, &d, &tm.tm_min, &e, &tm.tm_sec) != 11 ||
      a != '/' || b != '/' || c != ' ' || d != ':' || e != ':') {
    return false;
  }
  const std::tm asked = tm;
  if (asked.tm_year < 1970 || asked.tm_year > 2099) return false;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t t = timegm(&tm);
  // timegm normalises 31 April into 1 May: a date that does not round-trip is not a date.
  if (tm.tm_year + 1900 != asked.tm_year || tm.tm_mon + 1 != asked.tm_mon ||
      tm.tm_mday != asked.tm_mday || tm.tm_hour != asked.tm_hour || tm.tm_min != asked.tm_min ||
      tm.tm_sec != asked.tm_sec) {
    return false;
  }
  out = static_cast<std::int64_t>(t);
  return true;
}

}  // namespace

void ReferenceBuilder::row(std::int64_t time, const std::string& unit, double value) {
  ref_.values[{by_date(by_) ? time : 0, by_unit(by_) ? unit : std::string()}].push_back(value);
  ++ref_.rows;
}

void ReferenceBuilder::line(const std::string& raw, std::uint64_t number) {
  std::string text = raw;
  if (!text.empty() && text.back() == '\r') text.pop_back();
  bool good = std::count(text.begin(), text.end(), ',') == 2;
  std::int64_t time = 0;
  double value = 0;
  std::string unit;
  if (good) {
    const std::size_t c1 = text.find(','), c2 = text.rfind(',');
    unit = text.substr(c1 + 1, c2 - c1 - 1);
    good = reference_time(text.substr(0, c1), time) && !unit.empty() &&
           // The kernel's own number parser (records.hpp, on the core's parse_finite_double):
           // the two must agree on which texts are values (1e-400, 1e308, nan, hex, junk).
           parse_value(text.substr(c2 + 1), value);
  }
  if (good) {
    row(time, unit, value);
  } else if (ref_.bad_lines++ == 0) {
    ref_.first_bad_line = number;
  }
}

std::vector<Group> Reference::groups() const {
  std::vector<Group> out;
  for (const auto& [key, xs] : values) {
    long double sum = 0;
    for (double x : xs) sum += x;
    const long double mean = sum / static_cast<long double>(xs.size());
    long double m2 = 0;
    for (double x : xs) m2 += (x - mean) * (x - mean);
    Group g{key.first, key.second, {}};
    g.moments.count = xs.size();
    g.moments.mean = static_cast<double>(mean);
    g.moments.m2 = static_cast<double>(m2);
    g.moments.min = *std::min_element(xs.begin(), xs.end());
    g.moments.max = *std::max_element(xs.begin(), xs.end());
    out.push_back(std::move(g));
  }
  return out;  // std::map's order: time, then unit name
}

Reference reference_csv(const std::string& path, By by) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RuntimeError("verification cannot read '" + path + "'");
  ReferenceBuilder builder(by);
  std::string text;
  std::uint64_t number = 0;
  while (std::getline(in, text)) {
    if (++number > 1) builder.line(text, number);  // line 1: the header
  }
  return builder.take();
}

Reference reference_generated(std::uint64_t seed, std::uint64_t rows, By by) {
  ReferenceBuilder builder(by);
  std::string text;
  for (std::uint64_t i = 0; i < rows; ++i) {
    text.clear();
    append_row(text, seed, i);
    text.pop_back();  // the newline
    builder.line(text, i + 2);
  }
  return builder.take();
}

}  // namespace scalelab::groupby
