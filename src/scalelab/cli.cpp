// SPDX-License-Identifier: MIT
#include "scalelab/cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>

#include "scalelab/errors.hpp"
#include "scalelab/provenance.hpp"
#include "scalelab/quote.hpp"
#include "scalelab/size_parse.hpp"
#include "scalelab/suggest.hpp"

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

// CLI11's "not expected" message, with the option that was probably meant ("--modle" ->
// "did you mean --model?"), found among every long name the app accepts.
std::string with_suggestion(const std::string& message, const CLI::App& cli) {
  std::vector<std::string> names;
  for (const CLI::Option* option : cli.get_options()) {
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  }
  for (const std::string& extra : cli.remaining()) {
    if (extra.rfind("-", 0) != 0) continue;
    const std::string typed = extra.substr(0, extra.find('='));
    if (const auto meant = closest_match(typed, names)) {
      return message + " (did you mean " + *meant + "?)";
    }
  }
  return message;
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

std::uint64_t parse_seed(const std::string& text) {
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, seed);
  if (!text.empty() && text.front() == '-') {
    throw UsageError("--seed: " + quote_input(text, 60) + " is negative, expected 0 .. 2^64-1");
  }
  if (error == std::errc::result_out_of_range) {
    throw UsageError("--seed: " + quote_input(text, 60) + " does not fit in 64 bits");
  }
  if (error != std::errc() || stop != end) {
    throw UsageError("--seed: " + quote_input(text, 60) + " is not a non-negative integer");
  }
  return seed;
}

CLI::Option* refuse_empty_path(CLI::Option* option) {
  return option->check(CLI::Validator(
      [](const std::string& path) {
        return path.empty() ? "an empty path (give a file name)" : "";
      },
      ""));
}

std::function<std::uint64_t(const std::string&)> grid_size_option(std::optional<Size2D>& grid) {
  return [&grid](const std::string& text) {
    grid = parse_size_2d(text, "--size");
    return grid->cells();
  };
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
  cli.add_option_function<std::string>(
         "--seed", [&opt](const std::string& text) { opt.seed = parse_seed(text); },
         "Seed of every random input (0 .. 2^64-1; default 42)")
      ->type_name("UINT");
  cli.add_option("--scaling", opt.scaling, "strong: --size is global; weak: --size is per core")
      ->check(CLI::IsMember({"strong", "weak"}))
      ->capture_default_str();
  refuse_empty_path(
      cli.add_option("--output", opt.output, "Append the run record (one JSON line) to this file"));
  cli.add_flag("--list-models", opt.list_models, "List the models this workload offers and exit");
  cli.add_flag("--quiet", opt.quiet, "Print nothing but errors");
  cli.add_flag("--dry-run", opt.dry_run,
               "Check the options, layout, memory and --output as a run would, print what "
               "would run and exit without running or recording");
  bool version = false;
  cli.add_flag("--version", version, "Print the version and how this binary was built, and exit");
  if (app.add_options) app.add_options(cli);

  std::vector<std::string> reversed(args.rbegin(), args.rend() - (args.empty() ? 0 : 1));
  try {
    cli.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    outcome.run = false;
    outcome.text = cli.help();
    return outcome;
  } catch (const CLI::ExtrasError& e) {
    throw UsageError(with_suggestion(e.what(), cli));
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }

  if (version) {
    outcome.run = false;
    outcome.text = version_text("scalelab-" + app.workload);
    return outcome;
  }
  if (opt.list_models) {
    outcome.run = false;
    outcome.text = join(app.variants.models(), "\n") + "\n";
    return outcome;
  }
  if (!app.variants.has(opt.model)) {
    const bool known =
        std::find(known_models().begin(), known_models().end(), opt.model) != known_models().end();
    throw UsageError("--model: " + quote_input(opt.model, 60) + " is " +
                     (known ? "not offered by " + app.workload : std::string("not a model")) +
                     " (" + app.workload + " offers: " + join(app.variants.models(), ", ") + ")");
  }
  check_positive(cli, "--threads", threads);
  if (cli.count("--threads") > 0) opt.threads = threads;
  check_positive(cli, "--reps", opt.reps);
  if (opt.warmup < 0) throw UsageError("--warmup: must be 0 or more");
  if (cli.count("--size") > 0) {
    opt.size = app.size_option ? app.size_option(size_text) : parse_size(size_text, "--size");
  }
  return outcome;
}

}  // namespace scalelab
