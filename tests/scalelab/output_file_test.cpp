// SPDX-License-Identifier: MIT
#include "scalelab/output_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "file_text.hpp"
#include "scalelab/errors.hpp"

namespace scalelab {
namespace {

namespace fs = std::filesystem;

// The one-line UsageError `step` throws; fails the test if it throws none.
template <class Step>
std::string usage_error(Step&& step) {
  try {
    step();
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    return message;
  }
  ADD_FAILURE() << "accepted";
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/scalelab_output_file_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  // How many names the test directory holds: what the test made plus anything left behind.
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }

  fs::path dir_;
};

constexpr FileRole kOutputRoles[] = {FileRole::kRecord, FileRole::kText, FileRole::kHdf5};

TEST_F(OutputFileTest, NewAndExistingRegularFilesAreAcceptedAndUntouched) {
  write_all(path("old"), "kept\n");
  for (const FileRole role : kOutputRoles) {
    EXPECT_NO_THROW(check_output_path("--x", path("new"), role));
    EXPECT_NO_THROW(check_output_path("--x", path("old"), role));
  }
  EXPECT_EQ(read_all(path("old")), "kept\n");
  EXPECT_EQ(entries(), 1U);  // the probes left nothing behind
}

TEST_F(OutputFileTest, EmptyPathAndDirectoriesAreRefused) {
  for (const FileRole role : kOutputRoles) {
    EXPECT_EQ(usage_error([&] { check_output_path("--counts", "", role); }),
              "--counts: an empty path (give a file name)");
    EXPECT_TRUE(contains(usage_error([&] { check_output_path("--counts", dir_.string(), role); }),
                         "--counts: '" + dir_.string() + "' is a directory"));
    EXPECT_TRUE(contains(usage_error([&] { check_output_path("--counts", path("no/x"), role); }),
                         "cannot be created: directory '" + path("no") + "' does not exist"));
  }
}

TEST_F(OutputFileTest, FifoIsRefusedForEveryRoleAndStaysAFifo) {
  const std::string fifo = path("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  for (const FileRole role : kOutputRoles) {
    EXPECT_TRUE(contains(usage_error([&] { check_output_path("--out", fifo, role); }),
                         "--out: '" + fifo + "' is a FIFO"));
  }
  struct stat info {};
  ASSERT_EQ(stat(fifo.c_str(), &info), 0);
  EXPECT_TRUE(S_ISFIFO(info.st_mode));
}

TEST_F(OutputFileTest, CopyOfTheNullDeviceIsRefused) {
  const std::string node = path("null-copy");
  if (mknod(node.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod needs root";
  }
  for (const FileRole role : kOutputRoles) {
    EXPECT_TRUE(contains(usage_error([&] { check_output_path("--groups", node, role); }),
                         "is a character device"));
  }
}

TEST_F(OutputFileTest, StreamOutputsForRecordAndTextOnly) {
  for (const char* stream : {"/dev/null", "/dev/stdout", "/dev/stderr"}) {
    EXPECT_TRUE(is_stream_output(stream));
    EXPECT_NO_THROW(check_output_path("--output", stream, FileRole::kRecord));
    EXPECT_NO_THROW(check_output_path("--counts", stream, FileRole::kText));
  }
  EXPECT_EQ(usage_error([] { check_output_path("--save", "/dev/null", FileRole::kHdf5); }),
            "--save: '/dev/null' is a character device: an HDF5 output must be a regular file");
  EXPECT_FALSE(is_stream_output("/dev/full"));
  EXPECT_TRUE(
      contains(usage_error([] { check_output_path("--output", "/dev/full", FileRole::kRecord); }),
               "is a character device"));
}

TEST_F(OutputFileTest, KernelPseudoFilesystemsAreRefused) {
  for (const FileRole role : kOutputRoles) {
    for (const char* where : {"/proc/version", "/proc/self/new.out", "/sys/kernel/new.out"}) {
      const std::string message = usage_error([&] { check_output_path("--output", where, role); });
      EXPECT_TRUE(contains(message, std::string("--output: '") + where + "'")) << message;
    }
  }
}

TEST_F(OutputFileTest, OutputThatIsAnInputIsRefusedNamingBoth) {
  write_all(path("data.txt"), "input\n");
  const std::string message = usage_error([&] {
    check_run_files({{"--input", path("data.txt"), FileRole::kInput},
                     {"--counts", path("data.txt"), FileRole::kText}});
  });
  EXPECT_EQ(message, "--counts: '" + path("data.txt") + "' is the same file as --input '" +
                         path("data.txt") + "' (an output never overwrites an input)");
  // Another spelling, and a symbolic link, are the same file.
  fs::create_symlink(path("data.txt"), path("link.txt"));
  for (const std::string& other : {dir_.string() + "/./data.txt", path("link.txt")}) {
    EXPECT_TRUE(contains(usage_error([&] {
                           check_run_files({{"--output", other, FileRole::kRecord},
                                            {"--input", path("data.txt"), FileRole::kInput}});
                         }),
                         "is the same file as --input"));
  }
  EXPECT_EQ(read_all(path("data.txt")), "input\n");
}

TEST_F(OutputFileTest, TwoOutputsOfOneFileAreRefusedEvenBeforeItExists) {
  fs::create_directory(path("sub"));
  const std::string message = usage_error([&] {
    check_run_files({{"--counts", path("sub/../out"), FileRole::kText},
                     {"--output", path("out"), FileRole::kRecord}});
  });
  EXPECT_TRUE(contains(message, "--counts: '" + path("sub/../out") +
                                    "' is the same file as --output '" + path("out") +
                                    "' (two outputs cannot share a file)"))
      << message;
}

TEST_F(OutputFileTest, DistinctFilesAndSharedStreamsAreAccepted) {
  write_all(path("in.txt"), "input\n");
  EXPECT_NO_THROW(check_run_files({{"--input", path("in.txt"), FileRole::kInput},
                                   {"--counts", path("counts.tsv"), FileRole::kText},
                                   {"--output", path("runs.jsonl"), FileRole::kRecord}}));
  EXPECT_NO_THROW(check_run_files(
      {{"--counts", "/dev/null", FileRole::kText}, {"--output", "/dev/null", FileRole::kRecord}}));
  EXPECT_EQ(entries(), 1U);
}

TEST_F(OutputFileTest, CommitReplacesTheTargetAndKeepsItsMode) {
  const std::string target = path("table.csv");
  write_all(target, "old\n");
  ASSERT_EQ(chmod(target.c_str(), 0640), 0);
  {
    ReplacedFile out("--out", target);
    EXPECT_NE(out.temp_path(), target);
    EXPECT_EQ(fs::path(out.temp_path()).parent_path(), dir_);
    out.write("new ");
    out.write("content\n");
    EXPECT_EQ(read_all(target), "old\n");  // not before commit
    out.commit();
  }
  EXPECT_EQ(read_all(target), "new content\n");
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(entries(), 1U);
}

TEST_F(OutputFileTest, AbandonedWriteLeavesTheTargetAndNoTemporary) {
  const std::string target = path("groups.txt");
  write_all(target, "previous\n");
  {
    ReplacedFile out("--groups", target);
    out.write("half of a new fi");
    EXPECT_TRUE(fs::exists(out.temp_path()));
  }
  EXPECT_EQ(read_all(target), "previous\n");
  EXPECT_EQ(entries(), 1U);
}

TEST_F(OutputFileTest, FailedWriteThrowsLeavesTheTargetAndNoTemporary) {
  const std::string target = path("counts.tsv");
  write_all(target, "previous\n");
  // A file size limit makes write() fail with EFBIG (SIGXFSZ ignored), like a full disk.
  rlimit old{};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  bool threw = false;
  try {
    ReplacedFile out("--counts", target);
    out.write(std::string(10000, 'x'));
    out.commit();
  } catch (const RuntimeError& e) {
    threw = true;
    EXPECT_TRUE(contains(e.what(), "--counts: writing '" + target + "'")) << e.what();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_TRUE(threw);
  EXPECT_EQ(read_all(target), "previous\n");
  EXPECT_EQ(entries(), 1U);
}

TEST_F(OutputFileTest, FailedRenameThrowsAndRemovesTheTemporary) {
  const std::string target = path("out.csv");
  ReplacedFile out("--out", target);
  out.write("table\n");
  // A non-empty directory took the target's name meanwhile: rename() cannot replace it.
  fs::create_directories(path("out.csv/inside"));
  EXPECT_THROW(out.commit(), RuntimeError);
  EXPECT_TRUE(fs::is_directory(target));
  EXPECT_EQ(entries(), 1U);
}

TEST_F(OutputFileTest, StreamOutputIsWrittenInPlace) {
  EXPECT_NO_THROW(write_output_file("--counts", "/dev/null", "discarded\n"));
  ReplacedFile out("--counts", "/dev/null");
  EXPECT_EQ(out.temp_path(), "");
}

}  // namespace
}  // namespace scalelab
