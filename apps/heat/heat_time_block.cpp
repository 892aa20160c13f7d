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

// Rows per level per wavefront step: a level's rows reuse their neighbours' from L1 (one
// row per step ran ~10 % slower, each level's rows evicted by the other levels').
constexpr std::int64_t kWaveRows = 8;
constexpr std::int64_t kRingRows = kWaveRows + 3;  // see advance_strip

// Strip width plus the margins of level 1 (K - 1 each side), a ghost each side
// and one to spare (ring positions run from block column begin - K).
std::int64_t ring_width(std::uint64_t block_cols, std::uint64_t max_levels) {
  return static_cast<std::int64_t>(std::min(kStripCols, block_cols) + 2 * max_levels + 1);
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
                           Boundary boundary, double alpha, Stores stores, std::uint64_t max_levels,
                           int threads)
    : rows_(static_cast<std::int64_t>(block_rows)),
      cols_(static_cast<std::int64_t>(block_cols)),
      edges_(edges),
      boundary_(boundary),
      alpha_(alpha),
      stores_(stores),
      ring_width_(ring_width(block_cols, max_levels)),
      scratch_(static_cast<std::size_t>(threads)) {
  const auto size = static_cast<std::size_t>((static_cast<std::int64_t>(max_levels) - 1) *
                                             kRingRows * ring_width_);
#pragma omp parallel  // the team advance() splits rows over (the driver's ctx.threads)
  scratch_[static_cast<std::size_t>(omp_get_thread_num())].rings.assign(size, 0.0);
}

double TimeBlocking::buffer_bytes(std::uint64_t block_cols, std::uint64_t max_levels, int threads) {
  return 8.0 * static_cast<double>(max_levels - 1) * kRingRows *
         static_cast<double>(ring_width(block_cols, max_levels)) * threads;
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
  if (rows.size() == 0) return;
  const auto cols = static_cast<std::uint64_t>(cols_);
  for (std::uint64_t c = 0; c < cols; c += kStripCols) {
    advance_strip(in, out, rows, {c, std::min(c + kStripCols, cols)}, levels, scratch);
  }
}

// The wavefront: at step t, level l computes its rows t - (l - 1) .. t + kWaveRows - l,
// levels in ascending order, so the rows of level l - 1 it reads are done (the lowest two
// in the step before, the highest just now): kWaveRows + 2 rows of a level are live at
// once. Its ring holds one more: its ghost row below the domain edge is written with its
// last row, in the step in which the next level still reads the row kWaveRows + 2 above.
void TimeBlocking::advance_strip(const Field& in, Field& out, Range rows, Range cols,
                                 std::uint64_t levels, Scratch& scratch) const {
  const auto h = static_cast<std::int64_t>(levels);
  // The rows and columns level l computes.
  const auto rows_at = [&](std::int64_t l) {
    return widened(static_cast<std::int64_t>(rows.begin), static_cast<std::int64_t>(rows.end),
                   h - l, edges_.north, edges_.south, rows_);
  };
  const auto cols_at = [&](std::int64_t l) {
    return widened(static_cast<std::int64_t>(cols.begin), static_cast<std::int64_t>(cols.end),
                   h - l, edges_.west, edges_.east, cols_);
  };
  // Ring position 0 is block column cols.begin - h (level 1's ghost on its west side).
  const std::int64_t col_origin = static_cast<std::int64_t>(cols.begin) - h;
  const auto ring = [&](std::int64_t l, std::int64_t r, std::int64_t j) -> double* {
    const std::int64_t slot = ((r % kRingRows) + kRingRows) % kRingRows;
    return scratch.rings.data() + ((l - 1) * kRingRows + slot) * ring_width_ + (j - col_origin);
  };
  const auto source = [&](std::int64_t l, std::int64_t r, std::int64_t j) -> const double* {
    return l == 0 ? in.row(r) + j : ring(l, r, j);
  };
  const double fixed = boundary_.value;
  const bool mirror = boundary_.insulated;

  const std::int64_t t_end = rows_at(h).end + h - 1;
  for (std::int64_t t = rows_at(1).begin; t < t_end; t += kWaveRows) {
    for (std::int64_t l = 1; l <= h; ++l) {
      const Span level_rows = rows_at(l);
      const std::int64_t first = std::max(t - (l - 1), level_rows.begin);
      const std::int64_t last = std::min(t + kWaveRows - (l - 1), level_rows.end);
      for (std::int64_t r = first; r < last; ++r) {
        const Span c = cols_at(l);
        const std::int64_t width = c.end - c.begin;
        const double* centre = source(l - 1, r, c.begin);
        const double* north = source(l - 1, r - 1, c.begin);
        const double* south = source(l - 1, r + 1, c.begin);
        scratch.updates += static_cast<std::uint64_t>(width);
        if (l == h) {
          update_row(out.row(r) + c.begin, centre, north, south, 0, width, alpha_, stores_);
          continue;
        }
        double* result = ring(l, r, c.begin);
        update_row(result, centre, north, south, 0, width, alpha_);
        // The domain-edge ghosts of this row that level l + 1 reads.
        if (edges_.west && c.begin == 0) *ring(l, r, -1) = mirror ? *ring(l, r, 0) : fixed;
        if (edges_.east && c.end == cols_)
          *ring(l, r, cols_) = mirror ? *ring(l, r, cols_ - 1) : fixed;
        for (const std::int64_t ghost_row : {std::int64_t{-1}, rows_}) {
          const bool edge = ghost_row < 0 ? edges_.north && r == 0 : edges_.south && r == rows_ - 1;
          if (!edge) continue;
          double* ghost = ring(l, ghost_row, c.begin);
          if (mirror) {
            std::copy(result, result + width, ghost);
          } else {
            std::fill(ghost, ghost + width, fixed);
          }
        }
      }
    }
  }
}

}  // namespace scalelab::heat
