// SPDX-License-Identifier: MIT
#include "heat.hpp"

#include <CLI/CLI.hpp>

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "scalelab/errors.hpp"
#include "scalelab/timer.hpp"

namespace scalelab::heat {

void HeatWorkload::setup(const RunContext& ctx) {
  const Params& p = *params_;
  check_combinations(p);
  grid_ = resolve_grid(p.grid, ctx.global_size);
  decomposition_ = std::make_unique<Decomposition>(ctx.comm, grid_);
  const std::uint64_t ghosts = p.time_block;  // a pass of K steps reads K layers
  if (ghosts > 1) check_time_block(ghosts, grid_, decomposition_->process_grid());
  const Block& b = block();
  halo_ = std::make_unique<HaloExchange>(*decomposition_, b.rows, b.cols, ghosts);
  stores_ = resolve_stores(p.stores, memory_bytes_per_rank(ctx));
  overlap_ = split_for_overlap(b.rows, b.cols);
  if (ghosts > 1) {
    time_blocking_ =
        std::make_unique<TimeBlocking>(b.rows, b.cols, decomposition_->edges(),
                                       Boundary{p.boundary == "insulated", p.boundary_value},
                                       p.alpha, stores_, ghosts, ctx.threads);
  }
  for (Field* field : {&start_, &work_[0], &work_[1]}) {
    *field = Field(b.rows, b.cols, ghosts);
    field->first_touch(0.0);
    if (p.boundary == "fixed") set_fixed_ghosts(*field, decomposition_->edges(), p.boundary_value);
  }
  load_start_state(ctx);
  final_ = &start_;
  if (!p.checkpoint.empty()) watch_ = std::make_unique<TerminationWatch>(ctx.comm.raw());
}

void HeatWorkload::load_start_state(const RunContext& ctx) {
  const Block& b = block();
  if (params_->restart.empty()) {
    start_step_ = 0;
    parallel_blocks({0, b.rows}, [&](Range rows) {
      for (std::uint64_t i = rows.begin; i < rows.end; ++i) {
        double* cells = start_.row(static_cast<std::int64_t>(i));
        for (std::uint64_t j = 0; j < b.cols; ++j) {
          cells[j] = initial_temperature(grid_, b.row0 + i, b.col0 + j);
        }
      }
    });
  } else {
    start_step_ = read_checkpoint(ctx.comm, params_->restart, simulation(), start_, b);
  }
  start_digest_ = ctx.comm.sum(digest_share(start_, b, grid_.width));
  start_stats_ = global_stats(ctx.comm, local_stats(start_));
}

void HeatWorkload::prepare_boundary(Field& in) const {
  if (params_->boundary == "insulated") mirror_insulated_ghosts(in, decomposition_->edges());
}

void HeatWorkload::run(const RunContext& ctx) {
  const Stopwatch rep;
  const double halo_before = halo_->seconds();
  io_seconds_ = agreement_seconds_ = 0;
  std::optional<SnapshotFile> snapshots;
  if (!params_->snapshot.empty()) {
    const Stopwatch io;
    snapshots.emplace(ctx.comm, params_->snapshot, simulation());
    snapshots->write(start_, block(), start_step_, start_digest_);
    io_seconds_ += io.seconds();
  }
  Field* current = &start_;
  passes_ = 0;
  for (std::uint64_t done = start_step_; done < params_->steps; ++passes_) {
    Field& next = current == &work_[0] ? work_[1] : work_[0];
    const std::uint64_t end = chunk_end(done);
    if (time_blocking_) {
      steps_blocked(*current, next, end - done);
      own_updates_ += block().rows * block().cols * (end - done);
    } else {
      step(*current, next);
    }
    current = &next;
    done = end;
    after_step(ctx, *current, done, snapshots);
  }
  if (snapshots) {
    const Stopwatch io;
    snapshots->close();
    io_seconds_ += io.seconds();
  }
  if (watch_ && watch_->stop_at_end()) stop_interrupted(ctx, *current, params_->steps);
  final_ = current;
  const double halo = halo_->seconds() - halo_before + agreement_seconds_;
  ctx.phases.add("compute", std::max(0.0, rep.seconds() - io_seconds_ - halo));
  ctx.phases.add("halo", halo);
  ctx.phases.add("io", io_seconds_);
}

// Chunks of up to --time-block steps that end at every step a checkpoint or snapshot names
// (and at the last), so those see the same fields whatever K is.
std::uint64_t HeatWorkload::chunk_end(std::uint64_t done) const {
  const Params& p = *params_;
  std::uint64_t end = std::min(p.steps, done + p.time_block);
  for (const std::uint64_t every : {p.checkpoint_every, p.snapshot_every}) {
    if (every > 0) end = std::min(end, (done / every + 1) * every);
  }
  return end;
}

void HeatWorkload::steps_blocked(Field&, Field&, std::uint64_t) {
  throw std::logic_error("this heat variant has no temporal blocking");
}

void HeatWorkload::after_step(const RunContext& ctx, const Field& field, std::uint64_t step,
                              std::optional<SnapshotFile>& snapshots) {
  const Params& p = *params_;
  if (p.checkpoint_every > 0 && step % p.checkpoint_every == 0) save_checkpoint(ctx, field, step);
  if (snapshots && (step == p.steps || (p.snapshot_every > 0 && step % p.snapshot_every == 0))) {
    const Stopwatch io;
    snapshots->write(field, block(), step, ctx.comm.sum(digest_share(field, block(), grid_.width)));
    io_seconds_ += io.seconds();
  }
  if (watch_) {
    const Stopwatch agreement;
    const bool stop = watch_->stop_at_boundary();
    agreement_seconds_ += agreement.seconds();
    if (stop) stop_interrupted(ctx, field, step);
  }
}

void HeatWorkload::save_checkpoint(const RunContext& ctx, const Field& field, std::uint64_t step) {
  const Stopwatch io;
  const std::uint64_t digest = ctx.comm.sum(digest_share(field, block(), grid_.width));
  write_checkpoint(ctx.comm, params_->checkpoint, simulation(), field, block(), step, digest);
  last_checkpoint_step_ = step;
  io_seconds_ += io.seconds();
}

// Leaves the driver from inside the timed loop: the core has no way for a rep to end the
// run early (see docs/workloads/heat.md), so this finalises MPI and exits itself. The root carries
// the code, as main_entry does, so mpirun does not kill it before its message is out.
void HeatWorkload::stop_interrupted(const RunContext& ctx, const Field& field, std::uint64_t step) {
  if (last_checkpoint_step_ != step) save_checkpoint(ctx, field, step);
  const bool root = ctx.comm.is_root();
  if (root) {
    const std::string& file = params_->checkpoint;
    std::fprintf(stderr,
                 "scalelab-heat: interrupted by SIGTERM after step %llu of %llu: checkpoint "
                 "written to '%s'; continue with --restart %s\n",
                 static_cast<unsigned long long>(step),
                 static_cast<unsigned long long>(params_->steps), file.c_str(), file.c_str());
  }
  std::fflush(stdout);
  std::fflush(stderr);
  MPI_Finalize();
  std::exit(root ? kExitInterrupted : kExitOk);
}

double HeatWorkload::memory_bytes_per_rank(const RunContext& ctx) const {
  try {
    const GridShape grid = resolve_grid(params_->grid, ctx.global_size);
    const ProcessGrid ranks = choose_process_grid(ctx.comm.size(), grid);
    const std::uint64_t k = params_->time_block;
    if (k > 1) check_time_block(k, grid, ranks);  // else the estimate would blame --size
    const std::uint64_t rows = (grid.height + ranks.rows - 1) / ranks.rows;
    const std::uint64_t cols = (grid.width + ranks.cols - 1) / ranks.cols;
    // Three fields with K ghost layers, the packed copy a checkpoint or snapshot writes, and
    // the time blocking's rings.
    const auto field = [&](std::uint64_t ghosts) {
      return 8.0 * static_cast<double>(rows + 2 * ghosts) * static_cast<double>(cols + 2 * ghosts);
    };
    const double buffers = k > 1 ? TimeBlocking::buffer_bytes(cols, k, ctx.threads) : 0.0;
    return 3.0 * field(k) + field(1) + buffers;
  } catch (const Error&) {
    return 0;  // setup reports the bad size with its own message
  }
}

AppDefinition make_app(std::shared_ptr<Params> params) {
  AppDefinition app;
  set_params(app, params);
  app.workload = "heat";
  app.description = "2-D heat equation, explicit 5-point Jacobi stencil (memory-bound)";
  app.size_meaning = "grid NX[xNY], NY = NX if omitted (default " + std::to_string(default_side()) +
                     ": 2 fields >= 4x last-level cache); the record's size counts cells; weak "
                     "scaling stacks the per-core grid along y";
  app.default_size = [] { return default_side() * default_side(); };
  app.files = [params] {
    std::vector<FileOption> files;
    if (!params->restart.empty()) files.push_back({"--restart", params->restart, FileRole::kInput});
    for (const auto& [option, path] : {std::pair{"--checkpoint", &params->checkpoint},
                                       std::pair{"--snapshot", &params->snapshot}}) {
      if (!path->empty()) files.push_back({option, *path, FileRole::kHdf5});
    }
    return files;
  };
  app.add_options = [params](CLI::App& cli) { add_heat_options(cli, *params); };
  app.size_option = grid_size_option(params->grid);
  app.variants.add("serial", {false, false}, make_serial);
  app.variants.add("openmp", {false, true}, make_openmp);
  app.variants.add("mpi", {true, false}, make_mpi);
  app.variants.add("hybrid", {true, true}, make_hybrid);
  app.variants.add("eigen", {false, false}, make_eigen);
  return app;
}

}  // namespace scalelab::heat
