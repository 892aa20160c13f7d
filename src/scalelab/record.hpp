// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "scalelab/json.hpp"

namespace scalelab {

// Appends `record` as one line with a single write() to an O_APPEND file, then fsync, so
// concurrent writers never interleave and a crash never leaves half a record. If the file's
// last line was cut (a writer killed mid-line by another program, a full disk), a newline
// ends it first: the cut line stays for readers to skip, and the new record is whole on its
// own line. A stream output (/dev/null, /dev/stdout, /dev/stderr) is written in place
// without fsync. The path was checked by check_output_path (output_file.hpp); anything but a
// regular file or a stream output is refused here too, without blocking. Throws
// RuntimeError on failure.
void append_record(const std::string& path, const Json& record);

}  // namespace scalelab
