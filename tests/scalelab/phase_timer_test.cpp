// SPDX-License-Identifier: MIT
#include "scalelab/phase_timer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace scalelab {
namespace {

using Seconds = std::vector<std::vector<double>>;

TEST(PhaseTimer, OutsideARepetitionNothingIsRecorded) {
  PhaseTimer timer;
  timer.add("setup", 1.0);  // before the first rep: warm-ups and setup
  { const auto scope = timer.time("warm-up"); }
  EXPECT_TRUE(timer.names().empty());
  timer.begin_rep();
  timer.add("read", 0.5);
  timer.stop();
  timer.add("verify", 2.0);  // after the timed reps
  EXPECT_EQ(timer.names(), std::vector<std::string>{"read"});
  EXPECT_EQ(timer.seconds(), (Seconds{{0.5}}));
}

TEST(PhaseTimer, SecondsAddUpPerRepInTheOrderPhasesWereFirstMarked) {
  PhaseTimer timer;
  timer.begin_rep();
  timer.add("read", 1.0);
  timer.add("count", 2.0);
  timer.add("read", 0.25);  // a phase marked twice in one rep: its seconds add up
  timer.begin_rep();
  timer.add("merge", 3.0);  // new in the second rep: 0 in the first
  timer.add("count", 4.0);
  timer.stop();
  EXPECT_EQ(timer.names(), (std::vector<std::string>{"read", "count", "merge"}));
  EXPECT_EQ(timer.seconds(), (Seconds{{1.25, 2.0, 0.0}, {0.0, 4.0, 3.0}}));
}

TEST(PhaseTimer, AScopeAddsTheTimeItWasAlive) {
  PhaseTimer timer;
  timer.begin_rep();
  {
    const auto scope = timer.time("compute");
    volatile double sink = 0;
    for (int i = 0; i < 100000; ++i) sink = sink + i;
  }
  ASSERT_EQ(timer.names(), std::vector<std::string>{"compute"});
  EXPECT_GT(timer.seconds()[0][0], 0.0);
}

TEST(MedianBreakdown, EachPhaseIsTheMedianOverRepsOfTheSlowestRanksSeconds) {
  const Json out = median_breakdown({"compute", "halo"}, {{1.0, 0.1}, {3.0, 0.4}, {2.0, 0.2}});
  EXPECT_EQ(out.dump(), "{\"compute\":2,\"halo\":0.2}");
  // An even count of reps: the mean of the middle two; keys in the given order.
  const Json even = median_breakdown({"b", "a"}, {{1.0, 4.0}, {2.0, 8.0}});
  EXPECT_EQ(even.dump(), "{\"b\":1.5,\"a\":6}");
}

TEST(MedianBreakdown, NoPhasesOrNoRepsIsNull) {
  EXPECT_EQ(median_breakdown({}, {{1.0}}).dump(), "null");
  EXPECT_EQ(median_breakdown({"read"}, {}).dump(), "null");
}

}  // namespace
}  // namespace scalelab
