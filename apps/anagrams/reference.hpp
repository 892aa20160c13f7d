// SPDX-License-Identifier: MIT
#pragma once

// The verification's own grouping of a whole word list, by a different method than any
// model: every (key, word) pair sorted with std::sort, groups read off as runs of equal keys.
// It shares only the definition of a word (words.hpp) and of a summary's digest (add_group),
// not the key kernels, the hash table, the partitioning or the shuffle.

#include <string_view>

#include "grouping.hpp"

namespace scalelab::anagrams {

Summary reference_grouping(std::string_view text, const SummaryOptions& options);

}  // namespace scalelab::anagrams
