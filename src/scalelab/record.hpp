#pragma once

#include <string>

#include "scalelab/json.hpp"

namespace scalelab {

// Throws UsageError if a record could not be appended to `path` (missing directory, a
// directory in its place, no permission). Creates nothing: bad input leaves no file behind.
void check_output_writable(const std::string& path);

// Appends `record` as one line with a single write() to an O_APPEND file, then fsync, so
// concurrent writers never interleave and a crash never leaves half a record. Throws
// RuntimeError on failure.
void append_record(const std::string& path, const Json& record);

}  // namespace scalelab
