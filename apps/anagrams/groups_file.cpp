// SPDX-License-Identifier: MIT
#include "groups_file.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "scalelab/output_file.hpp"

namespace scalelab::anagrams {

std::string sorted_lines(const std::string& lines) {
  std::vector<std::string_view> each;
  for (std::size_t at = 0; at < lines.size();) {
    const std::size_t end = lines.find('\n', at);
    each.push_back(std::string_view(lines).substr(at, end - at + 1));
    at = end + 1;
  }
  std::sort(each.begin(), each.end());
  std::string out;
  out.reserve(lines.size());
  for (const std::string_view line : each) out += line;
  return out;
}

void write_groups_file(const std::string& path, const std::string& lines) {
  const std::string text = sorted_lines(lines);
  write_output_file("--groups", path, text);
}

}  // namespace scalelab::anagrams
