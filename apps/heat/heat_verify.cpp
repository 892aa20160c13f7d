// SPDX-License-Identifier: MIT
// heat's verification: invariants of the scheme on every run, and on small grids a serial
// replay of the whole run that the distributed field must equal bit for bit.
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "heat.hpp"

namespace scalelab::heat {
namespace {

// Replays only when every rank can afford the whole run again: ~0.1 s of serial stepping.
constexpr std::uint64_t kReplayMaxCells = 1 << 20;
constexpr std::uint64_t kReplayMaxUpdates = 1 << 26;

// The global start field on every rank: each rank ORs the bits of its block into a zeroed
// global array, so the result is every rank's exact bits (a sum would turn -0.0 into +0.0).
Field gather_everywhere(const Comm& comm, const Field& local, const Block& block, GridShape grid) {
  std::vector<std::uint64_t> bits(grid.cells(), 0);
  for (std::uint64_t i = 0; i < block.rows; ++i) {
    const double* cells = local.row(static_cast<std::int64_t>(i));
    for (std::uint64_t j = 0; j < block.cols; ++j) {
      bits[(block.row0 + i) * grid.width + block.col0 + j] = std::bit_cast<std::uint64_t>(cells[j]);
    }
  }
  MPI_Allreduce(MPI_IN_PLACE, bits.data(), static_cast<int>(bits.size()), MPI_UINT64_T, MPI_BOR,
                comm.raw());
  Field global(grid.height, grid.width);
  global.first_touch(0.0);
  for (std::uint64_t i = 0; i < grid.height; ++i) {
    std::memcpy(global.row(static_cast<std::int64_t>(i)), bits.data() + i * grid.width,
                grid.width * sizeof(double));
  }
  return global;
}

// The whole run again on one rank with the serial loop; the final global field.
Field replay(Field start, const Params& p, std::uint64_t steps) {
  const Edges all;
  Field next(start.rows(), start.cols());
  next.first_touch(0.0);
  if (p.boundary == "fixed") {
    set_fixed_ghosts(start, all, p.boundary_value);
    set_fixed_ghosts(next, all, p.boundary_value);
  }
  for (std::uint64_t s = 0; s < steps; ++s) {
    if (p.boundary == "insulated") mirror_insulated_ghosts(start, all);
    update_region(next, start, whole(start), p.alpha);
    std::swap(start, next);
  }
  return start;
}

// Cells of this rank's block whose bits differ from the replay's.
std::uint64_t differing_cells(const Field& mine, const Block& block, const Field& replayed) {
  std::uint64_t differ = 0;
  for (std::uint64_t i = 0; i < block.rows; ++i) {
    const double* a = mine.row(static_cast<std::int64_t>(i));
    const double* b = replayed.row(static_cast<std::int64_t>(block.row0 + i)) + block.col0;
    for (std::uint64_t j = 0; j < block.cols; ++j) {
      differ += std::bit_cast<std::uint64_t>(a[j]) != std::bit_cast<std::uint64_t>(b[j]) ? 1 : 0;
    }
  }
  return differ;
}

}  // namespace

Check HeatWorkload::verify(const RunContext& ctx) {
  const Comm& comm = ctx.comm;
  const Params& p = *params_;
  const std::uint64_t steps = p.steps - start_step_;
  const double cells = static_cast<double>(grid_.cells());
  digest_ = comm.sum(digest_share(*final_, block(), grid_.width));
  final_stats_ = global_stats(comm, local_stats(*final_));

  // Round-off bounds: one update errs by at most ~4 eps max|u|, and errors add up at worst
  // linearly over cells (the total) or steps (one cell's excursion past the start range).
  const bool fixed = p.boundary == "fixed";
  double lower = start_stats_.min, upper = start_stats_.max;
  if (fixed && steps > 0) {
    lower = std::min(lower, p.boundary_value);
    upper = std::max(upper, p.boundary_value);
  }
  const double scale = std::max(std::abs(lower), std::abs(upper));
  const double eps = std::numeric_limits<double>::epsilon();
  const double range_tolerance = 4 * eps * scale * static_cast<double>(steps + 1);
  const bool in_range =
      final_stats_.min >= lower - range_tolerance && final_stats_.max <= upper + range_tolerance;
  const double heat_change = final_stats_.sum - start_stats_.sum;
  const double heat_tolerance = range_tolerance * cells;
  const bool conserved = fixed || std::abs(heat_change) <= heat_tolerance;

  Json replay_outcome = "skipped: grid or run too large to replay on every rank";
  bool replay_equal = true;
#ifdef SCALELAB_SMPI
  // Simulated ranks all run on the simulating host: the replay budget is theirs together.
  const std::uint64_t replaying = static_cast<std::uint64_t>(comm.size());
  if (replaying > 1)
    replay_outcome = "skipped: grid or run too large to replay on every simulated rank";
#else
  const std::uint64_t replaying = 1;
#endif
  const bool replayed = grid_.cells() <= kReplayMaxCells / replaying &&
                        steps <= kReplayMaxUpdates / replaying / grid_.cells();
  if (replayed) {
    const Field serial = replay(gather_everywhere(comm, start_, block(), grid_), p, steps);
    const std::uint64_t differ = comm.sum(differing_cells(*final_, block(), serial));
    replay_equal = differ == 0;
    replay_outcome = replay_equal ? Json("bit-identical")
                                  : Json("differs in " + std::to_string(differ) + " cells");
  }

  // Time blocking's halo cells, updated again by every tile that needs them.
  if (time_blocking_) {
    const auto own = static_cast<double>(comm.sum(own_updates_));
    const auto done = static_cast<double>(comm.sum(time_blocking_->updates()));
    redundant_fraction_ = own > 0 ? done / own - 1 : 0;
  }

  Check check;
  check.what = std::string("finite; max principle") + (fixed ? "" : "; heat conserved") +
               (replayed ? "; bit-identical to a serial replay" : "");
  check.value = final_stats_.sum;
  check.expected = fixed ? std::numeric_limits<double>::quiet_NaN() : start_stats_.sum;
  check.error = fixed ? std::numeric_limits<double>::quiet_NaN() : std::abs(heat_change);
  check.passed = final_stats_.finite && in_range && conserved && replay_equal;
  check.details = Json::object({{"digest", digest_text(digest_)},
                                {"finite", final_stats_.finite},
                                {"min", final_stats_.min},
                                {"max", final_stats_.max},
                                {"lower_bound", lower},
                                {"upper_bound", upper},
                                {"range_tolerance", range_tolerance},
                                {"heat_start", start_stats_.sum},
                                {"heat_change", heat_change},
                                {"heat_tolerance", fixed ? Json() : Json(heat_tolerance)},
                                {"replay", replay_outcome}});
  return check;
}

}  // namespace scalelab::heat
