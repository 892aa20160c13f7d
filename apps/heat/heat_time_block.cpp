// SPDX-License-Identifier: MIT
#include "heat_time_block.hpp"

#include <omp.h>

#include <algorithm>
#include <numeric>
#include <string>

#include "heat.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/parallel.hpp"

namespace scalelab::heat {
namespace {

// Cells [begin, end) along one axis.
struct Span {
  std::int64_t begin = 0, end = 0;
};

// A tile's cells [begin, end) widened by `margin` on both sides and clipped to the block
// [0, n) on a side that is the domain edge (beyond a neighbour's side lie its ghosts).
Span widened(std::int64_t begin, std::int64_t end, std::int64_t margin, bool low_is_edge,
             bool high_is_edge, std::int64_t n) {
  return {low_is_edge ? std::max<std::int64_t>(begin - margin, 0) : begin - margin,
          high_is_edge ? std::min(end + margin, n) : end + margin};
}

// Before a level reads them: the domain-edge ghosts next to the cells [rows) x [cols) of
// level `level`, `at(level, i, j)` pointing at its cell (i, j): fixed, the boundary value;
// insulated, the mirror of the edge cell (as mirror_insulated_ghosts does to a field).
template <class At>
void refresh_edge_ghosts(const At& at, std::int64_t level, Span rows, Span cols, Edges edges,
                         Boundary boundary, std::int64_t block_rows, std::int64_t block_cols) {
  const auto set = [&](std::int64_t i, std::int64_t j, std::int64_t edge_i, std::int64_t edge_j) {
    *at(level, i, j) = boundary.insulated ? *at(level, edge_i, edge_j) : boundary.value;
  };
  if (edges.north && rows.begin == 0) {
    for (std::int64_t j = cols.begin; j < cols.end; ++j) set(-1, j, 0, j);
  }
  if (edges.south && rows.end == block_rows) {
    for (std::int64_t j = cols.begin; j < cols.end; ++j) set(block_rows, j, block_rows - 1, j);
  }
  if (edges.west && cols.begin == 0) {
    for (std::int64_t i = rows.begin; i < rows.end; ++i) set(i, -1, i, 0);
  }
  if (edges.east && cols.end == block_cols) {
    for (std::int64_t i = rows.begin; i < rows.end; ++i) set(i, block_cols, i, block_cols - 1);
  }
}

std::uint64_t buffer_side(std::uint64_t tile, std::uint64_t block, std::uint64_t max_levels) {
  return std::min(tile, block) + 2 * max_levels;
}

}  // namespace

void check_time_block(std::uint64_t time_block, GridShape grid, ProcessGrid ranks) {
  // block_range gives every block at least the floor share.
  const std::uint64_t rows = grid.height / static_cast<std::uint64_t>(ranks.rows);
  const std::uint64_t cols = grid.width / static_cast<std::uint64_t>(ranks.cols);
  const std::uint64_t widest = std::min(rows, cols);
  if (time_block > widest) {
    throw UsageError("--time-block: " + std::to_string(time_block) +
                     " ghost layers are wider than the smallest rank block (" +
                     std::to_string(cols) + "x" + std::to_string(rows) + " cells of the " +
                     grid.text() + " grid on " + std::to_string(ranks.cols) + "x" +
                     std::to_string(ranks.rows) + " ranks); use at most " + std::to_string(widest));
  }
}

TimeBlocking::TimeBlocking(std::uint64_t block_rows, std::uint64_t block_cols, Edges edges,
                           Boundary boundary, double alpha, std::uint64_t max_levels)
    : rows_(static_cast<std::int64_t>(block_rows)),
      cols_(static_cast<std::int64_t>(block_cols)),
      edges_(edges),
      boundary_(boundary),
      alpha_(alpha),
      scratch_(static_cast<std::size_t>(omp_get_max_threads())) {
  const std::uint64_t buffer_rows = buffer_side(kTileRows, block_rows, max_levels);
  const std::uint64_t buffer_cols = buffer_side(kTileCols, block_cols, max_levels);
  const int threads = omp_get_max_threads();
#pragma omp parallel num_threads(threads)
  {
    Scratch& mine = scratch_[static_cast<std::size_t>(omp_get_thread_num())];
    for (Field& buffer : mine.buffers) {
      buffer = Field(buffer_rows, buffer_cols);
      std::fill_n(buffer.data(), (buffer_rows + 2) * (buffer_cols + 2), 0.0);  // first touch
    }
  }
}

double TimeBlocking::buffer_bytes(std::uint64_t block_rows, std::uint64_t block_cols,
                                  std::uint64_t max_levels, int threads) {
  const auto rows = static_cast<double>(buffer_side(kTileRows, block_rows, max_levels) + 2);
  const auto cols = static_cast<double>(buffer_side(kTileCols, block_cols, max_levels) + 2);
  return 2.0 * 8.0 * rows * cols * threads;
}

void TimeBlocking::advance(const Field& in, Field& out, std::uint64_t levels, bool threaded) {
  const Range rows{0, static_cast<std::uint64_t>(rows_)};
  if (!threaded) {
    advance_rows(in, out, rows, levels, scratch_[0]);
    return;
  }
  parallel_blocks(rows, [&](Range mine) {
    advance_rows(in, out, mine, levels, scratch_[static_cast<std::size_t>(omp_get_thread_num())]);
  });
}

std::uint64_t TimeBlocking::updates() const {
  return std::accumulate(scratch_.begin(), scratch_.end(), std::uint64_t{0},
                         [](std::uint64_t sum, const Scratch& s) { return sum + s.updates; });
}

void TimeBlocking::advance_rows(const Field& in, Field& out, Range rows, std::uint64_t levels,
                                Scratch& scratch) const {
  const auto cols = static_cast<std::uint64_t>(cols_);
  for (std::uint64_t r = rows.begin; r < rows.end; r += kTileRows) {
    for (std::uint64_t c = 0; c < cols; c += kTileCols) {
      const Region tile{r, std::min(r + kTileRows, rows.end), c, std::min(c + kTileCols, cols)};
      advance_tile(in, out, tile, levels, scratch);
    }
  }
}

void TimeBlocking::advance_tile(const Field& in, Field& out, Region tile, std::uint64_t levels,
                                Scratch& scratch) const {
  const auto h = static_cast<std::int64_t>(levels);
  const auto r0 = static_cast<std::int64_t>(tile.row_begin);
  const auto r1 = static_cast<std::int64_t>(tile.row_end);
  const auto c0 = static_cast<std::int64_t>(tile.col_begin);
  const auto c1 = static_cast<std::int64_t>(tile.col_end);
  // The cells of level `l` this tile computes (level 0: the ones it copies in).
  const auto rows_at = [&](std::int64_t l) {
    return widened(r0, r1, h - l, edges_.north, edges_.south, rows_);
  };
  const auto cols_at = [&](std::int64_t l) {
    return widened(c0, c1, h - l, edges_.west, edges_.east, cols_);
  };
  // Buffer cell (0, 0) is block cell (r0 - h, c0 - h); the buffers' own ghosts go unused.
  // Level l lives in buffers[l % 2], except level 0 (read straight from `in`) and level h
  // (written straight to `out`): no copy in or out, each pass touches memory once.
  const std::int64_t row_origin = r0 - h, col_origin = c0 - h;
  const auto at = [&](std::int64_t level, std::int64_t i, std::int64_t j) -> double* {
    return scratch.buffers[level % 2].row(i - row_origin) + (j - col_origin);
  };
  const auto source = [&](std::int64_t level, std::int64_t i, std::int64_t j) -> const double* {
    return level == 0 ? in.row(i) + j : at(level, i, j);
  };

  for (std::int64_t l = 1; l <= h; ++l) {
    const Span rows = rows_at(l), cols = cols_at(l);
    // The domain-edge ghosts level l reads, from level l - 1's edge cells (level 0's are
    // the field's own, refreshed by the variant).
    if (l > 1) refresh_edge_ghosts(at, l - 1, rows, cols, edges_, boundary_, rows_, cols_);
    const std::int64_t width = cols.end - cols.begin;
    for (std::int64_t i = rows.begin; i < rows.end; ++i) {
      double* result = l == h ? out.row(i) + cols.begin : at(l, i, cols.begin);
      update_row(result, source(l - 1, i, cols.begin), source(l - 1, i - 1, cols.begin),
                 source(l - 1, i + 1, cols.begin), 0, width, alpha_);
    }
    scratch.updates += static_cast<std::uint64_t>((rows.end - rows.begin) * width);
  }
}

}  // namespace scalelab::heat
