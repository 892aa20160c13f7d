// SPDX-License-Identifier: MIT
#include "scalelab/record.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "scalelab/errors.hpp"
#include "scalelab/output_file.hpp"

namespace scalelab {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
  throw RuntimeError("--output: " + what + " '" + path + "': " + std::strerror(error));
}

// True when the file is non-empty and its last byte is not a newline.
bool ends_mid_line(int fd, const struct stat& info) {
  if (info.st_size == 0) return false;
  char last = '\n';
  return ::pread(fd, &last, 1, info.st_size - 1) == 1 && last != '\n';
}

}  // namespace

void append_record(const std::string& path, const Json& record) {
  std::string line = record.dump() + "\n";
  if (is_stream_output(path)) {
    write_output_file("--output", path, line);
    return;
  }
  // O_NONBLOCK: a FIFO put in place after the check fails here instead of hanging the run.
  // Read access is for the cut-line test only: a file we may only write is appended to as is.
  const int flags = O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK;
  int fd = ::open(path.c_str(), O_RDWR | flags, 0644);
  if (fd < 0 && errno == EACCES) fd = ::open(path.c_str(), O_WRONLY | flags, 0644);
  if (fd < 0) fail("cannot open", path, errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    throw RuntimeError("--output: '" + path + "' is not a regular file");
  }
  if (ends_mid_line(fd, info)) line.insert(line.begin(), '\n');
  const ssize_t written = ::write(fd, line.data(), line.size());
  const int write_errno = errno;
  const bool synced = ::fsync(fd) == 0;
  const int sync_errno = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    fail("short write to", path, written < 0 ? write_errno : ENOSPC);
  }
  if (!synced) fail("fsync of", path, sync_errno);
}

}  // namespace scalelab
