// SPDX-License-Identifier: MIT
// heat's pieces on their own, without MPI: the --size grammar, the process-grid orientation,
// the regions, the kernels (scalar and Eigen, bit for bit), the boundary ghosts, the
// digest, and temporal blocking's tiles (bit for bit the plain steps).
#include <gtest/gtest.h>

#include <omp.h>

#include <bit>
#include <random>

#include "heat.hpp"
#include "heat_eigen_row.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::heat {
namespace {

using Strings = std::vector<std::string>;

// A field of distinct, irregular values (ghosts included), as the stencil would see it.
Field random_field(std::uint64_t rows, std::uint64_t cols, std::uint64_t seed,
                   std::uint64_t ghosts = 1) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> value(-3.0, 7.0);
  Field field(rows, cols, ghosts);
  const std::uint64_t size = (rows + 2 * ghosts) * (cols + 2 * ghosts);
  for (std::uint64_t i = 0; i < size; ++i) field.data()[i] = value(rng);
  return field;
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

TEST(HeatGrid, SizeIsTheGridAndCountsCells) {
  auto params = std::make_shared<Params>();
  const AppDefinition app = make_app(params);
  const ParseOutcome parsed = parse_command_line(app, {"scalelab-heat", "--size", "64x48"});
  EXPECT_EQ(params->grid, (GridShape{64, 48}));
  EXPECT_EQ(parsed.options.size, 3072U);
  parse_command_line(app, {"scalelab-heat", "--size=4Ki"});
  EXPECT_EQ(params->grid, (GridShape{4096, 4096}));
  parse_command_line(app, {"scalelab-heat", "--steps", "5"});
  EXPECT_FALSE(params->grid.has_value()) << "a parse without --size keeps no earlier grid";
}

TEST(HeatGrid, ResolvesWidthFromTextAndHeightFromCells) {
  const GridShape given{64, 48};
  EXPECT_EQ(resolve_grid(given, 3072), (GridShape{64, 48}));
  EXPECT_EQ(resolve_grid(given, 3072 * 4), (GridShape{64, 192}));  // weak scaling, 4 cores
  const std::uint64_t side = default_side();
  EXPECT_EQ(side % 256, 0U);
  EXPECT_EQ(resolve_grid(std::nullopt, side * side), (GridShape{side, side}));
  EXPECT_THROW(resolve_grid(given, 3000), UsageError);
}

TEST(HeatGrid, OrientsTheProcessGridForTheShorterHalo) {
  EXPECT_EQ(orient_process_grid(3, 1, {37, 23}), (ProcessGrid{1, 3}));  // wide grid: split x
  EXPECT_EQ(orient_process_grid(3, 1, {23, 37}), (ProcessGrid{3, 1}));  // tall grid: split y
  EXPECT_EQ(orient_process_grid(2, 1, {64, 64}), (ProcessGrid{2, 1}));  // tie: rank rows
  EXPECT_EQ(orient_process_grid(2, 1, {100, 1}), (ProcessGrid{1, 2}));  // only one fits
  EXPECT_EQ(orient_process_grid(2, 2, {2, 2}), (ProcessGrid{2, 2}));
  EXPECT_THROW(orient_process_grid(2, 2, {3, 1}), UsageError);
  EXPECT_THROW(orient_process_grid(3, 1, {2, 2}), UsageError);
}

TEST(HeatRegions, InnerAndRingCoverEveryCellOnce) {
  for (std::uint64_t rows = 1; rows <= 6; ++rows) {
    for (std::uint64_t cols = 1; cols <= 6; ++cols) {
      const OverlapRegions split = split_for_overlap(rows, cols);
      std::vector<int> hits(rows * cols, 0);
      std::vector<Region> all = split.ring;
      all.push_back(split.inner);
      for (const Region& r : all) {
        for (std::uint64_t i = r.row_begin; i < r.row_end; ++i) {
          for (std::uint64_t j = r.col_begin; j < r.col_end; ++j) ++hits[i * cols + j];
        }
      }
      for (int h : hits) EXPECT_EQ(h, 1) << rows << "x" << cols;
      // The inner region must not touch the block edge: it runs before the halo arrives.
      if (!split.inner.empty()) {
        EXPECT_GE(split.inner.row_begin, 1U);
        EXPECT_LE(split.inner.row_end, rows - 1);
        EXPECT_GE(split.inner.col_begin, 1U);
        EXPECT_LE(split.inner.col_end, cols - 1);
      }
    }
  }
}

TEST(HeatKernel, UpdateRowIsTheDocumentedFormula) {
  const Field in = random_field(3, 5, 1);
  Field out(3, 5);
  update_region(out, in, {1, 2, 0, 5}, 0.2);
  for (std::int64_t j = 0; j < 5; ++j) {
    const double u = in.row(1)[j];
    const double expected =
        u + 0.2 * ((in.row(0)[j] + in.row(2)[j]) + (in.row(1)[j - 1] + in.row(1)[j + 1]) - 4.0 * u);
    EXPECT_TRUE(same_bits(out.row(1)[j], expected)) << j;
  }
}

TEST(HeatKernel, EigenRowsGiveTheScalarBits) {
  // Odd widths exercise Eigen's unaligned heads and scalar tails.
  for (const std::uint64_t cols : {1, 7, 8, 33}) {
    const std::uint64_t rows = 5;
    const Field in = random_field(rows, cols, cols);
    Field scalar(rows, cols), eigen(rows, cols);
    update_region(scalar, in, whole(in), 0.23);
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(rows); ++i) {
      update_row_eigen(eigen.row(i), in.row(i), in.row(i - 1), in.row(i + 1),
                       static_cast<std::int64_t>(cols), 0.23);
      for (std::uint64_t j = 0; j < cols; ++j) {
        EXPECT_TRUE(same_bits(scalar.row(i)[j], eigen.row(i)[j])) << i << "," << j;
      }
    }
  }
}

TEST(HeatKernel, InsulatedStepConservesHeatAndKeepsTheRange) {
  Field in = random_field(9, 11, 3);
  Field out(9, 11);
  const FieldStats before = local_stats(in);
  mirror_insulated_ghosts(in, Edges{});
  update_region(out, in, whole(in), kMaxAlpha);
  const FieldStats after = local_stats(out);
  EXPECT_NEAR(after.sum, before.sum, 1e-12 * 99);
  EXPECT_GE(after.min, before.min);
  EXPECT_LE(after.max, before.max);
}

TEST(HeatBoundary, GhostsOnlyOnTheDomainEdges) {
  Field field = random_field(3, 4, 4);
  const Field original = field;
  const Edges north_and_west{true, false, true, false};
  set_fixed_ghosts(field, north_and_west, 9.5);
  for (std::int64_t j = 0; j < 4; ++j) {
    EXPECT_EQ(field.row(-1)[j], 9.5);
    EXPECT_EQ(field.row(3)[j], original.row(3)[j]);  // south faces a neighbour: untouched
  }
  for (std::int64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(field.row(i)[-1], 9.5);
    EXPECT_EQ(field.row(i)[4], original.row(i)[4]);
  }
  mirror_insulated_ghosts(field, Edges{});
  for (std::int64_t j = 0; j < 4; ++j) {
    EXPECT_EQ(field.row(-1)[j], field.row(0)[j]);
    EXPECT_EQ(field.row(3)[j], field.row(2)[j]);
  }
  for (std::int64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(field.row(i)[-1], field.row(i)[0]);
    EXPECT_EQ(field.row(i)[4], field.row(i)[3]);
  }
}

TEST(HeatDigest, SumsOverBlocksAndSeesEveryBitAndPosition) {
  const Field field = random_field(4, 6, 5);
  const std::uint64_t whole_digest = digest_share(field, {0, 0, 4, 6}, 6);
  // The same cells split into a top and a bottom block give the same total.
  Field top(2, 6), bottom(2, 6);
  for (std::int64_t i = 0; i < 2; ++i) {
    std::copy(field.row(i), field.row(i) + 6, top.row(i));
    std::copy(field.row(i + 2), field.row(i + 2) + 6, bottom.row(i));
  }
  EXPECT_EQ(digest_share(top, {0, 0, 2, 6}, 6) + digest_share(bottom, {2, 0, 2, 6}, 6),
            whole_digest);
  Field flipped = field;
  flipped.row(3)[5] = std::bit_cast<double>(std::bit_cast<std::uint64_t>(field.row(3)[5]) ^ 1U);
  EXPECT_NE(digest_share(flipped, {0, 0, 4, 6}, 6), whole_digest);
  Field swapped = field;
  std::swap(swapped.row(0)[0], swapped.row(0)[1]);
  EXPECT_NE(digest_share(swapped, {0, 0, 4, 6}, 6), whole_digest);
  EXPECT_EQ(digest_text(0xabcULL), "0000000000000abc");
}

TEST(HeatField, PackUnpackRoundTrip) {
  const Field field = random_field(3, 5, 6);
  const std::vector<double> cells = pack_cells(field);
  ASSERT_EQ(cells.size(), 15U);
  EXPECT_EQ(cells[7], field.row(1)[2]);
  Field copy(3, 5);
  copy.first_touch(0.0);
  unpack_cells(cells, copy);
  for (std::int64_t i = 0; i < 3; ++i) {
    for (std::int64_t j = 0; j < 5; ++j) EXPECT_EQ(copy.row(i)[j], field.row(i)[j]);
  }
}

TEST(HeatInitial, RampPlusHotDisc) {
  const GridShape grid{8, 8};
  EXPECT_DOUBLE_EQ(initial_temperature(grid, 0, 0), 0.5 * 0.5 / 8);        // corner: ramp
  EXPECT_DOUBLE_EQ(initial_temperature(grid, 3, 3), 1.0 + 0.5 * 3.5 / 8);  // centre: disc
  EXPECT_DOUBLE_EQ(initial_temperature(grid, 0, 7), 0.5 * 7.5 / 8);
}

TEST(HeatOptions, ValuesAreCheckedNamingTheOption) {
  const AppDefinition app = make_app();
  const auto parse = [&](Strings args) {
    args.insert(args.begin(), "scalelab-heat");
    return parse_command_line(app, args);
  };
  const auto message = [&](Strings args) -> std::string {
    try {
      parse(std::move(args));
    } catch (const UsageError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  EXPECT_EQ(message({"--steps", "0"}), "--steps: '0' is zero, expected a positive count");
  EXPECT_EQ(message({"--alpha", "0.3"}),
            "--alpha: 0.3 is not in (0, 0.25]: the explicit scheme is unstable above 1/4");
  EXPECT_EQ(message({"--alpha", "0"}),
            "--alpha: 0 is not in (0, 0.25]: the explicit scheme is unstable above 1/4");
  EXPECT_NE(message({"--boundary", "periodic"}).find("--boundary"), std::string::npos);
  EXPECT_EQ(message({"--checkpoint-every", "0"}),
            "--checkpoint-every: '0' is zero, expected a positive count");
  EXPECT_EQ(parse({"--size", "64x48", "--steps", "10k"}).options.size, 3072U);
  EXPECT_EQ(message({"--time-block", "0"}), "--time-block: '0' is zero, expected a positive count");

  Params p;
  p.checkpoint_every = 5;
  EXPECT_THROW(check_combinations(p), UsageError);
  p = Params{};
  p.snapshot_every = 5;
  EXPECT_THROW(check_combinations(p), UsageError);
  // A snapshot over the restart file is the general same-file rule (cli/outputs/*same*).
}

TEST(HeatField, GhostLayersSurroundTheCells) {
  Field field(3, 4, 2);
  EXPECT_EQ(field.stride(), 8U);
  EXPECT_EQ(field.row(-2) - 2, field.data());
  EXPECT_EQ(field.row(1) - field.row(0), 8);
  field.first_touch(0.0);
  set_fixed_ghosts(field, Edges{true, false, false, true}, 9.5);
  for (std::int64_t layer = 1; layer <= 2; ++layer) {
    for (std::int64_t j = 0; j < 4; ++j) {
      EXPECT_EQ(field.row(-layer)[j], 9.5);     // north: every layer
      EXPECT_EQ(field.row(2 + layer)[j], 0.0);  // south faces a neighbour
    }
    for (std::int64_t i = 0; i < 3; ++i) {
      EXPECT_EQ(field.row(i)[3 + layer], 9.5);
      EXPECT_EQ(field.row(i)[-layer], 0.0);
    }
  }
}

// The blocked passes against `levels` plain steps, on a block of three strips (2100 = 2 x
// 1024 + 52 columns) and rows the threads split, with and without threads. Only the input's
// first ghost layer is the boundary (insulated: the others hold noise); the boundary of
// every later level is the passes' to supply.
TEST(HeatTimeBlock, PassesGiveThePlainStepsBits) {
  const std::uint64_t rows = 37, cols = 2100, max_levels = 8;
  static_assert(2100 > 2 * kStripCols);
  const int threads = omp_get_max_threads();
  omp_set_num_threads(3);  // 12, 12 and 13 rows: each thread's margins reach its neighbours'
  for (const bool insulated : {false, true}) {
    for (const std::uint64_t levels : {1U, 2U, 5U, 8U}) {
      for (const bool threaded : {false, true}) {
        // Streaming stores for the last level where the build has them, plain otherwise.
        const Stores stores =
            threaded && streaming_stores_available() ? Stores::kStreaming : Stores::kPlain;
        SCOPED_TRACE(std::string(insulated ? "insulated" : "fixed") +
                     " levels=" + std::to_string(levels) + (threaded ? " threaded" : "") + " " +
                     stores_name(stores));
        Field start = random_field(rows, cols, 7, max_levels);
        if (insulated) {
          mirror_insulated_ghosts(start, Edges{});
        } else {
          set_fixed_ghosts(start, Edges{}, 1.5);
        }
        // The plain stencil, step by step.
        Field plain = random_field(rows, cols, 7);
        for (std::uint64_t i = 0; i < rows; ++i) {
          const auto row = static_cast<std::int64_t>(i);
          std::copy(start.row(row), start.row(row) + cols, plain.row(row));
        }
        Field next(rows, cols);
        next.first_touch(0.0);
        if (!insulated) {
          set_fixed_ghosts(plain, Edges{}, 1.5);
          set_fixed_ghosts(next, Edges{}, 1.5);
        }
        for (std::uint64_t s = 0; s < levels; ++s) {
          if (insulated) mirror_insulated_ghosts(plain, Edges{});
          update_region(next, plain, whole(plain), 0.2);
          std::swap(plain, next);
        }

        TimeBlocking blocking(rows, cols, Edges{}, Boundary{insulated, 1.5}, 0.2, stores,
                              max_levels, 3);
        Field out(rows, cols, max_levels);
        out.first_touch(0.0);
        blocking.advance(start, out, levels, threaded);
        std::uint64_t differ = 0;
        for (std::uint64_t i = 0; i < rows; ++i) {
          for (std::uint64_t j = 0; j < cols; ++j) {
            const auto row = static_cast<std::int64_t>(i);
            differ += same_bits(out.row(row)[j], plain.row(row)[j]) ? 0 : 1;
          }
        }
        EXPECT_EQ(differ, 0U);
        // The margins are computed twice (except at K = 1), every cell at least once.
        EXPECT_GE(blocking.updates(), rows * cols * levels);
        if (levels > 1) {
          EXPECT_GT(blocking.updates(), rows * cols * levels);
        }
      }
    }
  }
  omp_set_num_threads(threads);
}

TEST(HeatTimeBlock, GhostLayersMustFitTheSmallestBlock) {
  EXPECT_NO_THROW(check_time_block(11, {37, 23}, {2, 2}));  // blocks of 18-19 x 11-12
  try {
    check_time_block(12, {37, 23}, {2, 2});
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(),
                 "--time-block: 12 ghost layers are wider than the smallest rank block (18x11 "
                 "cells of the 37x23 grid on 2x2 ranks); use at most 11");
  }
  EXPECT_THROW(check_time_block(24, {37, 23}, {1, 1}), UsageError);
  EXPECT_NO_THROW(check_time_block(23, {37, 23}, {1, 1}));
}

}  // namespace
}  // namespace scalelab::heat
