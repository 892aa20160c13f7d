// SPDX-License-Identifier: MIT
// heat's HDF5 files at 1-4 ranks (mpi/heat_io_test/np<R>): checkpoints round-trip bit for
// bit across rank counts, a run restarted from a checkpoint written by a different number
// of ranks ends with the uninterrupted run's bits, bad checkpoints are refused with one
// line (exit 2), a failed write leaves the previous checkpoint intact, snapshots hold
// the steps they promise, and temporal blocking writes the same files.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>

#include "heat_run.hpp"
#include "scalelab/hdf5.hpp"

namespace scalelab::heat {
namespace {

namespace fs = std::filesystem;
using testing::failure_of;
using testing::from_record;
using testing::run_heat;
using testing::Strings;

// A fresh directory every rank sees (made by the root, removed at the end of the test).
class HeatFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string path;
    if (world_.is_root()) {
      std::string pattern = (fs::temp_directory_path() / "heat-io-test.XXXXXX").string();
      path = mkdtemp(pattern.data()) ? pattern : "";
    }
    dir_ = world_.broadcast(path);
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override {
    world_.barrier();
    if (world_.is_root()) fs::remove_all(dir_);
  }
  std::string file(const std::string& name) const { return dir_ + "/" + name; }

  // Lets the root change a file's bytes while the other ranks wait.
  void rewrite(const std::string& path, const std::function<void(std::string&)>& change) const {
    if (world_.is_root()) {
      std::ifstream in(path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      change(bytes);
      std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    }
    world_.barrier();
  }
  void copy(const std::string& from, const std::string& to) const {
    if (world_.is_root()) fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    world_.barrier();
  }

  const Comm world_;
  std::string dir_;
};

// A grid every rank count 1-4 splits unevenly, and the options of its simulation.
const Strings kRun{"--size", "37x23", "--boundary", "insulated", "--steps", "30"};

// Options later in the list replace earlier ones (run_heat applies them in order).
Strings plus(Strings args, const Strings& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string multi_rank_model(const Comm& comm) {
  return comm.size() > 1 ? "mpi" : "serial";
}

TEST_F(HeatFiles, CheckpointRoundTripsAcrossRankCounts) {
  const GridShape grid{37, 23};
  Params params;
  const Simulation sim{grid, &params};
  const Decomposition decomposition(world_, grid);
  const Block& block = decomposition.block();
  Field field(block.rows, block.cols);
  field.first_touch(0.0);
  for (std::uint64_t i = 0; i < block.rows; ++i) {
    for (std::uint64_t j = 0; j < block.cols; ++j) {
      field.row(static_cast<std::int64_t>(i))[j] =
          initial_temperature(grid, block.row0 + i, block.col0 + j) / 3.0;  // inexact values
    }
  }
  const std::uint64_t digest = world_.sum(digest_share(field, block, grid.width));
  const std::string path = file("round-trip.h5");
  write_checkpoint(world_, path, sim, field, block, 17, digest);

  // Read back by the same ranks...
  Field again(block.rows, block.cols);
  again.first_touch(0.0);
  EXPECT_EQ(read_checkpoint(world_, path, sim, again, block), 17U);
  bool same = true;
  for (std::uint64_t i = 0; i < block.rows; ++i) {
    const auto row = static_cast<std::int64_t>(i);
    same = same && std::equal(field.row(row), field.row(row) + block.cols, again.row(row));
  }
  EXPECT_TRUE(world_.all(same));

  // ...and by every rank alone, the whole grid at once: the same bits in global order.
  const Comm self(MPI_COMM_SELF);
  Field global(grid.height, grid.width);
  global.first_touch(0.0);
  EXPECT_EQ(read_checkpoint(self, path, sim, global, {0, 0, grid.height, grid.width}), 17U);
  bool global_same = true;
  for (std::uint64_t i = 0; i < block.rows; ++i) {
    const double* mine = field.row(static_cast<std::int64_t>(i));
    const double* read = global.row(static_cast<std::int64_t>(block.row0 + i)) + block.col0;
    global_same = global_same && std::equal(mine, mine + block.cols, read);
  }
  EXPECT_TRUE(world_.all(global_same));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);  // no temporary left
}

TEST_F(HeatFiles, RestartWithOtherRankCountEndsWithTheUninterruptedBits) {
  const std::string model = multi_rank_model(world_);
  const std::string uninterrupted =
      from_record(world_, run_heat(world_, plus(kRun, {"--model", model})), {"result", "digest"});

  // The first run on one rank fewer (when there is more than one), checkpointing every 8
  // steps: its last checkpoint holds step 24 of 30.
  const std::string checkpoint = file("run.h5");
  const int writers = std::max(1, world_.size() - 1);
  MPI_Comm sub = MPI_COMM_NULL;
  MPI_Comm_split(world_.raw(), world_.rank() < writers ? 0 : MPI_UNDEFINED, world_.rank(), &sub);
  if (sub != MPI_COMM_NULL) {
    const Comm first(sub);
    run_heat(first, plus(kRun, {"--model", multi_rank_model(first), "--checkpoint", checkpoint,
                                "--checkpoint-every", "8"}));
    MPI_Comm_free(&sub);
  }
  world_.barrier();

  const RunOutcome restarted =
      run_heat(world_, plus(kRun, {"--model", world_.size() > 1 ? "hybrid" : "openmp", "--threads",
                                   "2", "--restart", checkpoint, "--reps", "2"}));
  EXPECT_EQ(restarted.exit_code, kExitOk);
  EXPECT_EQ(from_record(world_, restarted, {"params", "start_step"}), "24");
  EXPECT_EQ(from_record(world_, restarted, {"result", "digest"}), uninterrupted);

  // A checkpoint of the final step restarts into zero steps: the same field, still verified.
  const std::string final_checkpoint = file("final.h5");
  run_heat(world_, plus(kRun, {"--model", model, "--checkpoint", final_checkpoint,
                               "--checkpoint-every", "10"}));
  const RunOutcome nothing_left =
      run_heat(world_, plus(kRun, {"--model", model, "--restart", final_checkpoint}));
  EXPECT_EQ(nothing_left.exit_code, kExitOk);
  EXPECT_EQ(from_record(world_, nothing_left, {"result", "digest"}), uninterrupted);
}

TEST_F(HeatFiles, BadCheckpointsAreRefusedNamingTheFile) {
  const std::string model = multi_rank_model(world_);
  const std::string good = file("good.h5");
  run_heat(world_,
           plus(kRun, {"--model", model, "--checkpoint", good, "--checkpoint-every", "10"}));

  const auto refusal = [&](const std::string& path, const Strings& options) {
    return failure_of(world_, plus(plus(kRun, options), {"--model", model, "--restart", path}));
  };
  const auto expect_refused = [&](const std::string& path, const Strings& options,
                                  const std::string& what) {
    const testing::Failure f = refusal(path, options);
    EXPECT_EQ(f.code, kExitUsage) << path;
    EXPECT_EQ(f.message.rfind("--restart: '" + path + "' " + what, 0), 0U) << f.message;
    EXPECT_EQ(f.message.find('\n'), std::string::npos);
  };

  expect_refused(file("missing.h5"), {}, "does not exist");
  expect_refused(dir_, {}, "is a directory, not a file");
  const std::string text = file("text.h5");
  if (world_.is_root()) std::ofstream(text) << "not HDF5\n";
  world_.barrier();
  expect_refused(text, {}, "is missing or not a readable HDF5 file");

  const std::string truncated = file("truncated.h5");
  copy(good, truncated);
  rewrite(truncated, [](std::string& bytes) { bytes.resize(bytes.size() / 2); });
  expect_refused(truncated, {}, "is missing or not a readable HDF5 file");

  // One flipped bit in one stored value: only the digest can tell.
  const std::string flipped = file("flipped.h5");
  copy(good, flipped);
  double corner = 0;
  {
    const h5::File checkpoint = h5::File::open_read(good, MPI_COMM_SELF);
    checkpoint.read_block("field", {23, 37}, {0, 0, 1, 1}, &corner);
  }
  std::string pattern(sizeof(double), '\0');
  std::memcpy(pattern.data(), &corner, sizeof(double));
  rewrite(flipped, [&](std::string& bytes) {
    const std::size_t at = bytes.find(pattern);
    ASSERT_NE(at, std::string::npos);
    bytes[at] = static_cast<char>(bytes[at] ^ 1);
  });
  expect_refused(flipped, {}, "is corrupt: its field does not match the digest stored with it");

  expect_refused(good, {"--size", "36x23"}, "holds a 37x23 grid, but --size asks for 36x23");
  expect_refused(good, {"--alpha", "0.25"}, "continues a run with --alpha 0.2, not 0.25");
  expect_refused(good, {"--boundary", "fixed"}, "continues a run with --boundary insulated");
  expect_refused(good, {"--steps", "20"}, "is at step 30, past --steps 20");
}

TEST_F(HeatFiles, FailedWriteLeavesThePreviousCheckpoint) {
#ifdef SCALELAB_UBSAN
  GTEST_SKIP() << "takes every file descriptor, which UBSan's type check needs (see CMakeLists)";
#endif
  const std::string path = file("keep.h5");
  const std::string model = multi_rank_model(world_);
  const std::string digest = from_record(
      world_,
      run_heat(world_,
               plus(kRun, {"--model", model, "--checkpoint", path, "--checkpoint-every", "30"})),
      {"result", "digest"});
  // The root writes the next checkpoint alone, with no file descriptor free (the limit set
  // to the lowest free one): creating its temporary fails, and the write with it.
  if (world_.is_root()) {
    const Comm self(MPI_COMM_SELF);
    const GridShape grid{37, 23};
    Params params;
    params.boundary = "insulated";
    Field zeros(grid.height, grid.width);
    zeros.first_touch(0.0);
    rlimit old{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &old), 0);
    const int lowest_free = dup(0);
    close(lowest_free);
    rlimit none_free = old;
    none_free.rlim_cur = static_cast<rlim_t>(lowest_free);
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &none_free), 0);
    EXPECT_THROW(write_checkpoint(self, path, {grid, &params}, zeros,
                                  {0, 0, grid.height, grid.width}, 31, 0),
                 Error);
    setrlimit(RLIMIT_NOFILE, &old);
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 1);  // no temporary left
  }
  world_.barrier();
  // Still the complete checkpoint of step 30: a restart at step 30 is the same field.
  const RunOutcome again = run_heat(world_, plus(kRun, {"--model", model, "--restart", path}));
  EXPECT_EQ(again.exit_code, kExitOk);
  EXPECT_EQ(from_record(world_, again, {"result", "digest"}), digest);
}

TEST_F(HeatFiles, SnapshotsHoldEveryKthStepTheFirstAndTheLast) {
  const std::string path = file("snapshots.h5");
  const RunOutcome out =
      run_heat(world_, plus(kRun, {"--model", multi_rank_model(world_), "--snapshot", path,
                                   "--snapshot-every", "12", "--reps", "2"}));
  EXPECT_EQ(out.exit_code, kExitOk);
  const std::string digest = from_record(world_, out, {"result", "digest"});
  const h5::File snapshots = h5::File::open_read(path, world_.raw());
  for (const char* name :
       {"step_0000000000", "step_0000000012", "step_0000000024", "step_0000000030"}) {
    EXPECT_TRUE(snapshots.has(name)) << name;
  }
  EXPECT_FALSE(snapshots.has("step_0000000029"));
  EXPECT_EQ(snapshots.attribute_string("/", "format"), "scalelab-heat snapshots 1");
  EXPECT_EQ(snapshots.attribute_int("/", "nx"), 37);
  EXPECT_EQ(snapshots.attribute_int("step_0000000030", "step"), 30);
  EXPECT_EQ(snapshots.attribute_string("step_0000000030", "digest"), digest);
  // The stored values are the record's field: read them back and digest them again.
  const GridShape grid{37, 23};
  const Decomposition decomposition(world_, grid);
  const Block& b = decomposition.block();
  std::vector<double> cells(b.rows * b.cols);
  snapshots.read_block("step_0000000030", {23, 37}, {b.row0, b.col0, b.rows, b.cols}, cells.data());
  Field field(b.rows, b.cols);
  field.first_touch(0.0);
  unpack_cells(cells, field);
  EXPECT_EQ(digest_text(world_.sum(digest_share(field, b, 37))), digest);
}

// --time-block 7 with checkpoints every 5 and snapshots every 4 steps (neither a multiple of
// 7): the files hold the same steps with the same digests as the plain stencil's, and a
// restart from the blocked run's checkpoint with another K ends with the same bits.
TEST_F(HeatFiles, TimeBlockingCheckpointsAndSnapshotsTheSameSteps) {
  const std::string model = world_.size() > 1 ? "hybrid" : "openmp";
  const auto run_with = [&](const std::string& k) {
    const RunOutcome out = run_heat(
        world_,
        plus(kRun, {"--model", model, "--threads", "2", "--time-block", k, "--checkpoint",
                    file("checkpoint-" + k + ".h5"), "--checkpoint-every", "5", "--snapshot",
                    file("snapshots-" + k + ".h5"), "--snapshot-every", "4"}));
    EXPECT_EQ(out.exit_code, kExitOk) << k;
    return from_record(world_, out, {"result", "digest"});
  };
  EXPECT_EQ(run_with("7"), run_with("1"));
  const h5::File plain = h5::File::open_read(file("checkpoint-1.h5"), world_.raw());
  const h5::File blocked = h5::File::open_read(file("checkpoint-7.h5"), world_.raw());
  EXPECT_EQ(blocked.attribute_int("/", "step"), 30);
  EXPECT_EQ(blocked.attribute_string("/", "digest"), plain.attribute_string("/", "digest"));
  const h5::File plain_snapshots = h5::File::open_read(file("snapshots-1.h5"), world_.raw());
  const h5::File blocked_snapshots = h5::File::open_read(file("snapshots-7.h5"), world_.raw());
  for (const char* name : {"step_0000000000", "step_0000000004", "step_0000000012",
                           "step_0000000028", "step_0000000030"}) {
    ASSERT_TRUE(blocked_snapshots.has(name)) << name;
    EXPECT_EQ(blocked_snapshots.attribute_string(name, "digest"),
              plain_snapshots.attribute_string(name, "digest"))
        << name;
  }
  EXPECT_FALSE(blocked_snapshots.has("step_0000000007"));

  // Interrupted at step 20 (a checkpoint of a 20-step run) and finished with K = 3.
  run_heat(world_, plus(kRun, {"--model", model, "--time-block", "6", "--steps", "20",
                               "--checkpoint", file("half.h5"), "--checkpoint-every", "20"}));
  const RunOutcome finished = run_heat(
      world_, plus(kRun, {"--model", model, "--time-block", "3", "--restart", file("half.h5")}));
  EXPECT_EQ(from_record(world_, finished, {"params", "start_step"}), "20");
  EXPECT_EQ(from_record(world_, finished, {"result", "digest"}),
            plain.attribute_string("/", "digest"));
}

}  // namespace
}  // namespace scalelab::heat
