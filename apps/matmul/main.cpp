// SPDX-License-Identifier: MIT
#include "matmul.hpp"
#include "scalelab/driver.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::matmul::make_app);
}
