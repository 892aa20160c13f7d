// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>

namespace scalelab {

// Process exit codes shared by every app and relied on by the sweep runner.
enum ExitCode : int {
  kExitOk = 0,
  kExitVerificationFailed = 1,
  kExitUsage = 2,    // bad option, bad input file, impossible size
  kExitRuntime = 3,  // I/O or MPI failure while running
};

// Base of every error ScaleLab reports to the user: carries the exit code it maps to.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// Bad input or usage: the message names the option or file and what was wrong.
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(kExitUsage, message) {}
};

class RuntimeError : public Error {
 public:
  explicit RuntimeError(const std::string& message) : Error(kExitRuntime, message) {}
};

}  // namespace scalelab
