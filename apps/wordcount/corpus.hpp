// SPDX-License-Identifier: MIT
#pragma once

// The generated corpus (--generate BYTES, or --size without --input): synthetic text whose
// words follow Zipf's law, a pure function of (seed, bytes), so every rank, thread count and
// layout sees the same corpus and nothing has to be shipped between ranks.
//
// Vocabulary: kVocabulary distinct lowercase words drawn from the seed; word r (rank r, 0 =
// most frequent) is 2-4 letters long for the top ranks, growing to ~13 for the rarest.
// Each occurrence picks rank r with probability proportional to 1/(r+1) (Zipf, s = 1);
// 1 in 10 is capitalised, 1 in 12 gets a trailing punctuation mark (, . ; : ! ?), and words
// are separated by a space, 1 in 12 by a newline. So --lower and --alpha change the counts.
//
// The corpus is cut into blocks of kBlockBytes (the last one shorter); block b is generated
// from its own random stream seeded by (seed, b) and always ends in '\n' (padded with spaces
// when the next word does not fit), so block boundaries are word boundaries: a rank
// generates exactly its own blocks, in memory, and any set of blocks concatenates to the
// same text.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scalelab/partition.hpp"

namespace scalelab::wordcount {

constexpr std::uint64_t kBlockBytes = 64 * 1024;
constexpr std::size_t kVocabulary = 50'000;

class Corpus {
 public:
  Corpus(std::uint64_t seed, std::uint64_t bytes);

  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t blocks() const { return (bytes_ + kBlockBytes - 1) / kBlockBytes; }
  // Byte range of blocks [first, last).
  Range byte_range(Range blocks) const;
  // Writes blocks [first, last) to out[0, byte_range(blocks).size()). Parallel (OpenMP)
  // over blocks when `parallel`.
  void generate(Range blocks, char* out, bool parallel = true) const;
  void generate_block(std::uint64_t block, char* out) const;

  const std::vector<std::string>& vocabulary() const { return words_; }

 private:
  std::size_t draw_rank(std::uint64_t random) const;

  std::uint64_t seed_;
  std::uint64_t bytes_;
  std::vector<std::string> words_;
  std::vector<double> cdf_;           // cdf_[r] = P(rank <= r)
  std::vector<std::uint32_t> guide_;  // guide_[j]: first rank with cdf > j / guide size
};

// The corpus of (seed, bytes), read-only. In the SMPI build every simulated rank lives in one
// process and would build the same vocabulary tables (megabytes each, a copy per rank): there
// the ranks share one, as SMPI's shared allocation would.
std::shared_ptr<const Corpus> make_corpus(std::uint64_t seed, std::uint64_t bytes);

}  // namespace scalelab::wordcount
