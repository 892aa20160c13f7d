// SPDX-License-Identifier: MIT
#pragma once

// A whole file as bytes, and back: what the record and output-file tests compare.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace scalelab {

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_all(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

}  // namespace scalelab
