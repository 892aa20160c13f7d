// SPDX-License-Identifier: MIT
#pragma once

// Freivalds' check (1977) of a distributed product: C = A·B is verified in O(n²) by
// comparing C·x with A·(B·x) for random vectors x; a wrong C passes one trial with
// probability ~0 for x with continuous entries (at most 1/17 for x with 17 possible values,
// as in dyadic mode), so a few trials suffice.
//
// Rounding: for any order of summation, |fl(M·v) - M·v| <= γ_n |M|·|v| elementwise with
// γ_n = n·u/(1 - n·u), u = 2^-53 (Higham, "Accuracy and Stability", 3.5). The computed C
// itself carries γ_n |A|·|B|, so a correct C·x and A·(B·x) differ by at most about
// 4 γ_n (|A|·|B|·|x|)_i in element i. The check allows
//
//     |(C·x)_i - (A·(B·x))_i| <= 4 · n · ε · (|A|·(|B|·|x|))_i,   ε = 2^-52 (= 2u),
//
// twice that bound: a correct product cannot fail, whatever the model's summation order;
// an error far below the bound (a relative ~n·ε of the entries' scale) goes unseen. In
// exact mode (dyadic inputs, dyadic x) every quantity is exactly representable for
// n < 2^22 and the tolerance is 0.
//
// Distributed: each rank multiplies its block by the slice of a vector it needs and the
// partial results (n values) are summed over all ranks, so memory per rank stays O(n)
// beyond its blocks and the cost O(n²/P).

#include <cstdint>

#include "matrix_values.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/partition.hpp"

namespace scalelab::matmul {

// This rank's blocks (row-major, rows.size() x cols.size()) of the n x n A, B and C.
struct DistributedProduct {
  std::uint64_t n = 0;
  Range rows, cols;
  const double* a = nullptr;
  const double* b = nullptr;
  const double* c = nullptr;
};

struct FreivaldsOutcome {
  bool passed = false;
  int trials = 0;
  bool exact = false;           // exact mode: tolerance 0
  double max_difference = 0;    // max over trials and i of |(C·x)_i - (A·(B·x))_i|
  double worst_ratio = 0;       // max of difference / tolerance (passes when <= 1)
  double tolerance_factor = 0;  // the 4·n·ε in front of |A|·|B|·|x| (0 in exact mode)
};

// Collective over `comm`. Trial t draws x from stream_key(seed, freivalds, t): dyadic
// values in exact mode (the inputs must be dyadic too), uniform ones otherwise.
FreivaldsOutcome freivalds_check(const Comm& comm, const DistributedProduct& product,
                                 std::uint64_t seed, int trials, bool exact);

}  // namespace scalelab::matmul
