// SPDX-License-Identifier: MIT
// heat at every model and layout the current rank count allows (mpi/heat_test/np1..np4):
// verified, and bit for bit the field of a serial run, on grids no process grid divides,
// with and without temporal blocking; bad layouts refused; broken variants caught by
// verification.
#include <gtest/gtest.h>

#include "heat_run.hpp"
#include "run_helpers.hpp"

namespace scalelab::heat {
namespace {

using testing::from_record;
using testing::run_heat;
using testing::Strings;

// The serial digest of a run, computed by every rank on its own (MPI_COMM_SELF).
std::string serial_digest(const Strings& args) {
  const Comm self(MPI_COMM_SELF);
  Strings serial = args;
  serial.insert(serial.end(), {"--model", "serial"});
  return from_record(self, run_heat(self, serial), {"result", "digest"});
}

TEST(Heat, EveryLayoutEqualsSerialBitForBit) {
  const Comm world;
  const AppDefinition app = make_app();
  // 37x23 and 23x37 are prime: no process grid divides them, and they orient 3 ranks both
  // ways; 5x3 leaves ranks blocks one or two cells wide (no inner cells at all); 1201x5 has
  // rows longer than a streaming-store chunk, so its chunk and cache-line edges are crossed.
  for (const char* grid : {"37x23", "23x37", "5x3", "1201x5"}) {
    for (const char* boundary : {"fixed", "insulated"}) {
      // A boundary value above the start range widens the maximum principle's bounds.
      const Strings common{"--size",           grid, "--steps", "13", "--boundary", boundary,
                           "--boundary-value", "2",  "--reps",  "2",  "--warmup",   "1"};
      const std::string expected = serial_digest(common);
      for (const auto& layout : scalelab::testing::layouts_for(app, world.size())) {
        SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) + " grid=" + grid +
                     " " + boundary);
        for (const char* stores : {"plain", "streaming"}) {
          SCOPED_TRACE(std::string("stores ") + stores);
          Strings args = common;
          args.insert(args.end(), {"--model", layout.model, "--threads",
                                   std::to_string(layout.threads), "--stores", stores});
          const RunOutcome out = run_heat(world, args);
          EXPECT_EQ(out.exit_code, kExitOk);
          EXPECT_EQ(from_record(world, out, {"result", "digest"}), expected);
          EXPECT_EQ(from_record(world, out, {"params", "stores"}), stores);
          EXPECT_EQ(from_record(world, out, {"status"}), "ok");
        }
      }
    }
  }
}

// --time-block K at every layout that has it: the plain serial run's bits for K = 2, 3, 8,
// 11 (as wide as the smallest block allows at 4 ranks) over 13 steps (no multiple of K) and
// K = 11 over 7 steps (one short pass). 2100x24 gives blocks of more than one strip at 1,
// 2 and 4 ranks.
TEST(Heat, TimeBlockingEqualsThePlainStencilBitForBit) {
  const Comm world;
  const AppDefinition app = make_app();
  const std::pair<const char*, const char*> runs[] = {
      {"13", "2"}, {"13", "3"}, {"13", "8"}, {"13", "11"}, {"7", "11"}};
  for (const char* grid : {"37x23", "23x37", "2100x24"}) {
    for (const char* boundary : {"fixed", "insulated"}) {
      for (const auto& [steps, k] : runs) {
        const Strings common{"--size",           grid, "--steps", steps, "--boundary", boundary,
                             "--boundary-value", "2",  "--reps",  "2",   "--warmup",   "1"};
        const std::string expected = serial_digest(common);
        for (const auto& layout : scalelab::testing::layouts_for(app, world.size())) {
          if (layout.model == "eigen") continue;  // refuses --time-block (cli/heat/*)
          SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) +
                       " grid=" + grid + " " + boundary + " steps=" + steps + " K=" + k);
          Strings args = common;
          args.insert(args.end(), {"--model", layout.model, "--threads",
                                   std::to_string(layout.threads), "--time-block", k});
          const RunOutcome out = run_heat(world, args);
          EXPECT_EQ(out.exit_code, kExitOk);
          EXPECT_EQ(from_record(world, out, {"result", "digest"}), expected);
          EXPECT_EQ(from_record(world, out, {"params", "time_block"}), k);
        }
      }
    }
  }
}

TEST(Heat, TimeBlockWiderThanABlockIsBadInputOnEveryRank) {
  const Comm world;
  const std::string model = world.size() > 1 ? "hybrid" : "openmp";
  // 23 rows on one rank; 11 or 12 rows or columns at 2-4 ranks.
  const auto failure = testing::failure_of(
      world, {"--model", model, "--size", "37x23", "--steps", "30", "--time-block", "24"});
  EXPECT_EQ(failure.code, kExitUsage);
  EXPECT_TRUE(
      failure.message.starts_with("--time-block: 24 ghost layers are wider than the "
                                  "smallest rank block"))
      << failure.message;
}

TEST(Heat, VerificationReplaysSeriallyAndChecksInvariants) {
  const Comm world;
  const std::string model = world.size() > 1 ? "mpi" : "serial";
  const RunOutcome out = run_heat(
      world, {"--model", model, "--size", "37x23", "--steps", "40", "--boundary", "insulated"});
  bool ok = true;
  if (world.is_root()) {
    const Json& details = out.record.at("check").at("details");
    ok = details.at("replay").as_string() == "bit-identical" &&
         std::abs(details.at("heat_change").as_double()) <=
             details.at("heat_tolerance").as_double() &&
         details.at("min").as_double() >= details.at("lower_bound").as_double() &&
         details.at("max").as_double() <= details.at("upper_bound").as_double() &&
         out.record.at("check").at("what").as_string().find("heat conserved") != std::string::npos;
  }
  EXPECT_TRUE(world.all(ok));
}

TEST(Heat, ProcessGridIsMpiDimsCreateOriented) {
  const Comm world;
  const std::string model = world.size() > 1 ? "mpi" : "serial";
  const RunOutcome wide = run_heat(world, {"--model", model, "--size", "37x23", "--steps", "2"});
  const RunOutcome tall = run_heat(world, {"--model", model, "--size", "23x37", "--steps", "2"});
  // [rank rows, rank columns]: MPI_Dims_create's factors, the larger along the longer axis.
  const std::map<int, std::pair<std::string, std::string>> expected{{1, {"[1,1]", "[1,1]"}},
                                                                    {2, {"[1,2]", "[2,1]"}},
                                                                    {3, {"[1,3]", "[3,1]"}},
                                                                    {4, {"[2,2]", "[2,2]"}}};
  EXPECT_EQ(from_record(world, wide, {"params", "process_grid"}), expected.at(world.size()).first);
  EXPECT_EQ(from_record(world, tall, {"params", "process_grid"}), expected.at(world.size()).second);
}

TEST(Heat, GridSmallerThanTheProcessGridIsBadInput) {
  const Comm world;
  if (world.size() == 1) GTEST_SKIP() << "needs more than one rank";
  const auto failure =
      testing::failure_of(world, {"--model", "mpi", "--size", "1x1", "--steps", "1"});
  EXPECT_EQ(failure.code, kExitUsage);
  EXPECT_NE(failure.message.find("grid is smaller than the"), std::string::npos) << failure.message;
}

TEST(Heat, WeakScalingStacksTheGridAlongY) {
  const Comm world;
  Strings args{"--model", "hybrid",    "--threads", "2",       "--size",
               "16x8",    "--scaling", "weak",      "--steps", "3"};
  const RunOutcome out = run_heat(world, args);
  const auto cores = static_cast<std::uint64_t>(2 * world.size());
  bool ok = true;
  if (world.is_root()) {
    ok = out.record.at("params").at("nx").as_uint() == 16 &&
         out.record.at("params").at("ny").as_uint() == 8 * cores &&
         out.record.at("size").as_uint() == 128 * cores && out.record.at("verified").as_bool();
  }
  EXPECT_TRUE(world.all(ok));
}

// Forgets the insulated boundary's mirror: the ghosts stay at 0 and heat leaks out.
class Leaky final : public HeatWorkload {
 public:
  using HeatWorkload::HeatWorkload;

 protected:
  void step(Field& in, Field& out) override {
    halo().start(in);
    halo().finish();
    update_region(out, in, whole(in), alpha());
  }
};

// Skips the ring of edge cells after the exchange: they keep stale values.
class NoRing final : public HeatWorkload {
 public:
  using HeatWorkload::HeatWorkload;

 protected:
  void step(Field& in, Field& out) override {
    prepare_boundary(in);
    halo().start(in);
    update_region(out, in, overlap().inner, alpha());
    halo().finish();
  }
};

TEST(Heat, BrokenVariantsFailVerification) {
  const Comm world;
  AppDefinition app = make_app();
  app.variants.add("leaky", {true, false},
                   [](const RunContext& ctx) { return std::make_unique<Leaky>(ctx); });
  app.variants.add("no-ring", {true, false},
                   [](const RunContext& ctx) { return std::make_unique<NoRing>(ctx); });
  for (const char* model : {"leaky", "no-ring"}) {
    const ParseOutcome parsed =
        parse_command_line(app, {"scalelab-heat", "--model", model, "--size", "37x23", "--steps",
                                 "20", "--boundary", "insulated", "--reps", "1", "--quiet"});
    const RunOutcome out = execute(app, parsed.options, world);
    EXPECT_EQ(out.exit_code, kExitVerificationFailed) << model;
    bool says_so = true;
    if (world.is_root()) {
      const Json& details = out.record.at("check").at("details");
      says_so = out.record.at("status").as_string() == "verification_failed" &&
                details.at("replay").as_string().starts_with("differs in");
      // Leaking heat is what conservation is there to catch.
      if (std::string(model) == "leaky") {
        says_so = says_so && std::abs(details.at("heat_change").as_double()) >
                                 details.at("heat_tolerance").as_double();
      }
    }
    EXPECT_TRUE(world.all(says_so)) << model;
  }
}

}  // namespace
}  // namespace scalelab::heat
