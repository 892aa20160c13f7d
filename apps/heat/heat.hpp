// SPDX-License-Identifier: MIT
#pragma once

// heat: the 2-D heat equation u_t = D (u_xx + u_yy) on an NX x NY grid of cells, advanced
// by the explicit (forward Euler) 5-point stencil, Jacobi style (old field in, new field
// out). Memory-bound.
//
// Reference loop (one time step; every variant computes exactly this, in this order):
//     for y in [0, NY), x in [0, NX):
//       new[y][x] = u + alpha * ((north + south) + (west + east) - 4 * u)
//     u = old[y][x], north = old[y-1][x], south = old[y+1][x], west = old[y][x-1], ...
// alpha = D dt / h^2 (--alpha, default 0.2). The scheme is stable, and each new value a
// convex combination of old ones (the discrete maximum principle), for alpha <= 1/4, so
// --alpha must lie in (0, 0.25]; 0.2 leaves the centre weight 1 - 4 alpha = 0.2 positive.
//
// Boundary (--boundary): `fixed` (default): the cells just outside the grid hold
// --boundary-value (Dirichlet); `insulated`: each mirrors the edge cell next to it (zero
// flux, Neumann), so no heat leaves and the total is conserved.
// Initial condition: u0 = 0.5 (x + 1/2) / NX, a ramp from 0 (west) to 0.5 (east) so heat
// moves at the walls from the first step, plus 1 inside the disc of radius min(NX, NY) / 4
// around the grid centre (cell centres at (x + 1/2, y + 1/2)). --seed is not used.
//
// Bit-identical across models: every variant evaluates the one expression jacobi_update()
// (the Eigen variant instantiates it on array maps of rows), the library is compiled with
// -ffp-contract=off so no loop gets a fused multiply-add another one lacks, and every cell's
// operands are the same wherever the cell lives. So serial, openmp, mpi, hybrid and eigen
// give the same bits at any rank count, thread count and process grid. The record's
// result.digest (a position-keyed hash of every value's bits) shows it.
//
// Decomposition (mpi, hybrid): MPI_Cart_create over MPI_Dims_create's factors, oriented for
// the shorter halo; blocks differ by at most one row or column. One ghost layer. Each step
// posts MPI_Irecv/MPI_Isend of the four edges (columns as an MPI vector type), updates the
// inner cells, waits, then updates the ring of edge cells. Threads split rows.
//
// Temporal blocking (--time-block K > 1; serial, openmp, mpi, hybrid; heat_time_block.hpp):
// the run advances in passes of up to K steps, each reading and writing the field once (a
// wavefront keeps the intermediate levels in cache), so the memory traffic per update falls
// K-fold; bit-identical to the plain stencil. Fields then have K ghost layers, exchanged
// K wide once per pass (corners included); K may not exceed the smallest block's side.
// Passes end at every checkpoint and snapshot step, and SIGTERM is agreed on between passes.
//
// Reps: the driver calls run() warm-up + reps times after one setup(). Every rep advances
// the same start state (the initial condition at step 0, or --restart's checkpoint at its
// step S0) to step --steps; its first step reads the start field directly, so nothing is
// copied and every rep does identical work. The record describes the last rep's field.
// Work per rep: (steps - S0) * NX * NY cell updates, each 7 flops and 16 bytes of memory
// traffic (read the old value, write the new; neighbours come from cache), 16 bytes per
// cell per pass with --time-block.
// Stores (--stores): the new field is written with plain stores, which first read each line
// into the cache (write-allocate: 24 bytes move per cell, 16 counted), or with streaming
// (non-temporal) stores that skip that read; auto (default) streams when the rank's fields
// exceed the last-level cache. Same bits either way (update_row computes into L1 scratch). Figures
// of merit: cell_updates_per_s, GB_per_s (those bytes), ms_per_step; breakdown compute/halo/io.
//
// Checkpoints (--checkpoint F [--checkpoint-every K]): after every step s with s % K == 0,
// in every rep, the global field is written collectively (heat_io.hpp) with its step and
// parameters; steps count from the initial condition, so a restarted run checkpoints at the
// same steps and a restart may use any rank count. With --checkpoint, SIGTERM is caught: the
// ranks agree on it at step (or pass) boundaries (heat_signal.hpp: a non-blocking allreduce,
// so they stop one step or pass later), write a checkpoint, print one line and exit with 143
// (kExitInterrupted) without a record.
// --restart F then finishes the run with the same final bits as an uninterrupted one.
// Snapshots (--snapshot F [--snapshot-every K]): the start step, every K-th step and the
// last, one dataset each; every rep rewrites the file (its fields are the same each rep).
// Reading and writing files counts as `io` in the breakdown, the halo exchange and the
// SIGTERM agreement as `halo`, the rest as `compute`.
//
// Verification (verify()): all cells finite; the discrete maximum principle (every value
// within the start field's range, widened by the fixed boundary value); with insulated
// boundaries, total heat equal to the start's within the round-off bound
// 4 eps max|u| cells (steps + 1); and on small grids a serial replay of the whole run on
// every rank that each rank's block must equal bit for bit.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>

#include "heat_field.hpp"
#include "heat_grid.hpp"
#include "heat_halo.hpp"
#include "heat_io.hpp"
#include "heat_params.hpp"
#include "heat_signal.hpp"
#include "heat_time_block.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/parallel.hpp"
#include "scalelab/streaming_store.hpp"
#include "scalelab/workload.hpp"

namespace scalelab::heat {

// The documented initial condition at global cell (row, col).
inline double initial_temperature(GridShape grid, std::uint64_t row, std::uint64_t col) {
  const double x = static_cast<double>(col) + 0.5;
  const double y = static_cast<double>(row) + 0.5;
  const double width = static_cast<double>(grid.width);
  const double height = static_cast<double>(grid.height);
  const double radius = std::min(width, height) / 4.0;
  const double dx = x - width / 2.0;
  const double dy = y - height / 2.0;
  return 0.5 * x / width + (dx * dx + dy * dy <= radius * radius ? 1.0 : 0.0);
}

// The stencil: for doubles one cell, for Eigen arrays a whole row, evaluated in
// the same order either way (the expression fixes it; Eigen does not reassociate).
template <class T>
inline auto jacobi_update(const T& centre, const T& north, const T& south, const T& west,
                          const T& east, double alpha) {
  return centre + alpha * ((north + south) + (west + east) - 4.0 * centre);
}

// The reference loop over cells [begin, end) of one row: `centre`, `north`, `south` point at
// column 0 of the row and of its neighbours in the old field (ghosts at -1 and cols).
inline void update_row(double* __restrict out, const double* __restrict centre,
                       const double* __restrict north, const double* __restrict south,
                       std::int64_t begin, std::int64_t end, double alpha) {
  for (std::int64_t j = begin; j < end; ++j) {
    out[j] = jacobi_update(centre[j], north[j], south[j], centre[j - 1], centre[j + 1], alpha);
  }
}

// update_row with `stores`: streaming evaluates jacobi_update on a cache line of cells at a
// time (the same operations in the same order, so the same bits) and stores each line
// without reading it first.
inline void update_row(double* out, const double* centre, const double* north, const double* south,
                       std::int64_t begin, std::int64_t end, double alpha, Stores stores) {
  if (stores == Stores::kPlain) return update_row(out, centre, north, south, begin, end, alpha);
  const double* c = centre + begin;
  const double* n = north + begin;
  const double* s = south + begin;
  stream_apply(
      out + begin, static_cast<std::size_t>(end - begin),
      [&](std::size_t i) {
        const auto j = static_cast<std::ptrdiff_t>(i);  // c[j - 1] is the ghost at j = 0
        return jacobi_update(c[j], n[j], s[j], c[j - 1], c[j + 1], alpha);
      },
      [&](std::size_t i) {
        const auto j = static_cast<std::ptrdiff_t>(i);
        return jacobi_update(load_lanes(c + j), load_lanes(n + j), load_lanes(s + j),
                             load_lanes(c + j - 1), load_lanes(c + j + 1), alpha);
      });
}

// One step over a region of a block: the old field's ghosts must be current.
inline void update_region(Field& out, const Field& in, Region region, double alpha,
                          Stores stores = Stores::kPlain) {
  if (region.empty()) return;
  const auto begin = static_cast<std::int64_t>(region.col_begin);
  const auto end = static_cast<std::int64_t>(region.col_end);
  for (auto i = static_cast<std::int64_t>(region.row_begin);
       i < static_cast<std::int64_t>(region.row_end); ++i) {
    update_row(out.row(i), in.row(i), in.row(i - 1), in.row(i + 1), begin, end, alpha, stores);
  }
}

// update_region with the rows split over this rank's OpenMP threads as Field::first_touch
// split them.
inline void update_region_threaded(Field& out, const Field& in, Region region, double alpha,
                                   Stores stores = Stores::kPlain) {
  parallel_blocks({region.row_begin, region.row_end}, [&](Range rows) {
    update_region(out, in, {rows.begin, rows.end, region.col_begin, region.col_end}, alpha, stores);
  });
}

// Data, setup, the time loop (checkpoints, snapshots, SIGTERM), verification and metrics
// shared by every heat variant. A variant only implements step().
class HeatWorkload : public Workload {
 public:
  explicit HeatWorkload(const RunContext& ctx) : params_(&ctx.params<Params>()) {}
  void setup(const RunContext& ctx) override;
  void run(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  double memory_bytes_per_rank(const RunContext& ctx) const override;

  const Field& final_field() const { return *final_; }
  const Block& block() const { return decomposition_->block(); }
  GridShape grid() const { return grid_; }

 protected:
  // One time step: `out` = stencil(`in`) on every cell of this rank's block. `in`'s ghosts
  // are the variant's to fill (prepare_boundary, and the halo exchange under MPI).
  virtual void step(Field& in, Field& out) = 0;
  // With --time-block K > 1 instead of step(): `steps` (1..K) time steps at once, `out` =
  // stencil^steps(`in`). `in` has K ghost layers, the variant's to fill as for step()
  // (prepare_boundary, halo().exchange under MPI). Variants
  // without temporal blocking refuse --time-block in setup and leave this to throw.
  virtual void steps_blocked(Field& in, Field& out, std::uint64_t steps);

  // Refreshes the ghosts on the domain boundary (insulated: mirrors; fixed: set once).
  void prepare_boundary(Field& in) const;
  double alpha() const { return params_->alpha; }
  std::uint64_t time_block() const { return params_->time_block; }
  // How the stencil writes the new field: --stores resolved for this rank's working set.
  Stores stores() const { return stores_; }
  HaloExchange& halo() { return *halo_; }
  const OverlapRegions& overlap() const { return overlap_; }
  TimeBlocking& time_blocking() { return *time_blocking_; }

 private:
  Simulation simulation() const { return {grid_, params_}; }
  void load_start_state(const RunContext& ctx);
  std::uint64_t chunk_end(std::uint64_t done) const;
  void after_step(const RunContext& ctx, const Field& field, std::uint64_t step,
                  std::optional<SnapshotFile>& snapshots);
  void save_checkpoint(const RunContext& ctx, const Field& field, std::uint64_t step);
  [[noreturn]] void stop_interrupted(const RunContext& ctx, const Field& field, std::uint64_t step);

  const Params* params_;  // the run's (RunContext::params), which outlives the workload
  GridShape grid_;
  std::unique_ptr<Decomposition> decomposition_;
  std::unique_ptr<HaloExchange> halo_;
  std::unique_ptr<TerminationWatch> watch_;
  std::unique_ptr<TimeBlocking> time_blocking_;  // only with --time-block K > 1
  OverlapRegions overlap_;
  Field start_;    // the state every rep starts from (only its ghosts change)
  Field work_[2];  // the fields the steps alternate between
  const Field* final_ = &start_;
  Stores stores_ = Stores::kPlain;
  std::uint64_t start_step_ = 0;
  std::uint64_t start_digest_ = 0;
  std::uint64_t last_checkpoint_step_ = UINT64_MAX;
  std::uint64_t passes_ = 0;       // per rep: sweeps over the field, one per chunk of steps
  std::uint64_t own_updates_ = 0;  // this rank's cell updates, all reps (time blocking)
  double redundant_fraction_ = 0;  // halo updates recomputed per own update, all ranks
  FieldStats start_stats_;         // global
  // Seconds of the current run() on this rank, for its io and halo phases.
  double io_seconds_ = 0, agreement_seconds_ = 0;
  // Filled by verify() (collective) for result() and metrics() (not collective).
  std::uint64_t digest_ = 0;
  FieldStats final_stats_;
};

std::unique_ptr<Workload> make_serial(const RunContext& ctx);
std::unique_ptr<Workload> make_openmp(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi(const RunContext& ctx);
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx);
std::unique_ptr<Workload> make_eigen(const RunContext& ctx);

// The app definition handed to the shared driver (binary scalelab-heat). The parser fills
// `params`, the app's options every variant reads (tests pass their own to read them).
AppDefinition make_app(std::shared_ptr<Params> params);
inline AppDefinition make_app() {
  return make_app(std::make_shared<Params>());
}

}  // namespace scalelab::heat
