// SPDX-License-Identifier: MIT
// scalelab-costs hands over to the shared driver like every app, but starts MPI itself: its
// MPI probes run at MPI_THREAD_SINGLE. Open MPI 4 switches its internal locking on for any
// thread level above SINGLE, which adds ~0.1 us to every small message here (8-byte half
// round trip 0.29 -> 0.39 us): a cost of the thread level, not of the machine the probes
// measure. main_entry always asks for MPI_THREAD_FUNNELED (the hybrid models need it), and
// the models that start threads (serial/openmp spawn, openmp memory) still get it here.
#include <iostream>
#include <string>
#include <vector>

#include "costs.hpp"
#include "mpi_handles.hpp"
#include "scalelab/driver.hpp"
#include "scalelab/errors.hpp"

int main(int argc, char** argv) {
  using namespace scalelab;
  const std::vector<std::string> args(argv, argv + argc);
  try {
    const costs::MpiSessionAt mpi(&argc, &argv, costs::mpi_thread_level_for(args));
    const Comm world;
    const AppDefinition app = costs::make_app();
    const int code = run_app(app, args, world, mpi.provided());
    // As main_entry: only the root carries a non-zero code, so mpirun cannot kill it first.
    return world.is_root() ? code : kExitOk;
  } catch (const Error& e) {
    std::cerr << "scalelab: error: " << e.what() << std::endl;
    return e.code();
  }
}
