// SPDX-License-Identifier: MIT
#include "scalelab/eigen.hpp"

#include <cstring>

#include "scalelab/timer.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHigh = 0x8080808080808080ULL;

// Per byte of a 64-bit lane (SIMD within a register): bit 7 set where (byte & 0x7F) >= n.
constexpr std::uint64_t at_least(std::uint64_t x, std::uint64_t n) {
  return ((x | kHigh) - n * kOnes) & kHigh;
}
// Bit 7 set where the byte is zero.
constexpr std::uint64_t zero_bytes(std::uint64_t x) {
  return ~(((x & ~kHigh) + ~kHigh) | x) & kHigh;
}
// Bit 7 of every byte that belongs to a word.
template <bool Alpha>
constexpr std::uint64_t word_bytes(std::uint64_t x) {
  const std::uint64_t ascii = ~x & kHigh;
  if constexpr (Alpha) {
    const std::uint64_t y = x | (0x20 * kOnes);  // folds case; leaves bit 7 alone
    return at_least(y, 'a') & ~at_least(y, 'z' + 1) & ascii;
  } else {
    const std::uint64_t control = at_least(x, 9) & ~at_least(x, 14) & ascii;  // \t..\r
    const std::uint64_t space = zero_bytes(x ^ (' ' * kOnes));
    return ~(control | space) & kHigh;
  }
}

// Word starts in lane `cur` whose preceding lane is `prev`.
template <bool Alpha>
struct StartsInLane {
  std::uint64_t operator()(std::uint64_t cur, std::uint64_t prev) const {
    const std::uint64_t word = word_bytes<Alpha>(cur);
    const std::uint64_t before = (word << 8) | (word_bytes<Alpha>(prev) >> 56);
    return ((word & ~before) >> 7);  // 1 in every byte where a word starts
  }
};

// Sum of the per-byte counts of a lane.
constexpr std::uint64_t byte_sum(std::uint64_t x) {
  x = (x & 0x00FF00FF00FF00FFULL) + ((x >> 8) & 0x00FF00FF00FF00FFULL);
  return (x * 0x0001000100010001ULL) >> 48;
}

template <bool Alpha>
std::uint64_t eigen_word_starts(const char* data, std::size_t n) {
  using Lanes = Eigen::Array<std::uint64_t, Eigen::Dynamic, 1>;
  const auto lanes = static_cast<Eigen::Index>(n / 8);
  std::uint64_t words = 0;
  if (lanes > 0) {
    std::uint64_t first;
    std::memcpy(&first, data, 8);
    words += byte_sum(StartsInLane<Alpha>{}(first, 0x2020202020202020ULL));  // before: a space
    if (lanes > 1) {
      // Lane i against lane i-1: two views of the same bytes, 8 apart.
      const Eigen::Map<const Lanes> cur(reinterpret_cast<const std::uint64_t*>(data + 8),
                                        lanes - 1);
      const Eigen::Map<const Lanes> prev(reinterpret_cast<const std::uint64_t*>(data), lanes - 1);
      // Per-byte counters in each lane, summed over at most 255 lanes before they could
      // overflow: the sum is plain 64-bit adds (vectorisable), the byte_sum once a block.
      constexpr Eigen::Index kBlock = 255;
      for (Eigen::Index at = 0; at < lanes - 1; at += kBlock) {
        const Eigen::Index len = std::min(kBlock, lanes - 1 - at);
        words += byte_sum(
            cur.segment(at, len).binaryExpr(prev.segment(at, len), StartsInLane<Alpha>{}).sum());
      }
    }
  }
  auto is_word = [](unsigned char c) { return Alpha ? is_ascii_letter(c) : !is_ascii_space(c); };
  for (std::size_t i = static_cast<std::size_t>(lanes) * 8; i < n; ++i) {
    const bool before = i > 0 && is_word(static_cast<unsigned char>(data[i - 1]));
    words += static_cast<std::uint64_t>(is_word(static_cast<unsigned char>(data[i])) && !before);
  }
  return words;
}

}  // namespace

// The total only: a word starts at every word byte whose predecessor is a separator. Eigen
// has no byte packets on x86, so the buffer is viewed as an Eigen array of 64-bit lanes
// (8 bytes each) and every lane's word starts are found with bit tricks on the whole lane
// (SIMD within a register): a 1 in every byte where a word starts, summed lane-wise by an
// Eigen binaryExpr(lane, previous lane).sum() reduction over blocks of 255 lanes (so no
// byte counter overflows), then the bytes of the sum added up.
std::uint64_t WordcountWorkload::eigen_total() const {
  return tok_.alpha ? eigen_word_starts<true>(buffer_.data(), buffer_size_)
                    : eigen_word_starts<false>(buffer_.data(), buffer_size_);
}

namespace {

class WordcountEigen final : public WordcountWorkload {
 public:
  explicit WordcountEigen(const RunContext& ctx) : WordcountWorkload(ctx) { total_only_ = true; }
  void run(const RunContext& ctx) override {
    PhaseTimes times;
    times.read = read_local(1);
    const Stopwatch count;
    local_words_ = eigen_total();
    times.count = count.seconds();
    log(ctx, times);
  }
};

}  // namespace

std::unique_ptr<Workload> make_eigen(const RunContext& ctx) {
  return std::make_unique<WordcountEigen>(ctx);
}

}  // namespace scalelab::wordcount
