// SPDX-License-Identifier: MIT
#pragma once

// A synthetic word list (--generate N, or --size without --input): deterministic from the
// seed, word i a pure function of (seed, i, N), so any rank or thread can generate any block
// of it and the verification can generate all of it again.
//
// Shape, chosen to resemble a dictionary: 90 % of the words each have a "family" of their
// own (random letters, 4-13 of them, English letter frequencies), so they are mostly alone;
// the other 10 % draw one of N/20 shared families, ~2 words each, and are a random
// permutation of its letters: these make the anagram groups (a few % of the words, as in
// /usr/share/dict/words). 5 % of the words are capitalised and short permutations repeat, so
// case folding and duplicates are exercised too.

#include <cstdint>
#include <string>

#include "scalelab/partition.hpp"

namespace scalelab::anagrams {

// Appends words [indices.begin, indices.end) of the list of `total` words, one per line.
void append_generated_words(std::uint64_t total, std::uint64_t seed, Range indices,
                            std::string& out);

}  // namespace scalelab::anagrams
