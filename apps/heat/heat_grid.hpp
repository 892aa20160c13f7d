// SPDX-License-Identifier: MIT
#pragma once

// The shape of heat's grid and of its process grid: `--size NX[xNY]` parsing, the default
// size, and which MPI_Dims_create factorisation goes along which axis. Pure functions (no
// MPI), so they are unit-tested directly.
//
// The shared driver parses --size as one count; heat's main() rewrites `--size 64x48` to
// `--size 3072 --grid 64x48` (expand_grid_size) before the driver sees it, so the record's
// `size` counts cells (NX*NY) and weak scaling multiplies cells. The grid keeps the width NX
// the user asked for and takes its height from the cell count: weak scaling stacks the
// per-core grid along y (NX x NY*cores), which keeps the cells per core constant.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace scalelab::heat {

// NX columns (x, contiguous in memory) by NY rows (y).
struct GridShape {
  std::uint64_t width = 0;
  std::uint64_t height = 0;
  std::uint64_t cells() const { return width * height; }
  std::string text() const { return std::to_string(width) + "x" + std::to_string(height); }
  friend bool operator==(const GridShape&, const GridShape&) = default;
};

// Parses "NX" (square) or "NXxNY"; each count takes the k/M/G/Ki/Mi/Gi suffixes of --size.
// UsageError naming --size for anything else, zero counts, or a cell count beyond 64 bits.
GridShape parse_grid(std::string_view text);

// Side of the default square grid: the smallest multiple of 256 whose two working fields
// (old and new, 8 bytes a cell each) fill at least 4x the last-level cache, so the stencil
// streams from memory like triad does.
std::uint64_t default_side();

// The run's grid: the width given with --size (the default side when none was), the height
// from the driver's cell count (weak scaling already applied). UsageError if the counts
// disagree (only possible when --grid is passed by hand).
GridShape resolve_grid(const std::string& grid_text, std::uint64_t global_cells);

// argv with every `--size V`/`--size=V` rewritten to `--size <cells> --grid V` when V is a
// grid (NXxNY, or a side NX). A V setup must refuse (it has an 'x', or it is a side whose
// square overflows) goes on as `--size 1 --grid V`, so the message is about the grid; any
// other V (not a count at all) is left for the shared parser and its messages.
std::vector<std::string> expand_grid_size(std::vector<std::string> args);

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
