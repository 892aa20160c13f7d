// SPDX-License-Identifier: MIT
#include "freivalds.hpp"

#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace scalelab::matmul {
namespace {

// y = M·v (or |M|·|v| when `absolute`) for the distributed n x n matrix whose blocks `m`
// each rank holds; every rank gets all of y. Each rank fills the rows it owns with its
// block's contribution, and the sum over ranks adds up the contributions of every grid
// column.
std::vector<double> multiply_vector(const Comm& comm, const DistributedProduct& p, const double* m,
                                    const std::vector<double>& v, bool absolute) {
  std::vector<double> y(p.n, 0.0);
  const std::uint64_t rows = p.rows.size(), cols = p.cols.size();
  const double* v_mine = v.data() + p.cols.begin;
#pragma omp parallel for schedule(static)
  for (std::uint64_t r = 0; r < rows; ++r) {
    const double* row = m + r * cols;
    double sum = 0;
    if (absolute) {
      for (std::uint64_t c = 0; c < cols; ++c) sum += std::abs(row[c]) * std::abs(v_mine[c]);
    } else {
      for (std::uint64_t c = 0; c < cols; ++c) sum += row[c] * v_mine[c];
    }
    y[p.rows.begin + r] = sum;
  }
  MPI_Allreduce(MPI_IN_PLACE, y.data(), static_cast<int>(p.n), MPI_DOUBLE, MPI_SUM, comm.raw());
  return y;
}

}  // namespace

FreivaldsOutcome freivalds_check(const Comm& comm, const DistributedProduct& product,
                                 std::uint64_t seed, int trials, bool exact) {
  FreivaldsOutcome out;
  out.trials = trials;
  out.exact = exact;
  out.tolerance_factor =
      exact ? 0.0 : 4.0 * static_cast<double>(product.n) * std::numeric_limits<double>::epsilon();
  out.passed = true;
  const Values x_values = exact ? Values::dyadic : Values::uniform;
  for (int trial = 0; trial < trials; ++trial) {
    const std::uint64_t key =
        stream_key(seed, Stream::freivalds, static_cast<std::uint64_t>(trial));
    std::vector<double> x(product.n);
    for (std::uint64_t i = 0; i < product.n; ++i) x[i] = random_value(key, i, x_values);

    const std::vector<double> cx = multiply_vector(comm, product, product.c, x, false);
    const std::vector<double> abx = multiply_vector(
        comm, product, product.a, multiply_vector(comm, product, product.b, x, false), false);
    const std::vector<double> scale = multiply_vector(
        comm, product, product.a, multiply_vector(comm, product, product.b, x, true), true);

    for (std::uint64_t i = 0; i < product.n; ++i) {
      const double difference = std::abs(cx[i] - abx[i]);
      const double tolerance = out.tolerance_factor * scale[i];
      // Written so that NaN fails: a NaN anywhere in C must never pass.
      const bool ok = difference <= tolerance;
      out.passed = out.passed && ok;
      out.max_difference =
          std::max(out.max_difference, std::isnan(difference) ? INFINITY : difference);
      const double ratio = ok && difference == 0                      ? 0.0
                           : tolerance > 0 && !std::isnan(difference) ? difference / tolerance
                                                                      : INFINITY;
      out.worst_ratio = std::max(out.worst_ratio, ratio);
    }
  }
  return out;
}

}  // namespace scalelab::matmul
