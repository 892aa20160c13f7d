// SPDX-License-Identifier: MIT
#include "summa.hpp"

#include <mpi.h>

#include <algorithm>

#include "scalelab/timer.hpp"

namespace scalelab::matmul {
namespace {

// A committed MPI datatype, freed on destruction.
class Datatype {
 public:
  explicit Datatype(MPI_Datatype type) : type_(type) { MPI_Type_commit(&type_); }
  ~Datatype() { MPI_Type_free(&type_); }
  Datatype(const Datatype&) = delete;
  Datatype& operator=(const Datatype&) = delete;
  MPI_Datatype get() const { return type_; }

 private:
  MPI_Datatype type_;
};

// `width` consecutive doubles: one row of a piece. Counting pieces in rows rather than in
// doubles keeps MPI's int counts far from overflow at any matrix size that fits in memory.
Datatype row_of(std::uint64_t width) {
  MPI_Datatype type = MPI_DATATYPE_NULL;
  MPI_Type_contiguous(static_cast<int>(width), MPI_DOUBLE, &type);
  return Datatype(type);
}

// `rows` rows of `width` doubles, `stride` apart: a column panel of a row-major block, sent
// in place (it has the same type signature as `rows` x row_of(width) on the receivers).
Datatype strided_rows(std::uint64_t rows, std::uint64_t width, std::uint64_t stride) {
  MPI_Datatype type = MPI_DATATYPE_NULL;
  MPI_Type_vector(static_cast<int>(rows), static_cast<int>(width), static_cast<int>(stride),
                  MPI_DOUBLE, &type);
  return Datatype(type);
}

// The block (of `parts` over [0, n)) that contains index k.
int owner_of(std::uint64_t n, int parts, std::uint64_t k) {
  for (int part = 0; part < parts; ++part) {
    if (k <
        block_range(n, static_cast<std::uint64_t>(parts), static_cast<std::uint64_t>(part)).end) {
      return part;
    }
  }
  return parts - 1;
}

}  // namespace

std::vector<std::uint64_t> panel_boundaries(std::uint64_t n, GridShape grid) {
  std::vector<std::uint64_t> cuts{n};
  for (const int parts : {grid.rows, grid.cols}) {
    for (int part = 0; part < parts; ++part) {
      cuts.push_back(
          block_range(n, static_cast<std::uint64_t>(parts), static_cast<std::uint64_t>(part))
              .begin);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  return cuts;
}

Summa::Summa(const ProcessGrid& grid, std::uint64_t n)
    : grid_(&grid), rows_(grid.my_rows(n)), cols_(grid.my_cols(n)) {
  const GridShape shape = grid.shape();
  const std::vector<std::uint64_t> cuts = panel_boundaries(n, shape);
  std::uint64_t widest = 0;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    const std::uint64_t k0 = cuts[i], width = cuts[i + 1] - cuts[i];
    panels_.push_back({k0, width, owner_of(n, shape.cols, k0), owner_of(n, shape.rows, k0)});
    widest = std::max(widest, width);
  }
  // Only ranks that receive pieces need buffers for them.
  if (shape.cols > 1) a_panel_.resize(rows_.size() * widest);
  if (shape.rows > 1) b_panel_.resize(widest * cols_.size());
}

ConstView Summa::share_a_piece(const Panel& panel, const double* a) {
  const std::uint64_t rows = rows_.size(), cols = cols_.size(), width = panel.width;
  const bool owner = grid_->col() == panel.a_owner_col;
  // A[my rows, k0:k0+width): in the owner's block it starts at the panel's first column.
  const ConstView piece = owner ? ConstView{a + (panel.k0 - cols_.begin), rows, width, cols}
                                : ConstView{a_panel_.data(), rows, width, width};
  if (grid_->shape().cols == 1) return piece;
  if (owner) {
    const Datatype strided = strided_rows(rows, width, cols);
    MPI_Bcast(const_cast<double*>(piece.data), 1, strided.get(), panel.a_owner_col,
              grid_->row_comm());
  } else {
    const Datatype row = row_of(width);
    MPI_Bcast(a_panel_.data(), static_cast<int>(rows), row.get(), panel.a_owner_col,
              grid_->row_comm());
  }
  return piece;
}

ConstView Summa::share_b_piece(const Panel& panel, const double* b) {
  const std::uint64_t cols = cols_.size(), width = panel.width;
  // B[k0:k0+width, my cols): whole rows of the owner's block, contiguous already.
  const ConstView piece = grid_->row() == panel.b_owner_row
                              ? ConstView{b + (panel.k0 - rows_.begin) * cols, width, cols, cols}
                              : ConstView{b_panel_.data(), width, cols, cols};
  if (grid_->shape().rows == 1) return piece;
  const Datatype row = row_of(cols);
  MPI_Bcast(const_cast<double*>(piece.data), static_cast<int>(width), row.get(), panel.b_owner_row,
            grid_->col_comm());
  return piece;
}

PhaseSeconds Summa::multiply(const double* a, const double* b, double* c,
                             GemmWorkspace& workspace) {
  const Stopwatch whole;
  const MutableView c_block{c, rows_.size(), cols_.size(), cols_.size()};
  set_zero(c_block);
  double communication = 0;
  for (const Panel& panel : panels_) {
    const Stopwatch comm_watch;
    const ConstView a_piece = share_a_piece(panel, a);
    const ConstView b_piece = share_b_piece(panel, b);
    communication += comm_watch.seconds();
    multiply_add(a_piece, b_piece, c_block, workspace);
  }
  return {whole.seconds() - communication, communication};
}

}  // namespace scalelab::matmul
