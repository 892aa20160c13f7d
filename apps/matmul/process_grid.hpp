// SPDX-License-Identifier: MIT
#pragma once

// The 2-D process grid SUMMA runs on, and which block of an n x n matrix each rank owns.
//
// P ranks form a pr x pc grid as square as MPI_Dims_create makes it (pr >= pc: 2 -> 2x1,
// 3 -> 3x1, 4 -> 2x2, 6 -> 3x2, 8 -> 4x2). Rank r sits at (r / pc, r % pc) and owns, of
// each of A, B and C, the rows block_range(n, pr, row) and the columns block_range(n, pc,
// col): blocks differ by at most one row or column, so any n >= max(pr, pc) works.

#include <mpi.h>

#include <cstdint>

#include "scalelab/comm.hpp"
#include "scalelab/partition.hpp"

namespace scalelab::matmul {

// An owned communicator, freed on destruction (MPI_Comm_split results).
class OwnedComm {
 public:
  OwnedComm() = default;
  explicit OwnedComm(MPI_Comm comm) : comm_(comm) {}
  ~OwnedComm();
  OwnedComm(OwnedComm&& other) noexcept : comm_(other.comm_) { other.comm_ = MPI_COMM_NULL; }
  OwnedComm& operator=(OwnedComm&& other) noexcept;
  OwnedComm(const OwnedComm&) = delete;
  OwnedComm& operator=(const OwnedComm&) = delete;
  MPI_Comm get() const { return comm_; }

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
};

struct GridShape {
  int rows = 1, cols = 1;
};

// The grid shape for `ranks` processes (deterministic: every rank computes the same).
GridShape grid_shape_for(int ranks);

class ProcessGrid {
 public:
  ProcessGrid() = default;
  // Collective over `world`.
  explicit ProcessGrid(const Comm& world);

  GridShape shape() const { return shape_; }
  int row() const { return row_; }
  int col() const { return col_; }
  // The ranks of this grid row, ranked by grid column (A panels travel along it), and of
  // this grid column, ranked by grid row (B panels travel along it).
  MPI_Comm row_comm() const { return row_comm_.get(); }
  MPI_Comm col_comm() const { return col_comm_.get(); }

  // The rows and columns of an n x n matrix this rank owns.
  Range my_rows(std::uint64_t n) const;
  Range my_cols(std::uint64_t n) const;

 private:
  GridShape shape_;
  int row_ = 0, col_ = 0;
  OwnedComm row_comm_, col_comm_;
};

}  // namespace scalelab::matmul
