// SPDX-License-Identifier: MIT
#include <omp.h>

#include <thread>

#include "job_queue.hpp"
#include "taskfarm.hpp"

namespace scalelab::taskfarm {
namespace {

// The OpenMP runtime deals the tasks: --schedule and --chunk become exactly OpenMP's
// schedule clause (through schedule(runtime)), so what is measured is libgomp's scheduler.
//
// With arrivals, static deals up front (run_static: each thread waits for its tasks), while
// dynamic and guided take from a queue that a producer thread fills as tasks arrive. The
// producer is a thread of its own rather than a role of thread 0 between its tasks: it
// sleeps until the next arrival, so it costs no core (it never spins beside the workers),
// and a release is never late because the thread that should make it is inside a long task
// (which would show up as queueing delay that no number of workers could remove). The price
// is a sleep's wake-up latency on each release, part of the measured queueing delay.
class TaskfarmOpenMP final : public TaskfarmWorkload {
 public:
  using TaskfarmWorkload::TaskfarmWorkload;
  void run(const RunContext& ctx) override {
    if (arrivals_.active() && schedule_ == Schedule::kStatic) {
      run_static(ctx);
    } else if (arrivals_.active()) {
      run_from_queue(ctx);
    } else {
      run_bag(ctx);
    }
  }

 private:
  void run_bag(const RunContext& ctx) {
    begin_rep(ctx);
    std::vector<WorkerTally> tallies(static_cast<std::size_t>(ctx.threads));
    omp_set_schedule(openmp_kind(schedule_), static_cast<int>(chunk_));
#pragma omp parallel
    {
      WorkerTally& mine = tallies[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(runtime) nowait
      for (std::uint64_t task = 0; task < set_.tasks; ++task) execute_task(task, mine);
    }
    end_rep(ctx, tallies);
  }

  void run_from_queue(const RunContext& ctx) {
    begin_rep(ctx);
    std::vector<WorkerTally> tallies(static_cast<std::size_t>(ctx.threads));
    JobQueue queue(schedule_, chunk_, static_cast<std::uint64_t>(ctx.threads));
    std::thread producer([this, &queue] {
      for (std::uint64_t released = 0; released < set_.tasks;) {
        arrivals_.sleep_until_arrival(released);
        released = arrivals_.released();
        queue.release(released);
      }
      queue.stop();
    });
#pragma omp parallel
    {
      WorkerTally& mine = tallies[static_cast<std::size_t>(omp_get_thread_num())];
      for (Range jobs = queue.take(); jobs.size() > 0; jobs = queue.take()) {
        for (std::uint64_t task = jobs.begin; task < jobs.end; ++task) execute_task(task, mine);
      }
    }
    producer.join();
    end_rep(ctx, tallies);
  }
};

}  // namespace

std::unique_ptr<Workload> make_openmp(const RunContext& ctx) {
  return std::make_unique<TaskfarmOpenMP>(ctx);
}

}  // namespace scalelab::taskfarm
