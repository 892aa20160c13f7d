// SPDX-License-Identifier: MIT
#include "heat.hpp"
#include "scalelab/driver.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::heat::make_app);
}
