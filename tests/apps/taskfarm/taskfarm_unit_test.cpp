// SPDX-License-Identifier: MIT
// The pure pieces of taskfarm: task costs and results, the static split, the take sizes of
// dynamic and guided, and the load statistics. No MPI.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "load_stats.hpp"
#include "schedule.hpp"
#include "task.hpp"

namespace scalelab::taskfarm {
namespace {

TaskSet make_set(Costs costs, std::uint64_t tasks, std::uint64_t mean_work, std::uint64_t seed) {
  TaskSet set;
  set.costs = costs;
  set.tasks = tasks;
  set.mean_work = mean_work;
  set.seed = seed;
  return set;
}

double mean_cost(const TaskSet& set) {
  double sum = 0;
  for (std::uint64_t i = 0; i < set.tasks; ++i) sum += static_cast<double>(set.cost(i));
  return sum / static_cast<double>(set.tasks);
}

TEST(TaskfarmCosts, EveryDistributionHasTheRequestedMean) {
  for (const Costs costs :
       {Costs::kUniform, Costs::kLinear, Costs::kExponential, Costs::kBimodal}) {
    const TaskSet set = make_set(costs, 20'000, 1000, 42);
    EXPECT_NEAR(mean_cost(set), 1000.0, 30.0) << static_cast<int>(costs);
  }
}

TEST(TaskfarmCosts, LinearCostsAreSortedBySize) {
  const TaskSet set = make_set(Costs::kLinear, 1000, 10'000, 42);
  for (std::uint64_t i = 1; i < set.tasks; ++i) EXPECT_LE(set.cost(i - 1), set.cost(i)) << i;
  EXPECT_LT(set.cost(0), 20u);
  EXPECT_GT(set.cost(set.tasks - 1), 19'900u);
}

TEST(TaskfarmCosts, ExponentialCostsAreSkewed) {
  const TaskSet set = make_set(Costs::kExponential, 10'000, 1000, 42);
  std::uint64_t below_mean = 0;
  std::uint64_t largest = 0;
  for (std::uint64_t i = 0; i < set.tasks; ++i) {
    below_mean += set.cost(i) < 1000 ? 1 : 0;
    largest = std::max(largest, set.cost(i));
  }
  EXPECT_NEAR(static_cast<double>(below_mean) / 10'000, 1 - std::exp(-1.0), 0.02);
  EXPECT_GT(largest, 6000u);  // the expected maximum of 10k draws is ~9.8 x the mean
}

TEST(TaskfarmCosts, BimodalCostsTakeTwoValues) {
  const TaskSet set = make_set(Costs::kBimodal, 10'000, 1000, 42);
  std::set<std::uint64_t> values;
  std::uint64_t large = 0;
  for (std::uint64_t i = 0; i < set.tasks; ++i) {
    values.insert(set.cost(i));
    large += set.cost(i) == 5500 ? 1 : 0;
  }
  EXPECT_EQ(values, (std::set<std::uint64_t>{500, 5500}));
  EXPECT_NEAR(static_cast<double>(large) / 10'000, kBimodalLargeShare, 0.01);
}

TEST(TaskfarmCosts, EveryTaskDoesAtLeastOneUnit) {
  const TaskSet set = make_set(Costs::kExponential, 10'000, 1, 42);
  for (std::uint64_t i = 0; i < set.tasks; ++i) ASSERT_GE(set.cost(i), 1u) << i;
}

TEST(TaskfarmCosts, CostsAndStartsDependOnTheSeed) {
  const TaskSet a = make_set(Costs::kUniform, 100, 1000, 1);
  const TaskSet b = make_set(Costs::kUniform, 100, 1000, 2);
  int same_cost = 0;
  int same_start = 0;
  for (std::uint64_t i = 0; i < 100; ++i) {
    same_cost += a.cost(i) == b.cost(i) ? 1 : 0;
    same_start += a.start(i) == b.start(i) ? 1 : 0;
    EXPECT_EQ(a.cost(i), make_set(Costs::kUniform, 100, 1000, 1).cost(i));  // pure
  }
  EXPECT_LT(same_cost, 10);
  EXPECT_EQ(same_start, 0);
}

TEST(TaskfarmTask, AdvanceComposes) {
  EXPECT_EQ(advance(advance(12345, 700), 300), advance(12345, 1000));
  EXPECT_EQ(advance(12345, 0), 12345u);
  EXPECT_NE(advance(12345, 1), 12345u);
}

TEST(TaskfarmTask, PollingDoesNotChangeTheResult) {
  const TaskSet set = make_set(Costs::kExponential, 50, 3 * kPollUnits, 9);
  for (std::uint64_t i = 0; i < set.tasks; ++i) {
    std::uint64_t polls = 0;
    EXPECT_EQ(run_task(set, i, [&] { ++polls; }), set.result(i));
    EXPECT_EQ(polls, (set.cost(i) - 1) / kPollUnits) << i;  // one per full slice but the last
  }
}

TEST(TaskfarmTask, NamesParse) {
  EXPECT_EQ(parse_costs("linear"), Costs::kLinear);
  EXPECT_EQ(parse_costs("bimodal"), Costs::kBimodal);
  EXPECT_FALSE(parse_costs("normal"));
  EXPECT_EQ(parse_schedule("guided"), Schedule::kGuided);
  EXPECT_FALSE(parse_schedule("auto"));
}

// Every task exactly once over all workers, for sizes that do and do not divide evenly.
TEST(TaskfarmSchedule, StaticSplitCoversEveryTaskOnce) {
  for (const std::uint64_t tasks : {1, 7, 100, 101}) {
    for (const std::uint64_t workers : {1, 2, 3, 8}) {
      for (const std::uint64_t chunk : {0, 1, 3, 200}) {
        std::vector<int> runs(tasks, 0);
        for (std::uint64_t w = 0; w < workers; ++w) {
          for_each_static_task(tasks, workers, w, chunk, [&](std::uint64_t i) { ++runs[i]; });
        }
        EXPECT_TRUE(std::all_of(runs.begin(), runs.end(), [](int n) { return n == 1; }))
            << tasks << " tasks, " << workers << " workers, chunk " << chunk;
      }
    }
  }
}

TEST(TaskfarmSchedule, StaticSplitIsBlocksOrRoundRobinChunks) {
  std::vector<std::uint64_t> mine;
  for_each_static_task(10, 3, 1, 0, [&](std::uint64_t i) { mine.push_back(i); });
  EXPECT_EQ(mine, (std::vector<std::uint64_t>{4, 5, 6}));  // blocks of 4, 3, 3
  mine.clear();
  for_each_static_task(10, 3, 1, 2, [&](std::uint64_t i) { mine.push_back(i); });
  EXPECT_EQ(mine, (std::vector<std::uint64_t>{2, 3, 8, 9}));  // chunks 1 and 4 of 2 tasks
}

TEST(TaskfarmSchedule, DynamicTakesTheChunk) {
  EXPECT_EQ(take_size(Schedule::kDynamic, 100, 4, 0), 1u);
  EXPECT_EQ(take_size(Schedule::kDynamic, 100, 4, 7), 7u);
  EXPECT_EQ(take_size(Schedule::kDynamic, 5, 4, 7), 5u);
  EXPECT_EQ(take_size(Schedule::kDynamic, 0, 4, 7), 0u);
}

TEST(TaskfarmSchedule, GuidedTakesShrinkToTheChunk) {
  EXPECT_EQ(take_size(Schedule::kGuided, 100, 4, 0), 25u);
  EXPECT_EQ(take_size(Schedule::kGuided, 101, 4, 0), 26u);
  EXPECT_EQ(take_size(Schedule::kGuided, 10, 4, 5), 5u);
  std::uint64_t remaining = 1000;
  std::uint64_t takes = 0;
  std::uint64_t last = remaining;
  while (remaining > 0) {
    const std::uint64_t take = take_size(Schedule::kGuided, remaining, 4, 2);
    ASSERT_GT(take, 0u);
    ASSERT_LE(take, last);  // never growing
    last = take;
    remaining -= take;
    ++takes;
  }
  EXPECT_LT(takes, 40u);  // geometric, unlike 500 takes of dynamic,2
}

TEST(TaskfarmLoadStats, RatiosFollowTheDefinitions) {
  const LoadStats s = load_stats(4.0, {1.0, 3.0}, {10, 30});
  EXPECT_DOUBLE_EQ(s.total_busy, 4.0);
  EXPECT_DOUBLE_EQ(s.ideal, 2.0);
  EXPECT_DOUBLE_EQ(s.efficiency, 0.5);
  EXPECT_DOUBLE_EQ(s.imbalance, 1.5);
  EXPECT_DOUBLE_EQ(s.idle_fraction, 0.5);
  Json out = Json::object();
  s.write_to(out);
  EXPECT_DOUBLE_EQ(out.at("efficiency").as_double(), 0.5);
  EXPECT_EQ(out.at("tasks_per_worker").dump(), "[10,30]");
}

TEST(TaskfarmLoadStats, IdleWorkersAndEmptyClocksStayDefined) {
  const LoadStats idle = load_stats(1.0, {0.0, 0.0}, {0, 0});
  EXPECT_DOUBLE_EQ(idle.imbalance, 1.0);
  EXPECT_DOUBLE_EQ(idle.efficiency, 0.0);
  const LoadStats no_tick = load_stats(0.0, {0.0}, {1});
  EXPECT_TRUE(std::isnan(no_tick.efficiency));
}

TEST(TaskfarmLoadStats, MedianRepIsTheMiddleMakespan) {
  std::vector<LoadStats> reps;
  for (const double m : {3.0, 1.0, 2.0, 5.0, 4.0}) reps.push_back(load_stats(m, {1.0}, {1}));
  EXPECT_DOUBLE_EQ(reps[median_rep(reps)].makespan, 3.0);
  reps.pop_back();  // 3 1 2 5: the lower middle is 2
  EXPECT_DOUBLE_EQ(reps[median_rep(reps)].makespan, 2.0);
}

}  // namespace
}  // namespace scalelab::taskfarm
