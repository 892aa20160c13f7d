// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "group_table.hpp"

namespace scalelab::groupby {

// The groups as CSV (SETTLEMENTDATE and/or DUID, then count,mean,std,min,max), numbers in
// their shortest round-trip form. Replaces PATH atomically (scalelab/output_file.hpp), so a
// reader never sees a half-written table.
void write_table(const std::string& path, const std::vector<Group>& groups, By by);

}  // namespace scalelab::groupby
