// SPDX-License-Identifier: MIT
#pragma once

// The shape of heat's grid and of its process grid: the default size, the run's grid from
// --size, and which MPI_Dims_create factorisation goes along which axis. Pure functions (no
// MPI), so they are unit-tested directly.
//
// --size is a typed grid option (grid_size_option): the record's `size` counts cells (NX*NY)
// and weak scaling multiplies cells. The grid keeps the width NX the user asked for and takes
// its height from the cell count: weak scaling stacks the per-core grid along y
// (NX x NY*cores), which keeps the cells per core constant.

#include <cstdint>
#include <optional>

#include "scalelab/size_parse.hpp"

namespace scalelab::heat {

// NX columns (x, contiguous in memory) by NY rows (y).
using GridShape = Size2D;

// Side of the default square grid: the smallest multiple of 256 whose two working fields
// (old and new, 8 bytes a cell each) fill at least 4x the last-level cache, so the stencil
// streams from memory like triad does.
std::uint64_t default_side();

// The run's grid: the width given with --size (the default side when none was), the height
// from the driver's cell count (weak scaling already applied).
GridShape resolve_grid(const std::optional<GridShape>& given, std::uint64_t global_cells);

// Ranks in a 2-D grid: `rows` along y, `cols` along x.
struct ProcessGrid {
  int rows = 1;
  int cols = 1;
  friend bool operator==(const ProcessGrid&, const ProcessGrid&) = default;
};

// Orients MPI_Dims_create's factors (`larger` >= `smaller`) over the grid: the orientation
// with the shorter halo per rank, ties going to more rank rows (their halos are contiguous
// rows). UsageError when the grid has fewer cells than ranks along an axis either way.
ProcessGrid orient_process_grid(int larger, int smaller, GridShape grid);

}  // namespace scalelab::heat
