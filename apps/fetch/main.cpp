// SPDX-License-Identifier: MIT
#include "fetch.hpp"
#include "scalelab/driver.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::fetch::make_app);
}
