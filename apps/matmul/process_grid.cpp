// SPDX-License-Identifier: MIT
#include "process_grid.hpp"

#include <array>

namespace scalelab::matmul {

OwnedComm::~OwnedComm() {
  if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

OwnedComm& OwnedComm::operator=(OwnedComm&& other) noexcept {
  if (this != &other) {
    if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
    comm_ = other.comm_;
    other.comm_ = MPI_COMM_NULL;
  }
  return *this;
}

GridShape grid_shape_for(int ranks) {
  std::array<int, 2> dims{0, 0};
  MPI_Dims_create(ranks, 2, dims.data());
  return {dims[0], dims[1]};
}

ProcessGrid::ProcessGrid(const Comm& world)
    : shape_(grid_shape_for(world.size())),
      row_(world.rank() / shape_.cols),
      col_(world.rank() % shape_.cols) {
  MPI_Comm row_comm = MPI_COMM_NULL, col_comm = MPI_COMM_NULL;
  MPI_Comm_split(world.raw(), row_, col_, &row_comm);
  row_comm_ = OwnedComm(row_comm);
  MPI_Comm_split(world.raw(), col_, row_, &col_comm);
  col_comm_ = OwnedComm(col_comm);
}

Range ProcessGrid::my_rows(std::uint64_t n) const {
  return block_range(n, static_cast<std::uint64_t>(shape_.rows), static_cast<std::uint64_t>(row_));
}

Range ProcessGrid::my_cols(std::uint64_t n) const {
  return block_range(n, static_cast<std::uint64_t>(shape_.cols), static_cast<std::uint64_t>(col_));
}

}  // namespace scalelab::matmul
