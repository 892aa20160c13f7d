// SPDX-License-Identifier: MIT
#include "heat_halo.hpp"

#include <climits>

#include "scalelab/errors.hpp"
#include "scalelab/partition.hpp"
#include "scalelab/timer.hpp"

namespace scalelab::heat {
namespace {

void check(int status, const char* what) {
  if (status != MPI_SUCCESS) throw RuntimeError(std::string(what) + " failed");
}

// Tags name the direction a message travels, so a rank's receive from its north neighbour
// matches that neighbour's send to the south.
enum Tag : int { kSouthward = 1, kNorthward, kEastward, kWestward };

int as_count(std::uint64_t n, const char* what) {
  if (n > static_cast<std::uint64_t>(INT_MAX)) {
    throw UsageError(std::string("--size: a block ") + what + " of " + std::to_string(n) +
                     " cells exceeds MPI's int count; use more ranks");
  }
  return static_cast<int>(n);
}

}  // namespace

ProcessGrid choose_process_grid(int ranks, GridShape grid) {
  int dims[2] = {0, 0};
  check(MPI_Dims_create(ranks, 2, dims), "MPI_Dims_create");
  return orient_process_grid(dims[0], dims[1], grid);
}

Decomposition::Decomposition(const Comm& comm, GridShape grid)
    : process_grid_(choose_process_grid(comm.size(), grid)) {
  const int dims[2] = {process_grid_.rows, process_grid_.cols};
  const int periodic[2] = {0, 0};
  check(MPI_Cart_create(comm.raw(), 2, dims, periodic, 0, &cart_), "MPI_Cart_create");
  int coords[2] = {0, 0};
  check(MPI_Cart_coords(cart_, comm.rank(), 2, coords), "MPI_Cart_coords");
  check(MPI_Cart_shift(cart_, 0, 1, &north_, &south_), "MPI_Cart_shift");
  check(MPI_Cart_shift(cart_, 1, 1, &west_, &east_), "MPI_Cart_shift");
  const Range rows = block_range(grid.height, static_cast<std::uint64_t>(process_grid_.rows),
                                 static_cast<std::uint64_t>(coords[0]));
  const Range cols = block_range(grid.width, static_cast<std::uint64_t>(process_grid_.cols),
                                 static_cast<std::uint64_t>(coords[1]));
  block_ = {rows.begin, cols.begin, rows.size(), cols.size()};
}

Decomposition::~Decomposition() {
  if (cart_ != MPI_COMM_NULL) MPI_Comm_free(&cart_);
}

Edges Decomposition::edges() const {
  return {north_ == MPI_PROC_NULL, south_ == MPI_PROC_NULL, west_ == MPI_PROC_NULL,
          east_ == MPI_PROC_NULL};
}

HaloExchange::HaloExchange(const Decomposition& decomposition, std::uint64_t rows,
                           std::uint64_t cols, std::uint64_t ghosts)
    : decomposition_(decomposition),
      row_length_(as_count(cols, "row")),
      full_rows_length_(as_count(ghosts * (cols + 2 * ghosts), "row with its ghost layers")) {
  requests_.fill(MPI_REQUEST_NULL);
  check(MPI_Type_vector(as_count(rows, "column"), as_count(ghosts, "row"),
                        as_count(cols + 2 * ghosts, "row"), MPI_DOUBLE, &column_),
        "MPI_Type_vector");
  check(MPI_Type_commit(&column_), "MPI_Type_commit");
}

HaloExchange::~HaloExchange() {
  if (column_ != MPI_DATATYPE_NULL) MPI_Type_free(&column_);
}

void HaloExchange::start(Field& field) {
  const Stopwatch watch;
  const MPI_Comm comm = decomposition_.cart();
  const auto last_row = static_cast<std::int64_t>(field.rows()) - 1;
  const auto last_col = static_cast<std::ptrdiff_t>(field.cols()) - 1;
  const int n = row_length_;
  const Decomposition& d = decomposition_;
  // Receives first, so eager messages land in their ghosts rather than in MPI's buffers.
  MPI_Irecv(field.row(-1), n, MPI_DOUBLE, d.north(), kSouthward, comm, &requests_[0]);
  MPI_Irecv(field.row(last_row + 1), n, MPI_DOUBLE, d.south(), kNorthward, comm, &requests_[1]);
  MPI_Irecv(field.row(0) - 1, 1, column_, d.west(), kEastward, comm, &requests_[2]);
  MPI_Irecv(field.row(0) + last_col + 1, 1, column_, d.east(), kWestward, comm, &requests_[3]);
  MPI_Isend(field.row(0), n, MPI_DOUBLE, d.north(), kNorthward, comm, &requests_[4]);
  MPI_Isend(field.row(last_row), n, MPI_DOUBLE, d.south(), kSouthward, comm, &requests_[5]);
  MPI_Isend(field.row(0), 1, column_, d.west(), kWestward, comm, &requests_[6]);
  MPI_Isend(field.row(0) + last_col, 1, column_, d.east(), kEastward, comm, &requests_[7]);
  seconds_ += watch.seconds();
}

void HaloExchange::exchange(Field& field) {
  const Stopwatch watch;
  const MPI_Comm comm = decomposition_.cart();
  const Decomposition& d = decomposition_;
  const auto rows = static_cast<std::int64_t>(field.rows());
  const auto cols = static_cast<std::ptrdiff_t>(field.cols());
  const auto ghosts = static_cast<std::int64_t>(field.ghosts());
  // Phase 1: the `ghosts` edge columns of the cell rows.
  MPI_Irecv(field.row(0) - ghosts, 1, column_, d.west(), kEastward, comm, &requests_[0]);
  MPI_Irecv(field.row(0) + cols, 1, column_, d.east(), kWestward, comm, &requests_[1]);
  MPI_Isend(field.row(0), 1, column_, d.west(), kWestward, comm, &requests_[2]);
  MPI_Isend(field.row(0) + cols - ghosts, 1, column_, d.east(), kEastward, comm, &requests_[3]);
  check(MPI_Waitall(4, requests_.data(), MPI_STATUSES_IGNORE), "MPI_Waitall (halo exchange)");
  // Phase 2: the `ghosts` edge rows, whole (contiguous), corners included.
  const int n = full_rows_length_;
  MPI_Irecv(field.row(-ghosts) - ghosts, n, MPI_DOUBLE, d.north(), kSouthward, comm, &requests_[0]);
  MPI_Irecv(field.row(rows) - ghosts, n, MPI_DOUBLE, d.south(), kNorthward, comm, &requests_[1]);
  MPI_Isend(field.row(0) - ghosts, n, MPI_DOUBLE, d.north(), kNorthward, comm, &requests_[2]);
  MPI_Isend(field.row(rows - ghosts) - ghosts, n, MPI_DOUBLE, d.south(), kSouthward, comm,
            &requests_[3]);
  check(MPI_Waitall(4, requests_.data(), MPI_STATUSES_IGNORE), "MPI_Waitall (halo exchange)");
  seconds_ += watch.seconds();
}

void HaloExchange::finish() {
  const Stopwatch watch;
  check(MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE),
        "MPI_Waitall (halo exchange)");
  seconds_ += watch.seconds();
}

}  // namespace scalelab::heat
