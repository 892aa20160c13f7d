// SPDX-License-Identifier: MIT
// matmul through the production path (option parsing + driver) at every model and layout
// the current rank count allows (ctest runs this at 1..4 ranks: grids 1x1, 2x1, 3x1, 2x2).
//
// Exact agreement with serial: blocked, SUMMA and Eigen code sum each C element in a
// different order from the textbook loop, so bitwise equality can only be asked of inputs
// whose products are exact in any order. --values dyadic draws multiples of 1/8 (every
// partial sum is a multiple of 1/64 below n: exact), and then every model's fingerprint of
// C must equal that of the textbook product computed here. With uniform values the models
// are checked by Freivalds (verified) and by C's sum and norm against the textbook ones.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "matmul.hpp"
#include "matrix_values.hpp"
#include "run_helpers.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/hdf5.hpp"

namespace scalelab::matmul {
namespace {

using scalelab::testing::layouts_for;

// Runs scalelab-matmul's command line through the same parse + execute as the binary, with
// a fresh app (and so fresh option values) per run.
RunOutcome run_args(std::vector<std::string> args, const Comm& world) {
  const AppDefinition app = make_app();
  args.insert(args.begin(), "scalelab-matmul");
  for (const char* quiet : {"--quiet", "--reps", "2", "--warmup", "1"}) args.emplace_back(quiet);
  const ParseOutcome parsed = parse_command_line(app, args);
  return execute(app, parsed.options, world);
}

int exit_code_of_args(const std::vector<std::string>& args, const Comm& world) {
  try {
    return run_args(args, world).exit_code;
  } catch (const Error& e) {
    return e.code();
  }
}

std::vector<std::string> layout_args(const scalelab::testing::Layout& layout, std::uint64_t n) {
  return {"--model", layout.model,     "--threads", std::to_string(layout.threads),
          "--size",  std::to_string(n)};
}

// A and B as every model generates them, whole.
std::vector<double> generated(std::uint64_t seed, Stream stream, std::uint64_t n, Values values) {
  std::vector<double> m(n * n);
  const std::uint64_t key = stream_key(seed, stream);
  for (std::uint64_t i = 0; i < n * n; ++i) m[i] = random_value(key, i, values);
  return m;
}

std::vector<double> textbook_product(std::uint64_t seed, std::uint64_t n, Values values) {
  const auto a = generated(seed, Stream::a, n, values);
  const auto b = generated(seed, Stream::b, n, values);
  std::vector<double> c(n * n);
  multiply_textbook(a.data(), b.data(), c.data(), n);
  return c;
}

std::string fingerprint_hex(const std::vector<double>& c) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < c.size(); ++i) sum += fingerprint_term(i, c[i]);
  char text[19];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(sum));
  return text;
}

// The smallest n this rank count accepts (one row and column per grid row and column).
std::uint64_t smallest_size(const Comm& world) {
  return world.size() == 4 ? 2 : static_cast<std::uint64_t>(world.size());
}

// A path every rank agrees on, removed at the end of the test.
class SharedTempFile {
 public:
  SharedTempFile(const Comm& world, const std::string& stem) : world_(world) {
    std::string name;
    if (world.is_root()) {
      name = (std::filesystem::temp_directory_path() /
              ("scalelab-matmul-test-" + std::to_string(::getpid()) + "-" + stem + ".h5"))
                 .string();
    }
    path_ = world.broadcast(name);
  }
  ~SharedTempFile() {
    world_.barrier();
    if (world_.is_root()) std::filesystem::remove(path_);
  }
  const std::string& path() const { return path_; }

 private:
  const Comm& world_;
  std::string path_;
};

TEST(Matmul, EveryLayoutMatchesSerialExactlyOnDyadicInputs) {
  const Comm world;
  const AppDefinition app = make_app();
  for (const std::uint64_t n : {smallest_size(world), std::uint64_t{37}, std::uint64_t{64}}) {
    const std::string expected = fingerprint_hex(textbook_product(7, n, Values::dyadic));
    for (const auto& layout : layouts_for(app, world.size())) {
      SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) +
                   " n=" + std::to_string(n));
      auto args = layout_args(layout, n);
      for (const char* extra : {"--values", "dyadic", "--seed", "7"}) args.emplace_back(extra);
      const RunOutcome out = run_args(args, world);
      EXPECT_EQ(out.exit_code, kExitOk);
      bool ok = true;
      if (world.is_root()) {
        const Json& record = out.record;
        ok = record.at("verified").as_bool() &&
             record.at("check").at("details").at("exact").as_bool() &&
             record.at("check").at("value").as_double() == 0.0 &&
             record.at("result").at("c_fingerprint").as_string() == expected &&
             record.at("variant").as_string() == "matmul/" + layout.model &&
             record.at("threads").as_uint() == static_cast<std::uint64_t>(layout.threads) &&
             record.at("work").at("flops_per_rep").as_double() == 2.0 * n * n * n;
      }
      EXPECT_TRUE(world.all(ok));
    }
  }
}

TEST(Matmul, EveryLayoutVerifiesUniformInputsCloseToSerial) {
  const Comm world;
  const AppDefinition app = make_app();
  const std::uint64_t n = 45;
  const auto c = textbook_product(42, n, Values::uniform);
  double sum = 0, squares = 0;
  for (const double v : c) {
    sum += v;
    squares += v * v;
  }
  for (const auto& layout : layouts_for(app, world.size())) {
    SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads));
    const RunOutcome out = run_args(layout_args(layout, n), world);
    EXPECT_EQ(out.exit_code, kExitOk);
    bool ok = true;
    if (world.is_root()) {
      const Json& result = out.record.at("result");
      ok = out.record.at("verified").as_bool() &&
           !out.record.at("check").at("details").at("exact").as_bool() &&
           std::abs(result.at("c_sum").as_double() - sum) < 1e-9 &&
           std::abs(result.at("c_frobenius").as_double() - std::sqrt(squares)) < 1e-9;
    }
    EXPECT_TRUE(world.all(ok));
  }
}

TEST(Matmul, DistributedModelsReportComputeAndCommunication) {
  const Comm world;
  const AppDefinition app = make_app();
  for (const auto& layout : layouts_for(app, world.size())) {
    SCOPED_TRACE(layout.model);
    const RunOutcome out = run_args(layout_args(layout, 40), world);
    bool ok = true;
    if (world.is_root()) {
      const Json& breakdown = out.record.at("breakdown");
      const bool distributed = layout.model == "mpi" || layout.model == "hybrid";
      ok = distributed ? breakdown.at("compute").as_double() > 0 &&
                             breakdown.at("communication").as_double() >= 0
                       : breakdown.dump() == "null";
    }
    EXPECT_TRUE(world.all(ok));
  }
}

// Variants that get the product wrong on purpose: verification must catch each.
class PerturbsOneElement final : public MatmulWorkload {
 public:
  PerturbsOneElement(const RunContext& ctx, double delta) : MatmulWorkload(ctx), delta_(delta) {}
  void run(const RunContext& ctx) override {
    multiply_summa(ctx);
    if (rows_.begin == 0 && cols_.begin == 0) c_[0] += delta_;  // C[0][0], on one rank
  }

 private:
  double delta_;
};

class ScribblesOnA final : public MatmulWorkload {
 public:
  using MatmulWorkload::MatmulWorkload;
  void run(const RunContext& ctx) override {
    multiply_summa(ctx);
    a_.back() = 0.5;  // after the product: C is right, but A is not what it was
  }
};

// Runs a deliberately broken variant on inputs of `values` through the driver.
int run_broken(const Comm& world, const std::string& values, VariantFactory factory) {
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false}, std::move(factory));
  const ParseOutcome parsed = parse_command_line(
      app, {"scalelab-matmul", "--model", "broken", "--size", "33", "--values", values, "--quiet"});
  return execute(app, parsed.options, world).exit_code;
}

TEST(Matmul, WrongProductFailsVerification) {
  const Comm world;
  // 1e-7: far below the size of C's elements (~1), far above the tolerance (~1e-12 here);
  // 2^-40 with exact (dyadic) inputs, where no error at all is tolerated.
  const std::vector<std::pair<std::string, double>> cases = {
      {"uniform", 1e-7}, {"uniform", 1.0 / 64}, {"dyadic", 1.0 / 64}, {"dyadic", 0x1p-40}};
  for (const auto& [values, delta] : cases) {
    SCOPED_TRACE(values + " delta=" + std::to_string(delta));
    EXPECT_EQ(run_broken(world, values,
                         [delta = delta](const RunContext& ctx) {
                           return std::make_unique<PerturbsOneElement>(ctx, delta);
                         }),
              kExitVerificationFailed);
  }
  EXPECT_EQ(run_broken(world, "uniform",
                       [](const RunContext& ctx) { return std::make_unique<ScribblesOnA>(ctx); }),
            kExitVerificationFailed);
}

TEST(Matmul, SaveThenInputRoundTrips) {
  const Comm world;
  const SharedTempFile file(world, "roundtrip");
  const std::uint64_t n = 23;
  const std::string model = world.size() > 1 ? "hybrid" : "openmp";
  const RunOutcome saved = run_args({"--model", model, "--threads", "2", "--size", "23", "--values",
                                     "dyadic", "--seed", "5", "--save", file.path()},
                                    world);
  EXPECT_EQ(saved.exit_code, kExitOk);

  // What is in the file, read back whole on every rank with the core's HDF5 helpers.
  const auto a = generated(5, Stream::a, n, Values::dyadic);
  const auto b = generated(5, Stream::b, n, Values::dyadic);
  const auto c = textbook_product(5, n, Values::dyadic);
  std::vector<double> a_read(n * n), b_read(n * n), c_read(n * n);
  std::string variant, values;
  std::int64_t n_read = 0;
  {
    const h5::File h5 = h5::File::open_read(file.path(), world.raw());
    h5.read_block("A", {n, n}, {0, 0, n, n}, a_read.data());
    h5.read_block("B", {n, n}, {0, 0, n, n}, b_read.data());
    h5.read_block("C", {n, n}, {0, 0, n, n}, c_read.data());
    n_read = h5.attribute_int("/", "n");
    variant = h5.attribute_string("/", "variant");
    values = h5.attribute_string("/", "values");
  }
  EXPECT_TRUE(world.all(a_read == a && b_read == b && c_read == c));
  EXPECT_TRUE(world.all(n_read == 23 && variant == "matmul/" + model && values == "dyadic"));

  // Reading it back: n comes from the file, and the product is the same to the bit.
  const RunOutcome read =
      run_args({"--model", world.size() > 1 ? "mpi" : "eigen", "--input", file.path()}, world);
  EXPECT_EQ(read.exit_code, kExitOk);
  bool same = true;
  if (world.is_root()) {
    same = read.record.at("size").as_uint() == n &&
           read.record.at("params").at("values").as_string() == "input" &&
           read.record.at("result").at("c_fingerprint").as_string() ==
               saved.record.at("result").at("c_fingerprint").as_string();
  }
  EXPECT_TRUE(world.all(same));
}

// Writes an HDF5 file collectively: datasets of the given shapes (root writes the values).
void write_datasets(const Comm& world, const std::string& path,
                    const std::vector<std::pair<std::string, h5::Extent2>>& datasets,
                    double value = 0.5) {
  const h5::File file = h5::File::create(path, world.raw());
  for (const auto& [name, shape] : datasets) {
    std::vector<double> data(shape.rows * shape.cols, value);
    const h5::Block2 block =
        world.is_root() ? h5::Block2{0, 0, shape.rows, shape.cols} : h5::Block2{0, 0, 0, 0};
    file.write_block(name, shape, block, data.data());
  }
}

TEST(Matmul, BadInputIsAUsageError) {
  const Comm world;
  const SharedTempFile good(world, "good"), garbage(world, "garbage"),
      truncated(world, "truncated"), oblong(world, "oblong"), mismatched(world, "mismatched"),
      only_a(world, "only-a"), not_finite(world, "nan");
  write_datasets(world, good.path(), {{"A", {8, 8}}, {"B", {8, 8}}});
  write_datasets(world, oblong.path(), {{"A", {8, 9}}, {"B", {8, 9}}});
  write_datasets(world, mismatched.path(), {{"A", {8, 8}}, {"B", {9, 9}}});
  write_datasets(world, only_a.path(), {{"A", {8, 8}}});
  write_datasets(world, not_finite.path(), {{"A", {8, 8}}, {"B", {8, 8}}},
                 std::numeric_limits<double>::quiet_NaN());
  if (world.is_root()) {
    std::ofstream(garbage.path()) << "this is not an HDF5 file\n";
    const auto size = std::filesystem::file_size(good.path());
    std::filesystem::copy_file(good.path(), truncated.path());
    std::filesystem::resize_file(truncated.path(), size / 2);
  }
  world.barrier();

  const std::string model = world.size() > 1 ? "mpi" : "serial";
  const std::vector<std::vector<std::string>> bad = {
      {"--model", model, "--input", "/no/such/file.h5"},
      {"--model", model, "--input", garbage.path()},
      {"--model", model, "--input", truncated.path()},
      {"--model", model, "--input", oblong.path()},
      {"--model", model, "--input", mismatched.path()},
      {"--model", model, "--input", only_a.path()},
      {"--model", model, "--input", not_finite.path()},
      {"--model", model, "--input", good.path(), "--size", "9"},
      {"--model", model, "--input", good.path(), "--values", "dyadic"},
      {"--model", model, "--size", "10", "--scaling", "weak"},
      {"--model", model, "--size", "10", "--values", "integers"},
      {"--model", model, "--size", "10", "--save", "/no/such/dir/out.h5"},
      {"--model", model, "--size", "2000000000"},  // above matmul's limit on n
      {"--model", model, "--size", "1000000"},     // 3 x 8 TB: more memory than this machine
  };
  for (const auto& args : bad) {
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    SCOPED_TRACE(joined);
    EXPECT_EQ(exit_code_of_args(args, world), kExitUsage);
  }
  // ... and a good file with a matching --size is fine.
  EXPECT_EQ(exit_code_of_args({"--model", model, "--input", good.path(), "--size", "8"}, world),
            kExitOk);
}

TEST(Matmul, MoreGridRowsThanMatrixRowsIsBadInput) {
  const Comm world;
  if (world.size() == 1) GTEST_SKIP() << "needs more than one rank";
  const std::uint64_t too_small = smallest_size(world) - 1;
  for (const char* model : {"mpi", "hybrid"}) {
    EXPECT_EQ(exit_code_of_args({"--model", model, "--size", std::to_string(too_small)}, world),
              kExitUsage);
  }
}

TEST(Matmul, EigenRunsOneThreadUnlessAsked) {
  const Comm world;
  if (world.size() > 1) GTEST_SKIP() << "eigen runs on one rank";
  const RunOutcome out = run_args({"--model", "eigen", "--size", "16"}, world);
  EXPECT_EQ(out.record.at("threads").as_uint(), 1U);
  const RunOutcome two = run_args({"--model", "eigen", "--size", "16", "--threads", "2"}, world);
  EXPECT_EQ(two.record.at("threads").as_uint(), 2U);
}

}  // namespace
}  // namespace scalelab::matmul
