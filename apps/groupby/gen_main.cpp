// SPDX-License-Identifier: MIT
// scalelab-groupby-gen: writes the synthetic dispatch CSV the workload generates in memory,
// and converts a CSV to the HDF5 form (one dataset per column), so the same data can be read
// both ways.
//   scalelab-groupby-gen --rows 100k [--seed 42] --output data.csv
//   scalelab-groupby-gen --convert data.csv --output data.h5 [--on-bad-line skip]
#include <CLI/CLI.hpp>

#include <iostream>
#include <unordered_map>

#include "generator.hpp"
#include "groupby.hpp"
#include "hdf5_columns.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/output_file.hpp"
#include "scalelab/size_parse.hpp"

namespace scalelab::groupby {
namespace {

void convert(const std::string& input, const std::string& output, bool skip_bad) {
  const InputFile file(input, "--convert");
  check_csv_header(file);
  const std::string text = file.read({0, file.size()});
  ColumnData data;
  std::unordered_map<std::string, std::size_t> code_of;
  ScanStats stats;
  scan_lines(text, /*skip_header=*/true, stats, [&](const Row& row) {
    const auto [it, added] = code_of.try_emplace(std::string(row.unit), data.units.size());
    if (added) data.units.push_back(it->first);
    data.time.push_back(static_cast<double>(row.time));
    data.unit.push_back(static_cast<double>(it->second));
    data.value.push_back(row.value);
  });
  if (stats.bad > 0 && !skip_bad) {
    throw UsageError(input + ":" + std::to_string(stats.first_bad) + ": " +
                     describe(stats.first_reason) +
                     " (use --on-bad-line skip to leave malformed lines out)");
  }
  write_columns(output, data);
  std::cout << "wrote " << output << ": " << data.time.size() << " rows, " << data.units.size()
            << " units"
            << (stats.bad > 0 ? ", " + std::to_string(stats.bad) + " bad lines skipped" : "")
            << "\n";
}

int run(int argc, char** argv) {
  CLI::App cli{
      "Synthetic dispatch data for scalelab-groupby: generate a CSV, or convert a CSV "
      "to HDF5"};
  std::string rows_text, convert_from, output, on_bad_line = "fatal";
  std::uint64_t seed = 42;
  auto* rows = cli.add_option("--rows,--generate", rows_text, "Rows to generate (k/M/G suffixes)");
  auto* conv = cli.add_option("--convert", convert_from, "CSV file to convert to HDF5");
  rows->excludes(conv);
  cli.add_option_function<std::string>(
         "--seed", [&seed](const std::string& text) { seed = parse_seed(text); },
         "Generator seed (the workload's --seed; default 42)")
      ->type_name("UINT");
  refuse_empty_path(
      cli.add_option("--output", output, "File to write (.csv, or .h5 with --convert)"))
      ->required();
  cli.add_option("--on-bad-line", on_bad_line, "With --convert: fatal or skip")
      ->check(CLI::IsMember({"fatal", "skip"}));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return cli.exit(e);
    throw UsageError(e.what());
  }
  if (convert_from.empty() == rows_text.empty()) {
    throw UsageError("give --rows N (generate) or --convert FILE.csv");
  }
  // Before any work: the output can be written and is not the file being converted.
  std::vector<FileOption> files{
      {"--output", output, convert_from.empty() ? FileRole::kText : FileRole::kHdf5}};
  if (!convert_from.empty()) files.push_back({"--convert", convert_from, FileRole::kInput});
  check_run_files(files);
  if (!rows_text.empty()) {
    write_csv(output, seed, parse_size(rows_text, "--rows"));
    std::cout << "wrote " << output << "\n";
  } else {
    convert(convert_from, output, on_bad_line == "skip");
  }
  return 0;
}

}  // namespace
}  // namespace scalelab::groupby

int main(int argc, char** argv) {
  try {
    scalelab::MpiSession mpi(&argc, &argv);  // HDF5 is the parallel build: it needs MPI
    return scalelab::groupby::run(argc, argv);
  } catch (const scalelab::Error& e) {
    std::cerr << "scalelab-groupby-gen: error: " << e.what() << std::endl;
    return e.code();
  }
}
