// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

#ifdef SCALELAB_SMPI
#include <mpi.h>
#endif

namespace scalelab {

// Wall-clock seconds of this machine since construction (steady clock: immune to NTP
// adjustments), in every build: what the host spent, e.g. for its load (noise.hpp).
class WallStopwatch {
 public:
  WallStopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

#ifdef SCALELAB_SMPI
// The durations a run reports, in simulated seconds: under SimGrid/SMPI, MPI_Wtime reads the
// simulated clock (host computation since the last MPI call is injected first), while the
// host's clock would measure the simulator.
class Stopwatch {
 public:
  Stopwatch() : start_(MPI_Wtime()) {}
  double seconds() const { return MPI_Wtime() - start_; }

 private:
  double start_;
};
#else
// The durations a run reports: wall-clock seconds.
using Stopwatch = WallStopwatch;
#endif

}  // namespace scalelab
