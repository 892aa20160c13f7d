// SPDX-License-Identifier: MIT
#include "reference.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace scalelab::anagrams {

Summary reference_grouping(std::string_view text, const SummaryOptions& options) {
  std::string words(text);
  for (char& c : words) c = fold_case(c);
  std::string keys = words;
  std::vector<std::pair<std::string_view, std::string_view>> pairs;  // (key, word)
  for_each_word(text, [&](std::size_t offset, std::size_t length) {
    std::sort(reinterpret_cast<unsigned char*>(keys.data() + offset),
              reinterpret_cast<unsigned char*>(keys.data() + offset + length));
    pairs.emplace_back(std::string_view(keys).substr(offset, length),
                       std::string_view(words).substr(offset, length));
  });
  // string_view compares as unsigned bytes (char_traits<char>::compare is memcmp-like).
  std::sort(pairs.begin(), pairs.end());
  Summary s;
  std::vector<std::string_view> members;
  for (std::size_t begin = 0; begin < pairs.size();) {
    std::size_t end = begin;
    members.clear();
    for (; end < pairs.size() && pairs[end].first == pairs[begin].first; ++end) {
      if (members.empty() || members.back() != pairs[end].second)
        members.push_back(pairs[end].second);
    }
    const std::string_view key = pairs[begin].first;
    add_group(key, hash_bytes(key), members, (end - begin) - members.size(), options, s);
    begin = end;
  }
  return s;
}

}  // namespace scalelab::anagrams
