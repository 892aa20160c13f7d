// SPDX-License-Identifier: MIT
#pragma once

// Runs scalelab-counter's production path (parse the command line, then execute) for tests.
// A fresh app per run: counter's options are bound to the app's Params, and a flag left out
// on one parse would otherwise keep the value of the one before.
#include <string>
#include <vector>

#include "counter.hpp"
#include "scalelab/driver.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::counter::testing {

inline std::vector<std::string> counter_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"scalelab-counter", "--reps", "2", "--warmup", "1", "--quiet"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

inline RunOutcome run_counter(const std::vector<std::string>& args, const Comm& world) {
  const AppDefinition app = make_app();
  const ParseOutcome parsed = parse_command_line(app, counter_argv(args));
  return execute(app, parsed.options, world);
}

// Exit code of run_counter, with Error exceptions mapped to their codes (as run_app does).
inline int counter_exit_code(const std::vector<std::string>& args, const Comm& world) {
  try {
    return run_counter(args, world).exit_code;
  } catch (const Error& e) {
    return e.code();
  }
}

}  // namespace scalelab::counter::testing
