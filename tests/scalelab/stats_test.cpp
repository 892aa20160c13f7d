// SPDX-License-Identifier: MIT
#include "scalelab/stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace scalelab {
namespace {

TEST(Summarise, OddCount) {
  const TimeSummary s = summarise({3.0, 1.0, 2.0});
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.max, 3.0);
  EXPECT_DOUBLE_EQ(s.median, 2.0);
  EXPECT_DOUBLE_EQ(s.mean, 2.0);
  EXPECT_DOUBLE_EQ(s.stddev, 1.0);  // sample stddev: sqrt((1 + 0 + 1) / 2)
}

TEST(Summarise, EvenCountMedianIsTheMeanOfTheMiddlePair) {
  const TimeSummary s = summarise({4.0, 1.0, 3.0, 2.0});
  EXPECT_DOUBLE_EQ(s.min, 1.0);
  EXPECT_DOUBLE_EQ(s.max, 4.0);
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(5.0 / 3.0));

  const TimeSummary two = summarise({0.5, 0.25});
  EXPECT_DOUBLE_EQ(two.median, 0.375);
  EXPECT_DOUBLE_EQ(two.stddev, std::sqrt(0.03125));
}

TEST(Summarise, SampleStandardDeviationUsesNMinusOne) {
  const TimeSummary s = summarise({2, 4, 4, 4, 5, 5, 7, 9});
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_DOUBLE_EQ(s.median, 4.5);
  // Population stddev of this classic sample is 2; the sample one is sqrt(32 / 7).
  EXPECT_DOUBLE_EQ(s.stddev, std::sqrt(32.0 / 7.0));
  EXPECT_DOUBLE_EQ(s.min, 2.0);
  EXPECT_DOUBLE_EQ(s.max, 9.0);
}

TEST(Summarise, MedianIsRobustToAnOutlier) {
  const TimeSummary s = summarise({1.0, 1.0, 100.0, 1.0, 1.0});
  EXPECT_DOUBLE_EQ(s.median, 1.0);
  EXPECT_DOUBLE_EQ(s.mean, 20.8);
  EXPECT_DOUBLE_EQ(s.max, 100.0);
}

TEST(Summarise, SingleSample) {
  const TimeSummary s = summarise({0.25});
  EXPECT_EQ(s.min, 0.25);
  EXPECT_EQ(s.max, 0.25);
  EXPECT_EQ(s.median, 0.25);
  EXPECT_EQ(s.mean, 0.25);
  EXPECT_EQ(s.stddev, 0.0);
}

TEST(Summarise, IdenticalSamplesHaveNoSpread) {
  const TimeSummary s = summarise({0.5, 0.5, 0.5, 0.5});
  EXPECT_EQ(s.median, 0.5);
  EXPECT_EQ(s.mean, 0.5);
  EXPECT_EQ(s.stddev, 0.0);
}

TEST(Summarise, EmptyIsRefused) {
  EXPECT_THROW(summarise({}), std::invalid_argument);
}

TEST(Summarise, ToJsonNamesEveryStatistic) {
  const Json j = summarise({1.0, 2.0, 3.0}).to_json();
  EXPECT_EQ(j.dump(), "{\"min\":1,\"median\":2,\"mean\":2,\"max\":3,\"stddev\":1}");
}

TEST(Median, OddCountIsTheMiddleValueEvenCountTheMeanOfTheMiddlePair) {
  EXPECT_DOUBLE_EQ(median({3.0, 1.0, 2.0}), 2.0);
  EXPECT_DOUBLE_EQ(median({4.0, 1.0, 3.0, 2.0}), 2.5);
  EXPECT_DOUBLE_EQ(median({0.25}), 0.25);
  EXPECT_DOUBLE_EQ(median({1.0, 1.0, 100.0, 1.0, 1.0}), 1.0);
}

TEST(Median, AgreesWithSummariseAndRefusesEmpty) {
  const std::vector<double> samples{0.3, 0.1, 0.7, 0.2, 0.9, 0.4};
  EXPECT_EQ(median(samples), summarise(samples).median);
  EXPECT_THROW(median({}), std::invalid_argument);
}

}  // namespace
}  // namespace scalelab
