// SPDX-License-Identifier: MIT
// The repetition of the models that span ranks (mpi, and hybrid: mpi with threads per rank),
// written once for both: a worker is one OpenMP thread of one rank.
#include <omp.h>

#include "taskfarm.hpp"

namespace scalelab::taskfarm {

// schedule(static, chunk) over all ranks x threads: no communication while computing, so
// the makespan is set by whichever worker drew the most expensive share. With arrivals each
// worker waits for each of its tasks to arrive.
void TaskfarmWorkload::run_static(const RunContext& ctx) {
  begin_rep(ctx);
  std::vector<WorkerTally> tallies(static_cast<std::size_t>(ctx.threads));
  const auto workers = static_cast<std::uint64_t>(ctx.comm.size() * ctx.threads);
  const auto first_worker = static_cast<std::uint64_t>(ctx.comm.rank() * ctx.threads);
#pragma omp parallel
  {
    const int thread = omp_get_thread_num();
    WorkerTally& mine = tallies[static_cast<std::size_t>(thread)];
    for_each_static_task(set_.tasks, workers, first_worker + static_cast<std::uint64_t>(thread),
                         chunk_, [&](std::uint64_t task) { execute_when_arrived(task, mine); });
  }
  end_rep(ctx, tallies);
}

// dynamic/guided: rank 0 deals grants on request (master_worker.hpp); the threads of each
// rank share its grants, and thread 0 answers/collects messages between slices of its tasks.
// With arrivals rank 0 is also the producer: it deals only the tasks that have arrived.
void TaskfarmWorkload::run_master_worker(const RunContext& ctx) {
  begin_rep(ctx);
  std::vector<WorkerTally> tallies(static_cast<std::size_t>(ctx.threads));
  MasterWorker farm(farm_comm_->raw(), {set_.tasks, schedule_, chunk_, ctx.threads,
                                        arrivals_.active() ? &arrivals_ : nullptr});
#pragma omp parallel
  {
    const int thread = omp_get_thread_num();
    WorkerTally& mine = tallies[static_cast<std::size_t>(thread)];
    const auto poll = [&farm, thread] {
      if (thread == 0) farm.progress();
    };
    for (Range grant = farm.next(thread); grant.size() > 0; grant = farm.next(thread)) {
      for (std::uint64_t task = grant.begin; task < grant.end; ++task) {
        execute_task(task, mine, poll);
      }
    }
  }
  farm.finish();
  end_rep(ctx, tallies);
}

}  // namespace scalelab::taskfarm
