// SPDX-License-Identifier: MIT
#include "scalelab/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace scalelab {

namespace {

// The median of samples already sorted (not empty).
double median_of_sorted(const std::vector<double>& sorted) {
  const std::size_t n = sorted.size();
  return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

}  // namespace

TimeSummary summarise(std::vector<double> samples) {
  if (samples.empty()) throw std::invalid_argument("summarise: no samples");
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  TimeSummary s;
  s.min = samples.front();
  s.max = samples.back();
  s.median = median_of_sorted(samples);
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(n);
  if (n > 1) {
    double sum_sq = 0;
    for (const double x : samples) sum_sq += (x - s.mean) * (x - s.mean);
    s.stddev = std::sqrt(sum_sq / static_cast<double>(n - 1));
  }
  return s;
}

double median(std::vector<double> samples) {
  if (samples.empty()) throw std::invalid_argument("median: no samples");
  std::sort(samples.begin(), samples.end());
  return median_of_sorted(samples);
}

Json TimeSummary::to_json() const {
  return Json::object(
      {{"min", min}, {"median", median}, {"mean", mean}, {"max", max}, {"stddev", stddev}});
}

}  // namespace scalelab
