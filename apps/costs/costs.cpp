// SPDX-License-Identifier: MIT
#include "costs.hpp"

#include <CLI/CLI.hpp>

#include <mpi.h>

#include <functional>
#include <vector>

#include "probe_collectives.hpp"
#include "probe_memory.hpp"
#include "probe_pingpong.hpp"
#include "probe_spawn.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::costs {
namespace {

struct ProbeSpec {
  std::string name;
  std::vector<std::string> models;
  std::function<std::uint64_t()> default_size;
  std::unique_ptr<Workload> (*make)();
};

const std::vector<ProbeSpec>& probes() {
  static const std::vector<ProbeSpec> kProbes{
      {"spawn", {"serial", "openmp"}, [] { return kDefaultSpawnOperations; }, make_spawn_probe},
      {"memory", {"serial", "openmp"}, default_largest_working_set, make_memory_probe},
      {"pingpong", {"mpi"}, [] { return kDefaultLargestMessage; }, make_pingpong_probe},
      {"collectives", {"mpi"}, [] { return kDefaultCollectiveBytes; }, make_collectives_probe},
  };
  return kProbes;
}

const ProbeSpec& spec_of(const std::string& probe) {
  for (const ProbeSpec& spec : probes()) {
    if (spec.name == probe) return spec;
  }
  throw UsageError("--probe: '" + probe + "' is not a probe");  // the CLI check comes first
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

// The probes a model runs, for the error message.
std::string probes_under(const std::string& model) {
  std::vector<std::string> names;
  for (const ProbeSpec& spec : probes()) {
    for (const std::string& m : spec.models) {
      if (m == model) names.push_back(spec.name);
    }
  }
  return join(names, ", ");
}

std::vector<std::string> probe_names() {
  std::vector<std::string> names;
  for (const ProbeSpec& spec : probes()) names.push_back(spec.name);
  return names;
}

}  // namespace

std::unique_ptr<Workload> make_probe(const Params& params, const std::string& model) {
  const ProbeSpec& spec = spec_of(params.probe);
  for (const std::string& m : spec.models) {
    if (m == model) return spec.make();
  }
  throw UsageError("--probe " + spec.name + ": runs under --model " + join(spec.models, " or ") +
                   ", not " + model + " (costs/" + model + " runs --probe " + probes_under(model) +
                   ")");
}

std::uint64_t default_size(const Params& params) {
  return spec_of(params.probe).default_size();
}

int mpi_thread_level_for(const std::vector<std::string>& args) {
  std::string model = CommonOptions().model;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--model" && i + 1 < args.size()) model = args[i + 1];
    if (args[i].starts_with("--model=")) model = args[i].substr(8);
  }
  return model == "mpi" ? MPI_THREAD_SINGLE : MPI_THREAD_FUNNELED;
}

AppDefinition make_app() {
  AppDefinition app;
  auto params = set_params<Params>(app);
  app.workload = "costs";
  app.description =
      "Latencies and fixed costs of this machine: memory ladder, thread/process/OpenMP "
      "spawn, MPI ping-pong and collectives";
  app.size_meaning =
      "per probe: spawn operations per rep (default 100); memory largest working set bytes "
      "(default: a power of two >= 4x L3); pingpong largest message bytes (default 16Mi); "
      "collectives message bytes (default 8)";
  app.default_size = [params] { return default_size(*params); };
  app.add_options = [params](CLI::App& cli) {
    cli.add_option("--probe", params->probe,
                   "What to measure: spawn, memory (models serial, openmp), pingpong, "
                   "collectives (model mpi)")
        ->check(CLI::IsMember(probe_names()))
        ->capture_default_str();
    // A message size or a working set is not work that more cores share.
    cli.get_option("--scaling")
        ->check(CLI::Validator(
            [](const std::string& value) {
              return value == "weak" ? std::string(
                                           "costs measures fixed costs; weak scaling has "
                                           "no meaning here (use strong)")
                                     : std::string();
            },
            "", "costs: strong only"));
  };
  for (const char* model : {"serial", "openmp", "mpi"}) {
    const std::string name = model;
    const VariantTraits traits{name == "mpi", name == "openmp"};
    app.variants.add(name, traits, [name](const RunContext& ctx) {
      return make_probe(ctx.params<Params>(), name);
    });
  }
  return app;
}

}  // namespace scalelab::costs
