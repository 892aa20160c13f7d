// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "scalelab/cli.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/json.hpp"

namespace scalelab {

// The outcome of one measured run. `record` is complete on the root rank only; a dry run
// leaves it null.
struct RunOutcome {
  int exit_code = 0;
  Json record;
};

// Runs one configuration end to end: validate the layout, setup (untimed), warm-up,
// timed repetitions (barrier, time, max over ranks), verification, record. Collective.
// With --dry-run it stops after the checks (layout, memory, output) and prints what would run.
// Errors any rank detects before the timed loop are agreed by all ranks and rethrown
// everywhere as the same Error; an exception inside the timed loop aborts the job.
RunOutcome execute(const AppDefinition& app, const CommonOptions& options, const Comm& comm,
                   int mpi_thread_level = MPI_THREAD_FUNNELED);

// The whole app behind parsed argv: parse, execute, write the record, print, exit code.
// MPI must already be initialised. Prints on the root rank only.
int run_app(const AppDefinition& app, const std::vector<std::string>& args, const Comm& comm,
            int mpi_thread_level);

// What main() calls: initialises MPI, builds the app, runs it, returns the exit code.
int main_entry(int argc, char** argv, AppDefinition (*make_app)());

}  // namespace scalelab
