// SPDX-License-Identifier: MIT
#include "pi.hpp"
#include "scalelab/driver.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::pi::make_app);
}
