// SPDX-License-Identifier: MIT
#pragma once

// The record's breakdown: seconds per repetition by phase, written once for every workload.
// A workload marks its phases during run(), e.g.
//     { const auto timed = ctx.phases.time("read"); read_input(); }
// or, for seconds it summed itself, ctx.phases.add("halo", seconds). The driver opens a
// repetition before each timed run() (warm-ups and the untimed steps are not recorded) and
// reduces them, collectively, into the breakdown: for each phase the slowest rank of each
// repetition, then the median over repetitions. Phases appear in the order first marked.

#include <string>
#include <string_view>
#include <vector>

#include "scalelab/comm.hpp"
#include "scalelab/json.hpp"
#include "scalelab/timer.hpp"

namespace scalelab {

class PhaseTimer {
 public:
  // Adds the seconds from its construction to its destruction to a phase.
  class Scope {
   public:
    Scope(PhaseTimer& timer, std::string_view phase) : timer_(timer), phase_(phase) {}
    ~Scope() { timer_.add(phase_, watch_.seconds()); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    PhaseTimer& timer_;
    std::string phase_;
    Stopwatch watch_;
  };

  // The workload's side; from the rank's main thread. Outside a repetition they do nothing.
  [[nodiscard]] Scope time(std::string_view phase) { return Scope(*this, phase); }
  void add(std::string_view phase, double seconds);

  // The driver's side: a timed repetition begins (it ends with the next one or with stop()).
  void begin_rep();
  void stop() { recording_ = false; }

  // Collective: the breakdown (null when no rank marked a phase). Every rank must have begun
  // the same number of repetitions.
  Json breakdown(const Comm& comm) const;

  // This rank's seconds: [rep][phase], phases as in names() (0 where a rep did not mark one).
  const std::vector<std::string>& names() const { return names_; }
  std::vector<std::vector<double>> seconds() const;

 private:
  std::vector<std::string> names_;         // in the order first marked
  std::vector<std::vector<double>> reps_;  // per repetition, by index into names_
  bool recording_ = false;
};

// The reduction's last step, on the slowest rank's seconds ([rep][phase], phases as in
// `names`): {phase: median over reps}. Null when there are no phases or no reps.
Json median_breakdown(const std::vector<std::string>& names,
                      const std::vector<std::vector<double>>& slowest);

}  // namespace scalelab
