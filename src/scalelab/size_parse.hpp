// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab {

// Parses a positive count with an optional suffix: k/M/G/T are decimal (1e3, 1e6, ...),
// Ki/Mi/Gi/Ti binary (2^10, 2^20, ...). Throws UsageError naming `what` on anything else:
// empty, negative, zero, non-numeric, trailing junk, or a value that overflows 64 bits.
std::uint64_t parse_size(std::string_view text, std::string_view what);

// A 2-D size: NX columns (x) by NY rows (y).
struct Size2D {
  std::uint64_t width = 0;
  std::uint64_t height = 0;
  std::uint64_t cells() const { return width * height; }
  std::string text() const { return std::to_string(width) + "x" + std::to_string(height); }
  friend bool operator==(const Size2D&, const Size2D&) = default;
};

// Parses "NX" (square) or "NXxNY", each count as parse_size. Throws UsageError naming `what`:
// with parse_size's message for a bad single count, as "not a grid" for a bad NXxNY, and when
// the cell count does not fit in 64 bits.
Size2D parse_size_2d(std::string_view text, std::string_view what);

// Parses "A,B,C" into sizes (each as parse_size); an empty item is an error.
std::vector<std::uint64_t> parse_size_list(std::string_view text, std::string_view what);

}  // namespace scalelab
