// SPDX-License-Identifier: MIT
#pragma once

#include <any>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scalelab/comm.hpp"
#include "scalelab/json.hpp"
#include "scalelab/phase_timer.hpp"

namespace scalelab {

// What a workload needs to know about the run it is part of. Built by the driver after
// the options were validated.
struct RunContext {
  const Comm& comm;
  std::string model;
  int threads = 1;                // OpenMP threads per rank: the one source (see execute)
  std::uint64_t global_size = 0;  // main problem size over all ranks (weak scaling applied)
  std::uint64_t seed = 0;
  std::any app_params;  // the app's own parsed options (AppDefinition::params)

  // The app's own options as their type, e.g. ctx.params<heat::Params>().
  template <class P>
  const P& params() const {
    return *std::any_cast<const std::shared_ptr<const P>&>(app_params);
  }
  // Where run() marks its phases (phase_timer.hpp); the driver makes them the breakdown.
  // Mutable: a workload sees the context as const, and marking a phase changes no setting.
  mutable PhaseTimer phases;
};

// The outcome of a workload's built-in verification. Identical on every rank.
struct Check {
  bool passed = false;
  // For runs that are wrong on purpose (a racy counter): the comparison is reported, the
  // record says verified=false and status "reported", but the exit code is 0.
  bool reported_only = false;
  std::string what;  // what was compared, e.g. "hits vs serial replay"
  double value = 0;
  double expected = 0;
  double error = 0;
  Json details = Json::object();
  Json to_json() const;
};

// Figures of merit and the work done per repetition, for plots and the roofline.
struct Metrics {
  Json fom = Json::object();  // name_with_unit -> value, e.g. {"GB_per_s": 12.3}
  double bytes_per_rep = 0;   // main-memory traffic the kernel must move
  double flops_per_rep = 0;   // floating-point operations (0 when not a flop workload)
  // Seconds per rep by phase where the workload can split them, e.g. {"compute": ..,
  // "communication": ..}; null when it cannot. Max over ranks, median over reps. Phases
  // marked on RunContext::phases take its place: a workload sets it only for a split of its
  // own kind (taskfarm's busy and idle workers).
  Json breakdown;
};

// A workload at one level of parallelism. Data, setup, verification and metrics live in a
// workload's base class (written once); a variant only implements run(), the timed step.
// Every method is called on every rank (collective).
class Workload {
 public:
  virtual ~Workload() = default;
  virtual void setup(const RunContext& ctx) = 0;         // untimed: allocate, initialise
  virtual void run(const RunContext& ctx) = 0;           // one timed repetition
  virtual Check verify(const RunContext& ctx) = 0;       // untimed, decides the exit code
  virtual Json params(const RunContext& ctx) const = 0;  // workload-specific size parameters
  virtual Json result(const RunContext& ctx) const = 0;  // the workload's answer
  virtual Metrics metrics(const RunContext& ctx, double seconds_per_rep) const = 0;
  // Bytes this rank will allocate in setup (before it runs), so the driver can refuse a size
  // that would not fit with an estimate, instead of an out-of-memory kill mid-setup.
  virtual double memory_bytes_per_rank(const RunContext&) const { return 0; }
};

// How a variant may be launched; the driver refuses layouts a variant cannot use.
struct VariantTraits {
  bool multi_rank = false;    // may run on more than one MPI rank
  bool multi_thread = false;  // may use more than one OpenMP thread per rank
};

// Makes a variant for the run `ctx` describes (its options are ctx.params<P>()).
using VariantFactory = std::function<std::unique_ptr<Workload>(const RunContext& ctx)>;

// The models one workload offers, registered explicitly by the workload.
class VariantRegistry {
 public:
  void add(std::string model, VariantTraits traits, VariantFactory factory);
  bool has(const std::string& model) const;
  const VariantTraits& traits(const std::string& model) const;
  std::unique_ptr<Workload> create(const std::string& model, const RunContext& ctx) const;
  std::vector<std::string> models() const;  // in registration order
  // The models whose traits have `trait` set, e.g. &VariantTraits::multi_rank.
  std::vector<std::string> models_with(bool VariantTraits::*trait) const;

 private:
  struct Entry {
    std::string model;
    VariantTraits traits;
    VariantFactory factory;
  };
  const Entry& entry(const std::string& model) const;
  std::vector<Entry> entries_;
};

// The models ScaleLab knows about (a workload may offer a subset).
const std::vector<std::string>& known_models();

}  // namespace scalelab
