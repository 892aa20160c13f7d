#include "table_output.hpp"

#include <sys/stat.h>

#include <charconv>
#include <cstdio>
#include <fstream>

#include "records.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::groupby {
namespace {

void put_number(std::string& out, double x) {
  char buffer[32];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, x).ptr);
}

}  // namespace

void check_table_path(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    throw UsageError("--out: '" + path + "' is a directory");
  }
  const std::size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    throw UsageError("--out: directory of '" + path + "' does not exist");
  }
}

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
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw RuntimeError("--out: writing '" + temporary + "' failed");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw RuntimeError("--out: cannot rename '" + temporary + "' to '" + path + "'");
  }
}

}  // namespace scalelab::groupby
