// SPDX-License-Identifier: MIT
#pragma once

// Temporal blocking (--time-block K): K steps of the stencil per pass over the field, so a
// grid far larger than the cache is streamed from memory once per K steps instead of once
// per step.
//
// Overlapped (trapezoid) tiling: the block is cut into tiles of kTileRows x kTileCols cells.
// For each tile, K Jacobi levels are computed over a region that starts K cells beyond the
// tile and shrinks by one cell per level on every side that faces more cells (a neighbour
// tile or a neighbour rank's ghosts): level 1 reads the input field, levels 1..K-1 alternate
// between a small buffer pair that stays in cache, and level K (the tile's own cells) goes
// to the output field, so a pass reads and writes the field once. The halo cells are
// computed redundantly by every tile that needs them. On a side that is the domain edge the
// region stops at the edge and the buffer's ghost is refreshed before every level (fixed:
// the boundary value; insulated: the mirror of that level's edge cell), as the plain stencil
// refreshes the field's ghosts before every step. Every cell of every level is
// jacobi_update of the same operands as in the plain stencil (update_row), so the result is
// bit-identical to K plain steps.

#include <cstdint>
#include <vector>

#include "heat_field.hpp"
#include "heat_grid.hpp"
#include "scalelab/partition.hpp"

namespace scalelab::heat {

// Tile size: two buffers of (64 + 2K) x (512 + 2K) doubles take 0.7 MB at K = 8, so they
// stay in a core's L2 cache (typically 1-2 MB), while the halo adds only ~14 % of redundant
// updates at K = 8 (less at smaller K).
constexpr std::uint64_t kTileRows = 64;
constexpr std::uint64_t kTileCols = 512;

// UsageError naming --time-block when K ghost layers would be wider than the smallest
// block of `grid` over `ranks` (a pass reads K layers of the neighbour's block).
void check_time_block(std::uint64_t time_block, GridShape grid, ProcessGrid ranks);

struct Boundary {
  bool insulated = false;
  double value = 0;  // of a fixed boundary
};

// Advances a rank's block by up to `max_levels` steps per call. Holds one buffer pair per
// OpenMP thread (allocated and first touched by that thread).
class TimeBlocking {
 public:
  TimeBlocking(std::uint64_t block_rows, std::uint64_t block_cols, Edges edges, Boundary boundary,
               double alpha, std::uint64_t max_levels);

  // `out` = `levels` (1..max_levels) steps of the stencil from `in`, on every cell of the
  // block. `in` must hold current ghosts `levels` deep on every side facing a neighbour rank
  // and current first-layer ghosts on the domain edges (prepare_boundary). Tiles split over the
  // OpenMP threads by rows (as Field::first_touch splits them) when `threaded`.
  void advance(const Field& in, Field& out, std::uint64_t levels, bool threaded);

  // Cell updates done by advance() so far on this rank, halo recomputation included.
  std::uint64_t updates() const;
  // Bytes of the buffers of `threads` threads.
  static double buffer_bytes(std::uint64_t block_rows, std::uint64_t block_cols,
                             std::uint64_t max_levels, int threads);

 private:
  struct alignas(64) Scratch {
    Field buffers[2];
    std::uint64_t updates = 0;
  };
  void advance_rows(const Field& in, Field& out, Range rows, std::uint64_t levels,
                    Scratch& scratch) const;
  void advance_tile(const Field& in, Field& out, Region tile, std::uint64_t levels,
                    Scratch& scratch) const;

  std::int64_t rows_, cols_;
  Edges edges_;
  Boundary boundary_;
  double alpha_;
  std::vector<Scratch> scratch_;  // indexed by OpenMP thread number
};

}  // namespace scalelab::heat
