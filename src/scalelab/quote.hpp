// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace scalelab {

// Bytes from a user's input (a line of a file, a path) made safe to show in a one-line
// message, in single quotes: printable ASCII is kept, every other byte (NUL, newline, tab,
// control, non-ASCII) and the backslash become \xNN, so nothing is cut at a NUL, no message
// spans lines and the terminal sees no control codes. Input longer than `max_bytes` is cut
// there and marked with "...".
std::string quote_input(std::string_view bytes, std::size_t max_bytes = 256);

}  // namespace scalelab
