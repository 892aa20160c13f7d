// SPDX-License-Identifier: MIT
#pragma once

#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scalelab/output_file.hpp"
#include "scalelab/size_parse.hpp"
#include "scalelab/workload.hpp"

// Only the files that add options include <CLI/CLI.hpp>: it is a large header-only library,
// and every variant file of every workload includes this one.
namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace scalelab {

// Options every app takes (see README "Common command line").
struct CommonOptions {
  std::string model = "serial";
  std::optional<int> threads;         // unset: 1 for single-threaded models, else OpenMP's default
  std::optional<std::uint64_t> size;  // unset: the workload's default
  int reps = 5;
  int warmup = 1;
  std::uint64_t seed = 42;
  std::string scaling = "strong";  // strong: size is global; weak: size is per core
  std::string output;              // JSONL file the record is appended to; empty = none
  bool list_models = false;
  bool quiet = false;
  bool dry_run = false;  // check everything a run would, then say what would run and stop
  std::vector<std::string> command_line;  // argv as given, for provenance
};

// Everything the shared driver needs to know about one workload.
struct AppDefinition {
  std::string workload;      // "pi": names the binary scalelab-pi and the variant ids
  std::string description;   // one line for --help
  std::string size_meaning;  // what --size counts, e.g. "samples"
  std::function<std::uint64_t()> default_size;
  std::function<void(CLI::App&)> add_options;  // workload-specific options (may be empty)
  // A typed --size (see grid_size_option): reads the text once, keeps the value in the app's
  // options and returns the count the driver scales and records. Unset: --size is a count.
  std::function<std::uint64_t(const std::string&)> size_option;
  // The files the workload's options name (those given), each with its role: read after
  // parsing, so the driver checks every output and the same-file rule before any work.
  std::function<std::vector<FileOption>()> files;
  VariantRegistry variants;
  // The app's own options (its Params struct, as std::shared_ptr<const Params>; see
  // set_params): filled by add_options, handed to every workload as RunContext::params.
  std::any params;
};

// Makes `params` (a fresh P unless given) `app`'s own options, and returns them for the
// parse-time hooks (add_options, size_option, files, default_size) to fill and read.
template <class P>
std::shared_ptr<P> set_params(AppDefinition& app,
                              std::shared_ptr<P> params = std::make_shared<P>()) {
  app.params = std::shared_ptr<const P>(params);
  return params;
}

// What parsing decided: run with these options, or print `text` and exit with `exit_code`
// (--help, --list-models).
struct ParseOutcome {
  CommonOptions options;
  bool run = true;
  int exit_code = 0;
  std::string text;
};

// Why HDF5 options refuse in the SMPI build, for unavailable_in_smpi_build.
inline constexpr const char* kNoHdf5InSimulation =
    "parallel HDF5 is built on Open MPI, which cannot load beside SimGrid";

// In the SMPI build (simulation), giving `option` is a UsageError naming it and `why`; only
// for the values `applies` accepts when it is set. No effect in other builds.
void unavailable_in_smpi_build(CLI::Option* option, const std::string& why,
                               std::function<bool(const std::string&)> applies = nullptr);

// A --seed value: a non-negative integer that fits in 64 bits, taken literally, or
// UsageError: "-1" or 2^64 would otherwise wrap silently to another seed than the one the
// record claims.
std::uint64_t parse_seed(const std::string& text);

// Makes a file option refuse an empty value ("--counts ''") with one line naming it, instead of
// taking it as "not given". Returns `option` for chaining.
CLI::Option* refuse_empty_path(CLI::Option* option);

// A --size that is a 2-D grid "NX[xNY]" (parse_size_2d), for AppDefinition::size_option: the
// grid as given goes to `grid` (one of the app's options, which must outlive the app), its
// cells are the size the driver scales (weak scaling: per core) and records.
std::function<std::uint64_t(const std::string&)> grid_size_option(std::optional<Size2D>& grid);

// Parses argv for `app`. Throws UsageError (one line naming the option) on bad input.
ParseOutcome parse_command_line(const AppDefinition& app, const std::vector<std::string>& args);

}  // namespace scalelab
