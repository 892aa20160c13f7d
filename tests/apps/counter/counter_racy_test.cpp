// SPDX-License-Identifier: MIT
// The racy method races on purpose (label `racy`: sanitizer runs leave it out). Whether and
// how many updates are lost depends on timing, so what is asserted is the reporting: exit 0,
// never "verified", and lost updates that agree with expected and observed. One thread has
// nobody to race with, so there the racy loop must count exactly.
#include <gtest/gtest.h>

#include <cstdlib>

#include "counter_args.hpp"

namespace scalelab::counter {
namespace {

using scalelab::counter::testing::run_counter;

Json racy_record(int threads, bool mixed) {
  const Comm world;
  std::vector<std::string> args = {"--model", "openmp",    "--method",
                                   "racy",    "--threads", std::to_string(threads),
                                   "--size",  "2000003"};
  if (mixed) args.push_back("--mixed");
  const RunOutcome out = run_counter(args, world);
  EXPECT_EQ(out.exit_code, kExitOk);
  return out.record;
}

void expect_reported_not_verified(const Json& record) {
  EXPECT_FALSE(record.at("verified").as_bool());
  EXPECT_EQ(record.at("status").as_string(), "reported");
  EXPECT_TRUE(record.at("check").at("reported_only").as_bool());
  const Json& result = record.at("result");
  const double gap = result.at("expected").as_double() - result.at("observed").as_double();
  EXPECT_EQ(result.at("lost_updates").as_double(), std::abs(gap));
  EXPECT_EQ(record.at("params").at("method").as_string(), "racy");
}

TEST(CounterRacy, OneThreadCountsExactlyButIsOnlyReported) {
  const Json record = racy_record(1, false);
  expect_reported_not_verified(record);
  EXPECT_EQ(record.at("result").at("lost_updates").as_uint(), 0u);
  EXPECT_TRUE(record.at("check").at("passed").as_bool());
}

TEST(CounterRacy, SeveralThreadsReportTheirLostUpdates) {
  for (const bool mixed : {false, true}) {
    const Json record = racy_record(2, mixed);
    expect_reported_not_verified(record);
    EXPECT_EQ(record.at("check").at("details").at("runs").as_uint(), 3u);  // warm-up + 2 reps
  }
}

}  // namespace
}  // namespace scalelab::counter
