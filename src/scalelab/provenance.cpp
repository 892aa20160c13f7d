// SPDX-License-Identifier: MIT
#include "scalelab/provenance.hpp"

#include <omp.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <set>
#include "scalelab/eigen.hpp"

#include "scalelab/build_info.hpp"

namespace scalelab {
namespace {

Json env_or_null(const char* name) {
  const char* value = std::getenv(name);
  return value ? Json(value) : Json();
}

// The node a rank runs on: SLURM's node name when slurmd launched us (on a one-box test
// cluster every fake node has the same host name), else MPI's processor name.
std::string host_name() {
  if (const char* slurm_node = std::getenv("SLURMD_NODENAME")) return slurm_node;
  char name[MPI_MAX_PROCESSOR_NAME];
  int length = 0;
  MPI_Get_processor_name(name, &length);
  return std::string(name, static_cast<std::size_t>(length));
}

std::string mpi_library_version() {
  char text[MPI_MAX_LIBRARY_VERSION_STRING];
  int length = 0;
  MPI_Get_library_version(text, &length);
  std::string version(text, static_cast<std::size_t>(length));
  const auto newline = version.find_first_of("\n,");  // OpenMPI appends a long build line
  return newline == std::string::npos ? version : version.substr(0, newline);
}

std::string eigen_version() {
  return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
         std::to_string(EIGEN_MINOR_VERSION);
}

// The CPU each OpenMP thread of this rank is on, sampled inside a parallel region of the
// same size as the run's; encoded "c0,c1,..." to travel through a string gather.
std::string thread_cpus(int threads) {
  std::vector<int> cpus(static_cast<std::size_t>(threads), -1);
#pragma omp parallel num_threads(threads)
  cpus[static_cast<std::size_t>(omp_get_thread_num())] = sched_getcpu();
  std::string out;
  for (const int cpu : cpus) {
    if (!out.empty()) out += ',';
    out += std::to_string(cpu);
  }
  return out;
}

Json parse_cpu_list(const std::string& text) {
  Json out = Json::array();
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    out.push(std::atoi(text.substr(start, comma - start).c_str()));
    start = comma + 1;
  }
  return out;
}

Json slurm_geometry() {
  if (std::getenv("SLURM_JOB_ID") == nullptr) return Json();
  return Json::object({{"job_id", env_or_null("SLURM_JOB_ID")},
                       {"job_name", env_or_null("SLURM_JOB_NAME")},
                       {"nodes", env_or_null("SLURM_JOB_NUM_NODES")},
                       {"nodelist", env_or_null("SLURM_JOB_NODELIST")},
                       {"ntasks", env_or_null("SLURM_NTASKS")},
                       {"cpus_per_task", env_or_null("SLURM_CPUS_PER_TASK")},
                       {"tasks_per_node", env_or_null("SLURM_TASKS_PER_NODE")}});
}

}  // namespace

std::string allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return "unknown";
  std::string out;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &set)) continue;
    int last = cpu;
    while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &set)) ++last;
    if (!out.empty()) out += ',';
    out += std::to_string(cpu);
    if (last > cpu) out += '-' + std::to_string(last);
    cpu = last;
  }
  return out;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string version_text(const std::string& program) {
  return program + " " + build_info::version() + " (git " + build_info::git_sha() + ", " +
         build_info::build_type() + ")\n" + "compiler: " + build_info::compiler() + " " +
         build_info::compile_flags() + "\n" + "MPI: " + mpi_library_version() + "\n" +
         "OpenMP: " + std::to_string(_OPENMP) + "\n" + "Eigen: " + eigen_version() +
         " (SIMD: " + Eigen::SimdInstructionSetsInUse() + ")\n";
}

Json collect_provenance(const Comm& comm, int threads, int mpi_thread_level,
                        const std::vector<std::string>& command_line) {
  const std::vector<std::string> hosts = comm.gather(host_name());
  const std::vector<std::string> allowed = comm.gather(allowed_cpus());
  const std::vector<std::string> cpus = comm.gather(thread_cpus(threads));
  if (!comm.is_root()) return Json::object();

  const std::set<std::string> unique_hosts(hosts.begin(), hosts.end());
  Json host_list = Json::array();
  for (const auto& h : unique_hosts) host_list.push(h);
  Json placement = Json::array();
  for (std::size_t r = 0; r < hosts.size(); ++r) {
    placement.push(Json::object({{"rank", static_cast<int>(r)},
                                 {"host", hosts[r]},
                                 {"cpus_allowed", allowed[r]},
                                 {"thread_cpus", parse_cpu_list(cpus[r])}}));
  }

  Json command = Json::array();
  for (const auto& arg : command_line) command.push(arg);

  Json out = Json::object();
  out.set("hosts", host_list)
      .set("nodes", static_cast<int>(unique_hosts.size()))
      .set("ranks", comm.size())
      .set("threads_per_rank", threads)
      .set("placement", placement)
      .set("binding",
           Json::object({{"OMP_PROC_BIND", env_or_null("OMP_PROC_BIND")},
                         {"OMP_PLACES", env_or_null("OMP_PLACES")},
                         {"OMP_NUM_THREADS", env_or_null("OMP_NUM_THREADS")},
                         {"OMPI_binding", env_or_null("OMPI_MCA_hwloc_base_binding_policy")}}))
      .set("compiler", build_info::compiler())
      .set("compile_flags", build_info::compile_flags())
      .set("build_type", build_info::build_type())
      .set("mpi_library", mpi_library_version())
      .set("mpi_thread_level", mpi_thread_level)
      .set("openmp_version", _OPENMP)
      .set("eigen_version", eigen_version())
      .set("eigen_simd", Eigen::SimdInstructionSetsInUse())
      .set("git_sha", build_info::git_sha())
      .set("time_utc", utc_now())
      .set("slurm", slurm_geometry())
      .set("command", command);
  return out;
}

}  // namespace scalelab
