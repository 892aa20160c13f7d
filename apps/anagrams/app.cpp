// SPDX-License-Identifier: MIT
// anagrams' command line and the registration of its models.
#include "anagrams.hpp"

#include <CLI/CLI.hpp>
#include "scalelab/cli.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/size_parse.hpp"

namespace scalelab::anagrams {
namespace {

void add_anagrams_options(CLI::App& cli, const std::shared_ptr<Params>& params) {
  *params = Params{};  // a fresh parse starts from the defaults
  CLI::Option* input = refuse_empty_path(
      cli.add_option("--input", params->input,
                     "Word list, one word per line (e.g. /usr/share/dict/words); without it a "
                     "list of --size words is generated"));
  cli.add_option_function<std::string>(
         "--generate",
         [params](const std::string& text) { params->generate = parse_size(text, "--generate"); },
         "Generate a list of N words (the same as --size N without --input)")
      ->excludes("--size")
      ->excludes(input);
  input->excludes("--size");
  refuse_empty_path(cli.add_option(
      "--groups", params->groups_file,
      "Write every anagram group to FILE (one per line, members sorted, tab-separated; "
      "lines sorted)"));
  cli.add_option("--top", params->top_k, "How many of the largest groups the record lists")
      ->check(CLI::Range(std::uint64_t{0}, kMaxTopK))
      ->capture_default_str();
  cli.add_flag("--naive", params->naive,
               "serial only: compare each word with every group found so far, O(n^2) (at most " +
                   std::to_string(kNaiveLimit) + " words)");
  // With --input the list has the size it has: weak scaling cannot multiply it.
  cli.final_callback([&cli, params] {
    if (!params->input.empty() && cli.get_option("--scaling")->as<std::string>() == "weak")
      throw UsageError(
          "--scaling weak: the list comes from --input and cannot grow with the "
          "cores (weak scaling needs a generated list: --size without --input)");
  });
}

}  // namespace

AppDefinition make_app() {
  AppDefinition app;
  auto params = set_params<Params>(app);
  app.workload = "anagrams";
  app.description =
      "Anagram groups of a word list: canonical key, shuffle by key, group (read, "
      "canonicalise, shuffle, group)";
  app.size_meaning =
      "words generated when there is no --input (default 1M; with --input: the "
      "file's words)";
  app.default_size = [params] {
    if (!params->input.empty()) return count_words(params->input);
    return params->generate.value_or(kDefaultWords);
  };
  app.files = [params] {
    std::vector<FileOption> files;
    if (!params->input.empty()) files.push_back({"--input", params->input, FileRole::kInput});
    if (!params->groups_file.empty())
      files.push_back({"--groups", params->groups_file, FileRole::kText});
    return files;
  };
  app.add_options = [params](CLI::App& cli) { add_anagrams_options(cli, params); };
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  app.variants.add("eigen", {false, false}, make_eigen);
  return app;
}

}  // namespace scalelab::anagrams
