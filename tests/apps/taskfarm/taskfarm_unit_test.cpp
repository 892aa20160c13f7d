// SPDX-License-Identifier: MIT
// The pure pieces of taskfarm: task costs and results, the static split, the take sizes of
// dynamic and guided, the load statistics, and the arrivals (Poisson times, trace files,
// queueing delays, the job queue). No MPI.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include <cstdio>
#include <fstream>
#include <string>

#include "arrivals.hpp"
#include "job_queue.hpp"
#include "load_stats.hpp"
#include "scalelab/errors.hpp"
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

TEST(TaskfarmArrivals, PoissonTimesArePureAscendingAndAtTheRate) {
  const std::vector<double> a = poisson_arrivals(42, 20'000, 500.0);
  EXPECT_EQ(a, poisson_arrivals(42, 20'000, 500.0));
  EXPECT_NE(a, poisson_arrivals(43, 20'000, 500.0));
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_GT(a.front(), 0.0);
  // 20k exponential gaps of mean 1/500 s: their mean is within a few percent of it.
  EXPECT_NEAR(a.back() / 20'000, 1.0 / 500, 0.03 / 500);
  // A prefix does not depend on how many jobs follow it.
  const std::vector<double> head = poisson_arrivals(42, 10, 500.0);
  EXPECT_TRUE(std::equal(head.begin(), head.end(), a.begin()));
}

class TraceFile : public ::testing::Test {
 protected:
  std::string write(const std::string& text) {
    std::ofstream(path_, std::ios::binary) << text;
    return path_;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_ = ::testing::TempDir() + "taskfarm_unit_test.trace";
};

TEST_F(TraceFile, ReadsAscendingTimesWithEqualOnesAndCrlf) {
  EXPECT_EQ(read_trace(write("0\n0.5\n0.5\r\n25e-1")), (std::vector<double>{0, 0.5, 0.5, 2.5}));
}

// Each fault: a UsageError naming --trace, the line and what is wrong.
TEST_F(TraceFile, RefusesEveryFaultNamingTheLine) {
  const struct {
    const char* text;
    const char* says;
  } cases[] = {{"0\n1\nsoon\n", "line 3: 'soon' is not a number of seconds"},
               {"0\n\n1\n", "line 2: '' is not a number of seconds"},
               {"0.5\n-0.25\n", "line 2: '-0.25' is negative"},
               {"1\n0.5\n", "line 2: '0.5' is before the previous line's time"},
               {"2e6\n", "line 1: '2e6' is beyond the limit"},
               {"inf\n", "line 1: 'inf' is not a number"},
               {"", "is empty (no arrival times)"}};
  for (const auto& c : cases) {
    try {
      read_trace(write(c.text));
      ADD_FAILURE() << "accepted: " << c.text;
    } catch (const UsageError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.rfind("--trace: ", 0), 0u) << message;
      EXPECT_NE(message.find(c.says), std::string::npos) << message;
    }
  }
  EXPECT_THROW(read_trace(::testing::TempDir() + "no-such-trace"), UsageError);
}

TEST(TaskfarmArrivals, DelayStatsAreNearestRankPercentilesAndCountEarlyStarts) {
  std::vector<double> arrivals(100);
  std::vector<double> starts(100);
  for (std::size_t i = 0; i < 100; ++i) {
    arrivals[i] = static_cast<double>(i);
    starts[i] = static_cast<double>(i) + static_cast<double>(i + 1) * 0.5;  // delay (i+1)/2
  }
  DelayStats s = delay_stats(arrivals, starts);
  EXPECT_EQ(s.p50, 25.0);
  EXPECT_EQ(s.p99, 49.5);
  EXPECT_EQ(s.max, 50.0);
  EXPECT_EQ(s.started_early, 0u);
  starts[7] = arrivals[7] - 1e-9;
  starts[8] = arrivals[8] - 2;
  s = delay_stats(arrivals, starts);
  EXPECT_EQ(s.started_early, 2u);
}

TEST(TaskfarmArrivals, JobQueueHandsOutReleasedJobsOnlyAndEndsAfterStop) {
  JobQueue queue(Schedule::kDynamic, 2, 3);
  queue.release(3);
  EXPECT_EQ(queue.take().begin, 0u);
  const Range rest = queue.take();
  EXPECT_EQ(rest.begin, 2u);
  EXPECT_EQ(rest.end, 3u);  // a take never goes past what was released
  queue.release(5);
  queue.stop();
  EXPECT_EQ(queue.take().end, 5u);
  EXPECT_EQ(queue.take().size(), 0u);  // stopped and drained: the worker leaves
  JobQueue guided(Schedule::kGuided, 1, 2);
  guided.release(10);
  EXPECT_EQ(guided.take().size(), 5u);  // a share of what is released
}

}  // namespace
}  // namespace scalelab::taskfarm
