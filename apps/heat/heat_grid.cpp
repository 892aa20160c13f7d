// SPDX-License-Identifier: MIT
#include "heat_grid.hpp"

#include <cmath>

#include "scalelab/errors.hpp"
#include "scalelab/machine.hpp"

namespace scalelab::heat {

std::uint64_t default_side() {
  constexpr std::uint64_t kStep = 256;
  constexpr double kBytesPerCell = 2 * sizeof(double);
  const double cells = 4.0 * static_cast<double>(last_level_cache_bytes()) / kBytesPerCell;
  const auto side = static_cast<std::uint64_t>(std::ceil(std::sqrt(cells)));
  return (side + kStep - 1) / kStep * kStep;
}

GridShape resolve_grid(const std::optional<GridShape>& given, std::uint64_t global_cells) {
  // From --size the cells are whole rows (weak scaling multiplies them); a size set without
  // the grid (CommonOptions::size alone) may not be.
  const std::uint64_t width = given ? given->width : default_side();
  if (global_cells % width != 0) {
    throw UsageError("--size: " + std::to_string(global_cells) +
                     " cells are not a whole number of " + std::to_string(width) + "-cell rows");
  }
  return {width, global_cells / width};
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
