// SPDX-License-Identifier: MIT
// main() for GoogleTest executables launched under mpirun: MPI is initialised once for all
// tests, only rank 0 prints, and every rank returns the same verdict because the tests
// assert on facts reduced over all ranks.
#include <gtest/gtest.h>

#include "scalelab/comm.hpp"

int main(int argc, char** argv) {
  scalelab::MpiSession mpi(&argc, &argv);
  ::testing::InitGoogleTest(&argc, argv);
  const scalelab::Comm world;
  if (!world.is_root()) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  const int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  // A failure seen on any rank fails the whole launch.
  return world.max(failed);
}
