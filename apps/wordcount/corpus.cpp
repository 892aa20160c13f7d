// SPDX-License-Identifier: MIT
#include "corpus.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_set>
#include <utility>

namespace scalelab::wordcount {
namespace {

std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() { return mix(state += 0x9E3779B97F4A7C15ULL); }
};

constexpr std::size_t kGuide = 4096;

}  // namespace

Corpus::Corpus(std::uint64_t seed, std::uint64_t bytes) : seed_(seed), bytes_(bytes) {
  SplitMix64 rng{mix(seed ^ 0x766F636162756CULL)};  // "vocabul"
  std::unordered_set<std::string> seen;
  words_.reserve(kVocabulary);
  while (words_.size() < kVocabulary) {
    const std::size_t r = words_.size();
    const std::size_t grow = static_cast<std::size_t>(std::log2(static_cast<double>(r) + 2) * 0.6);
    const std::size_t length = 2 + grow + rng.next() % 3;
    std::string word(length, 'a');
    for (char& c : word) c = static_cast<char>('a' + rng.next() % 26);
    if (seen.insert(word).second) words_.push_back(std::move(word));
  }
  cdf_.resize(kVocabulary);
  double sum = 0;
  for (std::size_t r = 0; r < kVocabulary; ++r) sum += 1.0 / static_cast<double>(r + 1);
  double acc = 0;
  for (std::size_t r = 0; r < kVocabulary; ++r) {
    acc += 1.0 / static_cast<double>(r + 1) / sum;
    cdf_[r] = acc;
  }
  cdf_.back() = 1.0;
  guide_.resize(kGuide + 1);
  std::size_t r = 0;
  for (std::size_t j = 0; j <= kGuide; ++j) {
    const double u = static_cast<double>(j) / kGuide;
    while (r + 1 < kVocabulary && cdf_[r] <= u) ++r;
    guide_[j] = static_cast<std::uint32_t>(r);
  }
}

std::size_t Corpus::draw_rank(std::uint64_t random) const {
  const double u = static_cast<double>(random >> 11) * 0x1.0p-53;  // [0, 1)
  const std::size_t j = static_cast<std::size_t>(u * kGuide);
  // The answer lies in [guide_[j], guide_[j + 1]]: the first rank whose cdf exceeds u.
  const auto first = cdf_.begin() + guide_[j];
  const auto last = cdf_.begin() + guide_[std::min(j + 1, kGuide)] + 1;
  const auto it = std::upper_bound(first, std::min(last, cdf_.end()), u);
  return std::min(static_cast<std::size_t>(it - cdf_.begin()), kVocabulary - 1);
}

Range Corpus::byte_range(Range blocks) const {
  return {std::min(blocks.begin * kBlockBytes, bytes_), std::min(blocks.end * kBlockBytes, bytes_)};
}

void Corpus::generate_block(std::uint64_t block, char* out) const {
  const Range range = byte_range({block, block + 1});
  const std::size_t n = range.size();
  if (n == 0) return;
  SplitMix64 rng{mix(seed_ ^ mix(block + 0x626C6F636BULL))};  // "block"
  static constexpr char kPunct[] = ",.;:!?";
  std::size_t pos = 0;
  const std::size_t room = n - 1;  // the last byte is always '\n'
  for (;;) {
    const std::string& word = words_[draw_rank(rng.next())];
    const std::uint64_t dice = rng.next();
    const bool capital = dice % 10 == 0;
    const bool punct = (dice >> 8) % 12 == 0;
    const bool newline = (dice >> 16) % 12 == 0;
    const std::size_t need = word.size() + (punct ? 1 : 0) + 1;
    if (pos + need > room) break;
    std::memcpy(out + pos, word.data(), word.size());
    if (capital) out[pos] = static_cast<char>(out[pos] - 'a' + 'A');
    pos += word.size();
    if (punct) out[pos++] = kPunct[(dice >> 24) % 6];
    out[pos++] = newline ? '\n' : ' ';
  }
  std::memset(out + pos, ' ', room - pos);
  out[n - 1] = '\n';
}

void Corpus::generate(Range blocks, char* out, bool parallel) const {
  const std::uint64_t base = byte_range(blocks).begin;
  const auto first = static_cast<std::int64_t>(blocks.begin);
  const auto last = static_cast<std::int64_t>(blocks.end);
#pragma omp parallel for schedule(static) if (parallel)
  for (std::int64_t b = first; b < last; ++b) {
    const auto block = static_cast<std::uint64_t>(b);
    generate_block(block, out + (byte_range({block, block + 1}).begin - base));
  }
}

std::shared_ptr<const Corpus> make_corpus(std::uint64_t seed, std::uint64_t bytes) {
#ifdef SCALELAB_SMPI
  // Simulated ranks are coroutines of one thread: no lock needed.
  static std::map<std::pair<std::uint64_t, std::uint64_t>, std::weak_ptr<const Corpus>> shared;
  std::weak_ptr<const Corpus>& slot = shared[{seed, bytes}];
  if (std::shared_ptr<const Corpus> existing = slot.lock()) return existing;
  auto made = std::make_shared<const Corpus>(seed, bytes);
  slot = made;
  return made;
#else
  return std::make_shared<const Corpus>(seed, bytes);
#endif
}

}  // namespace scalelab::wordcount
