// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace scalelab {

// Parses a positive count with an optional suffix: k/M/G/T are decimal (1e3, 1e6, ...),
// Ki/Mi/Gi/Ti binary (2^10, 2^20, ...). Throws UsageError naming `what` on anything else:
// empty, negative, zero, non-numeric, trailing junk, or a value that overflows 64 bits.
std::uint64_t parse_size(std::string_view text, std::string_view what);

// Parses "A,B,C" into sizes (each as parse_size); an empty item is an error.
std::vector<std::uint64_t> parse_size_list(std::string_view text, std::string_view what);

}  // namespace scalelab
