#include "groups_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

#include "scalelab/errors.hpp"

namespace scalelab::anagrams {

namespace fs = std::filesystem;

void check_groups_path(const std::string& path) {
  const std::string what = "--groups: '" + path + "' ";
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw UsageError(what + "is a directory");
  const fs::path parent =
      fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  if (!fs::exists(parent, ec))
    throw UsageError(what + "cannot be created: directory '" + parent.string() +
                     "' does not exist");
  if (!fs::is_directory(parent, ec))
    throw UsageError(what + "cannot be created: '" + parent.string() + "' is not a directory");
}

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
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw RuntimeError("--groups: cannot open '" + tmp + "': " + std::strerror(errno));
  const bool written = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw RuntimeError("--groups: writing '" + path + "' failed: " + std::strerror(errno));
  }
}

}  // namespace scalelab::anagrams
