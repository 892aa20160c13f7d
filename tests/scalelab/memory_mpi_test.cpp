// SPDX-License-Identifier: MIT
// A run record's "memory" block at 1..4 ranks: one measured peak per rank in rank order, its
// sum and max consistent with the list, the ranks grouped by node, the workload's declared
// bytes beside them, and a peak that grows when the workload allocates more. The block is
// complete on the root only, so each fact is checked there and the verdict shared with
// Comm::all: every rank reaches the same one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "pi.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/driver.hpp"
#include "scalelab/json.hpp"
#include "triad.hpp"

namespace scalelab {
namespace {

class MemoryMpi : public ::testing::Test {
 protected:
  // True on every rank iff `fact` holds on the root (other ranks' value is ignored).
  bool on_root(bool fact) const { return comm_.all(!comm_.is_root() || fact); }

  // The record of a quiet triad/mpi run of `elements` elements, one rep.
  RunOutcome run_triad(std::uint64_t elements) const {
    const AppDefinition app = triad::make_app();
    const ParseOutcome parsed = parse_command_line(
        app, {"scalelab-triad", "--model", "mpi", "--size", std::to_string(elements), "--reps", "1",
              "--warmup", "0", "--quiet"});
    return execute(app, parsed.options, comm_);
  }

  const Comm comm_;
  const bool root_ = comm_.is_root();
  const int size_ = comm_.size();
};

// The peaks of a record's per_rank list (0 for null), empty when the block is missing.
std::vector<std::uint64_t> per_rank_peaks(const Json& record) {
  std::vector<std::uint64_t> peaks;
  const Json* memory = record.find("memory");
  if (memory == nullptr) return peaks;
  for (const Json& peak : memory->at("peak_rss_bytes").at("per_rank").as_array())
    peaks.push_back(peak.is_number() ? peak.as_uint() : 0);
  return peaks;
}

TEST_F(MemoryMpi, EveryRankHasAPeakAndTheTotalsAgreeWithThem) {
  CommonOptions opt;
  opt.model = "mpi";
  opt.size = 100000;
  opt.reps = 1;
  opt.quiet = true;
  const RunOutcome out = execute(pi::make_app(), opt, comm_);
  bool ok = true;
  std::string dump = "<not the root>";
  if (root_) {
    dump = out.record.find("memory") ? out.record.at("memory").dump() : "<no memory block>";
    const std::vector<std::uint64_t> peaks = per_rank_peaks(out.record);
    ok = peaks.size() == static_cast<std::size_t>(size_) &&
         std::all_of(peaks.begin(), peaks.end(), [](std::uint64_t p) { return p > 0; });
    if (ok) {
      std::uint64_t sum = 0;
      for (const std::uint64_t p : peaks) sum += p;
      const Json& block = out.record.at("memory").at("peak_rss_bytes");
      ok = block.at("sum").as_uint() == sum &&
           block.at("max").as_uint() == *std::max_element(peaks.begin(), peaks.end());
      // The test's ranks all run on this machine: one node holding every rank.
      const Json::Array& nodes = block.at("per_node").as_array();
      ok = ok && nodes.size() == 1 && nodes[0].at("first_rank").as_uint() == 0 &&
           nodes[0].at("ranks").as_uint() == static_cast<std::uint64_t>(size_) &&
           nodes[0].at("sum").as_uint() == sum;
      // pi allocates nothing of its size, so it declares nothing.
      ok = ok && out.record.at("memory").at("declared_bytes").dump() == "null";
    }
  }
  EXPECT_TRUE(on_root(ok)) << dump;
}

TEST_F(MemoryMpi, AWorkloadThatAllocatesMoreShowsALargerPeak) {
  // Three arrays of doubles: 24 B per element, 48 MB at 2M elements over all ranks.
  constexpr std::uint64_t kSmall = 1000;
  constexpr std::uint64_t kLarge = 2000000;
  const RunOutcome small = run_triad(kSmall);
  const RunOutcome large = run_triad(kLarge);
  bool ok = true;
  std::string dump = "<not the root>";
  if (root_) {
    dump = small.record.dump() + "\n" + large.record.dump();
    const std::vector<std::uint64_t> before = per_rank_peaks(small.record);
    const std::vector<std::uint64_t> after = per_rank_peaks(large.record);
    const Json& declared = large.record.at("memory").at("declared_bytes");
    // triad declares each rank's largest block of the three arrays.
    const double per_rank = 24.0 * static_cast<double>((kLarge + size_ - 1) / size_);
    ok = declared.at("max").as_double() == per_rank &&
         declared.at("sum").as_double() == per_rank * size_ &&
         before.size() == static_cast<std::size_t>(size_) && after.size() == before.size();
    // The arrays are written in setup, so each rank's peak rises by most of what it
    // declared (the peak is the process's high-water mark, never lower than before).
    for (std::size_t r = 0; ok && r < after.size(); ++r)
      ok = static_cast<double>(after[r]) - static_cast<double>(before[r]) >= 0.5 * per_rank;
  }
  EXPECT_TRUE(on_root(ok)) << dump;
}

}  // namespace
}  // namespace scalelab
