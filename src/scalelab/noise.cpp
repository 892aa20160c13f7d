// SPDX-License-Identifier: MIT
#include "scalelab/noise.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace scalelab {
namespace {

constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();
constexpr int kFields = 9;

std::array<double, kFields> pack(const NodeNoise& n) {
  return {n.loadavg_1m,    n.wall_s,    static_cast<double>(n.cpus),
          n.busy_cpu_s,    n.own_cpu_s, n.foreign_cpu_s,
          n.foreign_share, n.steal_s,   n.freq_mhz};
}

NodeNoise unpack(const std::array<double, kFields>& v) {
  NodeNoise n;
  n.loadavg_1m = v[0];
  n.wall_s = v[1];
  n.cpus = static_cast<int>(v[2]);
  n.busy_cpu_s = v[3];
  n.own_cpu_s = v[4];
  n.foreign_cpu_s = v[5];
  n.foreign_share = v[6];
  n.steal_s = v[7];
  n.freq_mhz = v[8];
  return n;
}

}  // namespace

Json NodeNoise::to_json() const {
  return Json::object({{"loadavg_1m", loadavg_1m},
                       {"wall_s", wall_s},
                       {"cpus", cpus},
                       {"busy_cpu_s", busy_cpu_s},
                       {"own_cpu_s", own_cpu_s},
                       {"foreign_cpu_s", foreign_cpu_s},
                       {"foreign_share", foreign_share},
                       {"steal_s", steal_s},
                       {"freq_mhz", freq_mhz}});
}

NodeNoise node_noise(const CpuTimes* before, const CpuTimes* after, double wall_s, int cpus,
                     double own_cpu_s, double loadavg_1m, double freq_mhz) {
  NodeNoise n;
  n.loadavg_1m = loadavg_1m;
  n.wall_s = wall_s;
  n.cpus = cpus;
  n.own_cpu_s = own_cpu_s;
  n.freq_mhz = freq_mhz;
  if (before == nullptr || after == nullptr) {
    n.busy_cpu_s = n.foreign_cpu_s = n.foreign_share = n.steal_s = kNotMeasured;
    return n;
  }
  n.busy_cpu_s = after->busy_s - before->busy_s;
  n.steal_s = after->steal_s - before->steal_s;
  // /proc/stat ticks are coarser than the process clock: a quiet node can read a little
  // less busy time than its ranks used.
  n.foreign_cpu_s = std::max(0.0, n.busy_cpu_s - own_cpu_s);
  const double capacity = wall_s * cpus;
  n.foreign_share = capacity > 0 ? n.foreign_cpu_s / capacity : kNotMeasured;
  return n;
}

NoiseProbe::NoiseProbe() : cpu_readable_(read_cpu_times(cpu_)), own_cpu_s_(own_cpu_seconds()) {}

NodeNoise NoiseProbe::finish(const Comm& comm) const {
  const double wall_s = wall_.seconds();
  const double own_s = own_cpu_seconds() - own_cpu_s_;
  // Read before the communicator below is built: its spinning is not the run's.
  CpuTimes now;
  const bool now_readable = read_cpu_times(now);
  const double loadavg_1m = read_loadavg_1m();
  const NodeComm node(comm);
  const Comm node_comm(node.raw());
  const double node_own_s = node_comm.sum(own_s);
  // One rank per node reports its node (and reads the CPU frequencies: a node may hold a
  // hundred ranks and CPUs) and competes for worst node; an unmeasured share ranks below
  // every measured one.
  NodeNoise local;
  struct {
    double score;
    int rank;
  } mine{-2.0, comm.rank()}, worst{};
  if (node_comm.is_root()) {
    local = node_noise(cpu_readable_ ? &cpu_ : nullptr, now_readable ? &now : nullptr, wall_s,
                       online_cpus(), node_own_s, loadavg_1m, read_frequency_mhz());
    mine.score = std::isnan(local.foreign_share) ? -1.0 : local.foreign_share;
  }
  MPI_Allreduce(&mine, &worst, 1, MPI_DOUBLE_INT, MPI_MAXLOC, comm.raw());
  std::array<double, kFields> values = pack(local);
  MPI_Bcast(values.data(), kFields, MPI_DOUBLE, worst.rank, comm.raw());
  return unpack(values);
}

}  // namespace scalelab
