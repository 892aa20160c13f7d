// SPDX-License-Identifier: MIT
// pi at every model and layout the current rank count allows: verified, and the hit count
// identical to a serial count of the same samples (the counter-based generator's promise).
#include <gtest/gtest.h>

#include "pi.hpp"
#include "run_helpers.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::pi {
namespace {

using scalelab::testing::exit_code_of;
using scalelab::testing::layouts_for;
using scalelab::testing::small_run;

std::uint64_t serial_hits(std::uint64_t seed, std::uint64_t n) {
  return count_hits_reference(stream_key(seed), {0, n});
}

// The hand-vectorised kernel against the reference loop, on ranges whose ends fall inside
// and between its 16-sample steps, from 0 and from offsets near 2^64 / kGolden wrap-around.
TEST(Pi, HandVectorisedCountEqualsReferenceLoop) {
  for (const std::uint64_t seed : {0ULL, 7ULL, 123456789ULL}) {
    const std::uint64_t key = stream_key(seed);
    for (const std::uint64_t begin :
         {0ULL, 1ULL, 15ULL, 16ULL, 1000003ULL, 0xFFFFFFFFFFFF0000ULL}) {
      for (const std::uint64_t length : {0ULL, 1ULL, 15ULL, 16ULL, 17ULL, 33ULL, 100000ULL}) {
        const Range samples{begin, begin + length};
        EXPECT_EQ(count_hits(key, samples), count_hits_reference(key, samples))
            << "seed " << seed << " samples [" << begin << ", " << begin + length << ")";
      }
    }
  }
}

TEST(Pi, EveryLayoutMatchesSerialHits) {
  const Comm world;
  const AppDefinition app = make_app();
  const auto ranks = static_cast<std::uint64_t>(world.size());
  // Sizes that do not divide by ranks or threads, plus the smallest legal one.
  for (const std::uint64_t size : {ranks, std::uint64_t{1'000'003}, std::uint64_t{196'613}}) {
    for (const std::uint64_t seed : {std::uint64_t{42}, std::uint64_t{7}}) {
      for (const auto& layout : layouts_for(app, world.size())) {
        SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) +
                     " size=" + std::to_string(size) + " seed=" + std::to_string(seed));
        const RunOutcome out =
            execute(app, small_run(layout.model, layout.threads, size, seed), world);
        bool same = true;
        if (world.is_root()) {
          same = out.record.at("result").at("hits").as_uint() == serial_hits(seed, size) &&
                 out.record.at("verified").as_bool() &&
                 out.record.at("variant").as_string() == "pi/" + layout.model &&
                 out.record.at("ranks").as_uint() == ranks &&
                 out.record.at("threads").as_uint() == static_cast<std::uint64_t>(layout.threads);
        }
        EXPECT_EQ(out.exit_code, kExitOk);
        EXPECT_TRUE(world.all(same));
      }
    }
  }
}

TEST(Pi, SingleRankModelsRefuseSeveralRanks) {
  const Comm world;
  if (world.size() == 1) GTEST_SKIP() << "needs more than one rank";
  const AppDefinition app = make_app();
  for (const char* model : {"serial", "openmp", "eigen"}) {
    EXPECT_EQ(exit_code_of(app, small_run(model, 1, 1000), world), kExitUsage) << model;
  }
}

TEST(Pi, MoreRanksThanSamplesIsBadInput) {
  const Comm world;
  if (world.size() == 1) GTEST_SKIP() << "needs more than one rank";
  const AppDefinition app = make_app();
  const auto too_small = static_cast<std::uint64_t>(world.size() - 1);
  EXPECT_EQ(exit_code_of(app, small_run("mpi", 1, too_small), world), kExitUsage);
}

TEST(Pi, WeakScalingMultipliesSizeByCores) {
  const Comm world;
  const AppDefinition app = make_app();
  CommonOptions options = small_run("hybrid", 2, 5000);
  options.scaling = "weak";
  const RunOutcome out = execute(app, options, world);
  bool ok = true;
  if (world.is_root()) {
    ok = out.record.at("size").as_uint() == 5000ULL * 2 * static_cast<std::uint64_t>(world.size());
  }
  EXPECT_TRUE(world.all(ok));
}

// A variant whose answer is off by one hit: verification must catch it and the driver must
// turn it into exit code 1 and a record that says so.
class OffByOne final : public PiWorkload {
 public:
  void run(const RunContext& ctx) override { hits_ = ctx.comm.sum(count_hits(key_, local_)) + 1; }
};

TEST(Pi, WrongAnswerFailsVerification) {
  const Comm world;
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false},
                   [](const RunContext&) { return std::make_unique<OffByOne>(); });
  const RunOutcome out = execute(app, small_run("broken", 1, 100'000), world);
  EXPECT_EQ(out.exit_code, kExitVerificationFailed);
  bool says_so = true;
  if (world.is_root()) {
    says_so = !out.record.at("verified").as_bool() &&
              out.record.at("status").as_string() == "verification_failed";
  }
  EXPECT_TRUE(world.all(says_so));
}

}  // namespace
}  // namespace scalelab::pi
