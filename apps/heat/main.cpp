// SPDX-License-Identifier: MIT
#include <string>
#include <vector>

#include "heat.hpp"
#include "scalelab/driver.hpp"

// `--size NXxNY` is rewritten for the shared parser first (heat_grid.hpp explains why).
int main(int argc, char** argv) {
  std::vector<std::string> args =
      scalelab::heat::expand_grid_size(std::vector<std::string>(argv, argv + argc));
  std::vector<char*> pointers;
  for (std::string& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  return scalelab::main_entry(static_cast<int>(args.size()), pointers.data(),
                              scalelab::heat::make_app);
}
