// SPDX-License-Identifier: MIT
#pragma once

// Count, mean, variance, min and max of a stream of values, in one pass and numerically
// stable: Welford's update per value, and Chan, Golub & LeVeque's pairwise formula to merge
// two partial aggregates (threads, ranks, Eigen segments). The naive sum/sum-of-squares
// formula loses every digit when the mean is large beside the spread (MW values of a
// 700 MW unit that barely moves); these do not.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace scalelab::groupby {

struct Moments {
  std::uint64_t count = 0;
  double mean = 0;
  double m2 = 0;  // sum of squared deviations from the mean
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();

  void add(double x) {
    ++count;
    const double n = static_cast<double>(count);
    const double delta = x - mean;
    if (std::isfinite(delta)) {
      mean += delta / n;
      m2 += delta * (x - mean);
    } else {
      // x and the mean are finite, but so far apart (+-1e308) that x - mean overflows: the
      // same update with each divided by n first, which cannot overflow. m2 becomes +inf
      // only when the true sum of squares exceeds a double, as the reference's does.
      const double step = x / n - mean / n;
      mean += step;
      m2 += (step * n) * (x - mean);
    }
    min = x < min ? x : min;
    max = x > max ? x : max;
  }

  // Adds n values at once: their own mean and m2 by two passes over them (the mean, then the
  // squared deviations from it: as stable as Welford's, without a division per value, and the
  // passes vectorise), merged in by Chan's formula. A dispatch file lists every unit of one
  // settlement time together, so grouped by date, rows come in runs of one key.
  void add_all(const double* x, std::size_t n) {
    if (n == 1) {
      add(x[0]);
      return;
    }
    Moments run;
    run.count = n;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      sum += x[i];
      run.min = x[i] < run.min ? x[i] : run.min;
      run.max = x[i] > run.max ? x[i] : run.max;
    }
    run.mean = sum / static_cast<double>(n);
    if (!std::isfinite(run.mean)) run.mean = mean_without_overflow(x, n);
    for (std::size_t i = 0; i < n; ++i) run.m2 += (x[i] - run.mean) * (x[i] - run.mean);
    merge(run);
  }

  void merge(const Moments& other) {
    if (other.count == 0) return;
    if (count == 0) {
      *this = other;
      return;
    }
    const double na = static_cast<double>(count);
    const double nb = static_cast<double>(other.count);
    const double n = na + nb;
    const double delta = other.mean - mean;
    // Means of opposite sign near +-1e308 overflow their difference: weigh them instead.
    mean = std::isfinite(delta) ? mean + delta * (nb / n) : mean * (na / n) + other.mean * (nb / n);
    m2 += other.m2 + delta * delta * (na * nb / n);
    count += other.count;
    min = other.min < min ? other.min : min;
    max = other.max > max ? other.max : max;
  }

  // The mean of values whose sum overflows (+-1e308 each): every value divided by n first.
  static double mean_without_overflow(const double* x, std::size_t n) {
    double mean = 0;
    for (std::size_t i = 0; i < n; ++i) mean += x[i] / static_cast<double>(n);
    return mean;
  }

  // Sample standard deviation (n - 1, as pandas and datamash's sstdev); 0 for one value.
  double stddev() const { return count > 1 ? std::sqrt(m2 / static_cast<double>(count - 1)) : 0.0; }
};

}  // namespace scalelab::groupby
