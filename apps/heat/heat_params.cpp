// SPDX-License-Identifier: MIT
#include "heat_params.hpp"

#include <CLI/CLI.hpp>

#include <cmath>

#include "scalelab/cli.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/number_parse.hpp"
#include "scalelab/size_parse.hpp"

namespace scalelab::heat {
namespace {

// A positive count option with --size's suffixes ("10k" steps) and its error messages.
void add_count(CLI::App& cli, const std::string& name, std::uint64_t& target,
               const std::string& help) {
  cli.add_option_function<std::string>(
         name, [&target, name](const std::string& text) { target = parse_size(text, name); }, help)
      ->type_name("N");
}

}  // namespace

void add_heat_options(CLI::App& cli, Params& params) {
  params = Params{};
  add_count(cli, "--steps", params.steps, "Time steps per rep (default 20)");
  cli.add_option_function<std::string>(
         "--alpha",
         [&params](const std::string& text) {
           const double alpha = parse_finite_option(text, "--alpha");
           if (!(alpha > 0 && alpha <= kMaxAlpha)) {
             throw UsageError("--alpha: " + number_text(alpha) +
                              " is not in (0, 0.25]: the explicit scheme is unstable above 1/4");
           }
           params.alpha = alpha;
         },
         "Diffusion number D*dt/h^2, in (0, 0.25] (default 0.2)")
      ->type_name("A");
  cli.add_option("--boundary", params.boundary,
                 "fixed: cells outside the grid hold --boundary-value; insulated: no heat "
                 "crosses the boundary")
      ->check(CLI::IsMember({"fixed", "insulated"}))
      ->capture_default_str();
  cli.add_option_function<std::string>(
         "--boundary-value",
         [&params](const std::string& text) {
           const double value = parse_finite_option(text, "--boundary-value");
           if (!(std::fabs(value) <= kMaxTemperature)) {
             throw UsageError("--boundary-value: " + number_text(value) +
                              " is beyond +-1e100: the stencil's and the checks' sums over "
                              "the grid would overflow");
           }
           params.boundary_value = value;
         },
         "Temperature of a fixed boundary, within +-1e100 (default 0)")
      ->type_name("T");
  CLI::Option* checkpoint =
      refuse_empty_path(cli.add_option("--checkpoint", params.checkpoint,
                                       "HDF5 checkpoint file: written every --checkpoint-every "
                                       "steps and on SIGTERM (then exit 143)"))
          ->type_name("FILE.h5");
  add_count(cli, "--checkpoint-every", params.checkpoint_every,
            "Steps between checkpoints (default: only on SIGTERM)");
  CLI::Option* restart = refuse_empty_path(cli.add_option("--restart", params.restart,
                                                          "Continue from this checkpoint"))
                             ->type_name("FILE.h5");
  CLI::Option* snapshot =
      refuse_empty_path(
          cli.add_option(
              "--snapshot", params.snapshot,
              "HDF5 file of field snapshots (one dataset per snapshot; scripts/heat-image)"))
          ->type_name("FILE.h5");
  for (CLI::Option* file_option : {checkpoint, restart, snapshot})
    unavailable_in_smpi_build(file_option, kNoHdf5InSimulation);
  add_count(cli, "--snapshot-every", params.snapshot_every,
            "Steps between snapshots (the first and last step are always taken)");
  add_stores_option(cli, params.stores);
  add_count(cli, "--time-block", params.time_block,
            "Steps per pass over memory (temporal blocking, not with --model eigen; at most "
            "the smaller side of a rank's block; default 1: one sweep per step)");
}

void check_combinations(const Params& params) {
  if (params.checkpoint_every > 0 && params.checkpoint.empty()) {
    throw UsageError("--checkpoint-every: needs --checkpoint FILE.h5");
  }
  if (params.snapshot_every > 0 && params.snapshot.empty()) {
    throw UsageError("--snapshot-every: needs --snapshot FILE.h5");
  }
}

}  // namespace scalelab::heat
