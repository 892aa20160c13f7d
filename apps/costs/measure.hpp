// SPDX-License-Identifier: MIT
#pragma once

// Measurement helpers every probe shares: how a batch of operations is timed, and how the
// samples of one table entry (one per repetition) are summarised.

#include <cmath>
#include <cstdint>
#include <vector>

#include "scalelab/json.hpp"
#include "scalelab/stats.hpp"
#include "scalelab/timer.hpp"

namespace scalelab::costs {

// Payloads from this size up are timed one operation at a time. Below it, filling and
// checking a payload costs less than reading the clock (~20-50 ns here), so a whole batch is
// timed with the fill and check inside; above it, filling and checking megabytes would
// otherwise count as communication, while the clock read is small next to the transfer.
constexpr std::uint64_t kTimeEachFromBytes = 1024;

// Seconds spent in `count` calls of operate(i), i in [0, count). prepare(i) runs before and
// check(i) after each call. With time_each false the batch is timed as a whole (prepare and
// check included); with time_each true only operate() is timed, each call on its own.
template <class Prepare, class Operate, class CheckResult>
double timed_operations(std::uint64_t count, bool time_each, Prepare&& prepare, Operate&& operate,
                        CheckResult&& check) {
  if (!time_each) {
    const Stopwatch batch;
    for (std::uint64_t i = 0; i < count; ++i) {
      prepare(i);
      operate(i);
      check(i);
    }
    return batch.seconds();
  }
  double seconds = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    prepare(i);
    const Stopwatch one;
    operate(i);
    seconds += one.seconds();
    check(i);
  }
  return seconds;
}

// One table entry's samples, one per repetition (warm-up repetitions included: every probe
// warms each entry up itself before timing it, so they are valid samples too).
class Samples {
 public:
  void add(double value) { values_.push_back(value); }
  bool empty() const { return values_.empty(); }
  std::size_t size() const { return values_.size(); }
  TimeSummary summary() const { return summarise(values_); }

  bool all_positive_finite() const {
    for (const double v : values_) {
      if (!(std::isfinite(v) && v > 0)) return false;
    }
    return !values_.empty();
  }

  // {"median", "min", "mean"} of the samples times `scale` (e.g. 1e6 for seconds -> us).
  Json to_json(double scale) const {
    if (values_.empty()) return nullptr;
    const TimeSummary s = summary();
    return Json::object(
        {{"median", s.median * scale}, {"min", s.min * scale}, {"mean", s.mean * scale}});
  }

 private:
  std::vector<double> values_;
};

}  // namespace scalelab::costs
