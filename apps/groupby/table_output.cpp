// SPDX-License-Identifier: MIT
#include "table_output.hpp"

#include <charconv>

#include "records.hpp"
#include "scalelab/output_file.hpp"

namespace scalelab::groupby {
namespace {

void put_number(std::string& out, double x) {
  char buffer[32];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, x).ptr);
}

}  // namespace

void write_table(const std::string& path, const std::vector<Group>& groups, By by) {
  std::string text;
  if (by_date(by)) text += "SETTLEMENTDATE,";
  if (by_unit(by)) text += "DUID,";
  text += "count,mean,std,min,max\n";
  for (const Group& g : groups) {
    if (by_date(by)) text += format_timestamp(g.time) + ",";
    if (by_unit(by)) text += g.unit + ",";
    text += std::to_string(g.moments.count);
    for (double x : {g.moments.mean, g.moments.stddev(), g.moments.min, g.moments.max}) {
      text += ',';
      put_number(text, x);
    }
    text += '\n';
  }
  write_output_file("--out", path, text);
}

}  // namespace scalelab::groupby
