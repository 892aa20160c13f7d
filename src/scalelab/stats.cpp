// SPDX-License-Identifier: MIT
#include "scalelab/stats.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace scalelab {

TimeSummary summarise(std::vector<double> samples) {
  if (samples.empty()) throw std::invalid_argument("summarise: no samples");
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  TimeSummary s;
  s.min = samples.front();
  s.max = samples.back();
  s.median = n % 2 == 1 ? samples[n / 2] : 0.5 * (samples[n / 2 - 1] + samples[n / 2]);
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(n);
  if (n > 1) {
    double sum_sq = 0;
    for (const double x : samples) sum_sq += (x - s.mean) * (x - s.mean);
    s.stddev = std::sqrt(sum_sq / static_cast<double>(n - 1));
  }
  return s;
}

Json TimeSummary::to_json() const {
  return Json::object(
      {{"min", min}, {"median", median}, {"mean", mean}, {"max", max}, {"stddev", stddev}});
}

}  // namespace scalelab
