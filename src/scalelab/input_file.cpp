// SPDX-License-Identifier: MIT
#include "scalelab/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "scalelab/errors.hpp"
#include "scalelab/quote.hpp"

namespace scalelab {

const char* file_kind(unsigned mode) {
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "a special file";
}

InputFile::InputFile(const std::string& path, const std::string& option) : path_(path) {
  const std::string what = option + ": " + quote_input(path) + " ";
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. The
  // type is checked on the opened descriptor (fstat), so the file cannot change in between.
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    if (errno == ENOENT) throw UsageError(what + "does not exist");
    throw UsageError(what + "cannot be read: " + std::strerror(errno));
  }
  struct stat info {};
  const int stat_rc = ::fstat(fd_, &info);
  const int stat_errno = errno;
  if (stat_rc != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    if (stat_rc != 0) throw UsageError(what + "cannot be read: " + std::strerror(stat_errno));
    if (S_ISDIR(info.st_mode)) throw UsageError(what + "is a directory, not a file");
    throw UsageError(what + "is " + file_kind(info.st_mode) + ", not a regular file");
  }
  // Regular files ignore O_NONBLOCK, but clear it so reads behave as documented everywhere.
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
  size_ = static_cast<std::uint64_t>(info.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

InputFile::InputFile(InputFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), size_(other.size_) {
  other.fd_ = -1;
}

std::string InputFile::read(Range range) const {
  std::string out;
  read_into(range, out);
  return out;
}

void InputFile::read_into(Range range, std::string& out) const {
  const std::uint64_t end = std::min(range.end, size_);
  out.resize(end - std::min(range.begin, end));
  read_into(range, out.data());
}

std::uint64_t InputFile::read_into(Range range, char* out) const {
  const std::uint64_t end = std::min(range.end, size_);
  const std::uint64_t begin = std::min(range.begin, end);
  const std::uint64_t size = end - begin;
  std::uint64_t done = 0;
  while (done < size) {
    const ssize_t got = ::pread(fd_, out + done, size - done, static_cast<off_t>(begin + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw RuntimeError("reading " + quote_input(path_) + ": " + std::strerror(errno));
    if (got == 0) {  // the file shrank since it was opened
      throw RuntimeError("reading " + quote_input(path_) + ": file ended at byte " +
                         std::to_string(begin + done) + ", expected " + std::to_string(end));
    }
    done += static_cast<std::uint64_t>(got);
  }
  return size;
}

namespace {

// The first record start at or after `position` inside `whole`: scans forward from the byte
// before it for a separator, a block of bytes at a time.
std::uint64_t record_start_at_or_after(const InputFile& file, Range whole, std::uint64_t position,
                                       SeparatorTest is_separator) {
  if (position <= whole.begin) return whole.begin;
  constexpr std::uint64_t kScanBytes = 64 * 1024;
  std::string buffer;
  for (std::uint64_t at = position - 1; at < whole.end; at += kScanBytes) {
    file.read_into({at, std::min(at + kScanBytes, whole.end)}, buffer);
    for (std::size_t i = 0; i < buffer.size(); ++i)
      if (is_separator(static_cast<unsigned char>(buffer[i]))) return at + i + 1;
  }
  return whole.end;
}

}  // namespace

Range record_aligned_part(const InputFile& file, Range whole, std::uint64_t parts,
                          std::uint64_t part, SeparatorTest is_separator) {
  const Range nominal = block_range(whole, parts, part);
  const std::uint64_t begin = record_start_at_or_after(file, whole, nominal.begin, is_separator);
  const std::uint64_t end = part + 1 == parts
                                ? whole.end
                                : record_start_at_or_after(file, whole, nominal.end, is_separator);
  return {std::min(begin, end), end};
}

Range record_aligned_part(const InputFile& file, std::uint64_t parts, std::uint64_t part,
                          SeparatorTest is_separator) {
  return record_aligned_part(file, Range{0, file.size()}, parts, part, is_separator);
}

}  // namespace scalelab
