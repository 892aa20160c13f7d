// SPDX-License-Identifier: MIT
#pragma once

// taskfarm: load balance and scheduling. A bag of N independent CPU-bound tasks whose costs
// follow a chosen distribution; what is measured is how well each way of dealing them out
// keeps every worker busy.
//
// Reference loop (what every variant computes):
//     for i in [0, N): combined += result(i)         (sum mod 2^64)
//     result(i) = start(i) advanced cost(i) steps of a 64-bit mixing chain
// cost(i) and start(i) are pure functions of (seed, i, distribution) (task.hpp), so the
// combined result is identical under every model, schedule, chunk and worker count.
//
// Costs (--costs, mean --mean-work units each; one unit is one mixing step, ~7 ns here):
// uniform on [0, 2) x mean; linear: a ramp 0..2 x mean over the task indices ("sorted by
// size", the worst case for a static block split); exponential (skewed: a few long
// tasks); bimodal (10 % of tasks 11x the others).
//
// Dealing (--schedule static|dynamic|guided, --chunk C), per model:
//   serial  one worker runs the tasks in order
//   openmp  `omp for schedule(runtime)` with exactly that schedule and chunk (OpenMP's)
//   mpi     static: the same static schedule over the ranks (block split, or round-robin
//           chunks of C); dynamic/guided: master-worker, rank 0 deals chunks on request
//           (master_worker.hpp); rank 0 computes tasks too
//   hybrid  as mpi over ranks x threads: static over all of them; dynamic/guided: rank 0
//           deals grants to ranks, each rank's threads share its grant
// A worker is a thread (openmp), a rank (mpi) or a rank's thread (hybrid).
//
// Measured per repetition: every worker's busy seconds (time inside tasks) and tasks run,
// and the makespan (start to the last worker's end). Derived (load_stats.hpp): ideal =
// total busy / workers, efficiency = ideal / makespan, imbalance = max busy / mean busy,
// idle fraction = 1 - efficiency (worker-seconds outside tasks). The record reports the
// repetition with the median makespan (a real one, whose per-worker numbers belong together)
// out of every repetition run, warm-up ones included: a workload cannot tell them apart.
// Figures of merit: tasks_per_s and makespan_efficiency.
//
// Verification: (1) every task's result is recomputed over a different decomposition
// (cyclic over ranks, OpenMP dynamic inside) and the sum must equal the combined result
// exactly; (2) each task counts its executions (an atomic per-task counter per rank,
// summed over ranks) and every count must be exactly 1.
//
// Jobs that arrive over time (--arrivals poisson|trace; arrivals.hpp): task i becomes
// available at its arrival time, seconds from the repetition's start. serial runs the jobs
// in arrival order; static deals job i to worker i mod W (round-robin, or chunks of --chunk),
// which waits for its arrival; openmp dynamic/guided: a producer thread releases the jobs
// into a queue (job_queue.hpp) and the --threads workers take released jobs; mpi/hybrid
// dynamic/guided: rank 0's master deals released jobs only. Each job's start is recorded;
// verification (3): no job started before its arrival. The record adds the queueing delay
// (start - arrival) percentiles of the last repetition and every worker's utilisation
// (busy / makespan) of the median one.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arrivals.hpp"
#include "load_stats.hpp"
#include "master_worker.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/timer.hpp"
#include "scalelab/workload.hpp"
#include "schedule.hpp"
#include "task.hpp"

namespace scalelab::taskfarm {

constexpr std::uint64_t kDefaultTasks = 10'000;
constexpr std::uint64_t kDefaultMeanWork = 10'000;  // units: ~70 us per task on average
constexpr std::uint64_t kMaxTasks = 1'000'000'000;  // a 4-byte counter per task per rank
constexpr std::uint64_t kMaxChunk = 1'000'000'000;
constexpr std::uint64_t kMaxMeanWork = 100'000'000;  // keeps total work far from 2^64

struct Params {
  std::string costs = "exponential";
  std::optional<std::string> schedule;  // unset: static
  std::optional<std::uint64_t> chunk;   // unset: the schedule's default
  std::uint64_t mean_work = kDefaultMeanWork;
  std::optional<std::uint64_t> tasks;  // --tasks, the alias of --size
  std::string arrivals = "none";
  std::optional<double> rate;        // --rate, jobs per second (poisson)
  std::optional<std::string> trace;  // --trace, a file of arrival times
};

// One worker's account of a repetition; one cache line each, so threads never share one.
struct WorkerTally {
  alignas(64) std::uint64_t sum = 0;  // of its task results, mod 2^64
  std::uint64_t tasks = 0;
  double busy = 0;  // seconds inside tasks
};

// Data, setup, verification and metrics shared by every taskfarm variant.
class TaskfarmWorkload : public Workload {
 public:
  explicit TaskfarmWorkload(const RunContext& ctx) : params_(&ctx.params<Params>()) {}
  void setup(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  // The per-task execution counters, the only allocation that grows with --size. Beyond
  // kMaxTasks setup refuses the size anyway, allocating nothing, with a message that does not
  // depend on this machine's memory.
  double memory_bytes_per_rank(const RunContext& ctx) const override {
    if (ctx.global_size > kMaxTasks) return 0;
    // With arrivals, each task's arrival and start time too.
    const double per_task = sizeof(std::uint32_t) + (params_->arrivals != "none" ? 16.0 : 0.0);
    return static_cast<double>(ctx.global_size) * per_task;
  }

 protected:
  // Runs one task on the calling worker: computes it (calling poll() between slices),
  // counts the execution and books result and busy time to the worker's tally.
  template <class Poll>
  void execute_task(std::uint64_t task, WorkerTally& tally, Poll&& poll) {
    if (arrivals_.active()) starts_[task] = arrivals_.now();
    const Stopwatch watch;
    tally.sum += run_task(set_, task, poll);
    tally.busy += watch.seconds();
    ++tally.tasks;
    std::atomic_ref<std::uint32_t>(counts_[task]).fetch_add(1, std::memory_order_relaxed);
  }
  void execute_task(std::uint64_t task, WorkerTally& tally) {
    execute_task(task, tally, [] {});
  }
  // The same once the task has arrived (waits for it with arrivals): for the workers whose
  // tasks are decided up front (serial, static).
  void execute_when_arrived(std::uint64_t task, WorkerTally& tally) {
    if (arrivals_.active()) arrivals_.wait_for(task);
    execute_task(task, tally);
  }

  // Brackets every repetition: resets the counters and starts the clock (with arrivals,
  // every rank takes rank 0's start: collective); then logs the workers' tallies (one per
  // thread of this rank) and combines the results over ranks.
  void begin_rep(const RunContext& ctx);
  void end_rep(const RunContext& ctx, const std::vector<WorkerTally>& tallies);

  // The rank-spanning repetition of the mpi and hybrid models (taskfarm_distributed.cpp).
  void run_distributed(const RunContext& ctx);
  // schedule(static, chunk) over ranks x threads, each worker waiting for its tasks'
  // arrivals: also the openmp model's static deal when tasks arrive over time.
  void run_static(const RunContext& ctx);

  const Params* params_;  // the run's (RunContext::params), which outlives the workload
  TaskSet set_;
  Schedule schedule_ = Schedule::kStatic;
  std::uint64_t chunk_ = 0;  // 0: the schedule's default
  ArrivalClock arrivals_;    // inactive: the whole bag is there from the start

 private:
  void run_master_worker(const RunContext& ctx);
  // Turns every rank's logs into per-repetition LoadStats over all workers (collective).
  void gather_load_stats(const RunContext& ctx);

  struct RepLog {
    double elapsed = 0;  // s from this rank's start to its last worker's end
    std::vector<double> busy;
    std::vector<std::uint64_t> tasks;
  };

  std::vector<std::uint32_t> counts_;  // executions of each task on this rank, last rep
  std::vector<double> starts_;         // with arrivals: each task's start (s), -inf if not run here
  std::unique_ptr<PrivateComm> farm_comm_;
  Stopwatch rep_watch_;
  std::vector<RepLog> logs_;    // this rank's, one per repetition (warm-up ones included)
  std::uint64_t combined_ = 0;  // over all ranks, last repetition
  std::uint64_t total_work_ = 0;
  // Filled by verify().
  std::vector<LoadStats> reps_;
  std::uint64_t wrong_counts_ = 0;
  bool executed_once_ = false;
  DelayStats delays_;
};

std::unique_ptr<Workload> make_serial(const RunContext& ctx);
std::unique_ptr<Workload> make_openmp(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi(const RunContext& ctx);
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx);

AppDefinition make_app();

}  // namespace scalelab::taskfarm
