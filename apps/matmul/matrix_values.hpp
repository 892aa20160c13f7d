// SPDX-License-Identifier: MIT
#pragma once

// The values matmul multiplies, and a fingerprint of a result, both pure functions of the
// global position of an element: any decomposition over ranks and threads generates the
// same matrices and computes the same fingerprint.

#include <bit>
#include <cstdint>
#include <string>

namespace scalelab::matmul {

// uniform: doubles uniform in [-1, 1), as a user's data would round.
// dyadic: multiples of 1/8 in [-1, 1]. Every product is a multiple of 1/64 of magnitude at
//   most 1 and every partial sum of n of them a multiple of 1/64 of magnitude at most n,
//   exactly representable for n < 2^47: C = A·B is then computed *exactly* in any
//   summation order, so every model must agree with serial bit for bit.
enum class Values { uniform, dyadic };

// "uniform" or "dyadic" (the option parser admits nothing else).
inline Values values_from_name(const std::string& name) {
  return name == "dyadic" ? Values::dyadic : Values::uniform;
}

// SplitMix64's output mixing function (Steele, Lea & Flood 2014): a bijection with full
// avalanche, which makes a plain counter a good random stream.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

// Which random stream: the two inputs and the Freivalds test vectors (one per trial).
enum class Stream : std::uint64_t { a = 1, b = 2, freivalds = 16 };

// Key of stream `stream` (+ `index`, e.g. the trial) under `seed`.
constexpr std::uint64_t stream_key(std::uint64_t seed, Stream stream, std::uint64_t index = 0) {
  return mix64(seed ^ mix64((static_cast<std::uint64_t>(stream) + index) * kGolden));
}

// Value number `position` (row-major global index) of the stream with key `key`.
constexpr double random_value(std::uint64_t key, std::uint64_t position, Values values) {
  const std::uint64_t bits = mix64(key + position * kGolden);
  if (values == Values::dyadic) return static_cast<double>(static_cast<int>(bits % 17) - 8) / 8.0;
  return static_cast<double>(bits >> 11) * 0x1.0p-52 - 1.0;  // 53 random bits -> [-1, 1)
}

// Contribution of the value at global position `position` to a matrix fingerprint. Summed
// (mod 2^64) over all elements it is independent of the order of summation, so ranks add
// their blocks' sums, yet any changed bit or moved element changes it. -0.0 counts as
// +0.0 (adding +0.0 maps it there): a zero's sign depends on summation order, not on
// whether the product is right.
inline std::uint64_t fingerprint_term(std::uint64_t position, double value) {
  const double normalised = value + 0.0;
  return mix64(std::bit_cast<std::uint64_t>(normalised) ^ mix64(position + kGolden));
}

}  // namespace scalelab::matmul
