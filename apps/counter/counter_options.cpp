// SPDX-License-Identifier: MIT
#include "counter_options.hpp"

#include <CLI/CLI.hpp>

#include "scalelab/errors.hpp"
#include "scalelab/size_parse.hpp"

namespace scalelab::counter {
namespace {

std::string method_help() {
  std::string help = "How the total is protected (default: the model's first):";
  for (const std::string& model : known_models()) {
    help += "\n  " + model + ":";
    for (const std::string& method : methods_of(model)) help += " " + method;
  }
  return help;
}

// --increments N means "every worker does N updates", which is exactly the driver's weak
// scaling with N per core (a worker is a core: one thread of one rank). The driver owns
// --size and --scaling, so once parsing is complete the value is handed to them; the record
// then reads scaling "weak", size N x workers, size_per_core N. Giving --size or --scaling as
// well would leave two answers to one question, so that is refused.
void apply_increments(CLI::App& cli, const CLI::Option& increments, const std::string& text) {
  if (increments.count() == 0) return;
  for (const char* other : {"--size", "--scaling"}) {
    if (cli.get_option(other)->count() > 0) {
      throw UsageError(std::string("--increments: cannot be combined with ") + other +
                       " (--increments N is --size N --scaling weak: N updates per worker)");
    }
  }
  const std::uint64_t per_worker = parse_size(text, "--increments");
  cli.get_option("--size")->add_result(std::to_string(per_worker))->run_callback();
  cli.get_option("--scaling")->add_result("weak")->run_callback();
}

}  // namespace

void add_counter_options(CLI::App& cli, Params& params) {
  cli.add_option("--method", params.method, method_help())->check(CLI::IsMember(all_methods()));
  cli.add_flag("--mixed", params.mixed,
               "Odd workers add -1 instead of +1 (expected total: (up - down) x increments)");
  auto increments_text = std::make_shared<std::string>();
  CLI::Option* increments = cli.add_option(
      "--increments", *increments_text,
      "Updates per worker (k/M/G suffixes); same as --size N --scaling weak, so it cannot be "
      "combined with either");
  cli.final_callback([&cli, increments, increments_text] {
    apply_increments(cli, *increments, *increments_text);
  });
}

std::uint64_t default_updates(const std::string& method) {
  if (method == "mpi-rma") return 1'000'000;
  if (method == "critical") return 5'000'000;
  if (method == "atomic" || method == "racy") return 50'000'000;
  return 500'000'000;  // private partial sums: one register add per update
}

}  // namespace scalelab::counter
