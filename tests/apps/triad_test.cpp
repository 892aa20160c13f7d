// SPDX-License-Identifier: MIT
// triad at every model and layout the current rank count allows: every element verified
// against its scalar replay, for sizes that do not divide by ranks or threads.
#include <gtest/gtest.h>

#include "run_helpers.hpp"
#include "scalelab/errors.hpp"
#include "triad.hpp"

namespace scalelab::triad {
namespace {

using scalelab::testing::exit_code_of;
using scalelab::testing::layouts_for;
using scalelab::testing::small_run;

TEST(Triad, EveryLayoutVerifies) {
  const Comm world;
  const AppDefinition app = make_app();
  const auto ranks = static_cast<std::uint64_t>(world.size());
  for (const std::uint64_t size : {ranks, std::uint64_t{1'000'003}, std::uint64_t{4099}}) {
    for (const auto& layout : layouts_for(app, world.size())) {
      SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) +
                   " size=" + std::to_string(size));
      const RunOutcome out = execute(app, small_run(layout.model, layout.threads, size), world);
      EXPECT_EQ(out.exit_code, kExitOk);
      bool ok = true;
      if (world.is_root()) {
        ok = out.record.at("verified").as_bool() &&
             out.record.at("check").at("details").at("wrong_elements").as_uint() == 0 &&
             out.record.at("work").at("bytes_per_rep").as_double() == 24.0 * size;
      }
      EXPECT_TRUE(world.all(ok));
    }
  }
}

// Streaming stores at every layout, on sizes whose blocks start and end inside cache lines and
// scratch chunks: every element verified, and the record says which stores ran.
TEST(Triad, StreamingStoresVerifyAtEveryLayout) {
  const Comm world;
  AppDefinition app = make_app();
  for (const auto& layout : layouts_for(app, world.size())) {
    for (const char* size : {"1000003", "4099"}) {
      SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) + " size=" + size);
      const ParseOutcome parsed =
          parse_command_line(app, {"scalelab-triad", "--model", layout.model, "--threads",
                                   std::to_string(layout.threads), "--size", size, "--stores",
                                   "streaming", "--reps", "1", "--warmup", "0", "--quiet"});
      const RunOutcome out = execute(app, parsed.options, world);
      EXPECT_EQ(out.exit_code, kExitOk);
      bool ok = true;
      if (world.is_root()) {
        ok = out.record.at("verified").as_bool() &&
             out.record.at("params").at("stores").as_string() == "streaming";
      }
      EXPECT_TRUE(world.all(ok));
    }
  }
}

TEST(Triad, InexactScalarStillVerifies) {
  const Comm world;
  AppDefinition app = make_app();
  const std::string model = world.size() > 1 ? "mpi" : "serial";
  int code = -1;
  // --scalar goes through the app's own option parser, as on the command line.
  const ParseOutcome parsed =
      parse_command_line(app, {"scalelab-triad", "--model", model, "--size", "10007", "--scalar",
                               "0.1", "--reps", "1", "--quiet"});
  code = execute(app, parsed.options, world).exit_code;
  EXPECT_EQ(code, kExitOk);
}

// Drops the last element of the rank's block: the scalar replay must notice.
class SkipsLastElement final : public TriadWorkload {
 public:
  using TriadWorkload::TriadWorkload;
  void run(const RunContext&) override {
    triad(a_.data(), b_.data(), c_.data(), params_->scalar, local_.size() - 1);
  }
};

TEST(Triad, SkippedElementFailsVerification) {
  const Comm world;
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false},
                   [](const RunContext& ctx) { return std::make_unique<SkipsLastElement>(ctx); });
  EXPECT_EQ(exit_code_of(app, small_run("broken", 1, 1000), world), kExitVerificationFailed);
}

TEST(Triad, SingleRankModelsRefuseSeveralRanks) {
  const Comm world;
  if (world.size() == 1) GTEST_SKIP() << "needs more than one rank";
  const AppDefinition app = make_app();
  for (const char* model : {"serial", "openmp", "eigen"}) {
    EXPECT_EQ(exit_code_of(app, small_run(model, 1, 1000), world), kExitUsage) << model;
  }
}

}  // namespace
}  // namespace scalelab::triad
