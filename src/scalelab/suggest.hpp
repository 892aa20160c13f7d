// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace scalelab {

// The candidate closest to `word` by edit distance (insert, delete, substitute, swap two
// neighbours), if it is close enough to be what was meant: at most 2 edits, and fewer than
// half the word's length. None when nothing is that close or two candidates tie.
std::optional<std::string> closest_match(const std::string& word,
                                         const std::vector<std::string>& candidates);

}  // namespace scalelab
