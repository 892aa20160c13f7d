// SPDX-License-Identifier: MIT
#pragma once

// spawn probe: what starting parallel work costs, in microseconds per operation.
//   thread_create_join  std::thread running an empty task, then join (a cold thread)
//   fork_wait           fork() a child that exits at once, then waitpid (this process's size
//                       matters: page tables are copied, so the record gives its RSS)
//   omp_region          enter and leave an OpenMP parallel region of --threads threads (the
//                       team is kept alive by the runtime: this is the per-loop cost)
// --size operations of each kind per rep (default 100), after --size/10 untimed ones. Each
// batch is timed as a whole; the checks inside it are a few loads.
// MPI_Init + MPI_Finalize is not measured here: a process can initialise MPI once, so
// scripts/latency-table times a fresh `mpirun -n 1` of a tiny MPI program instead.
//
// Verification: every spawned thread, child and team member left proof that it ran (the
// thread its iteration number, the child its exit code, every team member its iteration and
// the team size it saw), and every time is positive and finite.

#include <cstdint>
#include <memory>

#include "measure.hpp"
#include "scalelab/workload.hpp"

namespace scalelab::costs {

constexpr std::uint64_t kDefaultSpawnOperations = 100;
constexpr std::uint64_t kMaxSpawnOperations = 100'000;

class SpawnProbe : public Workload {
 public:
  void setup(const RunContext& ctx) override;
  void run(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;

 protected:
  // Seconds per operation over `count` operations of each kind; spawned work that left no
  // proof of running is counted in failures_.
  double thread_spawns(std::uint64_t count);
  double forks(std::uint64_t count);
  double omp_regions(std::uint64_t count, int threads);

  std::uint64_t operations_ = 0;
  Samples thread_seconds_, fork_seconds_, region_seconds_;
  std::uint64_t failures_ = 0;
};

std::unique_ptr<Workload> make_spawn_probe();

}  // namespace scalelab::costs
