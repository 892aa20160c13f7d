// SPDX-License-Identifier: MIT
// The parts of provenance that need no MPI; collect_provenance itself is in core_mpi_test.
#include "scalelab/provenance.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <regex>
#include <string>

namespace scalelab {
namespace {

TEST(Provenance, AllowedCpusIsACompactList) {
  const std::string cpus = allowed_cpus();
  EXPECT_TRUE(std::regex_match(cpus, std::regex(R"(\d+(-\d+)?(,\d+(-\d+)?)*)"))) << cpus;
}

TEST(Provenance, UtcNowIsIso8601) {
  const std::time_t before = std::time(nullptr);
  const std::string now = utc_now();
  const std::time_t after = std::time(nullptr);
  ASSERT_TRUE(std::regex_match(now, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"))) << now;
  std::tm first{};
  std::tm last{};
  gmtime_r(&before, &first);
  gmtime_r(&after, &last);
  EXPECT_GE(std::stoi(now.substr(0, 4)), first.tm_year + 1900) << now;
  EXPECT_LE(std::stoi(now.substr(0, 4)), last.tm_year + 1900) << now;
}

}  // namespace
}  // namespace scalelab
