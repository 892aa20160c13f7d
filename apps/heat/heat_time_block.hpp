// SPDX-License-Identifier: MIT
#pragma once

// Temporal blocking (--time-block K): K steps of the stencil per pass over the field, so a
// grid far larger than the cache is streamed from memory once per K steps instead of once
// per step.
//
// A wavefront in each strip of kStripCols columns of a thread's rows: down the strip, a few
// rows at a time, level 1 computes rows t.. from the input field, level 2 rows t - 1.. from
// level 1, ..., level K rows t - K + 1.. into the output field. Each level 1..K-1 keeps only
// its last few rows (a ring, in cache), so a pass reads and writes the field once, streaming. Each
// level covers one cell less on each side than the one before it, wherever more cells lie beyond
// (the next strip, another thread's rows, a neighbour rank's K ghost layers): level 1
// starts K - 1 cells out, and those margins are the only work done twice (about 1 % for
// strips of 1024 columns and thousands of rows per thread at K = 8). On a side that is the
// domain edge a level stops at the edge and its ghost is refreshed from the row just
// computed (fixed: the boundary value; insulated: the mirror of the edge cell), as the plain
// stencil refreshes the field's ghosts before every step. Every cell of every level is
// jacobi_update of the same operands as in the plain stencil (update_row), so the result is
// bit-identical to K plain steps.

#include <cstdint>
#include <vector>

#include "heat_field.hpp"
#include "heat_grid.hpp"
#include "scalelab/partition.hpp"
#include "scalelab/streaming_store.hpp"

namespace scalelab::heat {

// Strip width: K - 1 rings of eleven rows of 1024 + 2K + 1 doubles take 0.6 MB at K = 8 and
// 1.4 MB at K = 16, so they stay in a core's L2 cache (2 MB here). (Measured on an 8192^2
// grid: 512 or 2048 columns were no faster, 256 slower.)
constexpr std::uint64_t kStripCols = 1024;

// UsageError naming --time-block when K ghost layers would be wider than the smallest
// block of `grid` over `ranks` (a pass reads K layers of the neighbour's block).
void check_time_block(std::uint64_t time_block, GridShape grid, ProcessGrid ranks);

struct Boundary {
  bool insulated = false;
  double value = 0;  // of a fixed boundary
};

// Advances a rank's block by up to `max_levels` steps per call. Holds the rings of one
// OpenMP thread each (allocated and first touched by that thread).
class TimeBlocking {
 public:
  // `stores`: how the last level writes the output field (the pass's only writes to memory).
  // `threads`: the run's ctx.threads, the team of its parallel regions (one ring set each).
  TimeBlocking(std::uint64_t block_rows, std::uint64_t block_cols, Edges edges, Boundary boundary,
               double alpha, Stores stores, std::uint64_t max_levels, int threads);

  // `out` = `levels` (1..max_levels) steps of the stencil from `in`, on every cell of the
  // block. `in` must hold current ghosts `levels` deep on every side facing a neighbour rank
  // and current first-layer ghosts on the domain edges (prepare_boundary). Rows split over
  // the OpenMP threads (as Field::first_touch splits them) when `threaded`.
  void advance(const Field& in, Field& out, std::uint64_t levels, bool threaded);

  // Cell updates done by advance() so far on this rank, halo recomputation included.
  std::uint64_t updates() const;
  // Bytes of the rings of `threads` threads.
  static double buffer_bytes(std::uint64_t block_cols, std::uint64_t max_levels, int threads);

 private:
  struct alignas(64) Scratch {
    std::vector<double> rings;  // level l's row r: ring (l - 1) * 4 + r mod 4
    std::uint64_t updates = 0;
  };
  void advance_rows(const Field& in, Field& out, Range rows, std::uint64_t levels,
                    Scratch& scratch) const;
  void advance_strip(const Field& in, Field& out, Range rows, Range cols, std::uint64_t levels,
                     Scratch& scratch) const;

  std::int64_t rows_, cols_;
  Edges edges_;
  Boundary boundary_;
  double alpha_;
  Stores stores_;
  std::int64_t ring_width_;       // a strip with its margins and ghosts
  std::vector<Scratch> scratch_;  // indexed by OpenMP thread number
};

}  // namespace scalelab::heat
