// SPDX-License-Identifier: MIT
#include "matmul_options.hpp"

#include <CLI/CLI.hpp>

#include "matmul_io.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/quote.hpp"
#include "scalelab/size_parse.hpp"

namespace scalelab::matmul {
namespace {

bool given(const CLI::App& cli, const char* option) {
  return cli.get_option(option)->count() > 0;
}

// Sets a common option as if the user had typed it (the driver reads it after parsing).
void supply(CLI::App& cli, const char* option, const std::string& value) {
  cli.get_option(option)->add_result(value)->run_callback();
}

// Weak scaling multiplies --size by the cores, but matmul's work grows as n³: n x cores
// would multiply the work per core by cores², which is not weak scaling.
void refuse_weak_scaling(const CLI::App& cli) {
  if (cli.get_option("--scaling")->as<std::string>() == "weak") {
    throw UsageError(
        "--scaling weak: matmul does 2n³ work on n x n matrices, so multiplying n by the "
        "cores is not weak scaling; use strong scaling (for constant work per core, grow n "
        "as the cube root of the cores yourself)");
  }
}

// n comes from the --input file: supply it as --size, or insist that a given --size agrees.
void take_size_from_input(CLI::App& cli, const std::string& path) {
  const std::uint64_t n = input_matrix_size(path);
  if (given(cli, "--size")) {
    const std::string text = cli.get_option("--size")->as<std::string>();
    if (parse_size(text, "--size") != n) {
      throw UsageError("--size " + text + ": --input " + quote_input(path) + " holds " +
                       std::to_string(n) + "x" + std::to_string(n) +
                       " matrices (omit --size, or give " + std::to_string(n) + ")");
    }
    return;
  }
  supply(cli, "--size", std::to_string(n));
}

void apply(CLI::App& cli, const Params& params) {
  refuse_weak_scaling(cli);
  if (!params.input.empty() && given(cli, "--values")) {
    throw UsageError("--values: cannot be combined with --input (the file's values are used)");
  }
  if (!params.input.empty()) take_size_from_input(cli, params.input);
  // Eigen's own threading stays off unless --threads asks for it (the driver's default for
  // a multi-threaded model would be OpenMP's, i.e. every core).
  if (cli.get_option("--model")->as<std::string>() == "eigen" && !given(cli, "--threads")) {
    supply(cli, "--threads", "1");
  }
}

}  // namespace

void add_matmul_options(CLI::App& cli, Params& params) {
  cli.add_option("--values", params.values,
                 "Generated inputs: uniform in [-1, 1), or dyadic (multiples of 1/8: the "
                 "product is exact, so every model must match serial bit for bit)")
      ->check(CLI::IsMember({"uniform", "dyadic"}))
      ->capture_default_str();
  for (CLI::Option* file_option :
       {refuse_empty_path(cli.add_option("--input", params.input,
                                         "Read A and B from this HDF5 file (datasets A, B: n x n "
                                         "doubles; n is the file's) instead of generating them")),
        refuse_empty_path(cli.add_option("--save", params.save,
                                         "Write A, B and C (and n, seed, values, variant "
                                         "attributes) to this HDF5 file after the run; --input "
                                         "reads it back"))})
    unavailable_in_smpi_build(file_option, kNoHdf5InSimulation);
  cli.final_callback([&cli, &params] { apply(cli, params); });
}

}  // namespace scalelab::matmul
