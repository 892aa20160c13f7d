// SPDX-License-Identifier: MIT
#pragma once

// The Eigen form of update_row (heat.hpp): jacobi_update instantiated on five Eigen array
// maps of one row and its neighbours, so Eigen's packet code vectorises it with the same
// operations in the same order as the scalar loop. One row at a time: a single 2-D block
// expression over the whole block ran 2.5x slower here (Eigen's slice traversal of a
// row-major block re-peels every row), the 1-D maps run as fast as the scalar loop.

#include <cstdint>
#include "scalelab/eigen.hpp"

#include "heat.hpp"

namespace scalelab::heat {

inline void update_row_eigen(double* out, const double* centre, const double* north,
                             const double* south, std::int64_t cols, double alpha) {
  using Row = Eigen::Map<const Eigen::ArrayXd>;
  const auto n = static_cast<Eigen::Index>(cols);
  Eigen::Map<Eigen::ArrayXd>(out, n) = jacobi_update(Row(centre, n), Row(north, n), Row(south, n),
                                                     Row(centre - 1, n), Row(centre + 1, n), alpha);
}

}  // namespace scalelab::heat
