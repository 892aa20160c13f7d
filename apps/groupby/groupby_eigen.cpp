// SPDX-License-Identifier: MIT
#include "scalelab/eigen.hpp"

#include <algorithm>
#include <cmath>

#include "groupby.hpp"
#include "scalelab/timer.hpp"

namespace scalelab::groupby {
namespace {

// Two steps instead of one fused loop: parse every row into columns (the group's slot and the
// value), then reduce each group's values as one contiguous Eigen array (sum, min, max and
// squared deviations vectorise). Rows of one settlement time arrive together, so with --by
// date the groups are already runs; otherwise a counting sort by slot makes them so.
class GroupbyEigen final : public GroupbyWorkload {
 public:
  using GroupbyWorkload::GroupbyWorkload;
  void run(const RunContext& ctx) override {
    aggregate_local(/*threaded=*/false);
    finish(ctx, /*across_ranks=*/false);
  }

 protected:
  void aggregate_text(std::string_view text, bool skip_header, GroupTable& table, ScanStats& stats,
                      Phases& phases) const override {
    const Stopwatch clock;
    std::vector<std::uint32_t> slot;
    std::vector<double> value;
    slot.reserve(text.size() / 32);
    value.reserve(text.size() / 32);
    const bool units = by_unit(by_);
    scan_lines(text, skip_header, stats, [&](const Row& row) {
      slot.push_back(table.slot_index(row.time, units ? table.unit_index(row.unit) : 0));
      value.push_back(row.value);
    });
    const double parsed = clock.seconds();
    phases.parse += parsed;
    reduce(slot, value, table);
    phases.aggregate += clock.seconds() - parsed;
  }

  void aggregate_columns(Range rows, GroupTable& table, Phases& phases) const override {
    const Stopwatch clock;
    std::vector<std::uint32_t> index_of(hdf5_units_.size(), 0);
    if (by_unit(by_)) {
      for (std::size_t c = 0; c < hdf5_units_.size(); ++c)
        index_of[c] = table.unit_index(hdf5_units_[c]);
    }
    std::vector<std::uint32_t> slot(rows.size());
    for (std::uint64_t i = rows.begin; i < rows.end; ++i) {
      slot[i - rows.begin] = table.slot_index(static_cast<std::int64_t>(columns_.time[i]),
                                              index_of[static_cast<std::size_t>(columns_.unit[i])]);
    }
    const std::vector<double> value(
        columns_.value.begin() + static_cast<std::ptrdiff_t>(rows.begin),
        columns_.value.begin() + static_cast<std::ptrdiff_t>(rows.end));
    reduce(slot, value, table);
    phases.aggregate += clock.seconds();
  }

 private:
  // Moments of one contiguous run of a group's values: blocks of kBlock values two-pass
  // (mean, then squared deviations, both vectorised, the block in cache), merged into the
  // group with Chan's formula, so a long run loses no more precision than a short one.
  static void reduce_run(const double* x, std::size_t n, Moments& into) {
    constexpr std::size_t kBlock = 4096;
    for (std::size_t at = 0; at < n; at += kBlock) {
      const std::size_t len = std::min(kBlock, n - at);
      const Eigen::Map<const Eigen::ArrayXd> a(x + at, static_cast<Eigen::Index>(len));
      Moments block;
      block.count = len;
      block.mean = a.mean();
      if (!std::isfinite(block.mean)) {
        block.mean = Moments::mean_without_overflow(x + at, len);  // the sum overflowed
      }
      block.m2 = (a - block.mean).square().sum();
      block.min = a.minCoeff();
      block.max = a.maxCoeff();
      into.merge(block);
    }
  }

  static void reduce(const std::vector<std::uint32_t>& slot, const std::vector<double>& value,
                     GroupTable& table) {
    const std::size_t n = slot.size();
    std::size_t runs = 0;
    for (std::size_t i = 1; i < n; ++i) runs += slot[i] != slot[i - 1] ? 1 : 0;
    if (n > 0 && runs * 8 < n) {  // long runs already: reduce them in place
      std::size_t start = 0;
      for (std::size_t i = 1; i <= n; ++i) {
        if (i == n || slot[i] != slot[start]) {
          reduce_run(value.data() + start, i - start, table.at(slot[start]));
          start = i;
        }
      }
      return;
    }
    // Counting sort by slot: every group's values contiguous, in their original order.
    std::vector<std::size_t> offset(table.size() + 1, 0);
    for (std::uint32_t s : slot) ++offset[s + 1];
    for (std::size_t s = 1; s < offset.size(); ++s) offset[s] += offset[s - 1];
    std::vector<double> sorted(n);
    std::vector<std::size_t> fill(offset.begin(), offset.end() - 1);
    for (std::size_t i = 0; i < n; ++i) sorted[fill[slot[i]]++] = value[i];
    for (std::size_t s = 0; s + 1 < offset.size(); ++s) {
      if (offset[s + 1] > offset[s]) {
        reduce_run(sorted.data() + offset[s], offset[s + 1] - offset[s],
                   table.at(static_cast<std::uint32_t>(s)));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Workload> make_eigen(const RunContext& ctx) {
  return std::make_unique<GroupbyEigen>(ctx);
}

}  // namespace scalelab::groupby
