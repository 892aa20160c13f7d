// SPDX-License-Identifier: MIT
#include "blocked_gemm.hpp"

#include <omp.h>

#include <algorithm>
#include <stdexcept>

#include "scalelab/parallel.hpp"

namespace scalelab::matmul {
namespace {

using tile::kKC;
using tile::kMC;
using tile::kMR;
using tile::kNC;
using tile::kNR;
using tile::kSimdDoubles;

// A SIMD register's worth of doubles (GCC/Clang vector extension: portable across
// instruction sets, unlike intrinsics). may_alias: it is loaded from double buffers.
using Simd = double __attribute__((vector_size(kSimdDoubles * sizeof(double)), __may_alias__));
constexpr std::size_t kVectorsPerRow = kNR / kSimdDoubles;
static_assert(kNR % kSimdDoubles == 0 && kMC % kMR == 0 && kNC % kNR == 0);

constexpr std::size_t ceil_div(std::size_t a, std::size_t b) {
  return (a + b - 1) / b;
}

// Height of the row blocks threads take: at most kMC, a multiple of kMR, and the number of
// blocks a multiple of the thread count where possible, so no thread idles at the end.
std::size_t row_block_height(std::size_t m, std::size_t threads) {
  const std::size_t blocks = ceil_div(ceil_div(m, kMC), threads) * threads;
  return ceil_div(ceil_div(m, blocks), kMR) * kMR;
}

// Strip `strip` of B's kc x nc slice starting at (k0, j0): kc rows of kNR consecutive
// columns, zero-padded past the slice's last column.
void pack_b_strip(ConstView b, std::size_t k0, std::size_t kc, std::size_t j0, std::size_t nc,
                  std::size_t strip, double* packed) {
  const std::size_t col = strip * kNR;
  const std::size_t width = std::min(kNR, nc - col);
  double* dst = packed + strip * kc * kNR;
  for (std::size_t k = 0; k < kc; ++k) {
    const double* src = b.data + (k0 + k) * b.ld + j0 + col;
    for (std::size_t j = 0; j < width; ++j) dst[k * kNR + j] = src[j];
    for (std::size_t j = width; j < kNR; ++j) dst[k * kNR + j] = 0.0;
  }
}

// A's mc x kc block at (i0, k0) as strips of kMR rows, each stored k-major (the kMR values
// the micro-kernel broadcasts per step are adjacent), zero-padded past the last row.
void pack_a_block(ConstView a, std::size_t i0, std::size_t mc, std::size_t k0, std::size_t kc,
                  double* packed) {
  for (std::size_t strip = 0; strip < ceil_div(mc, kMR); ++strip) {
    double* dst = packed + strip * kc * kMR;
    for (std::size_t i = 0; i < kMR; ++i) {
      const std::size_t row = strip * kMR + i;
      if (row < mc) {
        const double* src = a.data + (i0 + row) * a.ld + k0;
        for (std::size_t k = 0; k < kc; ++k) dst[k * kMR + i] = src[k];
      } else {
        for (std::size_t k = 0; k < kc; ++k) dst[k * kMR + i] = 0.0;
      }
    }
  }
}

// c (rows x cols of a tile, rows <= kMR, cols <= kNR) += the kMR x kNR tile.
void add_tile(const double* tile_values, std::size_t rows, std::size_t cols, double* c,
              std::size_t ldc) {
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j) c[i * ldc + j] += tile_values[i * kNR + j];
  }
}

}  // namespace

GemmWorkspace::GemmWorkspace(int threads) : packed_b_(kKC * kNC) {
  for (int thread = 0; thread < threads; ++thread) packed_a_.emplace_back(kMC * kKC);
}

void micro_kernel(std::size_t kc, const double* packed_a, const double* packed_b,
                  double* tile_out) {
  // Fully unrolled over the tile, so the accumulators live in registers for the whole loop.
  Simd acc[kMR][kVectorsPerRow] = {};
  for (std::size_t k = 0; k < kc; ++k) {
    const auto* b_row = reinterpret_cast<const Simd*>(packed_b + k * kNR);
    const double* a_col = packed_a + k * kMR;
#pragma GCC unroll 16
    for (std::size_t i = 0; i < kMR; ++i) {
#pragma GCC unroll 8
      for (std::size_t v = 0; v < kVectorsPerRow; ++v) acc[i][v] += a_col[i] * b_row[v];
    }
  }
  auto* out = reinterpret_cast<Simd*>(tile_out);
  for (std::size_t i = 0; i < kMR; ++i) {
    for (std::size_t v = 0; v < kVectorsPerRow; ++v) out[i * kVectorsPerRow + v] = acc[i][v];
  }
}

void set_zero(MutableView c) {
  parallel_blocks({0, c.rows}, [&](Range rows) {
    for (std::size_t i = rows.begin; i < rows.end; ++i) std::fill_n(c.data + i * c.ld, c.cols, 0.0);
  });
}

void multiply_add(ConstView a, ConstView b, MutableView c, GemmWorkspace& workspace) {
  if (b.rows != a.cols || c.rows != a.rows || c.cols != b.cols) {
    throw std::logic_error("multiply_add: shapes do not conform");
  }
  const std::size_t m = a.rows, depth = a.cols, n = b.cols;
  if (m == 0 || n == 0 || depth == 0) return;
  const int team = workspace.threads();
  const std::size_t mc = row_block_height(m, static_cast<std::size_t>(team));
  const std::size_t row_blocks = ceil_div(m, mc);
  double* packed_b = workspace.packed_b();

#pragma omp parallel
  {
    double* packed_a = workspace.packed_a(omp_get_thread_num());
    alignas(64) double tile_values[kMR * kNR];
    for (std::size_t j0 = 0; j0 < n; j0 += kNC) {
      const std::size_t nc = std::min(kNC, n - j0);
      const std::size_t strips = ceil_div(nc, kNR);
      for (std::size_t k0 = 0; k0 < depth; k0 += kKC) {
        const std::size_t kc = std::min(kKC, depth - k0);
#pragma omp for schedule(static)
        for (std::size_t s = 0; s < strips; ++s) pack_b_strip(b, k0, kc, j0, nc, s, packed_b);
          // (implicit barrier: B is packed before any thread reads it)
#pragma omp for schedule(static)
        for (std::size_t block = 0; block < row_blocks; ++block) {
          const std::size_t i0 = block * mc;
          const std::size_t rows = std::min(mc, m - i0);
          pack_a_block(a, i0, rows, k0, kc, packed_a);
          for (std::size_t s = 0; s < strips; ++s) {
            const std::size_t col = s * kNR;
            for (std::size_t r = 0; r * kMR < rows; ++r) {
              micro_kernel(kc, packed_a + r * kc * kMR, packed_b + s * kc * kNR, tile_values);
              add_tile(tile_values, std::min(kMR, rows - r * kMR), std::min(kNR, nc - col),
                       c.data + (i0 + r * kMR) * c.ld + j0 + col, c.ld);
            }
          }
        }
        // (implicit barrier: nobody repacks B while another thread still reads it)
      }
    }
  }
}

}  // namespace scalelab::matmul
