// SPDX-License-Identifier: MIT
#include "counter.hpp"
#include "scalelab/driver.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::counter::make_app);
}
