// SPDX-License-Identifier: MIT
// Parallel HDF5 helpers at 1-4 ranks: each rank writes its rows of a global array, every
// rank reads back a different split, and bad files are refused as bad input.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>

#include <fstream>
#include <vector>

#include "scalelab/comm.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/hdf5.hpp"
#include "scalelab/partition.hpp"

namespace scalelab::h5 {
namespace {

std::string temp_path(const Comm& comm, const char* name) {
  return comm.broadcast("/tmp/scalelab-hdf5-test-" + std::to_string(::getpid()) + "-" + name);
}

double value_at(std::uint64_t row, std::uint64_t col) {
  return row * 1000.0 + col + 0.25;
}

TEST(Hdf5, BlocksRoundTripAcrossDifferentSplits) {
  const Comm world;
  const std::string path = temp_path(world, "roundtrip.h5");
  const Extent2 global{7, 5};  // 7 rows do not divide by 2, 3 or 4 ranks
  const auto ranks = static_cast<std::uint64_t>(world.size());
  const auto rank = static_cast<std::uint64_t>(world.rank());
  {
    const Range rows = block_range(global.rows, ranks, rank);
    std::vector<double> mine;
    for (auto r = rows.begin; r < rows.end; ++r)
      for (std::uint64_t c = 0; c < global.cols; ++c) mine.push_back(value_at(r, c));
    File file = File::create(path, world.raw());
    file.write_block("field", global, {rows.begin, 0, rows.size(), global.cols}, mine.data());
    file.set_attribute("/", "step", std::int64_t{42});
    file.set_attribute("field", "alpha", 0.125);
    file.set_attribute("/", "boundary", std::string("insulated"));
  }
  // Read back split by columns instead of rows: a different hyperslab per rank.
  const File file = File::open_read(path, world.raw());
  const Range cols = block_range(global.cols, ranks, rank);
  std::vector<double> back(global.rows * cols.size());
  file.read_block("field", global, {0, cols.begin, global.rows, cols.size()}, back.data());
  bool equal = true;
  for (std::uint64_t r = 0; r < global.rows; ++r)
    for (std::uint64_t c = 0; c < cols.size(); ++c)
      equal = equal && back[r * cols.size() + c] == value_at(r, cols.begin + c);
  EXPECT_TRUE(world.all(equal));
  EXPECT_EQ(file.attribute_int("/", "step"), 42);
  EXPECT_EQ(file.attribute_double("field", "alpha"), 0.125);
  EXPECT_EQ(file.attribute_string("/", "boundary"), "insulated");
  EXPECT_EQ(file.shape("field").rows, 7u);
  world.barrier();
  if (world.is_root()) std::remove(path.c_str());
}

TEST(Hdf5, WrongShapeMissingDatasetAndAttributeAreBadInput) {
  const Comm world;
  const std::string path = temp_path(world, "shape.h5");
  {
    std::vector<double> row(3, 1.0);
    File file = File::create(path, world.raw());
    const bool root = world.is_root();
    file.write_block("field", {1, 3}, {0, 0, root ? 1u : 0u, root ? 3u : 0u}, row.data());
  }
  const File file = File::open_read(path, world.raw());
  std::vector<double> buffer(9);
  EXPECT_THROW(file.read_block("field", {3, 3}, {0, 0, 0, 0}, buffer.data()), UsageError);
  EXPECT_THROW(file.shape("nope"), UsageError);
  EXPECT_THROW(file.attribute_int("/", "step"), UsageError);
  world.barrier();
  if (world.is_root()) std::remove(path.c_str());
}

TEST(Hdf5, MissingOrCorruptFileIsBadInput) {
  const Comm world;
  EXPECT_THROW(File::open_read("/tmp/scalelab-no-such-file.h5", world.raw()), UsageError);
  const std::string path = temp_path(world, "corrupt.h5");
  if (world.is_root()) std::ofstream(path) << "this is not an HDF5 file\n";
  world.barrier();
  try {
    File::open_read(path, world.raw());
    ADD_FAILURE() << "a text file opened as HDF5";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
  world.barrier();
  if (world.is_root()) std::remove(path.c_str());
}

}  // namespace
}  // namespace scalelab::h5
