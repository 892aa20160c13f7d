// SPDX-License-Identifier: MIT
#pragma once

// Runs scalelab-heat through the production path (shared parser, driver) and
// reads the record; shared by heat's MPI tests.
#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "heat.hpp"
#include "scalelab/driver.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::heat::testing {

using Strings = std::vector<std::string>;

// `args` with each option of `changes` set: its value replaced where the option appears,
// appended where it does not (the parser refuses an option given twice).
inline Strings with(Strings args,
                    std::initializer_list<std::pair<std::string, std::string>> changes) {
  for (const auto& [name, value] : changes) {
    const auto at = std::find(args.begin(), args.end(), name);
    if (at != args.end() && at + 1 != args.end()) {
      *(at + 1) = value;
    } else {
      args.insert(args.end(), {name, value});
    }
  }
  return args;
}

// `options`: name-value pairs as on the command line. Quiet; one rep and no warm-up unless
// they say otherwise.
inline RunOutcome run_heat(const Comm& comm, const Strings& options) {
  const AppDefinition app = make_app();
  Strings args{"scalelab-heat", "--quiet", "--reps", "1", "--warmup", "0"};
  for (std::size_t i = 0; i + 1 < options.size(); i += 2) {
    args = with(args, {{options[i], options[i + 1]}});
  }
  const ParseOutcome parsed = parse_command_line(app, args);
  return execute(app, parsed.options, comm);
}

// The exit code and the one-line message a run would end with (empty when it ran).
struct Failure {
  int code = 0;
  std::string message;
};
inline Failure failure_of(const Comm& comm, const Strings& options) {
  try {
    return {run_heat(comm, options).exit_code, ""};
  } catch (const Error& e) {
    return {e.code(), e.what()};
  }
}

// A field of the root's record, found by its keys (e.g. {"result", "digest"}), on every
// rank: strings as they are, anything else as compact JSON.
inline std::string from_record(const Comm& comm, const RunOutcome& out,
                               std::initializer_list<const char*> keys) {
  std::string value;
  if (comm.is_root()) {
    const Json* item = &out.record;
    for (const char* key : keys) item = &item->at(key);
    value = item->dump();
    if (value.starts_with('"')) value = item->as_string();
  }
  return comm.broadcast(value);
}

}  // namespace scalelab::heat::testing
