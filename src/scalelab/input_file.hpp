// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include "scalelab/partition.hpp"

namespace scalelab {

// A user's input file, opened read-only for positioned reads (pread), so every rank and
// thread reads its own byte range without sharing a file offset. Opening checks what users
// get wrong (missing, a directory, a FIFO or device, unreadable) without ever blocking, and
// throws UsageError naming `option` and the path; a failing read later throws RuntimeError.
// Every user input path goes through it first, HDF5 files included (as a probe before HDF5
// opens them), so no input can hang a rank.
class InputFile {
 public:
  InputFile(const std::string& path, const std::string& option = "--input");
  ~InputFile();
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&&) = delete;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& path() const { return path_; }
  std::uint64_t size() const { return size_; }
  // Bytes [range.begin, range.end), clipped to the end of the file.
  std::string read(Range range) const;
  // Reads into `out` (resized to the bytes read); lets a reader thread reuse its buffer.
  void read_into(Range range, std::string& out) const;
  // Reads into out[0, n) where n is the clipped range's size, returned; for callers that own
  // their buffer (a reader thread filling a chunk after a carried-over partial record).
  std::uint64_t read_into(Range range, char* out) const;

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// What a path that is not a regular file turned out to be, for messages: "a FIFO (named
// pipe)", "a character device", "a block device", "a socket" or "a special file".
const char* file_kind(unsigned mode);

// Decides which bytes end a record: '\n' for lines, any ASCII whitespace for words.
using SeparatorTest = bool (*)(unsigned char);

// Part `part` of `parts` of the file, moved so that it starts at a record start (the file's
// first byte, or the byte after a separator) at or after its nominal block start. Every part
// ends where the next one starts, so the parts cover the file and no record is split or read
// twice: a record longer than a block simply belongs to the part it starts in, and parts
// that no record starts in are empty.
Range record_aligned_part(const InputFile& file, std::uint64_t parts, std::uint64_t part,
                          SeparatorTest is_separator);

// Same, for a sub-range of the file (a rank's range split over its threads). `whole` must
// itself be record-aligned.
Range record_aligned_part(const InputFile& file, Range whole, std::uint64_t parts,
                          std::uint64_t part, SeparatorTest is_separator);

}  // namespace scalelab
