// SPDX-License-Identifier: MIT
// What heat puts into the run record: its parameters, its answer and its figures of merit.
#include "heat.hpp"

namespace scalelab::heat {
namespace {

constexpr double kBytesPerUpdate = 16;  // read the old value, write the new one (per pass)
constexpr double kFlopsPerUpdate = 7;   // 5 additions/subtractions, 2 multiplications

Json file_or_null(const std::string& path) {
  return path.empty() ? Json() : Json(path);
}

}  // namespace

Json HeatWorkload::params(const RunContext&) const {
  const Params& p = *params_;
  const ProcessGrid ranks = decomposition_->process_grid();
  return Json::object(
      {{"nx", grid_.width},
       {"ny", grid_.height},
       {"cells", grid_.cells()},
       {"steps", p.steps},
       {"start_step", start_step_},
       {"alpha", p.alpha},
       {"boundary", p.boundary},
       {"stores", stores_name(stores_)},
       {"boundary_value", p.boundary == "fixed" ? Json(p.boundary_value) : Json()},
       {"initial_condition", "0.5 (x + 1/2) / NX + 1 inside radius min(NX, NY)/4 of the centre"},
       {"process_grid", Json::Array{Json(ranks.rows), Json(ranks.cols)}},
       {"checkpoint", file_or_null(p.checkpoint)},
       {"checkpoint_every", p.checkpoint_every > 0 ? Json(p.checkpoint_every) : Json()},
       {"restart", file_or_null(p.restart)},
       {"snapshot", file_or_null(p.snapshot)},
       {"snapshot_every", p.snapshot_every > 0 ? Json(p.snapshot_every) : Json()},
       {"time_block", p.time_block}});
}

Json HeatWorkload::result(const RunContext&) const {
  return Json::object({{"grid", grid_.text()},
                       {"step", params_->steps},
                       {"digest", digest_text(digest_)},
                       {"total_heat", final_stats_.sum},
                       {"min", final_stats_.min},
                       {"max", final_stats_.max},
                       {"redundant_fraction", redundant_fraction_}});
}

Metrics HeatWorkload::metrics(const RunContext&, double seconds_per_rep) const {
  Metrics m;
  const std::uint64_t steps = params_->steps - start_step_;
  const double updates = static_cast<double>(grid_.cells()) * static_cast<double>(steps);
  // The field streams through memory once per pass (K steps with --time-block K); the flops
  // count the cells' own updates, not the halo cells time blocking computes again.
  m.bytes_per_rep =
      kBytesPerUpdate * static_cast<double>(grid_.cells()) * static_cast<double>(passes_);
  m.flops_per_rep = kFlopsPerUpdate * updates;
  m.fom.set("cell_updates_per_s", updates / seconds_per_rep);
  m.fom.set("GB_per_s", m.bytes_per_rep / seconds_per_rep / 1e9);
  if (steps > 0) m.fom.set("ms_per_step", seconds_per_rep / static_cast<double>(steps) * 1e3);
  return m;
}

}  // namespace scalelab::heat
