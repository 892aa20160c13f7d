// SPDX-License-Identifier: MIT
#include "scalelab/driver.hpp"

#include <omp.h>

#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>

#include "scalelab/collective.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/machine.hpp"
#include "scalelab/memory_check.hpp"
#include "scalelab/noise.hpp"
#include "scalelab/output_file.hpp"
#include "scalelab/peak_memory.hpp"
#include "scalelab/provenance.hpp"
#include "scalelab/record.hpp"
#include "scalelab/stats.hpp"
#include "scalelab/timer.hpp"

namespace scalelab {
namespace {

struct Layout {
  int threads = 1;
  std::uint64_t global_size = 0;
};

// "--model a, b or c": the models that can do what was asked, for an error's suggestion.
std::string model_choice(const std::vector<std::string>& models) {
  std::string text = "--model ";
  for (std::size_t i = 0; i < models.size(); ++i)
    text += (i == 0 ? "" : i + 1 == models.size() ? " or " : ", ") + models[i];
  return text;
}

// Checks that the model can run on this many ranks and threads and fixes the global size.
// Deterministic, so every rank reaches the same verdict.
Layout resolve_layout(const AppDefinition& app, const CommonOptions& opt, const Comm& comm) {
  const VariantTraits& traits = app.variants.traits(opt.model);
  const std::string variant = app.workload + "/" + opt.model;
  const auto multi_rank = app.variants.models_with(&VariantTraits::multi_rank);
  const auto multi_thread = app.variants.models_with(&VariantTraits::multi_thread);
#ifdef SCALELAB_SMPI
  // A simulated rank is one simulated core: threads would run on the host, unseen by the
  // simulated clock, and the serial/eigen models are what the measured build is for.
  if (opt.model != "mpi")
    throw UsageError("--model " + opt.model +
                     ": not available in the SMPI build (simulation runs the mpi model)");
#endif
  if (comm.size() > 1 && !traits.multi_rank) {
    throw UsageError("--model " + opt.model + ": " + variant + " runs on one rank but " +
                     std::to_string(comm.size()) + " ranks were launched (use " +
                     (multi_rank.empty() ? "" : model_choice(multi_rank) + ", or ") +
                     "mpirun -n 1)");
  }
  Layout layout;
  if (opt.threads) {
    if (*opt.threads > 1 && !traits.multi_thread) {
      throw UsageError("--threads " + std::to_string(*opt.threads) + ": " + variant +
                       " runs one thread per rank" +
                       (multi_thread.empty() ? "" : " (use " + model_choice(multi_thread) + ")"));
    }
    layout.threads = *opt.threads;
  } else {
    // OpenMP's default honours OMP_NUM_THREADS and the CPUs this rank is bound to.
    layout.threads = traits.multi_thread ? omp_get_max_threads() : 1;
  }
  // A runaway count would crash the OpenMP runtime mid-run instead of being refused here.
  const int max_threads = max_threads_per_rank();
  if (layout.threads > max_threads) {
    throw UsageError(
        (opt.threads ? "--threads " : "OMP_NUM_THREADS=") + std::to_string(layout.threads) +
        ": more than the " + std::to_string(max_threads) + " threads a rank may start here (" +
        std::to_string(kThreadsPerCpu) + " per usable CPU, " + std::to_string(usable_cpus()) +
        " usable; fewer if RLIMIT_NPROC or the memory for stacks is lower)");
  }
  const std::uint64_t size = opt.size ? *opt.size : app.default_size();
  const std::uint64_t cores =
      static_cast<std::uint64_t>(comm.size()) * static_cast<std::uint64_t>(layout.threads);
  if (opt.scaling == "weak") {
    if (size > UINT64_MAX / cores) {
      throw UsageError("--size: " + std::to_string(size) + " per core times " +
                       std::to_string(cores) + " cores does not fit in 64 bits");
    }
    layout.global_size = size * cores;
  } else {
    layout.global_size = size;
  }
  return layout;
}

// Every file the run names: the workload's and the record.
std::vector<FileOption> run_files(const AppDefinition& app, const CommonOptions& opt) {
  std::vector<FileOption> files = app.files ? app.files() : std::vector<FileOption>{};
  if (!opt.output.empty()) files.push_back({"--output", opt.output, FileRole::kRecord});
  return files;
}

// One timed repetition: all ranks start together, the slowest rank defines the time.
double timed_rep(Workload& workload, const RunContext& ctx) {
  ctx.comm.barrier();
  const Stopwatch watch;
  workload.run(ctx);
  return ctx.comm.max(watch.seconds());
}

// The warm-ups, then the timed repetitions with their phases recorded; the times.
std::vector<double> timed_reps(Workload& workload, const RunContext& ctx,
                               const CommonOptions& opt) {
  std::vector<double> rep_times;
  for (int i = 0; i < opt.warmup; ++i) timed_rep(workload, ctx);
  for (int i = 0; i < opt.reps; ++i) {
    ctx.phases.begin_rep();
    rep_times.push_back(timed_rep(workload, ctx));
  }
  ctx.phases.stop();
  return rep_times;
}

// Inside the timed loop ranks are mid-collective, so they cannot agree on an error: the
// failing rank reports and takes the job down instead of leaving the others hanging.
[[noreturn]] void abort_job(const Comm& comm, const std::string& workload, const char* what) {
  std::fprintf(stderr, "scalelab-%s: error on rank %d: %s\n", workload.c_str(), comm.rank(), what);
  std::fflush(stderr);
  MPI_Abort(comm.raw(), kExitRuntime);
  std::abort();
}

const char* status_of(const Check& check) {
  if (check.reported_only) return "reported";
  return check.passed ? "ok" : "verification_failed";
}

// The summary plus every rep's time in rep order: the sweep pools them across rounds for a
// confidence interval, and drift within a run stays visible.
Json time_json(const TimeSummary& time, const std::vector<double>& rep_times) {
  Json samples = Json::array();
  for (const double seconds : rep_times) samples.push(seconds);
  Json out = time.to_json();
  out.set("samples", samples);
  return out;
}

Json build_record(const AppDefinition& app, const CommonOptions& opt, const RunContext& ctx,
                  const Workload& workload, const TimeSummary& time,
                  const std::vector<double>& rep_times, const Json& phases, const NodeNoise& noise,
                  const Json& memory, const Check& check, const Json& provenance) {
  const Metrics metrics = workload.metrics(ctx, time.median);
  const int cores = ctx.comm.size() * ctx.threads;
  Json record = Json::object();
  record.set("workload", app.workload)
      .set("model", opt.model)
      .set("variant", app.workload + "/" + opt.model)
      .set("scaling", opt.scaling)
      .set("size", ctx.global_size)
      .set("size_per_core", static_cast<double>(ctx.global_size) / cores)
      .set("params", workload.params(ctx))
      .set("ranks", ctx.comm.size())
      .set("threads", ctx.threads)
      .set("cores", cores)
      .set("reps", opt.reps)
      .set("warmup", opt.warmup)
      .set("seed", ctx.seed)
      .set("time", time_json(time, rep_times))
      .set("noise", noise.to_json())
      .set("fom", metrics.fom)
      .set("work", Json::object({{"bytes_per_rep", metrics.bytes_per_rep},
                                 {"flops_per_rep", metrics.flops_per_rep}}))
      .set("memory", memory)
      .set("breakdown", phases.is_object() ? phases : metrics.breakdown)
      .set("verified", check.passed && !check.reported_only)
      .set("check", check.to_json())
      .set("result", workload.result(ctx))
      .set("provenance", provenance)
      .set("status", status_of(check));
  return record;
}

// Figures of merit as the scripts print them ("3.17e+08 samples/s, 6.21 GB/s"), so a run and
// a sweep's line about it read alike. Non-finite values are "null", as in the record.
std::string fom_text(const Json& fom) {
  std::string text;
  for (const auto& [name, value] : fom.as_object()) {
    char number[32] = "null";
    if (value.is_number() && std::isfinite(value.as_double())) {
      std::snprintf(number, sizeof number, "%.4g", value.as_double());
    }
    std::string unit = name;
    if (const auto per = name.find("_per_"); per != std::string::npos) {
      unit = name.substr(0, per) + "/" + name.substr(per + 5);
    }
    text += (text.empty() ? "" : ", ") + std::string(number) + " " + unit;
  }
  return text;
}

// One human-readable line per run; the record carries the full detail.
std::string summary_line(const AppDefinition& app, const CommonOptions& opt, const RunContext& ctx,
                         const TimeSummary& time, const Check& check, const Metrics& metrics) {
  char head[256];
  std::snprintf(head, sizeof head,
                "%s/%s ranks=%d threads=%d size=%llu: median %.4g s (min %.4g, max %.4g)",
                app.workload.c_str(), opt.model.c_str(), ctx.comm.size(), ctx.threads,
                static_cast<unsigned long long>(ctx.global_size), time.median, time.min, time.max);
  const char* verdict = check.reported_only ? " not verified by design ("
                        : check.passed      ? " verified ("
                                            : " VERIFICATION FAILED (";
  return std::string(head) + ", " + fom_text(metrics.fom) + verdict + check.what + ")";
}

// What a dry run reports instead of running.
std::string dry_run_line(const AppDefinition& app, const CommonOptions& opt,
                         const RunContext& ctx) {
  return "dry run: would run " + app.workload + "/" + opt.model +
         " ranks=" + std::to_string(ctx.comm.size()) + " threads=" + std::to_string(ctx.threads) +
         " size=" + std::to_string(ctx.global_size) + " (" + opt.scaling + " scaling), " +
         std::to_string(opt.warmup) + " warm-up + " + std::to_string(opt.reps) + " timed reps" +
         (opt.output.empty() ? "" : ", record to " + opt.output);
}

}  // namespace

RunOutcome execute(const AppDefinition& app, const CommonOptions& opt, const Comm& comm,
                   int mpi_thread_level) {
  Layout layout;
  agree_on(comm, [&] {
    layout = resolve_layout(app, opt, comm);
    // Outputs are checked before any work, so a bad one costs nothing and destroys nothing.
    if (comm.is_root()) check_run_files(run_files(app, opt));
  });
  // The run's thread count is ctx.threads and nothing else. Making it OpenMP's default team
  // size here, once, is the one mechanism that applies it: every parallel region without a
  // num_threads clause (parallel_blocks, the kernels, Eigen's products) runs on ctx.threads
  // threads, so no region repeats the count and no workload asks OpenMP for it (per-thread
  // buffers are sized from ctx.threads). A region says num_threads only when its team is
  // deliberately another size (fetch's --concurrency workers, wordcount's parts, costs' probes).
  omp_set_num_threads(layout.threads);
  const RunContext ctx{comm,       opt.model, layout.threads, layout.global_size, opt.seed,
                       app.params, {}};

  std::unique_ptr<Workload> workload;
  agree_on(comm, [&] { workload = app.variants.create(opt.model, ctx); });
  const double declared_bytes_per_rank = workload->memory_bytes_per_rank(ctx);
  check_memory_fits(comm, declared_bytes_per_rank);
  if (opt.dry_run) {
    if (comm.is_root() && !opt.quiet) std::cout << dry_run_line(app, opt, ctx) << std::endl;
    return RunOutcome{};
  }
  agree_on(comm, [&] { workload->setup(ctx); });

  std::vector<double> rep_times;
  const NoiseProbe probe;
  try {
    rep_times = timed_reps(*workload, ctx, opt);
  } catch (const std::exception& e) {
    abort_job(comm, app.workload, e.what());
  }
  const NodeNoise noise = probe.finish(comm);
  const Json phases = ctx.phases.breakdown(comm);

  const Json provenance =
      collect_provenance(comm, layout.threads, mpi_thread_level, opt.command_line);
  Check check;
  agree_on(comm, [&] { check = workload->verify(ctx); });
  check.passed = comm.all(check.passed);
  // Read after verification, which may allocate too: the peak is the whole run's.
  const Json memory = memory_json(comm, declared_bytes_per_rank);

  const TimeSummary time = summarise(rep_times);
  RunOutcome outcome;
  outcome.exit_code = check.passed || check.reported_only ? kExitOk : kExitVerificationFailed;
  outcome.record = build_record(app, opt, ctx, *workload, time, rep_times, phases, noise, memory,
                                check, provenance);
  if (comm.is_root() && !opt.quiet) {
    std::cout << summary_line(app, opt, ctx, time, check, workload->metrics(ctx, time.median))
              << std::endl;
  }
  return outcome;
}

int run_app(const AppDefinition& app, const std::vector<std::string>& args, const Comm& comm,
            int mpi_thread_level) {
  const std::string name = "scalelab-" + app.workload;
  try {
    const ParseOutcome parsed = parse_command_line(app, args);
    if (!parsed.run) {
      if (comm.is_root()) std::cout << parsed.text << std::flush;
      return parsed.exit_code;
    }
    const RunOutcome outcome = execute(app, parsed.options, comm, mpi_thread_level);
    if (!parsed.options.output.empty() && !parsed.options.dry_run) {
      agree_on(comm, [&] {
        if (comm.is_root()) append_record(parsed.options.output, outcome.record);
      });
    }
    return outcome.exit_code;
  } catch (const Error& e) {
    if (comm.is_root()) std::cerr << name << ": error: " << e.what() << std::endl;
    return e.code();
  }
}

int main_entry(int argc, char** argv, AppDefinition (*make_app)()) {
  const std::vector<std::string> args(argv, argv + argc);
  try {
    MpiSession mpi(&argc, &argv);
    const Comm world;
    const AppDefinition app = make_app();
    const int code = run_app(app, args, world, mpi.thread_level_provided());
    // Ranks agree on the outcome, so only the root reports it: mpirun tears the job down at
    // the first non-zero exit, which could kill the root before its message got out.
    return world.is_root() ? code : kExitOk;
  } catch (const Error& e) {
    std::cerr << "scalelab: error: " << e.what() << std::endl;
    return e.code();
  }
}

}  // namespace scalelab
