// SPDX-License-Identifier: MIT
#pragma once

// counter: many workers add to one shared total. A lesson in race conditions: correctness
// first, then what each fix costs.
//
// Reference loop (every worker w, concurrently, on ONE total):
//     for u in [0, updates(w)): total = total + delta(w)
//     delta(w) = +1, or with --mixed -1 for every odd worker (half of them count down)
//
// A worker is one OpenMP thread of one MPI rank (worker = rank * threads + thread), so there
// are ranks x threads workers; serial and eigen have one. The updates are split in blocks over
// the workers (--size counts them all), or every worker does --increments N of them
// (shorthand for --size N --scaling weak). Expected total: sum over workers of
// delta(w) * updates(w), i.e. (workers counting up - workers counting down) * N.
//
// How the total is protected is the --method; the model fixes which methods make sense:
//   serial  plain       one worker, a plain loop
//   openmp  reduction   private partial sums, combined once by OpenMP (default)
//           atomic      every update an atomic add (#pragma omp atomic)
//           critical    every update inside a lock (#pragma omp critical)
//           racy        every update an unsynchronised load-add-store: WRONG on purpose
//   mpi     mpi-reduce  each rank counts privately, MPI_Reduce combines (default)
//           mpi-rma     every update an MPI_Accumulate into a window on rank 0
//   hybrid  reduction   OpenMP reduction in each rank, then MPI_Reduce across ranks
//   eigen   vectorised  the worker's increments summed by Eigen in SIMD lanes (each lane a
//                       private partial sum: a reduction inside one core)
//
// Every update is a real add: the compiler may not fold a loop of n adds into one add of
// n * delta (keep_each_update), or the methods would not be comparable.
//
// Work per rep: `updates` adds; no flops or memory traffic to speak of. Figure of merit:
// updates_per_s.
//
// Verification: after every run (warm-up included) the observed total must equal the
// expected one exactly. racy is the exception: its lost updates (|expected - observed|) are
// reported, never verified (check.reported_only; exit 0).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scalelab/cli.hpp"
#include "scalelab/partition.hpp"
#include "scalelab/workload.hpp"

namespace scalelab::counter {

struct Params {
  std::string method;  // empty: the model's default
  bool mixed = false;
};

// The methods a model accepts, its default first; empty for a model counter does not offer.
const std::vector<std::string>& methods_of(const std::string& model);
// Every method of every model (for --method's list of accepted names).
std::vector<std::string> all_methods();
// The method to run: `requested`, or the model's default when empty. Throws UsageError naming
// --method and what the model accepts when the model does not offer it.
std::string resolve_method(const std::string& model, const std::string& requested);

// Hides `value` from the optimiser: it must assume an empty asm read and changed it, so a
// loop of n adds stays n adds in a register instead of becoming one add of n * delta. Costs
// nothing at run time; every method pays the same per-update loop overhead.
inline void keep_each_update(std::int64_t& value) {
  __asm__ __volatile__("" : "+r"(value));
}

// A worker's private partial sum: the update loop of serial, reduction and the MPI methods.
inline std::int64_t count_private(std::int64_t delta, std::uint64_t updates) {
  std::int64_t partial = 0;
  for (std::uint64_t u = 0; u < updates; ++u) {
    partial += delta;
    keep_each_update(partial);
  }
  return partial;
}

// Every update an atomic read-modify-write of the shared total (a locked add on x86).
inline void add_atomic(std::int64_t& shared_total, std::int64_t delta, std::uint64_t updates) {
  for (std::uint64_t u = 0; u < updates; ++u) {
#pragma omp atomic
    shared_total += delta;
  }
}

// Every update under one named lock shared by all threads.
inline void add_critical(std::int64_t& shared_total, std::int64_t delta, std::uint64_t updates) {
  for (std::uint64_t u = 0; u < updates; ++u) {
#pragma omp critical(scalelab_counter_total)
    shared_total += delta;
  }
}

// One worker's share of the run.
struct Worker {
  std::uint64_t updates = 0;
  std::int64_t delta = 1;
};

// Setup, verification and metrics shared by every counter variant. A variant's run() only
// adds and then calls record_total() with the total it observed.
class CounterWorkload : public Workload {
 public:
  CounterWorkload(const RunContext& ctx, std::string method)
      : method_(std::move(method)), params_(&ctx.params<Params>()) {}
  void setup(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;

  std::int64_t expected_total() const { return expected_; }

 protected:
  Worker worker(std::uint64_t index) const;
  // Inside an OpenMP parallel region: the worker the calling thread of this rank is.
  Worker this_thread_worker(const RunContext& ctx) const;
  // This rank's threads count privately; an OpenMP reduction combines them.
  std::int64_t count_threads_reduction(const RunContext& ctx) const;
  // MPI_Reduce of every rank's partial sum; the total is valid on rank 0 only.
  static std::int64_t sum_on_root(const Comm& comm, std::int64_t partial);
  // The total one run ended with (only rank 0's matters for the MPI methods).
  void record_total(std::int64_t observed) { observed_.push_back(observed); }

  const std::string method_;

 private:
  const Params* params_;       // the run's (RunContext::params), which outlives the workload
  std::uint64_t updates_ = 0;  // over all workers
  std::uint64_t workers_ = 0;  // ranks x threads
  std::int64_t expected_ = 0;
  std::vector<std::int64_t> observed_;  // every run's total, warm-up included
};

std::unique_ptr<Workload> make_serial(const RunContext& ctx);
std::unique_ptr<Workload> make_openmp(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi_rma(const RunContext& ctx);  // mpi's mpi-rma
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx);
std::unique_ptr<Workload> make_eigen(const RunContext& ctx);

AppDefinition make_app();

}  // namespace scalelab::counter
