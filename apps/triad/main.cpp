// SPDX-License-Identifier: MIT
#include "scalelab/driver.hpp"
#include "triad.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::triad::make_app);
}
