// SPDX-License-Identifier: MIT
// matmul's kernels on their own (no MPI): the micro-kernel, the blocked multiply-add on
// awkward shapes and strided views at several thread counts, the SUMMA panel cuts, the
// value generator and the fingerprint. Dyadic values make every product exact, so the
// blocked kernel must equal the textbook loop bit for bit.
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "blocked_gemm.hpp"
#include "matmul.hpp"
#include "matrix_values.hpp"
#include "summa.hpp"

namespace scalelab::matmul {
namespace {

// A rows x cols matrix of dyadic values drawn from `key`, stored with leading dimension
// ld >= cols (the padding holds a sentinel that must never be read into a result).
std::vector<double> dyadic_matrix(std::uint64_t key, std::size_t rows, std::size_t cols,
                                  std::size_t ld, double padding = 1e300) {
  std::vector<double> m(rows * ld, padding);
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j)
      m[i * ld + j] = random_value(key, i * cols + j, Values::dyadic);
  }
  return m;
}

// c (m x n, ld ldc) += a (m x k, ld lda) · b (k x n, ld ldb), in the textbook order.
void reference_multiply_add(const std::vector<double>& a, std::size_t lda,
                            const std::vector<double>& b, std::size_t ldb, std::vector<double>& c,
                            std::size_t ldc, std::size_t m, std::size_t n, std::size_t k) {
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0;
      for (std::size_t p = 0; p < k; ++p) sum += a[i * lda + p] * b[p * ldb + j];
      c[i * ldc + j] += sum;
    }
  }
}

TEST(MatmulKernel, MicroKernelIsTheSumOfOuterProducts) {
  constexpr std::size_t kc = 5;
  std::vector<double> a(kc * tile::kMR), b(kc * tile::kNR);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = random_value(1, i, Values::dyadic);
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = random_value(2, i, Values::dyadic);
  alignas(64) double tile_out[tile::kMR * tile::kNR];
  // The packed strips must be as aligned as GemmWorkspace's buffers are.
  FirstTouchVector<double> packed_a(a.begin(), a.end()), packed_b(b.begin(), b.end());
  micro_kernel(kc, packed_a.data(), packed_b.data(), tile_out);
  for (std::size_t i = 0; i < tile::kMR; ++i) {
    for (std::size_t j = 0; j < tile::kNR; ++j) {
      double expected = 0;
      for (std::size_t p = 0; p < kc; ++p) expected += a[p * tile::kMR + i] * b[p * tile::kNR + j];
      EXPECT_EQ(tile_out[i * tile::kNR + j], expected) << i << "," << j;
    }
  }
}

struct Shape {
  std::size_t m, n, k;
};

// Shapes below, at and across every blocking size, including 1-wide ones.
const std::vector<Shape> kShapes = {
    {1, 1, 1},
    {tile::kMR - 1, tile::kNR + 1, 3},
    {37, 41, 43},
    {tile::kMC + 5, 29, tile::kKC + 7},
    {3, tile::kNC + 11, 2},
    {65, 1, 300},
};

TEST(MatmulKernel, BlockedEqualsTextbookOnOddShapesAndStridedViews) {
  for (const Shape& s : kShapes) {
    for (const int threads : {1, 2, 3}) {
      GemmWorkspace workspace(threads);
      SCOPED_TRACE(std::to_string(s.m) + "x" + std::to_string(s.n) + "x" + std::to_string(s.k) +
                   " threads=" + std::to_string(threads));
      // Leading dimensions wider than the views: the operands are blocks of bigger matrices.
      const std::size_t lda = s.k + 3, ldb = s.n + 5, ldc = s.n + 2;
      const auto a = dyadic_matrix(11, s.m, s.k, lda);
      const auto b = dyadic_matrix(12, s.k, s.n, ldb);
      // C starts non-zero: the kernel adds to it.
      auto c = dyadic_matrix(13, s.m, s.n, ldc, -7.0);
      auto expected = c;
      reference_multiply_add(a, lda, b, ldb, expected, ldc, s.m, s.n, s.k);
      omp_set_num_threads(threads);  // as the driver does for the run's threads
      multiply_add({a.data(), s.m, s.k, lda}, {b.data(), s.k, s.n, ldb}, {c.data(), s.m, s.n, ldc},
                   workspace);
      omp_set_num_threads(1);
      EXPECT_EQ(c, expected);  // the padding (-7) included: nothing outside C is written
    }
  }
}

TEST(MatmulKernel, EmptyOperandsLeaveCUntouched) {
  GemmWorkspace workspace;
  std::vector<double> a(4, 1.0), b(4, 1.0), c(4, 5.0);
  multiply_add({a.data(), 2, 0, 2}, {b.data(), 0, 2, 2}, {c.data(), 2, 2, 2}, workspace);
  EXPECT_EQ(c, std::vector<double>(4, 5.0));
}

TEST(MatmulKernel, NonConformingShapesAreRefused) {
  GemmWorkspace workspace;
  std::vector<double> a(6), b(6), c(6);
  EXPECT_THROW(
      multiply_add({a.data(), 2, 3, 3}, {b.data(), 2, 3, 3}, {c.data(), 2, 3, 3}, workspace),
      std::logic_error);
}

TEST(MatmulKernel, TextbookLoopMultiplies) {
  // [[1, 2], [3, 4]] · [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
  const std::vector<double> a{1, 2, 3, 4}, b{5, 6, 7, 8};
  std::vector<double> c(4, -1.0);
  multiply_textbook(a.data(), b.data(), c.data(), 2);
  EXPECT_EQ(c, (std::vector<double>{19, 22, 43, 50}));
}

TEST(MatmulPanels, CutAtEveryBlockBoundaryOfEitherAxis) {
  // 10 over 3 row blocks: 0 4 7 10; over 2 column blocks: 0 5 10.
  EXPECT_EQ(panel_boundaries(10, {3, 2}), (std::vector<std::uint64_t>{0, 4, 5, 7, 10}));
  EXPECT_EQ(panel_boundaries(10, {1, 1}), (std::vector<std::uint64_t>{0, 10}));
  EXPECT_EQ(panel_boundaries(9, {3, 3}), (std::vector<std::uint64_t>{0, 3, 6, 9}));
  EXPECT_EQ(panel_boundaries(3, {3, 1}), (std::vector<std::uint64_t>{0, 1, 2, 3}));
}

TEST(MatmulValues, UniformInRangeAndDyadicOnTheGrid) {
  std::set<double> dyadic_seen;
  for (std::uint64_t i = 0; i < 20000; ++i) {
    const double u = random_value(99, i, Values::uniform);
    EXPECT_TRUE(u >= -1.0 && u < 1.0) << u;
    const double d = random_value(99, i, Values::dyadic);
    EXPECT_EQ(d * 8, static_cast<double>(static_cast<int>(d * 8))) << d;
    dyadic_seen.insert(d);
  }
  EXPECT_EQ(dyadic_seen.size(), 17U);  // every multiple of 1/8 in [-1, 1]
  EXPECT_EQ(*dyadic_seen.begin(), -1.0);
  EXPECT_EQ(*dyadic_seen.rbegin(), 1.0);
}

TEST(MatmulValues, StreamsDifferBySeedAndMatrix) {
  EXPECT_NE(stream_key(42, Stream::a), stream_key(42, Stream::b));
  EXPECT_NE(stream_key(42, Stream::a), stream_key(43, Stream::a));
  EXPECT_NE(stream_key(42, Stream::freivalds, 0), stream_key(42, Stream::freivalds, 1));
  EXPECT_EQ(values_from_name("dyadic"), Values::dyadic);
  EXPECT_EQ(values_from_name("uniform"), Values::uniform);
}

TEST(MatmulFingerprint, IndependentOfOrderButNotOfPositionOrBits) {
  const std::vector<double> values{0.5, -0.25, 3.0, 0.0};
  std::uint64_t forward = 0, backward = 0;
  for (std::uint64_t i = 0; i < values.size(); ++i) forward += fingerprint_term(i, values[i]);
  for (std::uint64_t i = values.size(); i-- > 0;) backward += fingerprint_term(i, values[i]);
  EXPECT_EQ(forward, backward);
  // Swapping two elements, or changing the last bit of one, changes it.
  const std::uint64_t swapped = forward - fingerprint_term(0, 0.5) - fingerprint_term(1, -0.25) +
                                fingerprint_term(0, -0.25) + fingerprint_term(1, 0.5);
  EXPECT_NE(swapped, forward);
  EXPECT_NE(fingerprint_term(2, 3.0), fingerprint_term(2, std::nextafter(3.0, 4.0)));
  // The sign of a zero is not part of the answer.
  EXPECT_EQ(fingerprint_term(3, -0.0), fingerprint_term(3, 0.0));
}

}  // namespace
}  // namespace scalelab::matmul
