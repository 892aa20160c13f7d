// SPDX-License-Identifier: MIT
#include "taskfarm.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "scalelab/errors.hpp"
#include "scalelab/number_parse.hpp"
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

// A rate as the user would write it ("1e-09", "2000"), not to_string's fixed six decimals.
std::string rate_text(double rate) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", rate);
  return text;
}

// The arrival times --arrivals, --rate and --trace ask for (none: empty); throws UsageError
// for a combination that does not fit.
std::vector<double> arrival_times(const Params& params, const RunContext& ctx) {
  const std::optional<ArrivalModel> model = parse_arrival_model(params.arrivals);
  if (!model) throw UsageError("--arrivals: '" + params.arrivals + "' is not an arrival model");
  if (params.rate && *model != ArrivalModel::kPoisson) {
    throw UsageError("--rate: applies to --arrivals poisson only (arrivals are " + params.arrivals +
                     ")");
  }
  if (params.trace && *model != ArrivalModel::kTrace) {
    throw UsageError("--trace: applies to --arrivals trace only (arrivals are " + params.arrivals +
                     ")");
  }
  switch (*model) {
    case ArrivalModel::kNone:
      return {};
    case ArrivalModel::kPoisson: {
      if (!params.rate) throw UsageError("--arrivals poisson: needs --rate (jobs per second)");
      if (!(*params.rate > 0)) {
        throw UsageError("--rate: " + rate_text(*params.rate) + " jobs per second is not positive");
      }
      std::vector<double> times = poisson_arrivals(ctx.seed, ctx.global_size, *params.rate);
      if (!times.empty() && !(times.back() <= kMaxArrivalSeconds)) {
        throw UsageError("--rate: at " + rate_text(*params.rate) + " jobs per second the last of " +
                         std::to_string(times.size()) +
                         " jobs arrives beyond the limit of 1e6 seconds");
      }
      return times;
    }
    case ArrivalModel::kTrace: {
      if (!params.trace) throw UsageError("--arrivals trace: needs --trace FILE");
      std::vector<double> times = read_trace(*params.trace);
      if (times.size() != ctx.global_size) {  // --size is refused beside --trace: weak scaling
        throw UsageError(
            "--scaling weak: the jobs come from --trace and cannot grow with the "
            "cores (use --scaling strong)");
      }
      return times;
    }
  }
  return {};
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
  std::vector<double> arrivals = arrival_times(*params_, ctx);
  schedule_ = *schedule;
  // Static with arrivals deals job i to worker i mod W unless --chunk says otherwise: a block
  // split would give the last worker only the jobs that arrive last.
  const bool round_robin = !arrivals.empty() && schedule_ == Schedule::kStatic;
  chunk_ = params_->chunk.value_or(round_robin ? 1 : 0);
  set_ = TaskSet{*costs, ctx.global_size, params_->mean_work, ctx.seed};

  std::uint64_t total = 0;
#pragma omp parallel for reduction(+ : total)
  for (std::uint64_t i = 0; i < set_.tasks; ++i) total += set_.cost(i);
  total_work_ = total;

  counts_.assign(set_.tasks, 0);
  starts_.assign(arrivals.empty() ? 0 : set_.tasks, 0.0);
  arrivals_ = ArrivalClock(std::move(arrivals));
  logs_.clear();
  reps_.clear();
  farm_comm_ = std::make_unique<PrivateComm>(ctx.comm.raw());  // last: nothing throws after it
}

void TaskfarmWorkload::begin_rep(const RunContext& ctx) {
  std::fill(counts_.begin(), counts_.end(), 0);
  if (arrivals_.active()) {
    std::fill(starts_.begin(), starts_.end(), -std::numeric_limits<double>::infinity());
    double start = ArrivalClock::clock_now();
    check_mpi(MPI_Bcast(&start, 1, MPI_DOUBLE, 0, ctx.comm.raw()), "MPI_Bcast");
    arrivals_.start_at(start);
  }
  rep_watch_ = Stopwatch();
}

void TaskfarmWorkload::end_rep(const RunContext& ctx, const std::vector<WorkerTally>& tallies) {
  RepLog log;
  // With arrivals, from the start the arrival times count from, so the two compare.
  log.elapsed = arrivals_.active() ? arrivals_.now() : rep_watch_.seconds();
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

  // (3) With arrivals: no task started before its arrival (each task's start comes from the
  // rank that ran it; the others hold -inf).
  if (arrivals_.active()) {
    check_mpi(MPI_Allreduce(MPI_IN_PLACE, starts_.data(), static_cast<int>(starts_.size()),
                            MPI_DOUBLE, MPI_MAX, ctx.comm.raw()),
              "MPI_Allreduce");
    delays_ = delay_stats(arrivals_.times(), starts_);
  }

  gather_load_stats(ctx);

  Check check;
  check.what = "combined result equals a cyclic replay of every task; every task ran once";
  if (arrivals_.active()) check.what += ", none before its arrival";
  check.value = static_cast<double>(wrong_counts_ + delays_.started_early);
  check.expected = 0;
  check.error = combined_ == replay ? 0.0 : 1.0;
  check.passed = combined_ == replay && executed_once_ && delays_.started_early == 0;
  check.details = Json::object({{"combined", combined_},
                                {"replay", replay},
                                {"tasks_not_run", missing},
                                {"tasks_run_more_than_once", repeated}});
  if (arrivals_.active()) check.details.set("tasks_started_before_arrival", delays_.started_early);
  return check;
}

Json TaskfarmWorkload::params(const RunContext& ctx) const {
  Json out = Json::object({{"tasks", set_.tasks},
                           {"costs", params_->costs},
                           {"schedule", ctx.model == "serial" ? "none" : schedule_name(schedule_)},
                           {"chunk", chunk_},
                           {"mean_work_units", set_.mean_work},
                           {"total_work_units", total_work_},
                           {"arrivals", params_->arrivals}});
  if (params_->rate) out.set("rate_per_s", *params_->rate);
  if (params_->trace) out.set("trace", *params_->trace);
  return out;
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
  if (arrivals_.active()) {
    // Utilisation: each worker's busy share of the makespan; its mean is the efficiency.
    Json utilisation = Json::array();
    double least = 1;
    for (const double b : rep.busy) {
      utilisation.push(b / rep.makespan);
      least = std::min(least, b / rep.makespan);
    }
    out.set("last_arrival_s", arrivals_.times().back())
        .set("throughput_jobs_per_s", static_cast<double>(set_.tasks) / rep.makespan)
        .set("queue_delay_p50_s", delays_.p50)
        .set("queue_delay_p99_s", delays_.p99)
        .set("queue_delay_max_s", delays_.max)
        .set("utilisation_per_worker", std::move(utilisation))
        .set("utilisation_mean", rep.efficiency)
        .set("utilisation_min", least);
  }
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
  if (arrivals_.active()) {
    m.fom.set("queue_delay_p50_s", delays_.p50).set("queue_delay_p99_s", delays_.p99);
  }
  return m;
}

AppDefinition make_app() {
  AppDefinition app;
  auto params = set_params<Params>(app);
  app.workload = "taskfarm";
  app.description =
      "Task farm: N independent CPU-bound tasks of skewed cost, dealt out statically or on "
      "demand (load balance and scheduling)";
  app.size_meaning = "tasks (alias --tasks; default 10k; with --trace: the trace's lines)";
  app.default_size = [params] {
    if (params->trace) return static_cast<std::uint64_t>(read_trace(*params->trace).size());
    return params->tasks.value_or(kDefaultTasks);
  };
  app.files = [params] {
    std::vector<FileOption> files;
    if (params->trace) files.push_back({"--trace", *params->trace, FileRole::kInput});
    return files;
  };
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
    CLI::Option* arrivals =
        cli.add_option("--arrivals", params->arrivals,
                       "When the tasks become available: all at the start (none), a Poisson "
                       "process (poisson, --rate) or the times of a file (trace, --trace)")
            ->check(CLI::IsMember({"none", "poisson", "trace"}))
            ->capture_default_str();
    // Workers wait for arrivals on the host's clock, which the simulated clock does not follow.
    unavailable_in_smpi_build(
        arrivals, "arrival times are wall-clock waits, which the simulation does not model",
        [](const std::string& value) { return value != "none"; });
    cli.add_option_function<std::string>(
        "--rate",
        [params](const std::string& text) { params->rate = parse_finite_option(text, "--rate"); },
        "Jobs arriving per second (--arrivals poisson)");
    refuse_empty_path(
        cli.add_option_function<std::string>(
               "--trace", [params](const std::string& path) { params->trace = path; },
               "File of arrival times, seconds from the start, one per line, ascending "
               "(--arrivals trace); its lines are the tasks, so no --size or --tasks")
            ->excludes("--size")
            ->excludes("--tasks"));
  };
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  return app;
}

}  // namespace scalelab::taskfarm
