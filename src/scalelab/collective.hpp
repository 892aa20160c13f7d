// SPDX-License-Identifier: MIT
#pragma once

#include <exception>
#include <new>
#include <string>

#include "scalelab/comm.hpp"
#include "scalelab/errors.hpp"

namespace scalelab {

// Runs `step` on every rank and makes all ranks agree on its outcome: if any rank failed,
// every rank throws the same Error (worst exit code, message of the lowest failing rank).
// This is what keeps a rank-local failure (a file only rank 2 cannot read) from leaving the
// other ranks waiting in a collective.
template <class Step>
void agree_on(const Comm& comm, Step&& step) {
  int code = kExitOk;
  std::string message;
  try {
    step();
  } catch (const Error& e) {
    code = e.code();
    message = e.what();
  } catch (const std::bad_alloc&) {
    code = kExitUsage;
    message = "out of memory: the requested size does not fit on rank " +
              std::to_string(comm.rank()) + " (use a smaller --size or more ranks)";
  } catch (const std::exception& e) {
    code = kExitRuntime;
    message = e.what();
  }
  const int worst = comm.max(code);
  if (worst == kExitOk) return;
  const int reporter = comm.min(code == worst ? comm.rank() : comm.size());
  throw Error(static_cast<ExitCode>(worst), comm.broadcast(message, reporter));
}

}  // namespace scalelab
