// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

#include "scalelab/json.hpp"

namespace scalelab {

// Summary of per-repetition wall times (seconds).
struct TimeSummary {
  double min = 0, median = 0, mean = 0, max = 0, stddev = 0;  // stddev: sample (n-1)
  Json to_json() const;
};

// Throws std::invalid_argument on an empty sample.
TimeSummary summarise(std::vector<double> samples);

// The middle value (the mean of the two middle ones for an even count): ScaleLab's one
// median. Throws std::invalid_argument on an empty sample.
double median(std::vector<double> samples);

}  // namespace scalelab
