// SPDX-License-Identifier: MIT
#include "scalelab/driver.hpp"
#include "taskfarm.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::taskfarm::make_app);
}
