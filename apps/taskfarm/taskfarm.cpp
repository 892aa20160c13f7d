// SPDX-License-Identifier: MIT
#include "taskfarm.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "scalelab/errors.hpp"
#include "scalelab/size_parse.hpp"

namespace scalelab::taskfarm {
namespace {

void check_mpi(int rc, const char* call) {
  if (rc != MPI_SUCCESS) throw RuntimeError(std::string(call) + " failed");
}

// Every rank's `local` (the same length on each), concatenated in rank order.
template <class T>
std::vector<T> all_gather(const Comm& comm, const std::vector<T>& local, MPI_Datatype type) {
  std::vector<T> out(local.size() * static_cast<std::size_t>(comm.size()));
  const int count = static_cast<int>(local.size());
  check_mpi(MPI_Allgather(local.data(), count, type, out.data(), count, type, comm.raw()),
            "MPI_Allgather");
  return out;
}

// A count option: k/M/G suffixes like --size, at most `limit`.
std::uint64_t parse_count(const std::string& text, const char* option, std::uint64_t limit) {
  const std::uint64_t value = parse_size(text, option);
  if (value > limit) {
    throw UsageError(std::string(option) + ": " + std::to_string(value) + " exceeds the limit of " +
                     std::to_string(limit));
  }
  return value;
}

const char* schedule_name(Schedule schedule) {
  switch (schedule) {
    case Schedule::kStatic:
      return "static";
    case Schedule::kDynamic:
      return "dynamic";
    case Schedule::kGuided:
      return "guided";
  }
  return "?";
}

}  // namespace

void TaskfarmWorkload::setup(const RunContext& ctx) {
  const std::optional<Costs> costs = parse_costs(params_->costs);
  if (!costs) throw UsageError("--costs: '" + params_->costs + "' is not a cost distribution");
  if (ctx.model == "serial" && (params_->schedule || params_->chunk)) {
    throw UsageError(std::string(params_->schedule ? "--schedule" : "--chunk") +
                     ": taskfarm/serial runs the tasks in order on one worker (--schedule and "
                     "--chunk apply to openmp, mpi and hybrid)");
  }
  const std::optional<Schedule> schedule = parse_schedule(params_->schedule.value_or("static"));
  if (!schedule) throw UsageError("--schedule: '" + *params_->schedule + "' is not a schedule");
  if (ctx.global_size > kMaxTasks) {
    throw UsageError("--size: " + std::to_string(ctx.global_size) + " tasks exceed the limit of " +
                     std::to_string(kMaxTasks) + " (every task keeps an execution counter)");
  }
  schedule_ = *schedule;
  chunk_ = params_->chunk.value_or(0);
  set_ = TaskSet{*costs, ctx.global_size, params_->mean_work, ctx.seed};

  std::uint64_t total = 0;
#pragma omp parallel for reduction(+ : total)
  for (std::uint64_t i = 0; i < set_.tasks; ++i) total += set_.cost(i);
  total_work_ = total;

  counts_.assign(set_.tasks, 0);
  logs_.clear();
  reps_.clear();
  farm_comm_ = std::make_unique<PrivateComm>(ctx.comm.raw());  // last: nothing throws after it
}

void TaskfarmWorkload::begin_rep() {
  std::fill(counts_.begin(), counts_.end(), 0);
  rep_watch_ = Stopwatch();
}

void TaskfarmWorkload::end_rep(const RunContext& ctx, const std::vector<WorkerTally>& tallies) {
  RepLog log;
  log.elapsed = rep_watch_.seconds();
  std::uint64_t sum = 0;
  for (const WorkerTally& t : tallies) {
    sum += t.sum;
    log.busy.push_back(t.busy);
    log.tasks.push_back(t.tasks);
  }
  logs_.push_back(std::move(log));
  combined_ = ctx.comm.sum(sum);
}

void TaskfarmWorkload::run_distributed(const RunContext& ctx) {
  if (schedule_ == Schedule::kStatic) {
    run_static(ctx);
  } else {
    run_master_worker(ctx);
  }
}

void TaskfarmWorkload::gather_load_stats(const RunContext& ctx) {
  const std::size_t reps = logs_.size();
  const auto threads = static_cast<std::size_t>(ctx.threads);
  std::vector<double> elapsed(reps);
  std::vector<double> busy;
  std::vector<std::uint64_t> tasks;
  for (std::size_t r = 0; r < reps; ++r) {
    elapsed[r] = logs_[r].elapsed;
    busy.insert(busy.end(), logs_[r].busy.begin(), logs_[r].busy.end());
    tasks.insert(tasks.end(), logs_[r].tasks.begin(), logs_[r].tasks.end());
  }
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, elapsed.data(), static_cast<int>(reps), MPI_DOUBLE, MPI_MAX,
                          ctx.comm.raw()),
            "MPI_Allreduce");
  // Gathered rank-major ([rank][rep][thread]); worker w = rank x threads + thread.
  const std::vector<double> all_busy = all_gather(ctx.comm, busy, MPI_DOUBLE);
  const std::vector<std::uint64_t> all_tasks = all_gather(ctx.comm, tasks, MPI_UINT64_T);
  reps_.clear();
  for (std::size_t r = 0; r < reps; ++r) {
    std::vector<double> rep_busy;
    std::vector<std::uint64_t> rep_tasks;
    for (std::size_t rank = 0; rank < static_cast<std::size_t>(ctx.comm.size()); ++rank) {
      const std::size_t at = (rank * reps + r) * threads;
      rep_busy.insert(rep_busy.end(), all_busy.begin() + at, all_busy.begin() + at + threads);
      rep_tasks.insert(rep_tasks.end(), all_tasks.begin() + at, all_tasks.begin() + at + threads);
    }
    reps_.push_back(load_stats(elapsed[r], std::move(rep_busy), std::move(rep_tasks)));
  }
}

Check TaskfarmWorkload::verify(const RunContext& ctx) {
  // (1) Replay every task over a cyclic split of the ranks: a decomposition no variant uses.
  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  const auto rank = static_cast<std::uint64_t>(ctx.comm.rank());
  std::uint64_t local = 0;
#pragma omp parallel for schedule(dynamic, 16) reduction(+ : local)
  for (std::uint64_t i = rank; i < set_.tasks; i += ranks) local += set_.result(i);
  const std::uint64_t replay = ctx.comm.sum(local);

  // (2) Every task ran exactly once in the last repetition, counted over all ranks.
  check_mpi(MPI_Allreduce(MPI_IN_PLACE, counts_.data(), static_cast<int>(counts_.size()),
                          MPI_UINT32_T, MPI_SUM, ctx.comm.raw()),
            "MPI_Allreduce");
  std::uint64_t missing = 0;
  std::uint64_t repeated = 0;
#pragma omp parallel for reduction(+ : missing, repeated)
  for (std::uint64_t i = 0; i < set_.tasks; ++i) {
    missing += counts_[i] == 0 ? 1 : 0;
    repeated += counts_[i] > 1 ? 1 : 0;
  }
  wrong_counts_ = missing + repeated;
  executed_once_ = wrong_counts_ == 0;

  gather_load_stats(ctx);

  Check check;
  check.what = "combined result equals a cyclic replay of every task; every task ran once";
  check.value = static_cast<double>(wrong_counts_);
  check.expected = 0;
  check.error = combined_ == replay ? 0.0 : 1.0;
  check.passed = combined_ == replay && executed_once_;
  check.details = Json::object({{"combined", combined_},
                                {"replay", replay},
                                {"tasks_not_run", missing},
                                {"tasks_run_more_than_once", repeated}});
  return check;
}

Json TaskfarmWorkload::params(const RunContext& ctx) const {
  return Json::object({{"tasks", set_.tasks},
                       {"costs", params_->costs},
                       {"schedule", ctx.model == "serial" ? "none" : schedule_name(schedule_)},
                       {"chunk", chunk_},
                       {"mean_work_units", set_.mean_work},
                       {"total_work_units", total_work_}});
}

Json TaskfarmWorkload::result(const RunContext& ctx) const {
  Json out = Json::object({{"tasks", set_.tasks},
                           {"combined", combined_},
                           {"executed_once", executed_once_},
                           {"workers", ctx.comm.size() * ctx.threads},
                           {"reps_measured", reps_.size()}});
  if (reps_.empty()) return out;
  const LoadStats& rep = reps_[median_rep(reps_)];
  rep.write_to(out);
  out.set("ns_per_unit", rep.total_busy / static_cast<double>(total_work_) * 1e9);
  Json makespans = Json::array();
  Json efficiencies = Json::array();
  for (const LoadStats& r : reps_) {
    makespans.push(r.makespan);
    efficiencies.push(r.efficiency);
  }
  out.set("makespan_per_rep_s", std::move(makespans));
  out.set("efficiency_per_rep", std::move(efficiencies));
  return out;
}

Metrics TaskfarmWorkload::metrics(const RunContext&, double seconds_per_rep) const {
  Metrics m;
  m.fom.set("tasks_per_s", static_cast<double>(set_.tasks) / seconds_per_rep);
  if (reps_.empty()) return m;
  const LoadStats& rep = reps_[median_rep(reps_)];
  m.fom.set("makespan_efficiency", rep.efficiency);
  const double busy_max =
      rep.busy.empty() ? 0.0 : *std::max_element(rep.busy.begin(), rep.busy.end());
  // Per worker: busy + idle = makespan on average; busy_max is the critical worker.
  m.breakdown = Json::object(
      {{"busy", rep.ideal}, {"busy_max", busy_max}, {"idle", rep.makespan - rep.ideal}});
  return m;
}

AppDefinition make_app() {
  auto params = std::make_shared<Params>();
  AppDefinition app;
  app.workload = "taskfarm";
  app.description =
      "Task farm: N independent CPU-bound tasks of skewed cost, dealt out statically or on "
      "demand (load balance and scheduling)";
  app.size_meaning = "tasks (alias --tasks; default 10k)";
  app.default_size = [params] { return params->tasks.value_or(kDefaultTasks); };
  app.add_options = [params](CLI::App& cli) {
    *params = Params{};  // a fresh parse starts from the defaults
    cli.add_option_function<std::string>(
           "--tasks",
           [params](const std::string& text) { params->tasks = parse_size(text, "--tasks"); },
           "Number of tasks: the same as --size (give one of them)")
        ->excludes("--size");
    cli.add_option("--costs", params->costs, "Distribution of the task costs")
        ->check(CLI::IsMember({"uniform", "linear", "exponential", "bimodal"}))
        ->capture_default_str();
    cli.add_option_function<std::string>(
           "--schedule", [params](const std::string& name) { params->schedule = name; },
           "How tasks are dealt to workers (openmp, mpi, hybrid; default static)")
        ->check(CLI::IsMember({"static", "dynamic", "guided"}));
    cli.add_option_function<std::string>(
        "--chunk",
        [params](const std::string& text) {
          params->chunk = parse_count(text, "--chunk", kMaxChunk);
        },
        "Tasks a worker takes at a time (default: the schedule's own: static one block per "
        "worker, dynamic and guided 1)");
    cli.add_option_function<std::string>(
        "--mean-work",
        [params](const std::string& text) {
          params->mean_work = parse_count(text, "--mean-work", kMaxMeanWork);
        },
        "Mean task cost in work units (one unit ~7 ns; default 10k)");
  };
  app.variants.add("serial", {false, false}, [params] { return make_serial(params); });
  app.variants.add("openmp", {false, true}, [params] { return make_openmp(params); });
  app.variants.add("mpi", {true, false}, [params] { return make_mpi(params); });
  app.variants.add("hybrid", {true, true}, [params] { return make_hybrid(params); });
  return app;
}

}  // namespace scalelab::taskfarm
