// SPDX-License-Identifier: MIT
#include "probe_memory.hpp"

#include <omp.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <fstream>
#include <limits>
#include <numeric>
#include <string>

#include "cpu_info.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/machine.hpp"
#include "scalelab/partition.hpp"
#include "scalelab/timer.hpp"

namespace scalelab::costs {
namespace {

// The bracketed choice of /sys/kernel/mm/transparent_hugepage/enabled, e.g. "madvise".
std::string transparent_hugepage_mode() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string text;
  std::getline(in, text);
  const auto open = text.find('['), close = text.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return "unknown";
  return text.substr(open + 1, close - open - 1);
}

// Keeps the compiler from hoisting a pass of the streaming sum out of the pass loop (the
// words do not change, so it could otherwise sum once and multiply).
inline void reload_memory() {
  asm volatile("" ::: "memory");
}

// Keeps a value the compiler would otherwise drop, with the loads that made it.
inline void keep(std::uint64_t value) {
  asm volatile("" : : "r"(value));
}

}  // namespace

std::vector<std::uint64_t> ladder_sizes(std::uint64_t largest) {
  std::vector<std::uint64_t> sizes;
  for (std::uint64_t bytes = kSmallestWorkingSet; bytes <= largest; bytes *= 2) {
    sizes.push_back(bytes);
    if (bytes > largest / 2) break;  // the next doubling would pass `largest` (or overflow)
  }
  if (sizes.empty()) return sizes;
  const std::uint64_t last = largest / kLineBytes * kLineBytes;
  if (last > sizes.back()) sizes.push_back(last);
  return sizes;
}

std::size_t ladder_drops(const std::vector<double>& latencies, double tolerance) {
  std::size_t drops = 0;
  double slowest = 0;
  for (const double ns : latencies) {
    if (ns < (1.0 - tolerance) * slowest) ++drops;
    slowest = std::max(slowest, ns);
  }
  return drops;
}

std::uint64_t default_largest_working_set() {
  return std::bit_ceil(4 * last_level_cache_bytes());
}

void MemoryProbe::setup(const RunContext& ctx) {
  if (ctx.global_size < kSmallestWorkingSet) {
    throw UsageError("--size: the memory ladder starts at a 4 KiB working set, got " +
                     std::to_string(ctx.global_size) + " bytes");
  }
  const std::vector<std::uint64_t> sizes = ladder_sizes(ctx.global_size);
  sets_.clear();
  passes_.clear();
  for (const std::uint64_t bytes : sizes) {
    const std::uint64_t lines = bytes / kLineBytes;
    const std::uint64_t loads = std::min(lines, kWarmupLoads) + kTimedLoads;
    sets_.push_back(build_working_set(bytes, ctx.threads, loads, ctx.seed));
    passes_.push_back(std::max<std::uint64_t>(1, kStreamBytesPerEntry / bytes));
  }
  latency_ns_.assign(sets_.size(), Samples());
  pass_seconds_.assign(sets_.size(), Samples());
  wrong_chase_ends_ = 0;
  wrong_stream_sums_ = 0;
}

double MemoryProbe::measure_latency(const WorkingSet& set, int threads) {
  const std::uint64_t lines = set.bytes() / kLineBytes;
  const std::uint64_t warmup = std::min(lines, kWarmupLoads);
  constexpr std::uint64_t kBatch = kTimedLoads / kLoadBatches;
  std::vector<double> best_ns(static_cast<std::size_t>(threads), 0.0);
  std::uint64_t wrong = 0;
  int team = threads;  // the runtime may give fewer threads than asked (OMP_THREAD_LIMIT)
#pragma omp parallel num_threads(threads) reduction(+ : wrong)
  {
    const auto t = static_cast<std::size_t>(omp_get_thread_num());
#pragma omp single
    team = omp_get_num_threads();
    // Bring the whole set into this thread's caches (as far as it fits) at streaming speed:
    // the timed loads alone would visit a large set's lines for the first time.
    keep(sum_words(set.words.data(), set.words.size()));
    const std::uint64_t* line = chase(set.starts[t], warmup);
#pragma omp barrier
    double best = std::numeric_limits<double>::infinity();
    for (std::uint64_t b = 0; b < kLoadBatches; ++b) {
      const Stopwatch batch;
      line = chase(line, kBatch);
      best = std::min(best, batch.seconds());
    }
    best_ns[t] = best * 1e9 / static_cast<double>(kBatch);
    if (line != set.ends[t]) ++wrong;
  }
  wrong_chase_ends_ += wrong;
  return std::accumulate(best_ns.begin(), best_ns.begin() + team, 0.0) / team;
}

// Runs right after measure_latency on the same set, whose warm-up left it cached.
double MemoryProbe::measure_stream(const WorkingSet& set, int threads, std::uint64_t passes) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point start, stop;
  std::uint64_t total = 0;
#pragma omp parallel num_threads(threads) reduction(+ : total)
  {
    const Range block =
        block_range(set.words.size(), static_cast<std::uint64_t>(omp_get_num_threads()),
                    static_cast<std::uint64_t>(omp_get_thread_num()));
    const std::uint64_t* words = set.words.data() + block.begin;
    std::uint64_t sum = 0;
#pragma omp single
    start = Clock::now();  // the single's barrier releases every thread after the stamp
    for (std::uint64_t p = 0; p < passes; ++p) {
      reload_memory();
      sum += sum_words(words, block.size());
    }
#pragma omp barrier
#pragma omp single
    stop = Clock::now();
    total += sum;
  }
  if (total != set.checksum * passes) ++wrong_stream_sums_;
  return std::chrono::duration<double>(stop - start).count() / static_cast<double>(passes);
}

void MemoryProbe::run(const RunContext& ctx) {
  for (std::size_t e = 0; e < sets_.size(); ++e) {
    latency_ns_[e].add(measure_latency(sets_[e], ctx.threads));
    pass_seconds_[e].add(measure_stream(sets_[e], ctx.threads, passes_[e]));
  }
}

std::vector<double> MemoryProbe::best_latencies() const {
  std::vector<double> best;
  for (const Samples& s : latency_ns_) best.push_back(s.empty() ? 0.0 : s.summary().min);
  return best;
}

Check MemoryProbe::verify(const RunContext&) {
  std::uint64_t bad_times = 0;
  for (std::size_t e = 0; e < sets_.size(); ++e) {
    bad_times += !latency_ns_[e].all_positive_finite() + !pass_seconds_[e].all_positive_finite();
  }
  // Reported, not judged: a ladder drop is a timing, and a loaded machine or a slow tool
  // (valgrind, ThreadSanitizer) makes one now and then without anything being wrong.
  const std::size_t drops = ladder_drops(best_latencies(), kLadderTolerance);
  Check check;
  check.what =
      "every chase ends where the cycle predicts, every streaming sum equals the checksum, "
      "times positive (drops in the latency ladder are reported in details, not judged)";
  check.value = static_cast<double>(wrong_chase_ends_ + wrong_stream_sums_ + bad_times);
  check.expected = 0;
  check.error = check.value;
  check.passed = check.value == 0;
  check.details = Json::object({{"wrong_chase_ends", wrong_chase_ends_},
                                {"wrong_stream_sums", wrong_stream_sums_},
                                {"ladder_drops", static_cast<std::uint64_t>(drops)},
                                {"ladder_tolerance", kLadderTolerance},
                                {"non_positive_times", bad_times}});
  return check;
}

Json MemoryProbe::params(const RunContext& ctx) const {
  return Json::object({{"probe", "memory"},
                       {"largest_working_set_bytes", ctx.global_size},
                       {"working_sets", static_cast<std::uint64_t>(sets_.size())},
                       {"timed_loads_per_thread", kTimedLoads},
                       {"stream_bytes_per_entry", kStreamBytesPerEntry}});
}

namespace {

// Anonymous memory of this process backed by transparent huge pages (/proc/self/smaps_rollup).
double huge_page_mib() {
  std::ifstream in("/proc/self/smaps_rollup");
  for (std::string key; in >> key;) {
    double kib = 0;
    if (key == "AnonHugePages:" && in >> kib) return kib / 1024;
  }
  return 0;
}

}  // namespace

Json MemoryProbe::result(const RunContext& ctx) const {
  Json table = Json::array();
  for (std::size_t e = 0; e < sets_.size(); ++e) {
    const double bytes = static_cast<double>(sets_[e].bytes());
    const TimeSummary pass = pass_seconds_[e].summary();
    table.push(Json::object({{"bytes", sets_[e].bytes()},
                             {"ns_per_load", latency_ns_[e].to_json(1.0)},
                             {"stream_passes", passes_[e]},
                             {"GB_per_s", Json::object({{"median", bytes / pass.median / 1e9},
                                                        {"best", bytes / pass.min / 1e9}})}}));
  }
  return Json::object({{"probe", "memory"},
                       {"threads", ctx.threads},
                       {"cpu", to_json(read_cpu_info())},
                       {"caches", to_json(read_cache_sizes())},
                       {"transparent_hugepage", transparent_hugepage_mode()},
                       {"huge_page_backed_MiB", huge_page_mib()},
                       {"table", table}});
}

double MemoryProbe::memory_bytes_per_rank(const RunContext& ctx) const {
  const std::vector<std::uint64_t> sizes = ladder_sizes(ctx.global_size);
  const double rungs = std::accumulate(sizes.begin(), sizes.end(), 0.0);
  // Plus the largest rung's shuffled order (4 bytes per line) while it is built.
  return sizes.empty() ? 0.0 : rungs + static_cast<double>(sizes.back() / kLineBytes * 4);
}

Metrics MemoryProbe::metrics(const RunContext&, double) const {
  Metrics m;
  if (sets_.empty()) return m;
  const double largest = static_cast<double>(sets_.back().bytes());
  m.fom.set("load_ns_smallest_set", latency_ns_.front().summary().median);
  m.fom.set("load_ns_largest_set", latency_ns_.back().summary().median);
  m.fom.set("stream_GB_per_s_largest_set", largest / pass_seconds_.back().summary().median / 1e9);
  return m;
}

std::unique_ptr<Workload> make_memory_probe() {
  return std::make_unique<MemoryProbe>();
}

}  // namespace scalelab::costs
