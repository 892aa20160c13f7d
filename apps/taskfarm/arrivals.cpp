// SPDX-License-Identifier: MIT
#include "arrivals.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "scalelab/errors.hpp"
#include "scalelab/input_file.hpp"
#include "scalelab/number_parse.hpp"
#include "scalelab/quote.hpp"
#include "task.hpp"

namespace scalelab::taskfarm {
namespace {

// Below this much time to go, a waiting worker yields instead of sleeping: a sleep may
// overshoot by the timer slack (~50 us), a yield keeps the start close to the arrival.
constexpr double kYieldSeconds = 200e-6;

}  // namespace

std::optional<ArrivalModel> parse_arrival_model(std::string_view name) {
  if (name == "none") return ArrivalModel::kNone;
  if (name == "poisson") return ArrivalModel::kPoisson;
  if (name == "trace") return ArrivalModel::kTrace;
  return std::nullopt;
}

std::vector<double> poisson_arrivals(std::uint64_t seed, std::uint64_t jobs, double rate) {
  const std::uint64_t key = fmix64(seed ^ 0xA771A771A771A771ULL);  // apart from costs and starts
  std::vector<double> times(jobs);
  double t = 0;
  for (std::uint64_t i = 0; i < jobs; ++i) {
    const double u = static_cast<double>(fmix64(key + i * kGolden) >> 11) * 0x1.0p-53;
    t += -std::log1p(-u) / rate;
    times[i] = t;
  }
  return times;
}

std::vector<double> read_trace(const std::string& path) {
  const InputFile file(path, "--trace");
  const std::string text = file.read({0, file.size()});
  std::vector<double> times;
  std::uint64_t line = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    std::string_view value(text.data() + at, end - at);
    if (!value.empty() && value.back() == '\r') value.remove_suffix(1);
    ++line;
    at = end + 1;
    const auto fault = [&](const std::string& what) {
      return UsageError("--trace: " + quote_input(path) + " line " + std::to_string(line) + ": " +
                        what);
    };
    double seconds = 0;
    if (!parse_finite_double(value, seconds)) {
      throw fault(quote_input(value) + " is not a number of seconds");
    }
    if (seconds < 0) throw fault(quote_input(value) + " is negative");
    if (seconds > kMaxArrivalSeconds) {
      throw fault(quote_input(value) + " is beyond the limit of 1e6 seconds");
    }
    if (!times.empty() && seconds < times.back()) {
      throw fault(quote_input(value) + " is before the previous line's time (times must ascend)");
    }
    times.push_back(seconds);
  }
  if (times.empty())
    throw UsageError("--trace: " + quote_input(path) + " is empty (no arrival times)");
  return times;
}

double ArrivalClock::clock_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::uint64_t ArrivalClock::released() const {
  const double t = now();
  return static_cast<std::uint64_t>(std::upper_bound(times_.begin(), times_.end(), t) -
                                    times_.begin());
}

void ArrivalClock::wait_for(std::uint64_t job) const {
  for (double left = times_[job] - now(); left > 0; left = times_[job] - now()) {
    if (left > kYieldSeconds) {
      std::this_thread::sleep_for(std::chrono::duration<double>(left - kYieldSeconds));
    } else {
      std::this_thread::yield();
    }
  }
}

void ArrivalClock::sleep_until_arrival(std::uint64_t job) const {
  for (double left = times_[job] - now(); left > 0; left = times_[job] - now()) {
    std::this_thread::sleep_for(std::chrono::duration<double>(left));
  }
}

DelayStats delay_stats(const std::vector<double>& arrivals, const std::vector<double>& starts) {
  DelayStats s;
  std::vector<double> delays(arrivals.size());
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    delays[i] = starts[i] - arrivals[i];
    s.started_early += delays[i] < 0 ? 1 : 0;
  }
  if (delays.empty()) return s;
  std::sort(delays.begin(), delays.end());
  const auto rank = [&](double q) {  // nearest rank: the smallest delay >= a share q of all
    const auto n = static_cast<double>(delays.size());
    return delays[static_cast<std::size_t>(std::max(1.0, std::ceil(q * n))) - 1];
  };
  s.p50 = rank(0.50);
  s.p99 = rank(0.99);
  s.max = delays.back();
  return s;
}

}  // namespace scalelab::taskfarm
