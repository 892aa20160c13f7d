// SPDX-License-Identifier: MIT
// Fuzzes the --size parsers every app's command line goes through. Contract: any text
// either parses or throws UsageError (exit 2) — never another exception, a crash or UB —
// and a parsed value printed back in decimal parses to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/size_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using scalelab::fuzz::require;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const std::uint64_t value = scalelab::parse_size(text, "--size");
    require(value > 0, "parse_size returned zero");
    require(scalelab::parse_size(std::to_string(value), "--size") == value,
            "a parsed size printed back does not parse to itself");
  } catch (const scalelab::UsageError&) {
  }
  try {
    const auto values = scalelab::parse_size_list(text, "--sizes");
    require(!values.empty(), "parse_size_list returned an empty list");
  } catch (const scalelab::UsageError&) {
  }
  return 0;
}
