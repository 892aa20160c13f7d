// SPDX-License-Identifier: MIT
#include "groupby.hpp"
#include "scalelab/driver.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::groupby::make_app);
}
