// SPDX-License-Identifier: MIT
#include "probe_spawn.hpp"

#include <omp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cpu_info.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::costs {
namespace {

constexpr int kChildExitCode = 42;  // proves the child ran (0 could be a default)

void nothing(std::uint64_t) {}

// This process's resident set, which fork() copies the page tables of.
double resident_mib() {
  std::ifstream in("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (!(in >> size >> resident)) return 0;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

}  // namespace

void SpawnProbe::setup(const RunContext& ctx) {
  if (ctx.global_size > kMaxSpawnOperations) {
    throw UsageError("--size: spawn runs at most " + std::to_string(kMaxSpawnOperations) +
                     " operations of each kind per rep, got " + std::to_string(ctx.global_size));
  }
  operations_ = ctx.global_size;
  thread_seconds_ = fork_seconds_ = region_seconds_ = Samples();
  failures_ = 0;
}

double SpawnProbe::thread_spawns(std::uint64_t count) {
  std::uint64_t ran = 0;  // written by the thread, read after join (which synchronises)
  const double seconds = timed_operations(
      count, false, nothing,
      [&](std::uint64_t i) {
        std::thread thread([&ran, i] { ran = i + 1; });
        thread.join();
      },
      [&](std::uint64_t i) { failures_ += ran != i + 1; });
  return seconds / static_cast<double>(count);
}

double SpawnProbe::forks(std::uint64_t count) {
  int status = 0;
  const double seconds = timed_operations(
      count, false, nothing,
      [&](std::uint64_t) {
        const pid_t child = fork();
        if (child == 0) _exit(kChildExitCode);  // async-signal-safe: fine after a threaded fork
        if (child < 0) throw RuntimeError(std::string("fork failed: ") + std::strerror(errno));
        while (waitpid(child, &status, 0) < 0) {
          if (errno != EINTR)
            throw RuntimeError(std::string("waitpid failed: ") + std::strerror(errno));
        }
      },
      [&](std::uint64_t) {
        failures_ += !(WIFEXITED(status) && WEXITSTATUS(status) == kChildExitCode);
      });
  return seconds / static_cast<double>(count);
}

double SpawnProbe::omp_regions(std::uint64_t count, int threads) {
  struct alignas(64) Mark {  // one cache line per thread: marking costs no sharing
    std::uint64_t iteration = 0;
    int team = 0;
  };
  std::vector<Mark> marks(static_cast<std::size_t>(threads));
  const double seconds = timed_operations(
      count, false, nothing,
      [&](std::uint64_t i) {
#pragma omp parallel num_threads(threads)
        marks[static_cast<std::size_t>(omp_get_thread_num())] = {i + 1, omp_get_num_threads()};
      },
      [&](std::uint64_t i) {
        failures_ += std::count_if(marks.begin(), marks.end(), [&](const Mark& m) {
          return m.iteration != i + 1 || m.team != threads;
        });
      });
  return seconds / static_cast<double>(count);
}

void SpawnProbe::run(const RunContext& ctx) {
  const std::uint64_t warmup = std::max<std::uint64_t>(1, operations_ / 10);
  thread_spawns(warmup);
  thread_seconds_.add(thread_spawns(operations_));
  forks(warmup);
  fork_seconds_.add(forks(operations_));
  omp_regions(warmup, ctx.threads);
  region_seconds_.add(omp_regions(operations_, ctx.threads));
}

Check SpawnProbe::verify(const RunContext&) {
  const std::uint64_t bad_times = !thread_seconds_.all_positive_finite() +
                                  !fork_seconds_.all_positive_finite() +
                                  !region_seconds_.all_positive_finite();
  Check check;
  check.what = "every thread, child and team member proved it ran; times positive";
  check.value = static_cast<double>(failures_ + bad_times);
  check.expected = 0;
  check.error = check.value;
  check.passed = check.value == 0;
  check.details =
      Json::object({{"spawns_without_proof", failures_}, {"non_positive_times", bad_times}});
  return check;
}

Json SpawnProbe::params(const RunContext&) const {
  return Json::object({{"probe", "spawn"}, {"operations_per_rep", operations_}});
}

Json SpawnProbe::result(const RunContext& ctx) const {
  return Json::object({{"probe", "spawn"},
                       {"cpu", to_json(read_cpu_info())},
                       {"operations_per_rep", operations_},
                       {"omp_threads", ctx.threads},
                       {"fork_parent_rss_MiB", resident_mib()},
                       {"thread_create_join_us", thread_seconds_.to_json(1e6)},
                       {"fork_wait_us", fork_seconds_.to_json(1e6)},
                       {"omp_region_us", region_seconds_.to_json(1e6)}});
}

Metrics SpawnProbe::metrics(const RunContext&, double) const {
  Metrics m;
  if (thread_seconds_.empty()) return m;
  m.fom.set("thread_create_join_us", thread_seconds_.summary().median * 1e6);
  m.fom.set("fork_wait_us", fork_seconds_.summary().median * 1e6);
  m.fom.set("omp_region_us", region_seconds_.summary().median * 1e6);
  return m;
}

std::unique_ptr<Workload> make_spawn_probe() {
  return std::make_unique<SpawnProbe>();
}

}  // namespace scalelab::costs
