// SPDX-License-Identifier: MIT
#include "scalelab/record.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "file_text.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/output_file.hpp"

namespace scalelab {
namespace {

namespace fs = std::filesystem;

// Each test gets a fresh private directory under /tmp, removed afterwards.
class RecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/scalelab_record_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // Expects check_output_path (record role) to refuse `path` with a one-line UsageError naming
  // --output and the path.
  static void expect_refused(const std::string& path) {
    SCOPED_TRACE(path);
    try {
      check_output_path("--output", path, FileRole::kRecord);
      ADD_FAILURE() << "accepted";
    } catch (const UsageError& e) {
      const std::string message = e.what();
      EXPECT_EQ(e.code(), kExitUsage);
      EXPECT_NE(message.find("--output"), std::string::npos) << message;
      EXPECT_NE(message.find(path), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }

  static Json sample_record(int run) {
    return Json::object({{"workload", "pi"},
                         {"run", run},
                         {"note", "has \"quotes\", a\nnewline and a \\ backslash"},
                         {"time", Json::object({{"min", 0.5}, {"max", 1.25}})},
                         {"list", Json::array().push(1).push("two")}});
  }

  fs::path dir_;
};

TEST_F(RecordTest, AppendWritesOneTerminatedLine) {
  const fs::path path = dir_ / "runs.jsonl";
  const Json record = sample_record(1);
  append_record(path.string(), record);
  EXPECT_EQ(read_all(path), record.dump() + "\n");
}

TEST_F(RecordTest, TwoAppendsGiveTwoLinesInOrder) {
  const fs::path path = dir_ / "runs.jsonl";
  append_record(path.string(), sample_record(1));
  append_record(path.string(), sample_record(2));
  const std::string text = read_all(path);
  EXPECT_EQ(text, sample_record(1).dump() + "\n" + sample_record(2).dump() + "\n");

  std::istringstream lines(text);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_EQ(line.front(), '{');
    EXPECT_EQ(line.back(), '}');
    EXPECT_EQ(line, sample_record(count).dump());
  }
  EXPECT_EQ(count, 2);
}

TEST_F(RecordTest, AppendKeepsWhatIsAlreadyThere) {
  const fs::path path = dir_ / "runs.jsonl";
  write_all(path, "{\"earlier\":true}\n");
  append_record(path.string(), Json::object({{"later", 1}}));
  EXPECT_EQ(read_all(path), "{\"earlier\":true}\n{\"later\":1}\n");
}

TEST_F(RecordTest, CutLastLineIsEndedBeforeTheNextRecord) {
  const fs::path path = dir_ / "runs.jsonl";
  const std::string whole = sample_record(1).dump() + "\n";
  const std::string cut = sample_record(2).dump().substr(0, 25);
  write_all(path, whole + cut);
  append_record(path.string(), sample_record(3));
  // The cut line stays (readers skip it); the new record is whole on a line of its own.
  EXPECT_EQ(read_all(path), whole + cut + "\n" + sample_record(3).dump() + "\n");
}

TEST_F(RecordTest, StreamOutputIsWrittenWithoutAFile) {
  EXPECT_NO_THROW(append_record("/dev/null", sample_record(1)));
}

TEST_F(RecordTest, FifoIsRefusedWithoutBlocking) {
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  EXPECT_THROW(append_record(fifo.string(), sample_record(1)), RuntimeError);
  EXPECT_TRUE(fs::is_fifo(fifo));
}

TEST_F(RecordTest, AppendFailureIsARuntimeError) {
  try {
    append_record((dir_ / "missing" / "runs.jsonl").string(), sample_record(1));
    ADD_FAILURE() << "append to a missing directory succeeded";
  } catch (const RuntimeError& e) {
    EXPECT_EQ(e.code(), kExitRuntime);
    EXPECT_NE(std::string(e.what()).find("--output"), std::string::npos) << e.what();
  }
  EXPECT_THROW(append_record(dir_.string(), sample_record(1)), RuntimeError);
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

TEST_F(RecordTest, NewFileInAnExistingDirectoryIsFineAndNotCreated) {
  const fs::path path = dir_ / "new.jsonl";
  EXPECT_NO_THROW(check_output_path("--output", path.string(), FileRole::kRecord));
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(RecordTest, ExistingFileIsFineAndUntouched) {
  const fs::path path = dir_ / "old.jsonl";
  write_all(path, "{\"a\":1}\n");
  EXPECT_NO_THROW(check_output_path("--output", path.string(), FileRole::kRecord));
  EXPECT_EQ(read_all(path), "{\"a\":1}\n");
}

TEST_F(RecordTest, RelativePathInTheWorkingDirectory) {
  const fs::path cwd = fs::current_path();
  fs::current_path(dir_);
  EXPECT_NO_THROW(check_output_path("--output", "relative.jsonl", FileRole::kRecord));
  EXPECT_FALSE(fs::exists(dir_ / "relative.jsonl"));
  fs::current_path(cwd);
}

TEST_F(RecordTest, MissingDirectoryIsRefused) {
  expect_refused((dir_ / "missing" / "out.jsonl").string());
  expect_refused((dir_ / "missing" / "deeper" / "out.jsonl").string());
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

TEST_F(RecordTest, DirectoryInPlaceOfTheFileIsRefused) {
  expect_refused(dir_.string());
  fs::create_directory(dir_ / "sub");
  expect_refused((dir_ / "sub").string());
}

TEST_F(RecordTest, ParentThatIsARegularFileIsRefused) {
  write_all(dir_ / "plain", "not a directory\n");
  expect_refused((dir_ / "plain" / "out.jsonl").string());
  EXPECT_EQ(read_all(dir_ / "plain"), "not a directory\n");
}

TEST_F(RecordTest, ReadOnlyFileIsRefused) {
  if (geteuid() == 0) GTEST_SKIP() << "root may write to any file";
  const fs::path path = dir_ / "readonly.jsonl";
  write_all(path, "");
  ASSERT_EQ(chmod(path.c_str(), 0444), 0);
  expect_refused(path.string());
}

}  // namespace
}  // namespace scalelab
