// SPDX-License-Identifier: MIT
// Fuzzes heat's grid parser (--size NX[xNY]) and the argv rewriting in front of it.
// Contract: a grid parses to non-zero sides whose cell count fits in 64 bits, or throws
// UsageError; expand_grid_size never throws and keeps every other argument as it was.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "heat_grid.hpp"
#include "scalelab/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using scalelab::fuzz::require;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const scalelab::heat::GridShape grid = scalelab::heat::parse_grid(text);
    require(grid.width > 0 && grid.height > 0, "a parsed grid has a zero side");
    require(grid.height <= std::numeric_limits<std::uint64_t>::max() / grid.width,
            "a parsed grid's cell count overflows");
  } catch (const scalelab::UsageError&) {
  }
  const std::vector<std::string> args{"scalelab-heat", "--model", "serial", "--size", text,
                                      "--steps",       "3"};
  const std::vector<std::string> out = scalelab::heat::expand_grid_size(args);
  // A value that is itself an option ("--size=261") is rewritten as one: no shape to check.
  if (text.rfind("-", 0) == 0) return 0;
  require(out.size() >= args.size() && out.size() <= args.size() + 2,
          "expand_grid_size changed the argument count by more than --grid V");
  require(out[0] == args[0] && out[1] == "--model" && out[2] == "serial",
          "expand_grid_size changed an argument before --size");
  require(out[out.size() - 2] == "--steps" && out.back() == "3",
          "expand_grid_size changed an argument after --size");
  return 0;
}
