#include "scalelab/cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "scalelab/errors.hpp"
#include "scalelab/size_parse.hpp"

namespace scalelab {
namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

void check_positive(const CLI::App& cli, const char* name, int value) {
  if (cli.count(name) > 0 && value < 1) {
    throw UsageError(std::string(name) + ": " + std::to_string(value) +
                     " is not allowed, expected a positive integer");
  }
}

}  // namespace

void unavailable_in_smpi_build(CLI::Option* option, const std::string& why,
                               std::function<bool(const std::string&)> applies) {
#ifdef SCALELAB_SMPI
  option->each([name = option->get_name(), why, applies](const std::string& value) {
    if (!applies || applies(value))
      throw UsageError(name + ": not available in the SMPI build (" + why + ")");
  });
#else
  (void)option, (void)why, (void)applies;
#endif
}

ParseOutcome parse_command_line(const AppDefinition& app, const std::vector<std::string>& args) {
  ParseOutcome outcome;
  CommonOptions& opt = outcome.options;
  opt.command_line = args;

  CLI::App cli(app.description, "scalelab-" + app.workload);
  std::string size_text;
  int threads = 0;
  cli.add_option("--model", opt.model,
                 "Implementation to run: " + join(app.variants.models(), ", "))
      ->capture_default_str();
  cli.add_option("--threads", threads,
                 "OpenMP threads per rank (default: OpenMP's for " +
                     join(app.variants.models_with(&VariantTraits::multi_thread), ", ") +
                     "; 1 otherwise)");
  cli.add_option("--size", size_text,
                 "Problem size: " + app.size_meaning +
                     " (suffixes k, M, G decimal; Ki, Mi, Gi binary; weak scaling: per core)");
  cli.add_option("--reps", opt.reps, "Timed repetitions")->capture_default_str();
  cli.add_option("--warmup", opt.warmup, "Untimed repetitions before timing")
      ->capture_default_str();
  cli.add_option("--seed", opt.seed, "Seed of every random input")->capture_default_str();
  cli.add_option("--scaling", opt.scaling, "strong: --size is global; weak: --size is per core")
      ->check(CLI::IsMember({"strong", "weak"}))
      ->capture_default_str();
  cli.add_option("--output", opt.output, "Append the run record (one JSON line) to this file");
  cli.add_flag("--list-models", opt.list_models, "List the models this workload offers and exit");
  cli.add_flag("--quiet", opt.quiet, "Print nothing but errors");
  cli.add_flag("--dry-run", opt.dry_run,
               "Check the options, layout, memory and --output as a run would, print what "
               "would run and exit without running or recording");
  if (app.add_options) app.add_options(cli);

  std::vector<std::string> reversed(args.rbegin(), args.rend() - (args.empty() ? 0 : 1));
  try {
    cli.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    outcome.run = false;
    outcome.text = cli.help();
    return outcome;
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }

  if (opt.list_models) {
    outcome.run = false;
    outcome.text = join(app.variants.models(), "\n") + "\n";
    return outcome;
  }
  if (!app.variants.has(opt.model)) {
    const bool known =
        std::find(known_models().begin(), known_models().end(), opt.model) != known_models().end();
    throw UsageError("--model: '" + opt.model + "' is " +
                     (known ? "not offered by " + app.workload : std::string("not a model")) +
                     " (" + app.workload + " offers: " + join(app.variants.models(), ", ") + ")");
  }
  check_positive(cli, "--threads", threads);
  if (cli.count("--threads") > 0) opt.threads = threads;
  check_positive(cli, "--reps", opt.reps);
  if (opt.warmup < 0) throw UsageError("--warmup: must be 0 or more");
  if (cli.count("--size") > 0) opt.size = parse_size(size_text, "--size");
  return outcome;
}

}  // namespace scalelab
