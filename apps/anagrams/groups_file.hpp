// SPDX-License-Identifier: MIT
#pragma once

// --groups FILE: every anagram group (>= 2 distinct words), one per line, its members sorted
// and separated by a tab; lines sorted bytewise (so by each group's smallest member). The file
// replaces FILE atomically (scalelab/output_file.hpp), so a reader never sees half of it.

#include <string>

namespace scalelab::anagrams {

// Sorts `lines` (one group per line, '\n'-terminated) and writes them to `path`.
void write_groups_file(const std::string& path, const std::string& lines);

// `lines` with its lines sorted bytewise: a grouping's groups in a deterministic order.
std::string sorted_lines(const std::string& lines);

}  // namespace scalelab::anagrams
