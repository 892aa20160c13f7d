// SPDX-License-Identifier: MIT
// The pieces of a record's "memory" block that need no MPI: the peak read from fixed
// /proc/self/status text, and peaks grouped by node.
#include "scalelab/peak_memory.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "scalelab/proc_readings.hpp"

namespace scalelab {
namespace {

// The lines around VmHWM as Linux 6.1 writes them (tab after the colon, kB = KiB).
constexpr const char* kStatus =
    "Name:\tscalelab-triad\n"
    "VmPeak:\t  812344 kB\n"
    "VmSize:\t  812340 kB\n"
    "VmHWM:\t   51234 kB\n"
    "VmRSS:\t   50112 kB\n"
    "Threads:\t4\n";

TEST(PeakRss, VmHwmInBytes) {
  EXPECT_EQ(parse_vm_hwm_bytes(kStatus), 51234u * 1024u);
}

TEST(PeakRss, NotVmRssOrVmPeak) {
  // VmPeak is virtual size and VmRSS the current resident size: neither is the peak RSS.
  EXPECT_EQ(parse_vm_hwm_bytes("VmPeak:\t 9 kB\nVmRSS:\t 7 kB\n"), 0u);
}

TEST(PeakRss, MissingOrMalformedIsZero) {
  EXPECT_EQ(parse_vm_hwm_bytes(""), 0u);
  EXPECT_EQ(parse_vm_hwm_bytes("VmHWM:\n"), 0u);
  EXPECT_EQ(parse_vm_hwm_bytes("VmHWM:\t lots kB\n"), 0u);
  EXPECT_EQ(parse_vm_hwm_bytes("VmHWM:\t 12 MB\n"), 0u);
  EXPECT_EQ(parse_vm_hwm_bytes("VmHWM:\t 18446744073709551615 kB\n"), 0u);
}

TEST(PeakRss, ThisProcessHasOne) {
  // A running process holds at least its own code and stack.
  EXPECT_GT(read_peak_rss_bytes(), 0u);
}

TEST(PerNode, RanksGroupUnderTheirNodesFirstRank) {
  // Ranks 0 and 2 on one node, 1 and 3 on another.
  const Json nodes = per_node_json({10, 20, 30, 40}, {0, 1, 0, 1});
  EXPECT_EQ(
      nodes.dump(),
      "[{\"first_rank\":0,\"ranks\":2,\"sum\":40},{\"first_rank\":1,\"ranks\":2,\"sum\":60}]");
}

TEST(PerNode, AnUnreadablePeakMakesItsNodesSumNull) {
  const Json nodes = per_node_json({10, 0, 30}, {0, 0, 2});
  EXPECT_EQ(
      nodes.dump(),
      "[{\"first_rank\":0,\"ranks\":2,\"sum\":null},{\"first_rank\":2,\"ranks\":1,\"sum\":30}]");
}

}  // namespace
}  // namespace scalelab
