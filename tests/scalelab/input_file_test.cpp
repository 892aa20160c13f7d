// SPDX-License-Identifier: MIT
// InputFile and record_aligned_part: the byte ranges ranks and threads read cover the file
// exactly, each starting at a record start, for any number of parts (more parts than bytes
// included), and bad paths are refused with the option and path named.
#include "scalelab/input_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "scalelab/errors.hpp"

namespace scalelab {
namespace {

bool is_space(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t';
}
bool is_newline(unsigned char c) {
  return c == '\n';
}

class InputFileTest : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  // Splits `bytes` into `parts` aligned parts and checks the invariants.
  void check_split(const std::string& bytes, std::uint64_t parts, SeparatorTest sep) {
    const InputFile file(write("split.txt", bytes));
    std::uint64_t expected_begin = 0;
    for (std::uint64_t part = 0; part < parts; ++part) {
      const Range range = record_aligned_part(file, parts, part, sep);
      ASSERT_EQ(range.begin, expected_begin) << "part " << part << " of " << parts;
      ASSERT_LE(range.begin, range.end);
      if (range.begin > 0 && range.size() > 0) {
        EXPECT_TRUE(sep(static_cast<unsigned char>(bytes[range.begin - 1])))
            << "part " << part << " of " << parts << " starts inside a record";
      }
      // Threads split a rank's part the same way, and cover it exactly too.
      std::uint64_t sub_begin = range.begin;
      for (std::uint64_t sub = 0; sub < 3; ++sub) {
        const Range inner = record_aligned_part(file, range, 3, sub, sep);
        ASSERT_EQ(inner.begin, sub_begin);
        sub_begin = inner.end;
      }
      EXPECT_EQ(sub_begin, range.end);
      expected_begin = range.end;
    }
    EXPECT_EQ(expected_begin, bytes.size());
  }

  std::filesystem::path dir_ =
      std::filesystem::temp_directory_path() / ("scalelab-input-" + std::to_string(::getpid()));
  void SetUp() override { std::filesystem::create_directories(dir_); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
};

TEST_F(InputFileTest, ReadsRangesClippedToTheFile) {
  const InputFile file(write("abc.txt", "hello world"));
  EXPECT_EQ(file.size(), 11u);
  EXPECT_EQ(file.read({6, 11}), "world");
  EXPECT_EQ(file.read({6, 100}), "world");
  EXPECT_EQ(file.read({20, 30}), "");
}

TEST_F(InputFileTest, RandomTextSplitsAtSeparatorsForAnyPartCount) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 300);
    for (int i = 0; i < length; ++i) text += "ab \n"[rng() % 4];
    for (std::uint64_t parts : {1, 2, 3, 4, 7, 400}) {
      check_split(text, parts, is_space);
      check_split(text, parts, is_newline);
    }
  }
}

TEST_F(InputFileTest, OneHugeRecordBelongsToTheFirstPart) {
  const std::string word(200000, 'x');  // longer than the 64 KiB scan block
  const InputFile file(write("huge.txt", word));
  EXPECT_EQ(record_aligned_part(file, 4, 0, is_space).size(), word.size());
  for (std::uint64_t part = 1; part < 4; ++part)
    EXPECT_EQ(record_aligned_part(file, 4, part, is_space).size(), 0u);
  check_split(word + "\n" + word, 4, is_space);
}

TEST_F(InputFileTest, EmptyFileGivesEmptyParts) {
  check_split("", 3, is_newline);
}

// The message a bad path gets, or "" when opening succeeds.
std::string open_error(const std::string& path) {
  try {
    InputFile file(path, "--words");
  } catch (const UsageError& error) {
    return error.what();
  }
  return "";
}

TEST_F(InputFileTest, BadPathsAreUsageErrorsNamingOptionAndPath) {
  const std::string missing = (dir_ / "nope.txt").string();
  EXPECT_EQ(open_error(missing), "--words: '" + missing + "' does not exist");
  EXPECT_EQ(open_error(dir_.string()),
            "--words: '" + dir_.string() + "' is a directory, not a file");
  const std::string locked = write("locked.txt", "x");
  ::chmod(locked.c_str(), 0);
  if (::geteuid() != 0) {  // root reads anything
    EXPECT_NE(open_error(locked).find("cannot be read"), std::string::npos);
  }
  EXPECT_EQ(open_error(write("fine.txt", "x")), "");
}

TEST_F(InputFileTest, FifoIsRefusedAsNotARegularFile) {
  const std::string fifo = (dir_ / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Hold the FIFO open for writing (O_RDWR never blocks on Linux), so that a regression that
  // opens it blocking fails here instead of hanging; the CLI tests cover the no-writer case.
  const int writer = ::open(fifo.c_str(), O_RDWR | O_NONBLOCK);
  ASSERT_GE(writer, 0);
  EXPECT_EQ(open_error(fifo), "--words: '" + fifo + "' is a FIFO (named pipe), not a regular file");
  ::close(writer);
}

TEST_F(InputFileTest, CharacterDeviceIsRefused) {
  EXPECT_EQ(open_error("/dev/null"),
            "--words: '/dev/null' is a character device, not a regular file");
}

TEST_F(InputFileTest, PathBytesAreQuotedSafelyInMessages) {
  const std::string base = (dir_ / "a").string();
  EXPECT_EQ(open_error(base + "\n\x01"), "--words: '" + base + "\\x0a\\x01' does not exist");
}

}  // namespace
}  // namespace scalelab
