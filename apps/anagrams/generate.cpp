// SPDX-License-Identifier: MIT
#include "generate.hpp"

#include <algorithm>
#include <utility>

#include "words.hpp"

namespace scalelab::anagrams {
namespace {

// 100 letters in roughly English proportions: a uniform pick from it is a weighted letter.
constexpr char kLetters[] =
    "eeeeeeeeeeeetttttttttaaaaaaaaoooooooiiiiiiinnnnnnnsssssshhhhhhrrrrrrddddllllcccuuummmwwff"
    "ggyyppbvkjxqz";
constexpr std::uint64_t kLetterCount = sizeof kLetters - 1;

// SplitMix64: a counter-based stream, so the draws of word i need nothing from word i-1.
struct Stream {
  std::uint64_t state;
  std::uint64_t next() {
    state += 0x9e3779b97f4a7c15ULL;
    return mix64(state);
  }
};

}  // namespace

void append_generated_words(std::uint64_t total, std::uint64_t seed, Range indices,
                            std::string& out) {
  const std::uint64_t shared_families = std::max<std::uint64_t>(1, total / 20);
  char letters[16];  // at most 13
  for (std::uint64_t i = indices.begin; i < indices.end; ++i) {
    Stream word{mix64(seed * 0x9e3779b97f4a7c15ULL + i) ^ 0x5851f42d4c957f2dULL};
    const std::uint64_t pick = word.next();
    // Family ids: 0..shared-1 are shared, shared + i is word i's own.
    const std::uint64_t family =
        pick % 100 < 10 ? (pick >> 8) % shared_families : shared_families + i;
    Stream letters_of{mix64(seed ^ (family * 0xd1342543de82ef95ULL)) + 1};
    const std::size_t length = 4 + letters_of.next() % 10;
    for (std::size_t k = 0; k < length; ++k)
      letters[k] = kLetters[letters_of.next() % kLetterCount];
    // Fisher-Yates with the word's own draws: members of a family are permutations.
    for (std::size_t k = length - 1; k > 0; --k)
      std::swap(letters[k], letters[word.next() % (k + 1)]);
    if (word.next() % 100 < 5) letters[0] = static_cast<char>(letters[0] - 'a' + 'A');
    out.append(letters, length);
    out += '\n';
  }
}

}  // namespace scalelab::anagrams
