#pragma once

// --groups FILE: every anagram group (>= 2 distinct words), one per line, its members sorted
// and separated by a tab; lines sorted bytewise (so by each group's smallest member). The file
// is written to FILE.tmp and renamed, so a reader never sees half of it.

#include <string>

namespace scalelab::anagrams {

// Throws UsageError naming --groups when FILE could not be written (missing directory, a
// directory in its place). Creates nothing.
void check_groups_path(const std::string& path);

// Sorts `lines` (one group per line, '\n'-terminated) and writes them to `path`.
void write_groups_file(const std::string& path, const std::string& lines);

// `lines` with its lines sorted bytewise: a grouping's groups in a deterministic order.
std::string sorted_lines(const std::string& lines);

}  // namespace scalelab::anagrams
