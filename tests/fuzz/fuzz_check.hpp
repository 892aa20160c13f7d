// SPDX-License-Identifier: MIT
#pragma once

// What a fuzz target does when an input breaks a parser's contract: print why and abort,
// which libFuzzer (and the replay runner) report as a crash with the input saved.
#include <cstdio>
#include <cstdlib>

namespace scalelab::fuzz {

inline void require(bool ok, const char* contract) {
  if (!ok) {
    std::fprintf(stderr, "contract broken: %s\n", contract);
    std::abort();
  }
}

}  // namespace scalelab::fuzz
