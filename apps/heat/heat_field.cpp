// SPDX-License-Identifier: MIT
#include "heat_field.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>

#include "scalelab/parallel.hpp"

namespace scalelab::heat {
namespace {

// SplitMix64's finaliser: a bijection with full avalanche, so neighbouring indices and
// values one ulp apart hash far apart.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

// Neumaier's compensated sum: exact enough that a conservation error is the scheme's.
struct CompensatedSum {
  double sum = 0, carry = 0;
  void add(double x) {
    const double t = sum + x;
    carry += std::abs(sum) >= std::abs(x) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  double value() const { return sum + carry; }
};

}  // namespace

Field::Field(std::uint64_t rows, std::uint64_t cols, std::uint64_t ghosts)
    : rows_(rows), cols_(cols), ghosts_(ghosts), data_((rows + 2 * ghosts) * (cols + 2 * ghosts)) {}

void Field::first_touch(double value) {
  parallel_blocks({0, rows_}, [&](Range block) {
    auto begin = static_cast<std::int64_t>(block.begin);
    auto end = static_cast<std::int64_t>(block.end);
    if (block.size() == 0) return;
    const auto ghosts = static_cast<std::int64_t>(ghosts_);
    if (block.begin == 0) begin -= ghosts;  // the ghost rows go with the first and last blocks
    if (block.end == rows_) end += ghosts;
    std::fill(row(begin) - ghosts, row(end) - ghosts, value);
  });
}

OverlapRegions split_for_overlap(std::uint64_t rows, std::uint64_t cols) {
  OverlapRegions out;
  if (rows > 2 && cols > 2) out.inner = {1, rows - 1, 1, cols - 1};
  out.ring.push_back({0, 1, 0, cols});
  if (rows > 1) out.ring.push_back({rows - 1, rows, 0, cols});
  if (rows > 2) {
    out.ring.push_back({1, rows - 1, 0, 1});
    if (cols > 1) out.ring.push_back({1, rows - 1, cols - 1, cols});
  }
  return out;
}

void set_fixed_ghosts(Field& field, Edges edges, double value) {
  const auto rows = static_cast<std::int64_t>(field.rows());
  const auto cols = static_cast<std::int64_t>(field.cols());
  const auto ghosts = static_cast<std::int64_t>(field.ghosts());
  const std::int64_t reach = ghosts - 1;  // see mirror_insulated_ghosts
  for (std::int64_t layer = 1; layer <= ghosts; ++layer) {
    if (edges.north) std::fill(field.row(-layer) - reach, field.row(-layer) + cols + reach, value);
    if (edges.south) {
      double* ghost = field.row(rows - 1 + layer);
      std::fill(ghost - reach, ghost + cols + reach, value);
    }
    for (std::int64_t i = -reach; i < rows + reach; ++i) {
      if (edges.west) field.row(i)[-layer] = value;
      if (edges.east) field.row(i)[cols - 1 + layer] = value;
    }
  }
}

// The edge ghosts reach ghosts - 1 cells beyond the block's corners, into the ghosts of the
// neighbours' cells there, which a pass of K steps reads beside the domain edge.
void mirror_insulated_ghosts(Field& field, Edges edges) {
  const auto rows = static_cast<std::int64_t>(field.rows());
  const auto cols = static_cast<std::int64_t>(field.cols());
  const auto reach = static_cast<std::int64_t>(field.ghosts()) - 1;
  if (edges.north)
    std::copy(field.row(0) - reach, field.row(0) + cols + reach, field.row(-1) - reach);
  if (edges.south) {
    std::copy(field.row(rows - 1) - reach, field.row(rows - 1) + cols + reach,
              field.row(rows) - reach);
  }
  for (std::int64_t i = -reach; i < rows + reach; ++i) {
    if (edges.west) field.row(i)[-1] = field.row(i)[0];
    if (edges.east) field.row(i)[cols] = field.row(i)[cols - 1];
  }
}

std::vector<double> pack_cells(const Field& field) {
  std::vector<double> cells(field.rows() * field.cols());
  for (std::uint64_t i = 0; i < field.rows(); ++i) {
    const double* src = field.row(static_cast<std::int64_t>(i));
    std::copy(src, src + field.cols(),
              cells.begin() + static_cast<std::ptrdiff_t>(i * field.cols()));
  }
  return cells;
}

void unpack_cells(const std::vector<double>& cells, Field& field) {
  for (std::uint64_t i = 0; i < field.rows(); ++i) {
    const auto first = cells.begin() + static_cast<std::ptrdiff_t>(i * field.cols());
    std::copy(first, first + static_cast<std::ptrdiff_t>(field.cols()),
              field.row(static_cast<std::int64_t>(i)));
  }
}

std::uint64_t digest_share(const Field& field, const Block& block, std::uint64_t global_width) {
  std::uint64_t share = 0;
  for (std::uint64_t i = 0; i < field.rows(); ++i) {
    const double* cells = field.row(static_cast<std::int64_t>(i));
    const std::uint64_t first = (block.row0 + i) * global_width + block.col0;
    for (std::uint64_t j = 0; j < field.cols(); ++j) {
      const std::uint64_t position = mix64((first + j + 1) * kGolden);
      share += mix64(std::bit_cast<std::uint64_t>(cells[j]) ^ position);
    }
  }
  return share;
}

std::string digest_text(std::uint64_t digest) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(digest));
  return text;
}

FieldStats local_stats(const Field& field) {
  CompensatedSum sum;
  FieldStats stats;
  stats.min = std::numeric_limits<double>::infinity();
  stats.max = -std::numeric_limits<double>::infinity();
  for (std::uint64_t i = 0; i < field.rows(); ++i) {
    const double* cells = field.row(static_cast<std::int64_t>(i));
    for (std::uint64_t j = 0; j < field.cols(); ++j) {
      sum.add(cells[j]);
      stats.min = std::min(stats.min, cells[j]);
      stats.max = std::max(stats.max, cells[j]);
      stats.finite = stats.finite && std::isfinite(cells[j]);
    }
  }
  stats.sum = sum.value();
  return stats;
}

FieldStats global_stats(const Comm& comm, const FieldStats& local) {
  return {comm.sum(local.sum), -comm.max(-local.min), comm.max(local.max), comm.all(local.finite)};
}

}  // namespace scalelab::heat
