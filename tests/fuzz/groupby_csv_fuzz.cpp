// SPDX-License-Identifier: MIT
// Differential fuzzing of groupby's CSV scanner: scan_lines (a fast path that reads a good
// line once, and a slow path) must deliver exactly the rows, and count exactly the lines and
// malformed lines, that parse_row finds line by line, for any bytes (CRLF, no final newline,
// embedded NULs, partial timestamps, numbers running into the next line).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "fuzz_check.hpp"
#include "records.hpp"

namespace {

using namespace scalelab::groupby;
using Seen = std::tuple<std::int64_t, std::string, double>;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using scalelab::fuzz::require;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ScanStats stats;
  std::vector<Seen> rows;
  scan_lines(text, false, stats, [&](const Row& row) {
    rows.emplace_back(row.time, std::string(row.unit), row.value);
  });

  std::vector<Seen> expected;
  std::uint64_t lines = 0, bad = 0, first_bad = 0;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    ++lines;
    Row row;
    if (parse_row(text.substr(start, end - start), row) == Bad::kNone) {
      expected.emplace_back(row.time, std::string(row.unit), row.value);
    } else if (bad++ == 0) {
      first_bad = lines;
    }
    start = end + 1;
  }
  require(rows == expected, "scan_lines rows differ from parse_row line by line");
  require(stats.lines == lines && stats.rows == expected.size() && stats.bad == bad &&
              stats.first_bad == first_bad,
          "scan_lines counts differ from parse_row line by line");
  return 0;
}
