// SPDX-License-Identifier: MIT
#include "scalelab/cli.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "pi.hpp"
#include "scalelab/errors.hpp"
#include "triad.hpp"

namespace scalelab {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

ParseOutcome parse_pi(std::vector<std::string> args) {
  args.insert(args.begin(), "scalelab-pi");
  return parse_command_line(pi::make_app(), args);
}

// The UsageError parsing `args` for pi raises; fails the test if parsing succeeds.
std::string pi_refusal(std::vector<std::string> args) {
  args.insert(args.begin(), "scalelab-pi");
  try {
    parse_command_line(pi::make_app(), args);
  } catch (const UsageError& e) {
    EXPECT_EQ(e.code(), kExitUsage);
    return e.what();
  }
  ADD_FAILURE() << "parsing was accepted";
  return "";
}

TEST(ParseCommandLine, Defaults) {
  const std::vector<std::string> args{"scalelab-pi"};
  const ParseOutcome out = parse_command_line(pi::make_app(), args);
  EXPECT_TRUE(out.run);
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.options.model, "serial");
  EXPECT_FALSE(out.options.threads.has_value());
  EXPECT_FALSE(out.options.size.has_value());
  EXPECT_EQ(out.options.reps, 5);
  EXPECT_EQ(out.options.warmup, 1);
  EXPECT_EQ(out.options.seed, 42u);
  EXPECT_EQ(out.options.scaling, "strong");
  EXPECT_EQ(out.options.output, "");
  EXPECT_FALSE(out.options.list_models);
  EXPECT_FALSE(out.options.quiet);
  EXPECT_EQ(out.options.command_line, args);
}

TEST(ParseCommandLine, VersionSaysWhatWasBuiltAndDoesNotRun) {
  const ParseOutcome out = parse_pi({"--version"});
  EXPECT_FALSE(out.run);
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.text.rfind("scalelab-pi 0.", 0), 0u) << out.text;
  EXPECT_TRUE(contains(out.text, "(git ")) << out.text;
  EXPECT_TRUE(contains(out.text, "\ncompiler: ")) << out.text;
  EXPECT_TRUE(contains(out.text, "\nMPI: ")) << out.text;
  EXPECT_TRUE(contains(out.text, "\nEigen: 3.")) << out.text;
  EXPECT_TRUE(contains(out.text, "SIMD: ")) << out.text;
}

TEST(ParseCommandLine, MistypedOptionGetsASuggestion) {
  const std::string swapped = pi_refusal({"--modle", "openmp"});
  EXPECT_TRUE(contains(swapped, "--modle")) << swapped;
  EXPECT_TRUE(contains(swapped, "(did you mean --model?)")) << swapped;
  const std::string with_value = pi_refusal({"--thread=2"});
  EXPECT_TRUE(contains(with_value, "(did you mean --threads?)")) << with_value;
  // Nothing close: the plain message, no guess.
  const std::string far = pi_refusal({"--frobnicate"});
  EXPECT_FALSE(contains(far, "did you mean")) << far;
}

TEST(ParseCommandLine, KeepsTheCommandLineAsGiven) {
  const std::vector<std::string> args{"/path/to/scalelab-pi", "--model", "mpi", "--size=1k"};
  EXPECT_EQ(parse_command_line(pi::make_app(), args).options.command_line, args);
}

TEST(ParseCommandLine, SizeWithSuffix) {
  EXPECT_EQ(parse_pi({"--size", "4M"}).options.size, 4'000'000u);
  EXPECT_EQ(parse_pi({"--size", "2Gi"}).options.size, 2ULL << 30);
  EXPECT_EQ(parse_pi({"--size=100003"}).options.size, 100'003u);
}

TEST(ParseCommandLine, BadSizeNamesTheOption) {
  for (const char* bad : {"0", "abc", "12x", "1.5M", "99999999999999999999"}) {
    SCOPED_TRACE(bad);
    EXPECT_TRUE(contains(pi_refusal({"--size", bad}), "--size"));
  }
}

// pi's definition with --size declared as a 2-D grid, as an app declares a typed size.
struct GridApp {
  std::optional<Size2D> grid;
  AppDefinition app = pi::make_app();
  GridApp() { app.size_option = grid_size_option(grid); }
  ParseOutcome parse(std::vector<std::string> args) {
    args.insert(args.begin(), "scalelab-pi");
    return parse_command_line(app, args);
  }
};

TEST(ParseCommandLine, TypedSizeIsParsedOnceIntoTheAppsValue) {
  GridApp grid_app;
  EXPECT_EQ(grid_app.parse({"--size", "64x48"}).options.size, 3072U);
  EXPECT_EQ(grid_app.grid, (Size2D{64, 48}));
  EXPECT_EQ(grid_app.parse({"--size=2Ki", "--scaling", "weak"}).options.size, 4ULL << 20);
  EXPECT_EQ(grid_app.grid, (Size2D{2048, 2048}));
}

TEST(ParseCommandLine, BadTypedSizeIsOneLineNamingTheOption) {
  GridApp grid_app;
  const auto refusal = [&](const std::string& value) -> std::string {
    try {
      grid_app.parse({"--size", value});
    } catch (const UsageError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  EXPECT_EQ(refusal("0x5"),
            "--size: '0x5' is not a grid NX or NXxNY of positive counts (e.g. 1024, 4Ki or "
            "640x480)");
  EXPECT_EQ(refusal("abc"),
            "--size: 'abc' is not a number, expected a positive count like 1000, 4M or 2Gi");
  EXPECT_EQ(refusal("5000000000"), "--size: 5000000000x5000000000 cells do not fit in 64 bits");
  // Without a typed size, "64x48" is no count at all.
  EXPECT_TRUE(contains(pi_refusal({"--size", "64x48"}), "--size: '64x48' has an unknown suffix"));
}

TEST(ParseCommandLine, Scaling) {
  EXPECT_EQ(parse_pi({"--scaling", "weak"}).options.scaling, "weak");
  EXPECT_EQ(parse_pi({"--scaling", "strong"}).options.scaling, "strong");
  EXPECT_TRUE(contains(pi_refusal({"--scaling", "sideways"}), "--scaling"));
}

TEST(ParseCommandLine, Threads) {
  EXPECT_EQ(parse_pi({"--model", "openmp", "--threads", "3"}).options.threads, 3);
  EXPECT_TRUE(contains(pi_refusal({"--threads", "0"}), "--threads"));
  EXPECT_TRUE(contains(pi_refusal({"--threads", "-2"}), "--threads"));
  EXPECT_TRUE(contains(pi_refusal({"--threads", "many"}), "--threads"));
}

TEST(ParseCommandLine, RepsAndWarmup) {
  const ParseOutcome out = parse_pi({"--reps", "7", "--warmup", "0"});
  EXPECT_EQ(out.options.reps, 7);
  EXPECT_EQ(out.options.warmup, 0);
  EXPECT_TRUE(contains(pi_refusal({"--reps", "0"}), "--reps"));
  EXPECT_TRUE(contains(pi_refusal({"--reps", "-1"}), "--reps"));
  EXPECT_TRUE(contains(pi_refusal({"--warmup", "-1"}), "--warmup"));
}

TEST(ParseCommandLine, OtherCommonOptions) {
  const ParseOutcome out = parse_pi(
      {"--model", "mpi", "--seed", "7", "--output", "/tmp/x.jsonl", "--quiet", "--size", "1k"});
  EXPECT_TRUE(out.run);
  EXPECT_EQ(out.options.model, "mpi");
  EXPECT_EQ(out.options.seed, 7u);
  EXPECT_EQ(out.options.output, "/tmp/x.jsonl");
  EXPECT_TRUE(out.options.quiet);
  EXPECT_EQ(out.options.size, 1'000u);
}

TEST(ParseCommandLine, SeedIsTakenLiterallyOrRefused) {
  EXPECT_EQ(parse_pi({"--seed", "0"}).options.seed, 0u);
  EXPECT_EQ(parse_pi({"--seed", "18446744073709551615"}).options.seed, UINT64_MAX);
  EXPECT_EQ(pi_refusal({"--seed=-1"}), "--seed: '-1' is negative, expected 0 .. 2^64-1");
  EXPECT_EQ(pi_refusal({"--seed", "18446744073709551616"}),
            "--seed: '18446744073709551616' does not fit in 64 bits");
  EXPECT_EQ(pi_refusal({"--seed", "12abc"}), "--seed: '12abc' is not a non-negative integer");
  EXPECT_EQ(pi_refusal({"--seed", "+5"}), "--seed: '+5' is not a non-negative integer");
  EXPECT_EQ(pi_refusal({"--seed", ""}), "--seed: '' is not a non-negative integer");
}

TEST(ParseCommandLine, TriadScalarMustBeFiniteAndBounded) {
  const AppDefinition app = triad::make_app();
  for (const char* bad : {"nan", "inf", "1e309", "1e-400", "0x10", "6e307", "-1e308"}) {
    EXPECT_THROW(parse_command_line(app, {"scalelab-triad", "--scalar", bad}), UsageError) << bad;
  }
  EXPECT_TRUE(parse_command_line(app, {"scalelab-triad", "--scalar", "-5e307"}).run);
}

TEST(ParseCommandLine, EveryModelPiOffers) {
  for (const char* model : {"serial", "openmp", "mpi", "hybrid", "eigen"}) {
    EXPECT_EQ(parse_pi({"--model", model}).options.model, model);
  }
}

TEST(ParseCommandLine, UnknownModelSaysWhatIsOffered) {
  const std::string message = pi_refusal({"--model", "nope"});
  EXPECT_TRUE(contains(message, "--model")) << message;
  EXPECT_TRUE(contains(message, "nope")) << message;
  EXPECT_TRUE(contains(message, "serial, openmp, mpi, hybrid, eigen")) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(ParseCommandLine, ModelNotOfferedByTheWorkload) {
  AppDefinition app = pi::make_app();
  app.variants = VariantRegistry{};
  app.variants.add("serial", {false, false}, pi::make_serial);
  try {
    parse_command_line(app, {"scalelab-pi", "--model", "mpi"});
    ADD_FAILURE() << "a model the workload does not register was accepted";
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_TRUE(contains(message, "not offered by pi")) << message;
    EXPECT_TRUE(contains(message, "pi offers: serial")) << message;
  }
}

TEST(ParseCommandLine, Help) {
  for (const char* flag : {"--help", "-h"}) {
    SCOPED_TRACE(flag);
    const ParseOutcome out = parse_pi({flag});
    EXPECT_FALSE(out.run);
    EXPECT_EQ(out.exit_code, 0);
    EXPECT_TRUE(contains(out.text, "--size")) << out.text;
    EXPECT_TRUE(contains(out.text, "--model")) << out.text;
    EXPECT_TRUE(contains(out.text, "--scaling")) << out.text;
    EXPECT_TRUE(contains(out.text, "random samples")) << out.text;
  }
}

TEST(ParseCommandLine, ListModels) {
  const ParseOutcome out = parse_pi({"--list-models"});
  EXPECT_FALSE(out.run);
  EXPECT_EQ(out.exit_code, 0);
  EXPECT_EQ(out.text, "serial\nopenmp\nmpi\nhybrid\neigen\n");
}

TEST(ParseCommandLine, UnknownOptionsAndStrayArguments) {
  EXPECT_TRUE(contains(pi_refusal({"--bogus"}), "--bogus"));
  pi_refusal({"--bogus", "3"});
  pi_refusal({"stray"});
  pi_refusal({"--size"});         // missing value
  pi_refusal({"--scalar", "2"});  // a triad option, not pi's
}

TEST(ParseCommandLine, TriadScalarOption) {
  const AppDefinition app = triad::make_app();
  const ParseOutcome out =
      parse_command_line(app, {"scalelab-triad", "--model", "openmp", "--scalar", "2.5"});
  EXPECT_TRUE(out.run);
  EXPECT_EQ(out.options.model, "openmp");
  EXPECT_THROW(parse_command_line(app, {"scalelab-triad", "--scalar", "two"}), UsageError);

  const ParseOutcome help = parse_command_line(app, {"scalelab-triad", "--help"});
  EXPECT_FALSE(help.run);
  EXPECT_TRUE(contains(help.text, "--scalar")) << help.text;
}

}  // namespace
}  // namespace scalelab
