// SPDX-License-Identifier: MIT
#pragma once

// The ranks as a 2-D Cartesian process grid and the halo exchange between them: one ghost
// layer, non-blocking receives and sends of the four block edges, so a variant can update
// the inner cells while the messages travel; or, for temporal blocking, K layers at once.

#include <mpi.h>

#include <array>

#include "heat_field.hpp"
#include "heat_grid.hpp"
#include "scalelab/comm.hpp"

namespace scalelab::heat {

// MPI_Dims_create's factors for `ranks`, oriented over `grid` (orient_process_grid).
ProcessGrid choose_process_grid(int ranks, GridShape grid);

// Collective. An MPI_Cart_create communicator over the ranks (not periodic, not reordered,
// so cart ranks are comm ranks) and this rank's block of the grid: block_range over rows and
// columns, so blocks differ by at most one row or column and any size divides.
class Decomposition {
 public:
  Decomposition(const Comm& comm, GridShape grid);
  ~Decomposition();
  Decomposition(const Decomposition&) = delete;
  Decomposition& operator=(const Decomposition&) = delete;

  MPI_Comm cart() const { return cart_; }
  ProcessGrid process_grid() const { return process_grid_; }
  const Block& block() const { return block_; }
  Edges edges() const;
  // Neighbour ranks, MPI_PROC_NULL on the domain boundary.
  int north() const { return north_; }
  int south() const { return south_; }
  int west() const { return west_; }
  int east() const { return east_; }

 private:
  MPI_Comm cart_ = MPI_COMM_NULL;
  ProcessGrid process_grid_;
  Block block_;
  int north_ = MPI_PROC_NULL, south_ = MPI_PROC_NULL, west_ = MPI_PROC_NULL, east_ = MPI_PROC_NULL;
};

// Exchanges a field's edge cells with the four neighbours into their ghosts. Rows travel as
// contiguous doubles, columns as an MPI vector type (no packing). For fields with one ghost
// layer: start() posts everything, finish() waits. For fields with `ghosts` layers:
// exchange() sends `ghosts`-wide edges in two phases, west/east first and then north/south
// over the full width including the ghost columns just received, so the corner ghosts hold
// the diagonal neighbours' cells (K steps of the stencil reach them). The seconds spent in
// all of these (the part of the exchange the inner update did not hide) accumulate in
// seconds().
class HaloExchange {
 public:
  HaloExchange(const Decomposition& decomposition, std::uint64_t rows, std::uint64_t cols,
               std::uint64_t ghosts = 1);
  ~HaloExchange();
  HaloExchange(const HaloExchange&) = delete;
  HaloExchange& operator=(const HaloExchange&) = delete;

  void start(Field& field);
  void finish();
  void exchange(Field& field);
  double seconds() const { return seconds_; }

 private:
  const Decomposition& decomposition_;
  int row_length_ = 0;
  int full_rows_length_ = 0;  // `ghosts` whole rows, ghost columns included
  MPI_Datatype column_ = MPI_DATATYPE_NULL;
  std::array<MPI_Request, 8> requests_{};
  double seconds_ = 0;
};

}  // namespace scalelab::heat
