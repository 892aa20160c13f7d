// SPDX-License-Identifier: MIT
// A run record's per-rep samples and noise block, at 1..4 ranks: present, finite where this
// Linux machine can measure, and the same on every rank (they are reduced, not rank-local).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "pi.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/driver.hpp"
#include "scalelab/json.hpp"

namespace scalelab {
namespace {

class NoiseMpi : public ::testing::Test {
 protected:
  // True on every rank iff `fact` holds on every rank.
  bool everywhere(bool fact) const { return comm_.all(fact); }
  // True on every rank iff this rank's text equals the root's.
  bool same_as_root(const std::string& text) const {
    return everywhere(comm_.broadcast(text) == text);
  }

  RunOutcome run_pi(int reps) const {
    CommonOptions opt;
    opt.model = "mpi";
    opt.size = 200000;
    opt.reps = reps;
    opt.quiet = true;
    return execute(pi::make_app(), opt, comm_);
  }

  const Comm comm_;
};

// The numbers of a dumped flat array such as "[0.1,0.25]" (Json has no element access).
std::vector<double> numbers_in(const std::string& array_dump) {
  std::vector<double> numbers;
  std::string body = array_dump.substr(1, array_dump.size() - 2);
  std::replace(body.begin(), body.end(), ',', ' ');
  std::istringstream in(body);
  for (double x = 0; in >> x;) numbers.push_back(x);
  return numbers;
}

bool finite_member(const Json& object, const char* key) {
  const Json* value = object.find(key);
  return value != nullptr && std::isfinite(value->as_double());
}

TEST_F(NoiseMpi, SamplesAreEveryTimedRepInOrder) {
  constexpr int kReps = 4;
  const RunOutcome out = run_pi(kReps);
  const Json& time = out.record.at("time");
  const Json& samples = time.at("samples");
  ASSERT_TRUE(everywhere(samples.is_array())) << time.dump();
  const std::string dump = samples.dump();
  const std::vector<double> seconds = numbers_in(dump);
  ASSERT_TRUE(everywhere(seconds.size() == kReps)) << dump;
  const auto [low, high] = std::minmax_element(seconds.begin(), seconds.end());
  EXPECT_TRUE(everywhere(*low == time.at("min").as_double())) << time.dump();
  EXPECT_TRUE(everywhere(*high == time.at("max").as_double())) << time.dump();
  // Each sample is the slowest rank's time, so every rank holds the same list.
  EXPECT_TRUE(same_as_root(dump)) << dump;
}

TEST_F(NoiseMpi, NoiseFieldsExistAreFiniteAndAgreeAcrossRanks) {
  const RunOutcome out = run_pi(2);
  const Json* noise = out.record.find("noise");
  ASSERT_TRUE(everywhere(noise != nullptr)) << out.record.dump();
  const std::string dump = noise->dump();
  // /proc/stat and /proc/loadavg are readable on the Linux machines the tests run on.
  for (const char* key : {"loadavg_1m", "wall_s", "busy_cpu_s", "own_cpu_s", "foreign_cpu_s",
                          "foreign_share", "steal_s"}) {
    EXPECT_TRUE(everywhere(finite_member(*noise, key))) << key << " " << dump;
  }
  EXPECT_TRUE(everywhere(noise->at("cpus").as_uint() >= 1)) << dump;
  EXPECT_TRUE(everywhere(noise->at("wall_s").as_double() > 0)) << dump;
  EXPECT_TRUE(everywhere(noise->at("own_cpu_s").as_double() > 0)) << dump;
  EXPECT_TRUE(everywhere(noise->at("foreign_cpu_s").as_double() >= 0)) << dump;
  EXPECT_TRUE(everywhere(noise->at("foreign_share").as_double() >= 0)) << dump;
  // Virtual machines often hide cpufreq: then null, never an error.
  const Json* freq = noise->find("freq_mhz");
  EXPECT_TRUE(everywhere(freq != nullptr && (freq->dump() == "null" || freq->as_double() > 0)))
      << dump;
  EXPECT_TRUE(same_as_root(dump)) << dump;
}

}  // namespace
}  // namespace scalelab
