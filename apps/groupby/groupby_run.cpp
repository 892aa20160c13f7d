// SPDX-License-Identifier: MIT
// The timed repetition shared by every variant: local aggregation (pieces or HDF5 rows into
// per-thread tables), then line numbers, the bad-line policy and the merge.

#include <algorithm>

#include "groupby.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/partition.hpp"
#include "scalelab/timer.hpp"

namespace scalelab::groupby {
namespace {

// Rows parsed per batch before they are aggregated: small enough to stay in L1/L2, large
// enough that the two clock reads per batch (parse vs aggregate time) cost nothing.
constexpr std::size_t kBatch = 2048;

}  // namespace

void GroupbyWorkload::aggregate_text(std::string_view text, bool skip_header, GroupTable& table,
                                     ScanStats& stats, Phases& phases) const {
  struct Batch {
    std::int64_t time[kBatch];
    std::string_view unit[kBatch];
    double value[kBatch];
  };
  auto batch = std::make_unique<Batch>();
  std::size_t n = 0;
  const bool units = by_unit(by_);
  Stopwatch clock;
  double parse = 0, aggregate = 0;
  auto flush = [&] {
    const double t0 = clock.seconds();
    if (units) {
      for (std::size_t i = 0; i < n; ++i)
        table.slot(batch->time[i], table.unit_index(batch->unit[i])).add(batch->value[i]);
    } else {
      // Rows of one settlement time come together: one lookup and one add_all per run.
      for (std::size_t i = 0, j = 0; i < n; i = j) {
        while (j < n && batch->time[j] == batch->time[i]) ++j;
        table.slot(batch->time[i], 0).add_all(batch->value + i, j - i);
      }
    }
    const double t1 = clock.seconds();
    aggregate += t1 - t0;
    n = 0;
    return t1;
  };
  double parse_start = 0;
  scan_lines(text, skip_header, stats, [&](const Row& row) {
    batch->time[n] = row.time;
    batch->unit[n] = row.unit;
    batch->value[n] = row.value;
    if (++n == kBatch) {
      const double t0 = clock.seconds();
      parse += t0 - parse_start;
      parse_start = flush();
    }
  });
  parse += clock.seconds() - parse_start;
  flush();
  phases.parse += parse;
  phases.aggregate += aggregate;
}

void GroupbyWorkload::aggregate_columns(Range rows, GroupTable& table, Phases& phases) const {
  const Stopwatch clock;
  // File codes -> this table's unit indices, looked up once per code, not once per row.
  std::vector<std::uint32_t> index_of(hdf5_units_.size(), 0);
  if (by_unit(by_)) {
    for (std::size_t c = 0; c < hdf5_units_.size(); ++c)
      index_of[c] = table.unit_index(hdf5_units_[c]);
  }
  for (std::uint64_t i = rows.begin; i < rows.end; ++i) {
    const auto code = static_cast<std::size_t>(columns_.unit[i]);
    table.slot(static_cast<std::int64_t>(columns_.time[i]), index_of[code]).add(columns_.value[i]);
  }
  phases.aggregate += clock.seconds();
}

void GroupbyWorkload::aggregate_local(bool threaded) {
  const int parts = static_cast<int>(pieces_.size());
  for (int t = 0; t < parts; ++t) {
    tables_[static_cast<std::size_t>(t)] = GroupTable(by_);
    stats_[static_cast<std::size_t>(t)] = ScanStats{};
    thread_phases_[static_cast<std::size_t>(t)] = Phases{};
  }
  if (source_ == Source::kHdf5) {
    const Stopwatch clock;
    read_hdf5_rows();  // collective: the main thread only
    thread_phases_[0].read = clock.seconds();
  }
#pragma omp parallel for schedule(static, 1) num_threads(parts) if (threaded)
  for (int t = 0; t < parts; ++t) {
    const auto i = static_cast<std::size_t>(t);
    // Each thread works on its own table and counters and stores them once at the end: they
    // are written every row, and neighbours in a vector would share cache lines.
    GroupTable table(by_);
    ScanStats stats;
    Phases phases = thread_phases_[i];
    if (source_ == Source::kHdf5) {
      const Range rows = block_range(columns_.time.size(), static_cast<std::uint64_t>(parts), i);
      aggregate_columns(rows, table, phases);
      stats.rows = rows.size();
      stats.lines = rows.size();
    } else {
      Piece& piece = pieces_[i];
      if (source_ == Source::kCsv) {
        const Stopwatch clock;
        file_->read_into(piece.bytes, piece.text);
        phases.read += clock.seconds();
      }
      aggregate_text(piece.text, piece.starts_file, table, stats, phases);
    }
    tables_[i] = std::move(table);
    stats_[i] = stats;
    thread_phases_[i] = phases;
  }
}

void GroupbyWorkload::finish(const RunContext& ctx, bool across_ranks) {
  const Comm& comm = ctx.comm;
  // Lines before each piece: earlier pieces of this rank, then (exclusive scan) earlier ranks.
  std::uint64_t lines = 0, rows = 0, bad = 0, first_bad = 0;
  Bad reason = Bad::kNone;
  for (const ScanStats& s : stats_) {
    if (s.bad > 0 && first_bad == 0) {
      first_bad = lines + s.first_bad;
      reason = s.first_reason;
    }
    lines += s.lines;
    rows += s.rows;
    bad += s.bad;
  }
  std::uint64_t before = base_line_;
  if (across_ranks) {
    const std::vector<std::uint64_t> all = comm.all_gather(lines);
    for (int r = 0; r < comm.rank(); ++r) before += all[static_cast<std::size_t>(r)];
    rows = comm.sum(rows);
    bad = comm.sum(bad);
  }
  std::string message;
  std::uint64_t first_line = first_bad > 0 ? before + first_bad : 0;
  if (source_ != Source::kHdf5 && first_bad > 0) {
    message = source_name() + ":" + std::to_string(first_line) + ": " + describe(reason);
  }
  if (across_ranks) {
    // The earliest bad line is on the lowest rank that has one; it tells everybody.
    const std::vector<std::uint64_t> firsts = comm.all_gather(first_line);
    int owner = -1;
    for (int r = 0; r < comm.size() && owner < 0; ++r) {
      if (firsts[static_cast<std::size_t>(r)] > 0) owner = r;
    }
    if (owner >= 0) {
      first_line = firsts[static_cast<std::size_t>(owner)];
      message = comm.broadcast(message, owner);
    } else {
      first_line = 0;
    }
  }
  if (bad > 0 && params_->on_bad_line == "fatal") {
    // Identical on every rank, after every collective: no rank is left waiting.
    throw UsageError(message + " (use --on-bad-line skip to skip malformed lines)");
  }
  rows_ = rows;
  bad_lines_ = bad;
  first_bad_line_ = first_line;
  first_bad_reason_ = first_line > 0 ? message : "";

  const Stopwatch clock;
  for (std::size_t t = 1; t < tables_.size(); ++t) tables_[0].merge(tables_[t]);
  gathered_bytes_ = 0;
  if (across_ranks && comm.size() > 1) {
    const std::vector<std::string> parts = comm.gather(tables_[0].serialize());
    if (comm.is_root()) {
      for (std::size_t r = 1; r < parts.size(); ++r) {
        tables_[0].absorb(parts[r]);
        gathered_bytes_ += parts[r].size();
      }
    }
  }
  groups_ = comm.is_root() ? tables_[0].sorted() : std::vector<Group>{};
  const double merge = clock.seconds();

  // Per phase the slowest thread (the driver takes the slowest rank).
  Phases slowest{0, 0, 0, merge};
  for (const Phases& p : thread_phases_) {
    slowest.read = std::max(slowest.read, p.read);
    slowest.parse = std::max(slowest.parse, p.parse);
    slowest.aggregate = std::max(slowest.aggregate, p.aggregate);
  }
  ctx.phases.add("read", slowest.read);
  ctx.phases.add("parse", slowest.parse);
  ctx.phases.add("aggregate", slowest.aggregate);
  ctx.phases.add("merge", slowest.merge);
}

}  // namespace scalelab::groupby
