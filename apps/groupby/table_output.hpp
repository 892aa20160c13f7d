#pragma once

#include <string>
#include <vector>

#include "group_table.hpp"

namespace scalelab::groupby {

// The groups as CSV (SETTLEMENTDATE and/or DUID, then count,mean,std,min,max), numbers in
// their shortest round-trip form. Written to PATH.tmp and renamed, so a reader never sees a
// half-written table.
void write_table(const std::string& path, const std::vector<Group>& groups, By by);

// UsageError naming --out when PATH could not be written (missing directory, a directory).
void check_table_path(const std::string& path);

}  // namespace scalelab::groupby
