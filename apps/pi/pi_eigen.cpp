// SPDX-License-Identifier: MIT
#include "scalelab/eigen.hpp"

#include "pi.hpp"

namespace scalelab::pi {
namespace {

// The in-circle test written as Eigen array expressions over chunks of samples, so Eigen's
// packet math vectorises it (shifts, multiplies, compare and count are all cwise ops). The
// random bits come from the same counter-based generator as every other variant.
class PiEigen final : public PiWorkload {
 public:
  void run(const RunContext& ctx) override {
    std::uint64_t hits = 0;
    const std::uint64_t key = key_;
    for (std::uint64_t begin = 0; begin < ctx.global_size; begin += kChunk) {
      const auto n = static_cast<Eigen::Index>(std::min(kChunk, ctx.global_size - begin));
      auto h = h_.head(n);
      auto x = x_.head(n);
      auto y = y_.head(n);
      h = Bits::NullaryExpr(n, [key, begin](Eigen::Index j) {
        return sample_bits(key, begin + static_cast<std::uint64_t>(j)) >> 2;
      });
      x = h.shiftRight<kCoordBits>();
      y = h - x.shiftLeft<kCoordBits>();
      hits += static_cast<std::uint64_t>((x * x + y * y < kRadiusSquared).count());
    }
    hits_ = hits;
  }

 private:
  using Bits = Eigen::Array<std::uint64_t, Eigen::Dynamic, 1>;
  static constexpr std::uint64_t kChunk = 2048;  // three chunks stay in L1/L2
  Bits h_ = Bits(kChunk), x_ = Bits(kChunk), y_ = Bits(kChunk);
};

}  // namespace

std::unique_ptr<Workload> make_eigen(const RunContext&) {
  return std::make_unique<PiEigen>();
}

}  // namespace scalelab::pi
