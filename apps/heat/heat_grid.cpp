// SPDX-License-Identifier: MIT
#include "heat_grid.hpp"

#include <cmath>

#include "scalelab/errors.hpp"
#include "scalelab/machine.hpp"
#include "scalelab/quote.hpp"
#include "scalelab/size_parse.hpp"

namespace scalelab::heat {
namespace {

constexpr std::string_view kSizeOption = "--size";
constexpr std::string_view kGridOption = "--grid";

UsageError not_a_grid(std::string_view text) {
  return UsageError("--size: " + quote_input(text, 60) +
                    " is not a grid NX or NXxNY of positive counts (e.g. 1024, 4Ki or 640x480)");
}

// One count of a grid, reported as a whole-grid error.
std::uint64_t parse_count(std::string_view part, std::string_view whole) {
  try {
    return parse_size(part, kSizeOption);
  } catch (const UsageError&) {
    throw not_a_grid(whole);
  }
}

bool is_count(std::string_view text) {
  try {
    parse_size(text, kSizeOption);
    return true;
  } catch (const UsageError&) {
    return false;
  }
}

// The --size value rewritten for the shared parser, or nothing to leave `value` untouched.
std::vector<std::string> rewrite_size(const std::string& value) {
  try {
    const GridShape grid = parse_grid(value);
    return {std::string(kSizeOption), std::to_string(grid.cells()), std::string(kGridOption),
            value};
  } catch (const UsageError&) {
    // A grid setup must refuse (64x, a side whose square overflows) goes there, so the
    // message is about the grid; a plain bad count stays with the shared parser's messages.
    if (value.find('x') == std::string::npos && !is_count(value)) return {};
    return {std::string(kSizeOption), "1", std::string(kGridOption), value};
  }
}

}  // namespace

GridShape parse_grid(std::string_view text) {
  const std::size_t x = text.find('x');
  GridShape grid;
  if (x == std::string_view::npos) {
    grid.width = grid.height = parse_count(text, text);
  } else {
    grid.width = parse_count(text.substr(0, x), text);
    grid.height = parse_count(text.substr(x + 1), text);
  }
  if (grid.width > UINT64_MAX / grid.height) {
    throw UsageError("--size: " + grid.text() + " cells do not fit in 64 bits");
  }
  return grid;
}

std::uint64_t default_side() {
  constexpr std::uint64_t kStep = 256;
  constexpr double kBytesPerCell = 2 * sizeof(double);
  const double cells = 4.0 * static_cast<double>(last_level_cache_bytes()) / kBytesPerCell;
  const auto side = static_cast<std::uint64_t>(std::ceil(std::sqrt(cells)));
  return (side + kStep - 1) / kStep * kStep;
}

GridShape resolve_grid(const std::string& grid_text, std::uint64_t global_cells) {
  const std::uint64_t width = grid_text.empty() ? default_side() : parse_grid(grid_text).width;
  if (global_cells % width != 0) {
    throw UsageError("--size: " + std::to_string(global_cells) +
                     " cells are not a whole number of " + std::to_string(width) + "-cell rows");
  }
  return {width, global_cells / width};
}

std::vector<std::string> expand_grid_size(std::vector<std::string> args) {
  std::vector<std::string> out;
  out.reserve(args.size() + 2);
  const std::string with_equals = std::string(kSizeOption) + "=";
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::vector<std::string> rewritten;
    if (i > 0 && args[i] == kSizeOption && i + 1 < args.size()) {
      rewritten = rewrite_size(args[i + 1]);
      if (!rewritten.empty()) ++i;
    } else if (i > 0 && args[i].starts_with(with_equals)) {
      rewritten = rewrite_size(args[i].substr(with_equals.size()));
    }
    if (rewritten.empty()) {
      out.push_back(std::move(args[i]));
    } else {
      out.insert(out.end(), rewritten.begin(), rewritten.end());
    }
  }
  return out;
}

ProcessGrid orient_process_grid(int larger, int smaller, GridShape grid) {
  const auto fits = [&](ProcessGrid p) {
    return grid.height >= static_cast<std::uint64_t>(p.rows) &&
           grid.width >= static_cast<std::uint64_t>(p.cols);
  };
  // Halo cells a rank sends per step, up to a constant: one block row plus one block column.
  const auto halo = [&](ProcessGrid p) {
    return (grid.width + p.cols - 1) / p.cols * (p.rows > 1 ? 1 : 0) +
           (grid.height + p.rows - 1) / p.rows * (p.cols > 1 ? 1 : 0);
  };
  const ProcessGrid tall{larger, smaller};  // more rank rows: contiguous halos
  const ProcessGrid wide{smaller, larger};
  if (fits(tall) && (!fits(wide) || halo(tall) <= halo(wide))) return tall;
  if (fits(wide)) return wide;
  throw UsageError("--size: the " + grid.text() + " grid is smaller than the " +
                   std::to_string(smaller) + "x" + std::to_string(larger) + " process grid of " +
                   std::to_string(larger * smaller) +
                   " ranks (every rank needs at least one row and one column)");
}

}  // namespace scalelab::heat
