// SPDX-License-Identifier: MIT
#include "scalelab/driver.hpp"
#include "wordcount.hpp"

int main(int argc, char** argv) {
  return scalelab::main_entry(argc, argv, scalelab::wordcount::make_app);
}
