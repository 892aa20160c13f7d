// SPDX-License-Identifier: MIT
#pragma once

// Synthetic dispatch data: realistic in shape, invented in content. Row i is a pure function
// of (seed, i): interval i / units (5 minutes apart from 2024/01/01 00:05:00), unit i % units
// (a fixed list of NEM-style ids), and a MW value from that unit's capacity, a daily load
// curve and noise (peaking units sit at 0 most intervals). So any rank or thread can generate
// any block of rows, and a file written by scalelab-groupby-gen holds exactly the rows --size
// generates in memory.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "records.hpp"
#include "scalelab/partition.hpp"

namespace scalelab::groupby {

inline constexpr std::int64_t kFirstInterval = days_from_civil(2024, 1, 1) * 86400 + 300;
inline constexpr std::int64_t kIntervalSeconds = 300;

struct Unit {
  std::string_view id;
  double capacity_mw;
  bool peaker;  // runs only in the evening peak
};

const std::vector<Unit>& units();

struct GeneratedRow {
  std::int64_t time;
  std::uint32_t unit;
  double value;  // rounded to 3 decimals, exactly what the text says
};

GeneratedRow generated_row(std::uint64_t seed, std::uint64_t i);

// Appends row i as a CSV line ("...\n").
void append_row(std::string& out, std::uint64_t seed, std::uint64_t i);

// Rows [rows.begin, rows.end) as CSV lines (no header).
std::string generate_text(std::uint64_t seed, Range rows);

// Writes header + `rows` rows to `path` (replacing it atomically; named --output in errors).
void write_csv(const std::string& path, std::uint64_t seed, std::uint64_t rows);

}  // namespace scalelab::groupby
