// SPDX-License-Identifier: MIT
// taskfarm at every model, schedule, chunk and cost distribution the current rank count
// allows, through the production path (argv parsed like the binary's, then execute()):
// verified, every task run exactly once, and the combined result equal to a serial sum; with
// arrivals also no task started before it arrived.
// Assertions are on facts reduced over all ranks, so every rank agrees.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "../run_helpers.hpp"
#include "scalelab/errors.hpp"
#include "taskfarm.hpp"

namespace scalelab::taskfarm {
namespace {

using scalelab::testing::layouts_for;
using scalelab::testing::small_run;

using Args = std::vector<std::string>;

// Mean task cost of the tests: small, but above kPollUnits, so most tasks pause to poll (the
// master answers requests in those pauses).
constexpr std::uint64_t kMeanWork = 2500;
static_assert(kMeanWork > kPollUnits);

// Parses like the binary (small, quick defaults first) and runs through the driver.
RunOutcome run_args(const Args& args, const Comm& world) {
  const AppDefinition app = make_app();
  Args argv{"scalelab-taskfarm",      "--reps", "2", "--warmup", "0", "--quiet", "--mean-work",
            std::to_string(kMeanWork)};
  argv.insert(argv.end(), args.begin(), args.end());
  return execute(app, parse_command_line(app, argv).options, world);
}

int exit_code_of(const Args& args, const Comm& world) {
  try {
    return run_args(args, world).exit_code;
  } catch (const Error& e) {
    return e.code();
  }
}

std::uint64_t serial_sum(Costs costs, std::uint64_t tasks, std::uint64_t seed) {
  const TaskSet set{costs, tasks, kMeanWork, seed};
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < tasks; ++i) sum += set.result(i);
  return sum;
}

// The numbers of a JSON array (the core's Json has no element access; its dump is exact).
std::vector<double> numbers_in(const Json& array) {
  const std::string text = array.dump();
  std::vector<double> out;
  for (const char* p = text.c_str() + 1; *p != ']' && *p != '\0';) {
    char* end = nullptr;
    out.push_back(std::strtod(p, &end));
    p = *end == ',' ? end + 1 : end;
  }
  return out;
}

// The record's promise for a run of `tasks` tasks on `workers` workers: verified, every
// task once, the serial sum, and one entry per worker whose task counts add up.
bool record_is_right(const RunOutcome& out, std::uint64_t tasks, std::uint64_t expected_sum,
                     std::uint64_t workers) {
  const Json& result = out.record.at("result");
  const std::vector<double> per_worker = numbers_in(result.at("tasks_per_worker"));
  double ran = 0;
  for (const double n : per_worker) ran += n;
  return out.exit_code == kExitOk && out.record.at("verified").as_bool() &&
         result.at("executed_once").as_bool() && result.at("combined").as_uint() == expected_sum &&
         result.at("workers").as_uint() == workers && per_worker.size() == workers &&
         ran == static_cast<double>(tasks);
}

TEST(Taskfarm, EveryModelScheduleAndChunkMatchesSerial) {
  const Comm world;
  const AppDefinition app = make_app();
  const auto ranks = static_cast<std::uint64_t>(world.size());
  // Fewer tasks than some layouts have workers, and a prime count.
  for (const std::uint64_t tasks : {std::uint64_t{3}, std::uint64_t{101}}) {
    const std::uint64_t expected = serial_sum(Costs::kExponential, tasks, 7);
    for (const auto& layout : layouts_for(app, world.size())) {
      const bool serial = layout.model == "serial";
      for (const char* schedule : {"static", "dynamic", "guided"}) {
        for (const char* chunk : {"", "4"}) {
          if (serial && (std::string(schedule) != "static" || *chunk != '\0')) continue;
          Args args{"--model", layout.model,          "--threads", std::to_string(layout.threads),
                    "--size",  std::to_string(tasks), "--seed",    "7"};
          if (!serial) args.insert(args.end(), {"--schedule", schedule});
          if (*chunk != '\0') args.insert(args.end(), {"--chunk", chunk});
          SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) + " tasks=" +
                       std::to_string(tasks) + " schedule=" + schedule + " chunk=" + chunk);
          const RunOutcome out = run_args(args, world);
          const std::uint64_t workers = ranks * static_cast<std::uint64_t>(layout.threads);
          bool right = true;
          if (world.is_root()) right = record_is_right(out, tasks, expected, workers);
          EXPECT_TRUE(world.all(right));
        }
      }
    }
  }
}

TEST(Taskfarm, EveryCostDistributionMatchesSerial) {
  const Comm world;
  const auto ranks = static_cast<std::uint64_t>(world.size());
  const struct {
    const char* name;
    Costs costs;
  } distributions[] = {{"uniform", Costs::kUniform},
                       {"linear", Costs::kLinear},
                       {"exponential", Costs::kExponential},
                       {"bimodal", Costs::kBimodal}};
  for (const auto& d : distributions) {
    const std::uint64_t expected = serial_sum(d.costs, 77, 42);
    for (const Args& layout :
         {Args{"--model", "mpi", "--schedule", "static"},
          Args{"--model", "hybrid", "--threads", "2", "--schedule", "dynamic", "--chunk", "2"}}) {
      Args args{"--size", "77", "--costs", d.name};
      args.insert(args.end(), layout.begin(), layout.end());
      SCOPED_TRACE(std::string(d.name) + " " + layout[1]);
      const RunOutcome out = run_args(args, world);
      const std::uint64_t workers = layout[1] == "hybrid" ? 2 * ranks : ranks;
      bool right = true;
      if (world.is_root()) right = record_is_right(out, 77, expected, workers);
      EXPECT_TRUE(world.all(right));
    }
  }
}

// Static deals are decided up front, so who ran how many tasks is known exactly.
TEST(Taskfarm, StaticDealsAreBlocksOrRoundRobinChunks) {
  const Comm world;
  const auto ranks = static_cast<std::uint64_t>(world.size());
  for (const char* chunk : {"", "3"}) {
    Args args{"--model", "hybrid", "--threads", "2", "--size", "23", "--schedule", "static"};
    if (*chunk != '\0') args.insert(args.end(), {"--chunk", chunk});
    const RunOutcome out = run_args(args, world);
    bool right = true;
    if (world.is_root()) {
      const std::vector<double> per_worker =
          numbers_in(out.record.at("result").at("tasks_per_worker"));
      const std::uint64_t workers = 2 * ranks;
      for (std::uint64_t w = 0; w < workers && right; ++w) {
        std::uint64_t expected = 0;
        for_each_static_task(23, workers, w, *chunk ? 3 : 0, [&](std::uint64_t) { ++expected; });
        right = per_worker.at(w) == static_cast<double>(expected);
      }
    }
    EXPECT_TRUE(world.all(right)) << "chunk '" << chunk << "'";
  }
}

// Master-worker with more ranks (and threads) than tasks: idle workers are released, no hang.
TEST(Taskfarm, MasterWorkerReleasesWorkersWithoutTasks) {
  const Comm world;
  const auto ranks = static_cast<std::uint64_t>(world.size());
  for (const char* schedule : {"dynamic", "guided"}) {
    for (const Args& layout :
         {Args{"--model", "mpi"}, Args{"--model", "hybrid", "--threads", "3"}}) {
      Args args{"--size", "1", "--schedule", schedule};
      args.insert(args.end(), layout.begin(), layout.end());
      const RunOutcome out = run_args(args, world);
      const std::uint64_t workers = layout[1] == "hybrid" ? 3 * ranks : ranks;
      bool right = true;
      if (world.is_root())
        right = record_is_right(out, 1, serial_sum(Costs::kExponential, 1, 42), workers);
      EXPECT_TRUE(world.all(right)) << schedule << " " << layout[1];
    }
  }
}

// The load statistics are consistent with each other by construction (no timing asserted:
// each worker's busy time lies inside its rank's rep, so efficiency <= 1 and imbalance >= 1).
TEST(Taskfarm, RecordCarriesConsistentLoadStatistics) {
  const Comm world;
  const RunOutcome out = run_args(
      {"--model", "hybrid", "--threads", "2", "--size", "60", "--schedule", "guided"}, world);
  bool right = true;
  if (world.is_root()) {
    const Json& r = out.record.at("result");
    const double makespan = r.at("makespan_s").as_double();
    const double ideal = r.at("ideal_s").as_double();
    const double efficiency = r.at("efficiency").as_double();
    const std::vector<double> busy = numbers_in(r.at("busy_s"));
    double total = 0;
    double most = 0;
    for (const double b : busy) {
      total += b;
      most = std::max(most, b);
    }
    const double workers = 2.0 * world.size();
    const Json& breakdown = out.record.at("breakdown");
    const Json& fom = out.record.at("fom");
    right = busy.size() == static_cast<std::size_t>(workers) &&
            std::abs(ideal - total / workers) <= 1e-12 * (1 + ideal) &&
            std::abs(efficiency - ideal / makespan) <= 1e-12 &&
            std::abs(r.at("idle_fraction").as_double() - (1 - efficiency)) <= 1e-12 &&
            std::abs(r.at("imbalance").as_double() - most / ideal) <= 1e-12 &&
            efficiency <= 1.0 + 1e-9 && r.at("imbalance").as_double() >= 1.0 &&
            r.at("reps_measured").as_uint() == 2 &&
            numbers_in(r.at("efficiency_per_rep")).size() == 2 &&
            breakdown.at("busy").as_double() == ideal &&
            breakdown.at("busy_max").as_double() == most &&
            fom.at("makespan_efficiency").as_double() == efficiency &&
            fom.at("tasks_per_s").as_double() > 0 &&
            out.record.at("params").at("schedule").as_string() == "guided" &&
            out.record.at("params").at("total_work_units").as_uint() > 0;
  }
  EXPECT_TRUE(world.all(right));
}

// With arrivals, what follows from the arrival times whatever the timing: no task started
// before its arrival (verification counts them), so every queueing delay is >= 0 and the
// percentiles are ordered; the repetition cannot end before the last task arrived; every
// worker's utilisation is a share of the makespan.
bool arrivals_are_right(const RunOutcome& out, std::uint64_t workers) {
  const Json& r = out.record.at("result");
  const double p50 = r.at("queue_delay_p50_s").as_double();
  const double p99 = r.at("queue_delay_p99_s").as_double();
  const double max = r.at("queue_delay_max_s").as_double();
  const std::vector<double> utilisation = numbers_in(r.at("utilisation_per_worker"));
  double least = 1;
  for (const double u : utilisation) least = std::min(least, u);
  return out.record.at("check").at("details").at("tasks_started_before_arrival").as_uint() == 0 &&
         0 <= p50 && p50 <= p99 && p99 <= max &&
         r.at("makespan_s").as_double() >= r.at("last_arrival_s").as_double() &&
         utilisation.size() == workers && least >= 0 &&
         *std::max_element(utilisation.begin(), utilisation.end()) <= 1 &&
         r.at("utilisation_min").as_double() == least &&
         out.record.at("fom").at("queue_delay_p99_s").as_double() == p99;
}

// Poisson arrivals at 50k jobs/s (101 jobs in ~2 ms) and the trace fixture, every model and
// schedule the rank count allows.
TEST(Taskfarm, EveryModelAndScheduleWithArrivalsMatchesSerial) {
  const Comm world;
  const AppDefinition app = make_app();
  const auto ranks = static_cast<std::uint64_t>(world.size());
  const struct {
    Args args;
    std::uint64_t tasks;
  } sources[] = {{{"--arrivals", "poisson", "--rate", "50000", "--size", "101"}, 101},
                 {{"--arrivals", "trace", "--trace", TASKFARM_TRACE}, 40}};
  for (const auto& source : sources) {
    const std::uint64_t expected = serial_sum(Costs::kExponential, source.tasks, 7);
    for (const auto& layout : layouts_for(app, world.size())) {
      const bool serial = layout.model == "serial";
      for (const char* schedule : {"static", "dynamic", "guided"}) {
        if (serial && std::string(schedule) != "static") continue;
        Args args{"--model", layout.model, "--threads", std::to_string(layout.threads),
                  "--seed",  "7"};
        args.insert(args.end(), source.args.begin(), source.args.end());
        if (!serial) args.insert(args.end(), {"--schedule", schedule});
        SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) + " " +
                     source.args[1] + " schedule=" + schedule);
        const RunOutcome out = run_args(args, world);
        const std::uint64_t workers = ranks * static_cast<std::uint64_t>(layout.threads);
        bool right = true;
        if (world.is_root()) {
          right = record_is_right(out, source.tasks, expected, workers) &&
                  arrivals_are_right(out, workers) &&
                  out.record.at("params").at("arrivals").as_string() == source.args[1];
        }
        EXPECT_TRUE(world.all(right));
      }
    }
  }
}

// Static with arrivals deals job i to worker i mod W (chunk 1) unless --chunk is given.
TEST(Taskfarm, StaticWithArrivalsDealsRoundRobin) {
  const Comm world;
  const auto workers = 2 * static_cast<std::uint64_t>(world.size());
  const RunOutcome out = run_args({"--model", "hybrid", "--threads", "2", "--schedule", "static",
                                   "--arrivals", "trace", "--trace", TASKFARM_TRACE},
                                  world);
  bool right = true;
  if (world.is_root()) {
    const std::vector<double> per_worker =
        numbers_in(out.record.at("result").at("tasks_per_worker"));
    right = out.record.at("params").at("chunk").as_uint() == 1;
    for (std::uint64_t w = 0; w < workers && right; ++w) {
      const std::uint64_t expected = 40 / workers + (w < 40 % workers ? 1 : 0);
      right = per_worker.at(w) == static_cast<double>(expected);
    }
  }
  EXPECT_TRUE(world.all(right));
}

// More workers than jobs while the jobs arrive: idle workers get the stop signal, no hang.
TEST(Taskfarm, ArrivalsWithMoreWorkersThanJobsEnd) {
  const Comm world;
  for (const char* schedule : {"static", "dynamic", "guided"}) {
    const RunOutcome out = run_args({"--model", "hybrid", "--threads", "3", "--schedule", schedule,
                                     "--size", "2", "--arrivals", "poisson", "--rate", "1000"},
                                    world);
    const std::uint64_t workers = 3 * static_cast<std::uint64_t>(world.size());
    bool right = true;
    if (world.is_root()) {
      right = record_is_right(out, 2, serial_sum(Costs::kExponential, 2, 42), workers) &&
              arrivals_are_right(out, workers);
    }
    EXPECT_TRUE(world.all(right)) << schedule;
  }
}

TEST(Taskfarm, TasksIsAnAliasOfSize) {
  const Comm world;
  const RunOutcome out = run_args({"--model", "mpi", "--tasks", "29"}, world);
  bool right = true;
  if (world.is_root()) {
    right = out.record.at("size").as_uint() == 29 &&
            out.record.at("params").at("tasks").as_uint() == 29 &&
            out.record.at("verified").as_bool();
  }
  EXPECT_TRUE(world.all(right));
}

TEST(Taskfarm, BadOptionsAreUsageErrorsOnEveryRank) {
  const Comm world;
  const Args bad[] = {{"--model", "serial", "--schedule", "dynamic"},
                      {"--model", "serial", "--chunk", "2"},
                      {"--tasks", "5", "--size", "5"},
                      {"--chunk", "0"},
                      {"--mean-work", "1G"},
                      {"--costs", "normal"},
                      {"--schedule", "auto"},
                      {"--model", "mpi", "--size", "2G"},
                      {"--rate", "5"},
                      {"--arrivals", "poisson"},
                      {"--arrivals", "poisson", "--rate", "0"},
                      {"--arrivals", "poisson", "--rate", "-1"},
                      {"--arrivals", "poisson", "--rate", "1e-9"},
                      {"--trace", TASKFARM_TRACE},
                      {"--arrivals", "trace"},
                      {"--arrivals", "trace", "--trace", TASKFARM_TRACE, "--size", "40"},
                      {"--arrivals", "trace", "--trace", "/nonexistent/arrivals.trace"}};
  for (const Args& args : bad) {
    const int code = exit_code_of(args, world);
    EXPECT_EQ(code, kExitUsage) << args[0] << " " << args[1];
    EXPECT_EQ(world.max(code), world.min(code));
  }
}

// Variants that deal wrongly: verification must notice, whichever of its checks is hit. None
// waits for arrivals: with arrivals, the jobs that have not arrived yet start early.
enum class Fault { kSkipsLastTask, kRunsFirstTaskTwice, kWrongResult, kStartsBeforeArrival };

class Faulty final : public TaskfarmWorkload {
 public:
  Faulty(const RunContext& ctx, Fault fault) : TaskfarmWorkload(ctx), fault_(fault) {}
  void run(const RunContext& ctx) override {
    begin_rep(ctx);
    std::vector<WorkerTally> tally(1);
    const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
    for_each_static_task(set_.tasks, ranks, static_cast<std::uint64_t>(ctx.comm.rank()), 0,
                         [&](std::uint64_t i) {
                           if (fault_ == Fault::kSkipsLastTask && i + 1 == set_.tasks) return;
                           execute_task(i, tally[0]);
                           if (fault_ == Fault::kRunsFirstTaskTwice && i == 0) {
                             execute_task(i, tally[0]);
                             tally[0].sum -= set_.result(i);  // the sum stays right
                           }
                           if (fault_ == Fault::kWrongResult && i == 0) tally[0].sum += 1;
                         });
    end_rep(ctx, tally);
  }

 private:
  Fault fault_;
};

TEST(Taskfarm, WrongDealsFailVerification) {
  const Comm world;
  const struct {
    Fault fault;
    bool sum_right;
    std::uint64_t not_run, run_twice;
  } cases[] = {{Fault::kSkipsLastTask, false, 1, 0},
               {Fault::kRunsFirstTaskTwice, true, 0, 1},
               {Fault::kWrongResult, false, 0, 0},
               {Fault::kStartsBeforeArrival, true, 0, 0}};
  for (const auto& c : cases) {
    AppDefinition app = make_app();
    auto params = set_params<Params>(app);  // the run's options, set here instead of parsed
    params->mean_work = 200;
    app.variants.add("faulty", {true, false}, [fault = c.fault](const RunContext& ctx) {
      return std::make_unique<Faulty>(ctx, fault);
    });
    if (c.fault == Fault::kStartsBeforeArrival) {
      // One job a second: the last of 50 arrives ~50 s in, and this variant never waits.
      params->arrivals = "poisson";
      params->rate = 1;
    }
    const RunOutcome out = execute(app, small_run("faulty", 1, 50), world);
    EXPECT_EQ(out.exit_code, kExitVerificationFailed) << static_cast<int>(c.fault);
    bool says_so = true;
    if (world.is_root()) {
      const Json& details = out.record.at("check").at("details");
      says_so =
          !out.record.at("verified").as_bool() &&
          out.record.at("status").as_string() == "verification_failed" &&
          (details.at("combined").as_uint() == details.at("replay").as_uint()) == c.sum_right &&
          details.at("tasks_not_run").as_uint() == c.not_run &&
          details.at("tasks_run_more_than_once").as_uint() == c.run_twice &&
          (c.fault != Fault::kStartsBeforeArrival ||
           details.at("tasks_started_before_arrival").as_uint() > 0);
    }
    EXPECT_TRUE(world.all(says_so)) << static_cast<int>(c.fault);
  }
}

}  // namespace
}  // namespace scalelab::taskfarm
