// SPDX-License-Identifier: MIT
#pragma once

// SUMMA (van de Geijn & Watts 1997): C = A·B on a pr x pc process grid, every matrix
// distributed in 2-D blocks (process_grid.hpp). The shared dimension k is cut into panels;
// for each panel, the grid column owning those columns of A broadcasts its piece along
// each grid row, the grid row owning those rows of B broadcasts its piece along each grid
// column, and every rank adds the product of the two pieces to its block of C:
//
//     for each panel [k0, k1):
//       A_panel = A[my rows, k0:k1]  broadcast along my grid row    (root: owner column)
//       B_panel = B[k0:k1, my cols]  broadcast along my grid column (root: owner row)
//       C_mine += A_panel · B_panel                                  (multiply_add)
//
// Panels are cut wherever a column block of A or a row block of B begins, so each has a
// single owner on each axis; with a square grid that is one panel per grid column. Any
// rank count and any n >= max(pr, pc) work, including uneven blocks. Communication per
// rank and rep: n²/pc values of A (unless pc = 1) plus n²/pr values of B (unless pr = 1);
// computation 2n³/P. The owner of a piece multiplies straight from its own block (a
// strided view), and sends it with an MPI vector type, so nothing is copied to be sent.
//
// The broadcasts are blocking and not overlapped with the multiply, so their time (which
// includes waiting for the slowest rank of the row or column) is measured on its own:
// that is matmul's compute vs communication breakdown.

#include <cstdint>
#include <vector>

#include "blocked_gemm.hpp"
#include "process_grid.hpp"
#include "scalelab/aligned_vector.hpp"

namespace scalelab::matmul {

// Where the panels of k in [0, n) begin and end: the union of the block boundaries of the
// pr row blocks and the pc column blocks (sorted, first 0, last n).
std::vector<std::uint64_t> panel_boundaries(std::uint64_t n, GridShape grid);

// Seconds one rank spent in each phase of one multiplication.
struct PhaseSeconds {
  double compute = 0;
  double communication = 0;
};

class Summa {
 public:
  Summa() = default;
  // Sizes the receive buffers for `grid` (untimed). The grid must outlive this object.
  Summa(const ProcessGrid& grid, std::uint64_t n);

  // C = A·B on this rank's row-major blocks (my_rows x my_cols of each matrix). Collective
  // over the grid; the local products use the calling thread's OpenMP team.
  PhaseSeconds multiply(const double* a, const double* b, double* c, GemmWorkspace& workspace);

 private:
  struct Panel {
    std::uint64_t k0 = 0, width = 0;
    int a_owner_col = 0;  // grid column holding A[:, k0:k0+width)
    int b_owner_row = 0;  // grid row holding B[k0:k0+width, :)
  };

  // This rank's view of the panel's piece of A (B), broadcast from its owner along the grid
  // row (column) first when the grid has more than one column (row).
  ConstView share_a_piece(const Panel& panel, const double* a);
  ConstView share_b_piece(const Panel& panel, const double* b);

  const ProcessGrid* grid_ = nullptr;
  Range rows_, cols_;  // this rank's block
  std::vector<Panel> panels_;
  FirstTouchVector<double> a_panel_, b_panel_;  // pieces received from other ranks
};

}  // namespace scalelab::matmul
