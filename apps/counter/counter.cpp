// SPDX-License-Identifier: MIT
#include "counter.hpp"

#include <CLI/CLI.hpp>

#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "counter_options.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::counter {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

const std::vector<std::string>& methods_of(const std::string& model) {
  static const std::map<std::string, std::vector<std::string>> kMethods = {
      {"serial", {"plain"}},
      {"openmp", {"reduction", "atomic", "critical", "racy"}},
      {"mpi", {"mpi-reduce", "mpi-rma"}},
      {"hybrid", {"reduction"}},
      {"eigen", {"vectorised"}},
  };
  static const std::vector<std::string> kNone;
  const auto found = kMethods.find(model);
  return found == kMethods.end() ? kNone : found->second;
}

std::vector<std::string> all_methods() {
  std::vector<std::string> all;
  for (const std::string& model : known_models()) {
    for (const std::string& method : methods_of(model)) {
      if (std::find(all.begin(), all.end(), method) == all.end()) all.push_back(method);
    }
  }
  return all;
}

std::string resolve_method(const std::string& model, const std::string& requested) {
  const std::vector<std::string>& accepted = methods_of(model);
  if (requested.empty() && !accepted.empty()) return accepted.front();
  if (std::find(accepted.begin(), accepted.end(), requested) == accepted.end()) {
    throw UsageError("--method " + requested + ": counter/" + model + " accepts " + join(accepted));
  }
  return requested;
}

Worker CounterWorkload::worker(std::uint64_t index) const {
  // With --mixed the odd workers count down, so half of them (rounded down) subtract.
  return {block_range(updates_, workers_, index).size(),
          params_->mixed && index % 2 == 1 ? std::int64_t{-1} : std::int64_t{1}};
}

Worker CounterWorkload::this_thread_worker(const RunContext& ctx) const {
  const auto rank = static_cast<std::uint64_t>(ctx.comm.rank());
  const auto threads = static_cast<std::uint64_t>(ctx.threads);
  return worker(rank * threads + static_cast<std::uint64_t>(omp_get_thread_num()));
}

std::int64_t CounterWorkload::count_threads_reduction(const RunContext& ctx) const {
  std::int64_t total = 0;
#pragma omp parallel reduction(+ : total)
  {
    const Worker mine = this_thread_worker(ctx);
    total += count_private(mine.delta, mine.updates);
  }
  return total;
}

std::int64_t CounterWorkload::sum_on_root(const Comm& comm, std::int64_t partial) {
  std::int64_t total = 0;
  MPI_Reduce(&partial, &total, 1, MPI_INT64_T, MPI_SUM, 0, comm.raw());
  return total;
}

void CounterWorkload::setup(const RunContext& ctx) {
  updates_ = ctx.global_size;
  workers_ = static_cast<std::uint64_t>(ctx.comm.size()) * static_cast<std::uint64_t>(ctx.threads);
  if (updates_ < workers_) {
    throw UsageError("--size: " + std::to_string(updates_) + " updates cannot be split over " +
                     std::to_string(workers_) + " workers (ranks x threads)");
  }
  expected_ = 0;
  for (std::uint64_t w = 0; w < workers_; ++w) {
    const Worker each = worker(w);
    expected_ += each.delta * static_cast<std::int64_t>(each.updates);
  }
  observed_.clear();
}

Check CounterWorkload::verify(const RunContext& ctx) {
  // The MPI methods know the total on rank 0 only: every rank judges rank 0's totals. Every
  // rank ran the same number of runs, so the counts agree.
  MPI_Bcast(observed_.data(), static_cast<int>(observed_.size()), MPI_INT64_T, 0, ctx.comm.raw());
  Json lost_per_run = Json::array();
  std::uint64_t exact_runs = 0;
  std::uint64_t worst = 0;
  for (const std::int64_t observed : observed_) {
    const std::uint64_t lost = static_cast<std::uint64_t>(std::llabs(expected_ - observed));
    lost_per_run.push(lost);
    exact_runs += lost == 0 ? 1 : 0;
    worst = std::max(worst, lost);
  }
  Check check;
  check.reported_only = method_ == "racy";
  check.what = check.reported_only
                   ? "racy: lost updates |expected - observed| reported, not verified"
                   : "observed total equals the expected total after every run";
  check.value = static_cast<double>(observed_.back());
  check.expected = static_cast<double>(expected_);
  check.error = static_cast<double>(worst);
  check.passed = exact_runs == observed_.size();
  check.details = Json::object({{"runs", observed_.size()},
                                {"exact_runs", exact_runs},
                                {"lost_updates_per_run", lost_per_run}});
  return check;
}

Json CounterWorkload::params(const RunContext& ctx) const {
  return Json::object({{"method", method_},
                       {"mixed", params_->mixed},
                       {"updates", ctx.global_size},
                       {"workers", workers_},
                       {"increments_per_worker",
                        static_cast<double>(ctx.global_size) / static_cast<double>(workers_)}});
}

Json CounterWorkload::result(const RunContext&) const {
  // The last run's total; check.details lists the lost updates of every run.
  const std::int64_t observed = observed_.empty() ? 0 : observed_.back();
  return Json::object({{"expected", expected_},
                       {"observed", observed},
                       {"lost_updates", std::llabs(expected_ - observed)}});
}

Metrics CounterWorkload::metrics(const RunContext& ctx, double seconds_per_rep) const {
  Metrics m;
  m.fom.set("updates_per_s", static_cast<double>(ctx.global_size) / seconds_per_rep);
  return m;
}

AppDefinition make_app() {
  AppDefinition app;
  auto params = set_params<Params>(app);
  app.workload = "counter";
  app.description =
      "Workers add to one shared total: race conditions and the cost of each fix (--method)";
  app.size_meaning = "updates over all workers (or --increments per worker)";
  app.default_size = [params] { return default_updates(params->method); };
  app.add_options = [params](CLI::App& cli) { add_counter_options(cli, *params); };
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  app.variants.add("eigen", {false, false}, make_eigen);
  return app;
}

}  // namespace scalelab::counter
