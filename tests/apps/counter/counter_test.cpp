// SPDX-License-Identifier: MIT
// counter at every exact method, model and layout the current rank count allows: the total
// equals the expected one, worked out here in closed form, for sizes that do not divide by the
// workers, with and without --mixed; plus --increments and the refusals of bad input.
#include <gtest/gtest.h>

#include "counter_args.hpp"
#include "run_helpers.hpp"

namespace scalelab::counter {
namespace {

using scalelab::counter::testing::counter_exit_code;
using scalelab::counter::testing::run_counter;
using scalelab::testing::layouts_for;

// Blocks of size/W and one more for the first size%W workers; with --mixed the even workers
// add and the odd ones subtract, so only an odd worker out and an odd extra are left over.
std::int64_t closed_form_total(std::uint64_t size, std::uint64_t workers, bool mixed) {
  if (!mixed) return static_cast<std::int64_t>(size);
  return static_cast<std::int64_t>(size / workers * (workers % 2) + size % workers % 2);
}

std::vector<std::string> layout_args(const std::string& model, const std::string& method,
                                     int threads, bool mixed) {
  std::vector<std::string> args = {"--model", model,       "--method",
                                   method,    "--threads", std::to_string(threads)};
  if (mixed) args.push_back("--mixed");
  return args;
}

TEST(Counter, EveryExactMethodGivesTheExpectedTotal) {
  const Comm world;
  const auto ranks = static_cast<std::uint64_t>(world.size());
  for (const auto& layout : layouts_for(make_app(), world.size())) {
    for (const std::string& method : methods_of(layout.model)) {
      if (method == "racy") continue;  // counter_racy_test: wrong on purpose
      const std::uint64_t workers = ranks * static_cast<std::uint64_t>(layout.threads);
      for (const std::uint64_t size : {workers, std::uint64_t{10'007}, std::uint64_t{100'003}}) {
        for (const bool mixed : {false, true}) {
          SCOPED_TRACE(layout.model + "/" + method + " threads=" + std::to_string(layout.threads) +
                       " size=" + std::to_string(size) + (mixed ? " mixed" : ""));
          auto args = layout_args(layout.model, method, layout.threads, mixed);
          args.insert(args.end(), {"--size", std::to_string(size)});
          const RunOutcome out = run_counter(args, world);
          EXPECT_EQ(out.exit_code, kExitOk);
          bool ok = true;
          if (world.is_root()) {
            const Json& result = out.record.at("result");
            const Json& params = out.record.at("params");
            const std::int64_t expected = closed_form_total(size, workers, mixed);
            ok = out.record.at("verified").as_bool() &&
                 out.record.at("status").as_string() == "ok" &&
                 result.at("expected").as_double() == static_cast<double>(expected) &&
                 result.at("observed").as_double() == static_cast<double>(expected) &&
                 result.at("lost_updates").as_uint() == 0 &&
                 params.at("method").as_string() == method &&
                 params.at("mixed").as_bool() == mixed && params.at("workers").as_uint() == workers;
          }
          EXPECT_TRUE(world.all(ok));
        }
      }
    }
  }
}

TEST(Counter, IncrementsArePerWorker) {
  const Comm world;
  const auto ranks = static_cast<std::uint64_t>(world.size());
  for (const auto& [model, threads] : {std::pair{"hybrid", 3}, std::pair{"mpi", 1}}) {
    SCOPED_TRACE(model);
    const RunOutcome out = run_counter(
        {"--model", model, "--threads", std::to_string(threads), "--increments", "1001", "--mixed"},
        world);
    EXPECT_EQ(out.exit_code, kExitOk);
    bool ok = true;
    if (world.is_root()) {
      const std::uint64_t workers = ranks * static_cast<std::uint64_t>(threads);
      ok = out.record.at("size").as_uint() == 1001 * workers &&
           out.record.at("scaling").as_string() == "weak" &&
           out.record.at("params").at("increments_per_worker").as_double() == 1001.0 &&
           out.record.at("result").at("expected").as_double() == 1001.0 * (workers % 2) &&
           out.record.at("verified").as_bool();
    }
    EXPECT_TRUE(world.all(ok));
  }
}

TEST(Counter, DefaultMethodIsTheModelsFirst) {
  const Comm world;
  const std::string model = world.size() > 1 ? "mpi" : "openmp";
  const RunOutcome out = run_counter({"--model", model, "--size", "5000"}, world);
  bool ok = true;
  if (world.is_root()) {
    ok = out.record.at("params").at("method").as_string() == methods_of(model).front();
  }
  EXPECT_TRUE(world.all(ok));
}

TEST(Counter, MethodTheModelDoesNotOfferIsUsageError) {
  const Comm world;
  EXPECT_EQ(counter_exit_code({"--model", "mpi", "--method", "reduction", "--size", "100"}, world),
            kExitUsage);
  EXPECT_EQ(counter_exit_code({"--model", "hybrid", "--method", "racy", "--size", "100"}, world),
            kExitUsage);
  if (world.size() == 1) {
    EXPECT_EQ(counter_exit_code({"--model", "serial", "--method", "atomic"}, world), kExitUsage);
    EXPECT_EQ(counter_exit_code({"--model", "openmp", "--method", "mpi-rma"}, world), kExitUsage);
  }
  EXPECT_THROW(run_counter({"--method", "nope"}, world), UsageError);
}

TEST(Counter, IncrementsWithSizeOrScalingIsUsageError) {
  const Comm world;
  EXPECT_THROW(run_counter({"--increments", "10", "--size", "10"}, world), UsageError);
  EXPECT_THROW(run_counter({"--increments", "10", "--scaling", "strong"}, world), UsageError);
  EXPECT_THROW(run_counter({"--increments", "0"}, world), UsageError);
}

TEST(Counter, MoreWorkersThanUpdatesIsUsageError) {
  const Comm world;
  const std::string too_few = std::to_string(2 * world.size() - 1);
  EXPECT_EQ(counter_exit_code({"--model", "hybrid", "--threads", "2", "--size", too_few}, world),
            kExitUsage);
}

// A variant that drops one update: verification must catch it (exit 1, a record that says so).
class DropsOneUpdate final : public CounterWorkload {
 public:
  using CounterWorkload::CounterWorkload;
  void run(const RunContext& ctx) override {
    const Worker mine = worker(static_cast<std::uint64_t>(ctx.comm.rank()));
    record_total(sum_on_root(ctx.comm, count_private(mine.delta, mine.updates)) - 1);
  }
};

TEST(Counter, WrongTotalFailsVerification) {
  const Comm world;
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false}, [](const RunContext& ctx) {
    return std::make_unique<DropsOneUpdate>(ctx, "mpi-reduce");
  });
  const ParseOutcome parsed =
      parse_command_line(app, testing::counter_argv({"--model", "broken", "--size", "1000"}));
  const RunOutcome out = execute(app, parsed.options, world);
  EXPECT_EQ(out.exit_code, kExitVerificationFailed);
  bool says_so = true;
  if (world.is_root()) {
    says_so = !out.record.at("verified").as_bool() &&
              out.record.at("status").as_string() == "verification_failed" &&
              out.record.at("result").at("lost_updates").as_uint() == 1;
  }
  EXPECT_TRUE(world.all(says_so));
}

}  // namespace
}  // namespace scalelab::counter
