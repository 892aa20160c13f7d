// SPDX-License-Identifier: MIT
// The thread cap the driver enforces: derived from this process's CPUs and limits, and
// lowered by a lower RLIMIT_NPROC.
#include "scalelab/machine.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace scalelab {
namespace {

TEST(MaxThreadsPerRank, IsAMultipleOfTheUsableCpusAtMost) {
  const int cpus = usable_cpus();
  ASSERT_GE(cpus, 1);
  const int cap = max_threads_per_rank();
  EXPECT_GE(cap, 1);
  EXPECT_LE(cap, kThreadsPerCpu * cpus);
}

TEST(MaxThreadsPerRank, FollowsALowerProcessLimit) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NPROC, &saved), 0);
  rlimit lowered = saved;
  lowered.rlim_cur = 3;
  ASSERT_EQ(setrlimit(RLIMIT_NPROC, &lowered), 0);
  const int cap = max_threads_per_rank();
  ASSERT_EQ(setrlimit(RLIMIT_NPROC, &saved), 0);
  EXPECT_LE(cap, 3);
  EXPECT_GE(cap, 1);
}

}  // namespace
}  // namespace scalelab
