// SPDX-License-Identifier: MIT
#include "scalelab/size_parse.hpp"

#include <array>
#include <charconv>
#include <string>
#include <utility>

#include "scalelab/errors.hpp"
#include "scalelab/quote.hpp"

namespace scalelab {
namespace {

std::uint64_t suffix_multiplier(std::string_view suffix, std::string_view what,
                                std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::uint64_t>, 8> kSuffixes{{
      {"k", 1'000ULL},
      {"M", 1'000'000ULL},
      {"G", 1'000'000'000ULL},
      {"T", 1'000'000'000'000ULL},
      {"Ki", 1ULL << 10},
      {"Mi", 1ULL << 20},
      {"Gi", 1ULL << 30},
      {"Ti", 1ULL << 40},
  }};
  if (suffix.empty()) return 1;
  for (const auto& [name, multiplier] : kSuffixes) {
    if (suffix == name) return multiplier;
  }
  throw UsageError(std::string(what) + ": " + quote_input(text, 60) +
                   " has an unknown suffix (use k, M, G, T or Ki, Mi, Gi, Ti)");
}

}  // namespace

std::uint64_t parse_size(std::string_view text, std::string_view what) {
  const std::string quoted = std::string(what) + ": " + quote_input(text, 60);
  if (text.empty())
    throw UsageError(std::string(what) + ": empty value, expected a positive count");
  if (text.front() == '-') throw UsageError(quoted + " is negative, expected a positive count");
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range)
    throw UsageError(quoted + " does not fit in 64 bits");
  if (error != std::errc() || end == text.data()) {
    throw UsageError(quoted + " is not a number, expected a positive count like 1000, 4M or 2Gi");
  }
  const std::string_view suffix = text.substr(static_cast<std::size_t>(end - text.data()));
  const std::uint64_t multiplier = suffix_multiplier(suffix, what, text);
  if (value == 0) throw UsageError(quoted + " is zero, expected a positive count");
  if (value > UINT64_MAX / multiplier) throw UsageError(quoted + " does not fit in 64 bits");
  return value * multiplier;
}

Size2D parse_size_2d(std::string_view text, std::string_view what) {
  Size2D size;
  const std::size_t x = text.find('x');
  if (x == std::string_view::npos) {
    size.width = size.height = parse_size(text, what);
  } else {
    try {
      size.width = parse_size(text.substr(0, x), what);
      size.height = parse_size(text.substr(x + 1), what);
    } catch (const UsageError&) {
      // One message for the whole value: "64x" is a grid with a side missing, not an
      // empty count.
      throw UsageError(std::string(what) + ": " + quote_input(text, 60) +
                       " is not a grid NX or NXxNY of positive counts (e.g. 1024, 4Ki or 640x480)");
    }
  }
  if (size.width > UINT64_MAX / size.height) {
    throw UsageError(std::string(what) + ": " + size.text() + " cells do not fit in 64 bits");
  }
  return size;
}

std::vector<std::uint64_t> parse_size_list(std::string_view text, std::string_view what) {
  std::vector<std::uint64_t> values;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    values.push_back(parse_size(text.substr(start, comma - start), what));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return values;
}

}  // namespace scalelab
