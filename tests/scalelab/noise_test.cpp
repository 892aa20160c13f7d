// SPDX-License-Identifier: MIT
// The node-load readings behind a record's "noise" block, on fixed /proc and /sys text.
#include "scalelab/noise.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "scalelab/proc_readings.hpp"

namespace scalelab {
namespace {

// A 2-CPU node's /proc/stat, USER_HZ 100: user nice system idle iowait irq softirq steal
// guest guest_nice.
constexpr const char* kProcStat =
    "cpu  1000 50 200 5000 300 10 40 70 400 0\n"
    "cpu0 500 25 100 2500 150 5 20 35 200 0\n"
    "cpu1 500 25 100 2500 150 5 20 35 200 0\n"
    "intr 123456 0 0\n"
    "ctxt 987654\n";

TEST(ProcStat, BusyIdleAndStealFromTheAggregateLine) {
  CpuTimes cpu;
  ASSERT_TRUE(parse_proc_stat(kProcStat, 100.0, cpu));
  // Busy: user + nice + system + irq + softirq; guest is already inside user.
  EXPECT_DOUBLE_EQ(cpu.busy_s, (1000 + 50 + 200 + 10 + 40) / 100.0);
  EXPECT_DOUBLE_EQ(cpu.idle_s, (5000 + 300) / 100.0);
  EXPECT_DOUBLE_EQ(cpu.steal_s, 0.7);
}

TEST(ProcStat, AnOldKernelsShortLineHasNoSteal) {
  CpuTimes cpu;
  ASSERT_TRUE(parse_proc_stat("cpu 10 20 30 40\n", 10.0, cpu));
  EXPECT_DOUBLE_EQ(cpu.busy_s, 6.0);
  EXPECT_DOUBLE_EQ(cpu.idle_s, 4.0);
  EXPECT_DOUBLE_EQ(cpu.steal_s, 0.0);
}

TEST(ProcStat, NoUsableAggregateLineIsNotAReading) {
  CpuTimes cpu;
  EXPECT_FALSE(parse_proc_stat("", 100.0, cpu));
  EXPECT_FALSE(parse_proc_stat("cpu0 1 2 3 4 5 6 7 8\n", 100.0, cpu));  // one CPU only
  EXPECT_FALSE(parse_proc_stat("cpu 1 2 3\n", 100.0, cpu));             // truncated
  EXPECT_FALSE(parse_proc_stat("cpu one two three four\n", 100.0, cpu));
  EXPECT_FALSE(parse_proc_stat(kProcStat, 0.0, cpu));  // no clock tick rate
}

TEST(LoadAverage, FirstFieldOrNaN) {
  EXPECT_DOUBLE_EQ(parse_loadavg_1m("0.52 0.58 0.59 1/467 12345\n"), 0.52);
  EXPECT_DOUBLE_EQ(parse_loadavg_1m("3.00 1.00 0.50 2/100 1\n"), 3.0);
  EXPECT_TRUE(std::isnan(parse_loadavg_1m("")));
  EXPECT_TRUE(std::isnan(parse_loadavg_1m("busy\n")));
}

TEST(Frequency, MeanOfTheReadableCpusInMegahertz) {
  EXPECT_DOUBLE_EQ(mean_frequency_mhz({"2400000\n", "1200000\n"}), 1800.0);
  // An offline or unreadable CPU's empty text is left out, not counted as 0 MHz.
  EXPECT_DOUBLE_EQ(mean_frequency_mhz({"", "3000000\n", "n/a"}), 3000.0);
  EXPECT_TRUE(std::isnan(mean_frequency_mhz({})));
  EXPECT_TRUE(std::isnan(mean_frequency_mhz({"", ""})));
}

TEST(NodeNoise, ForeignTimeIsBusyTimeTheRunDidNotUse) {
  const CpuTimes before{10.0, 100.0, 1.0};
  const CpuTimes after{13.0, 101.0, 1.5};
  const NodeNoise n = node_noise(&before, &after, 2.0, 2, 1.0, 0.75, 2500.0);
  EXPECT_DOUBLE_EQ(n.busy_cpu_s, 3.0);
  EXPECT_DOUBLE_EQ(n.own_cpu_s, 1.0);
  EXPECT_DOUBLE_EQ(n.foreign_cpu_s, 2.0);
  EXPECT_DOUBLE_EQ(n.foreign_share, 0.5);  // 2 CPU seconds of a 2 s x 2 CPU capacity
  EXPECT_DOUBLE_EQ(n.steal_s, 0.5);
  EXPECT_DOUBLE_EQ(n.loadavg_1m, 0.75);
  EXPECT_DOUBLE_EQ(n.freq_mhz, 2500.0);
  EXPECT_EQ(n.cpus, 2);
}

TEST(NodeNoise, TickRoundingNeverMakesForeignTimeNegative) {
  const CpuTimes before{10.0, 0.0, 0.0};
  const CpuTimes after{10.9, 0.0, 0.0};
  const NodeNoise n = node_noise(&before, &after, 1.0, 1, 1.0, 0.0, 0.0);
  EXPECT_DOUBLE_EQ(n.foreign_cpu_s, 0.0);
  EXPECT_DOUBLE_EQ(n.foreign_share, 0.0);
}

TEST(NodeNoise, UnreadableCountersAreNullInTheRecord) {
  const CpuTimes after{13.0, 101.0, 1.5};
  const double nan = std::nan("");
  const NodeNoise n = node_noise(nullptr, &after, 2.0, 4, 1.5, nan, nan);
  EXPECT_EQ(n.to_json().dump(),
            "{\"loadavg_1m\":null,\"wall_s\":2,\"cpus\":4,\"busy_cpu_s\":null,\"own_cpu_s\":1.5,"
            "\"foreign_cpu_s\":null,\"foreign_share\":null,\"steal_s\":null,\"freq_mhz\":null}");
}

}  // namespace
}  // namespace scalelab
