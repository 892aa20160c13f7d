// SPDX-License-Identifier: MIT
#pragma once

// A rank's block of the temperature field with its ghost layers, the regions the stencil is
// applied to, the boundary ghosts, and the exact digest that proves two fields identical.

#include <cstdint>
#include <string>
#include <vector>

#include "heat_grid.hpp"
#include "scalelab/aligned_vector.hpp"
#include "scalelab/comm.hpp"

namespace scalelab::heat {

// Where a rank's block sits in the global grid (cells, row-major: rows along y).
struct Block {
  std::uint64_t row0 = 0, col0 = 0, rows = 0, cols = 0;
};

// Which sides of a block lie on the domain boundary (the others face a neighbour rank).
struct Edges {
  bool north = true, south = true, west = true, east = true;
};

// rows x cols cells plus `ghosts` ghost layers all round (1 for the plain stencil, K for
// --time-block K), row-major with stride cols + 2 ghosts. row(i) points at cell (i, 0); i
// runs over [-ghosts, rows + ghosts) and the column index over [-ghosts, cols + ghosts), so
// the stencil reads ghosts with the same arithmetic as cells. Allocation leaves the memory
// untouched: first_touch() decides which thread's memory each row lands in.
class Field {
 public:
  Field() = default;
  Field(std::uint64_t rows, std::uint64_t cols, std::uint64_t ghosts = 1);

  std::uint64_t rows() const { return rows_; }
  std::uint64_t cols() const { return cols_; }
  std::uint64_t ghosts() const { return ghosts_; }
  std::uint64_t stride() const { return cols_ + 2 * ghosts_; }
  double* row(std::int64_t i) { return data_.data() + offset(i); }
  const double* row(std::int64_t i) const { return data_.data() + offset(i); }
  double* data() { return data_.data(); }
  const double* data() const { return data_.data(); }

  // Writes `value` everywhere, ghosts included, row blocks split over the OpenMP threads as
  // the threaded stencil splits them.
  void first_touch(double value);

 private:
  std::uint64_t offset(std::int64_t i) const {
    return static_cast<std::uint64_t>(i + static_cast<std::int64_t>(ghosts_)) * stride() + ghosts_;
  }
  std::uint64_t rows_ = 0, cols_ = 0, ghosts_ = 1;
  FirstTouchVector<double> data_;
};

// A rectangle of cells of a block, half-open in rows and columns.
struct Region {
  std::uint64_t row_begin = 0, row_end = 0, col_begin = 0, col_end = 0;
  bool empty() const { return row_begin >= row_end || col_begin >= col_end; }
  std::uint64_t cells() const {
    return empty() ? 0 : (row_end - row_begin) * (col_end - col_begin);
  }
};

// A block split for overlapping the halo exchange: `inner` needs no ghost, `ring` (top row,
// bottom row, left and right columns between them; absent parts omitted) is every other
// cell. Together they cover each cell exactly once, for any rows, cols >= 1.
struct OverlapRegions {
  Region inner;
  std::vector<Region> ring;
};
OverlapRegions split_for_overlap(std::uint64_t rows, std::uint64_t cols);
inline Region whole(const Field& f) {
  return {0, f.rows(), 0, f.cols()};
}

// Fixed boundary: the ghosts on the domain edges hold `value`, in every layer (set once:
// nothing else writes them). Insulated: each first-layer edge ghost mirrors its cell (zero
// flux), refreshed before each step; the stencil reads no other layer on a domain edge.
// With more than one ghost layer both also cover the ghosts - 1 ghost cells beyond each end
// of the edge (the neighbour ranks' cells that a pass of K steps reads there): mirror them
// after the halo exchange has filled those cells.
void set_fixed_ghosts(Field& field, Edges edges, double value);
void mirror_insulated_ghosts(Field& field, Edges edges);

// The cells of a block as one contiguous row-major array (HDF5 I/O) and back.
std::vector<double> pack_cells(const Field& field);
void unpack_cells(const std::vector<double>& cells, Field& field);

// This block's share of the field digest: the sum, mod 2^64, over its cells of a hash of
// (global cell index, the value's bits). Summing the ranks' shares gives the same digest
// for any decomposition, and any changed bit or moved value changes it.
std::uint64_t digest_share(const Field& field, const Block& block, std::uint64_t global_width);
std::string digest_text(std::uint64_t digest);  // 16 hex digits

// Sum (compensated, so the conservation check measures the scheme, not the summation), min
// and max over a block's cells, and whether every cell is finite.
struct FieldStats {
  double sum = 0, min = 0, max = 0;
  bool finite = true;
};
FieldStats local_stats(const Field& field);
// Collective: the stats of all ranks' blocks together.
FieldStats global_stats(const Comm& comm, const FieldStats& local);

}  // namespace scalelab::heat
