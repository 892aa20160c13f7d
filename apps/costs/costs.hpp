// SPDX-License-Identifier: MIT
#pragma once

// costs: the latencies and fixed costs every other workload pays, measured on this machine:
// what a load costs at each level of the memory hierarchy, what starting a thread, a process
// or an OpenMP region costs, and what an MPI message and an MPI collective cost. The numbers
// behind "latency numbers every programmer should know", and behind every speed-up plot:
// parallelism only pays once the work per step dwarfs these.
//
// --probe picks the measurement; each probe runs under the models that fit it and writes
// ONE record whose `result.table` holds the whole table (the probe headers give details):
//
//   probe        models                    --size means                       default
//   spawn        serial, openmp            operations of each kind per rep    100
//   memory       serial, openmp            largest working set (bytes)        2^k >= 4x L3
//   pingpong     mpi (>= 2 ranks)          largest message (bytes)            16 MiB
//   collectives  mpi                       Bcast/Allreduce message (bytes)    8
//
// Under openmp, spawn opens regions of --threads threads and memory chases and streams on
// every thread at once; under serial, one thread. A probe under a model it does not fit, or
// pingpong on one rank, is bad input (exit 2). --scaling weak has no meaning here (a message
// size is not work to share) and is refused.
//
// Repetitions: one rep measures every entry of the table once, after warming that entry up
// itself, so every rep (the driver's warm-up reps too) gives one sample per entry; the table
// reports median, min and mean over them. The record's `time` is the time of a whole sweep.
//
// Verification (decides the exit code): pingpong and collectives check every message's
// payload on receipt; memory requires every pointer chase to end where the cycle predicts,
// every streaming sum to match (drops in its latency ladder are reported); spawn requires proof
// that every thread, child and team member ran. All times must be positive and finite.

#include <memory>
#include <string>
#include <vector>

#include "scalelab/cli.hpp"
#include "scalelab/workload.hpp"

namespace scalelab::costs {

struct Params {
  std::string probe = "memory";
};

// The probe `params.probe` as a workload for `model`; throws UsageError when the probe does
// not run under that model.
std::unique_ptr<Workload> make_probe(const Params& params, const std::string& model);

// --size when none is given, for the probe in `params`.
std::uint64_t default_size(const Params& params);

// The MPI thread level a command line needs: MPI_THREAD_SINGLE for --model mpi (its probes
// run one thread per rank), MPI_THREAD_FUNNELED for the models that start threads. Read
// from argv because it must be known before MPI_Init, i.e. before the driver parses.
int mpi_thread_level_for(const std::vector<std::string>& args);

// The app definition handed to the shared driver (binary scalelab-costs).
AppDefinition make_app();

}  // namespace scalelab::costs
