#pragma once

#ifdef SCALELAB_SMPI
#include <mpi.h>
#else
#include <chrono>
#endif

namespace scalelab {

#ifdef SCALELAB_SMPI
// Simulated seconds since construction: under SimGrid/SMPI, MPI_Wtime reads the simulated
// clock (host computation since the last MPI call is injected first), while host clocks
// would measure the simulator.
class Stopwatch {
 public:
  Stopwatch() : start_(MPI_Wtime()) {}
  double seconds() const { return MPI_Wtime() - start_; }

 private:
  double start_;
};
#else
// Wall-clock seconds since construction (steady clock: immune to NTP adjustments).
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};
#endif

}  // namespace scalelab
