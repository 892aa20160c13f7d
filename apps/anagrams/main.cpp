// SPDX-License-Identifier: MIT
#include "anagrams.hpp"
#include "scalelab/driver.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::anagrams::make_app);
}
