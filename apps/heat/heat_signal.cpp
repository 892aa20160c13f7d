// SPDX-License-Identifier: MIT
#include "heat_signal.hpp"

#include <csignal>

#include "scalelab/errors.hpp"

namespace scalelab::heat {
namespace {

// A signal handler can reach nothing but a static sig_atomic_t.
volatile std::sig_atomic_t termination_requested = 0;

extern "C" void on_sigterm(int) {
  termination_requested = 1;
}

}  // namespace

TerminationWatch::TerminationWatch(MPI_Comm comm) : comm_(comm) {
  termination_requested = 0;
  struct sigaction action {};
  action.sa_handler = on_sigterm;
  sigemptyset(&action.sa_mask);
  // Restart interrupted system calls: MPI and HDF5 should not see EINTR because of us.
  action.sa_flags = SA_RESTART;
  if (sigaction(SIGTERM, &action, &previous_) != 0) {
    throw RuntimeError("cannot install the SIGTERM handler");
  }
}

TerminationWatch::~TerminationWatch() {
  complete();
  sigaction(SIGTERM, &previous_, nullptr);
}

bool TerminationWatch::complete() {
  if (request_ == MPI_REQUEST_NULL) return false;
  MPI_Wait(&request_, MPI_STATUS_IGNORE);
  return agreed_ != 0;
}

bool TerminationWatch::stop_at_boundary() {
  if (complete()) return true;
  local_ = termination_requested;
  MPI_Iallreduce(&local_, &agreed_, 1, MPI_INT, MPI_MAX, comm_, &request_);
  return false;
}

bool TerminationWatch::stop_at_end() {
  return complete();
}

}  // namespace scalelab::heat
