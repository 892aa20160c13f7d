// SPDX-License-Identifier: MIT
#include "generator.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "scalelab/errors.hpp"
#include "scalelab/output_file.hpp"

namespace scalelab::groupby {
namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser: a counter-based generator
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double uniform(std::uint64_t seed, std::uint64_t i) {  // [0, 1)
  return static_cast<double>(mix(mix(seed) ^ i) >> 11) * 0x1.0p-53;
}

}  // namespace

const std::vector<Unit>& units() {
  static const std::vector<Unit> kUnits = {
      {"BAYSW1", 660, false},   {"BAYSW2", 660, false},   {"BAYSW3", 660, false},
      {"BAYSW4", 660, false},   {"ER01", 720, false},     {"ER02", 720, false},
      {"ER03", 720, false},     {"ER04", 720, false},     {"LOYYB1", 560, false},
      {"LOYYB2", 530, false},   {"YWPS1", 375, false},    {"YWPS2", 375, false},
      {"YWPS3", 375, false},    {"YWPS4", 375, false},    {"TARONG#1", 350, false},
      {"TARONG#2", 350, false}, {"GSTONE1", 280, false},  {"GSTONE2", 280, false},
      {"MP1", 700, false},      {"MP2", 700, false},      {"VP5", 660, false},
      {"VP6", 660, false},      {"TORRB1", 200, true},    {"TORRB2", 200, true},
      {"PPCCGT", 480, true},    {"TALWA1", 110, true},    {"URANQ11", 166, true},
      {"URANQ12", 166, true},   {"MCKAY1", 300, false},   {"TUMUT3", 1800, true},
      {"ARWF1", 240, false},    {"MACARTH1", 420, false}, {"SNOWTWN1", 100, false},
      {"HDWF1", 100, false},    {"BLUFF1", 53, false},    {"WATERLWF", 111, false},
  };
  return kUnits;
}

GeneratedRow generated_row(std::uint64_t seed, std::uint64_t i) {
  const auto& list = units();
  const std::uint64_t interval = i / list.size();
  const auto unit = static_cast<std::uint32_t>(i % list.size());
  const Unit& u = list[unit];
  // Fraction of the day (288 intervals), a daily curve peaking in the evening, noise.
  const double day = static_cast<double>(interval % 288) / 288.0;
  const double curve = 0.5 - 0.5 * std::cos(2 * M_PI * (day - 0.3));
  const double noise = uniform(seed, i);
  double load;
  if (u.peaker) {
    load = curve > 0.8 && noise > 0.3 ? curve * (0.6 + 0.4 * noise) : 0.0;
  } else {
    load = 0.45 + 0.4 * curve + 0.15 * (noise - 0.5);
  }
  const double mw = std::round(u.capacity_mw * load * 1000.0) / 1000.0;
  return {kFirstInterval + static_cast<std::int64_t>(interval) * kIntervalSeconds, unit, mw};
}

void append_row(std::string& out, std::uint64_t seed, std::uint64_t i) {
  const GeneratedRow row = generated_row(seed, i);
  out += format_timestamp(row.time);
  out += ',';
  out += units()[row.unit].id;
  out += ',';
  char buffer[32];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, row.value, std::chars_format::fixed, 3);
  out.append(buffer, result.ptr);
  out += '\n';
}

std::string generate_text(std::uint64_t seed, Range rows) {
  std::string out;
  out.reserve(rows.size() * 36);
  for (std::uint64_t i = rows.begin; i < rows.end; ++i) append_row(out, seed, i);
  return out;
}

void write_csv(const std::string& path, std::uint64_t seed, std::uint64_t rows) {
  ReplacedFile out("--output", path);
  out.write(std::string(kHeader) + "\n");
  constexpr std::uint64_t kBlock = 1 << 16;
  for (std::uint64_t at = 0; at < rows; at += kBlock) {
    out.write(generate_text(seed, {at, std::min(rows, at + kBlock)}));
  }
  out.commit();
}

}  // namespace scalelab::groupby
