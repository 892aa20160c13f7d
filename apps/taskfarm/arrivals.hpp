// SPDX-License-Identifier: MIT
#pragma once

// Jobs that arrive over time (--arrivals poisson|trace): when each job of the farm becomes
// available, a clock shared by every worker of a repetition, and the figures that only
// exist with arrivals (queueing delay per job, utilisation per worker).
//
// Arrival times are seconds from the repetition's start, ascending. Poisson arrivals are a
// pure function of (seed, job): the gap before job i is exponential with mean 1/rate, drawn
// from fmix64 of the seed and i, so every model and worker count sees the same times.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scalelab/json.hpp"

namespace scalelab::taskfarm {

enum class ArrivalModel { kNone, kPoisson, kTrace };

// The latest arrival accepted (~11.6 days): a worker must be able to sleep until it.
constexpr double kMaxArrivalSeconds = 1e6;

std::optional<ArrivalModel> parse_arrival_model(std::string_view name);

// Arrival times of `jobs` jobs at `rate` jobs per second (Poisson process).
std::vector<double> poisson_arrivals(std::uint64_t seed, std::uint64_t jobs, double rate);

// A trace file: one arrival time in seconds per line, ascending, at least one line, none
// beyond kMaxArrivalSeconds. Read
// through InputFile; every fault is a UsageError naming --trace, the path, the line number
// and what is wrong.
std::vector<double> read_trace(const std::string& path);

// The arrival times and the instant they count from. Every rank of a repetition uses rank
// 0's start (start_at), read on the node's monotonic clock: ranks on one node share it, so a
// job released by rank 0 is never seen starting before its arrival on another rank.
class ArrivalClock {
 public:
  ArrivalClock() = default;
  explicit ArrivalClock(std::vector<double> times) : times_(std::move(times)) {}

  bool active() const { return !times_.empty(); }
  const std::vector<double>& times() const { return times_; }
  double arrival(std::uint64_t job) const { return times_[job]; }

  // The monotonic clock's reading now, in seconds: what rank 0 sends as the start.
  static double clock_now();
  void start_at(double clock_seconds) { start_ = clock_seconds; }
  // Seconds since the repetition's start.
  double now() const { return clock_now() - start_; }
  // How many jobs (a prefix of the job indices) have arrived by now.
  std::uint64_t released() const;
  // Blocks the calling worker until `job` has arrived: sleeps while the arrival is far,
  // yields in the last stretch, so an idle worker leaves its core to the others.
  void wait_for(std::uint64_t job) const;
  // The same without the yielding stretch: for a thread that waits beside busy workers (the
  // openmp producer), which must not take their cores; it may wake up to ~0.1 ms late.
  void sleep_until_arrival(std::uint64_t job) const;

 private:
  std::vector<double> times_;
  double start_ = 0;
};

// The queueing delays (start - arrival, seconds) of every job: nearest-rank percentiles.
struct DelayStats {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
  std::uint64_t started_early = 0;  // jobs whose start lies before their arrival
};
DelayStats delay_stats(const std::vector<double>& arrivals, const std::vector<double>& starts);

}  // namespace scalelab::taskfarm
