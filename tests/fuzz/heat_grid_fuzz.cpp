// SPDX-License-Identifier: MIT
// Fuzzes heat's grid (--size NX[xNY], parse_size_2d) as heat's command line reads it.
// Contract: a grid parses to non-zero sides whose cell count fits in 64 bits, or throws
// UsageError; heat's parser takes it as that grid and its cells, or throws UsageError.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "heat.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/size_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using scalelab::fuzz::require;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<scalelab::Size2D> grid;
  try {
    grid = scalelab::parse_size_2d(text, "--size");
    require(grid->width > 0 && grid->height > 0, "a parsed grid has a zero side");
    require(grid->height <= std::numeric_limits<std::uint64_t>::max() / grid->width,
            "a parsed grid's cell count overflows");
  } catch (const scalelab::UsageError&) {
  }
  auto params = std::make_shared<scalelab::heat::Params>();
  const scalelab::AppDefinition app = scalelab::heat::make_app(params);
  try {
    const scalelab::ParseOutcome parsed = scalelab::parse_command_line(
        app, {"scalelab-heat", "--model", "serial", "--size=" + text, "--steps", "3"});
    require(grid.has_value(), "heat accepted a --size parse_size_2d refuses");
    require(params->grid == grid && parsed.options.size == grid->cells(),
            "heat's grid or size differs from parse_size_2d's");
  } catch (const scalelab::UsageError&) {
    require(!grid.has_value(), "heat refused a --size parse_size_2d accepts");
  }
  return 0;
}
