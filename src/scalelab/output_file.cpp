// SPDX-License-Identifier: MIT
#include "scalelab/output_file.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "scalelab/errors.hpp"
#include "scalelab/input_file.hpp"
#include "scalelab/quote.hpp"

namespace scalelab {
namespace {

namespace fs = std::filesystem;

// The directory a file at `path` lives in ("." for a bare name).
std::string directory_of(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// Kernel interfaces that look like files: root may open many of them for writing (access()
// says yes), and a write there changes the system or fails only after the run.
bool on_pseudo_filesystem(const std::string& path) {
  struct statfs info {};
  if (::statfs(path.c_str(), &info) != 0) return false;
  switch (static_cast<unsigned long>(info.f_type)) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case DEBUGFS_MAGIC:
    case TRACEFS_MAGIC:
    case SECURITYFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
      return true;
    default:
      return false;
  }
}

// A new, exclusively created file named `pattern` with its XXXXXX replaced; -1 and errno set
// on failure. `pattern` receives the name.
int create_unique(std::string& pattern) {
  return ::mkostemp(pattern.data(), O_CLOEXEC);
}

// Proves that a file can be created in the directory of `path`, by creating and removing one.
void probe_directory(const std::string& prefix, const std::string& path) {
  std::string probe = path + ".tmp.XXXXXX";
  const int fd = create_unique(probe);
  if (fd < 0) {
    throw UsageError(prefix + "cannot be created in " + quote_input(directory_of(path)) + ": " +
                     std::strerror(errno));
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

// Proves that a record can be appended to `path`: opens an existing file for appending
// (without truncating or blocking), or creates the file and removes it again.
void probe_record(const std::string& prefix, const std::string& path, bool exists) {
  const int flags = O_WRONLY | O_CLOEXEC | O_NONBLOCK | (exists ? O_APPEND : O_CREAT | O_EXCL);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) {
    throw UsageError(prefix +
                     (exists ? "is not writable: "
                             : "cannot be created in " + quote_input(directory_of(path)) + ": ") +
                     std::strerror(errno));
  }
  ::close(fd);
  if (!exists) ::unlink(path.c_str());
}

// Which file a path names, for the same-file rule: device and inode when it exists, else the
// path with its directory resolved (empty when the directory does not resolve).
struct Identity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  std::string resolved;
};

Identity identify(const std::string& path) {
  Identity id;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    id.exists = true;
    id.device = info.st_dev;
    id.inode = info.st_ino;
    return id;
  }
  char directory[PATH_MAX];
  if (::realpath(directory_of(path).c_str(), directory) != nullptr) {
    id.resolved = std::string(directory) + "/" + fs::path(path).filename().string();
  }
  return id;
}

bool same_file(const Identity& a, const Identity& b) {
  if (a.exists != b.exists) return false;
  if (a.exists) return a.device == b.device && a.inode == b.inode;
  return !a.resolved.empty() && a.resolved == b.resolved;
}

bool is_output(FileRole role) {
  return role != FileRole::kInput;
}

}  // namespace

bool is_stream_output(const std::string& path) {
  return path == "/dev/null" || path == "/dev/stdout" || path == "/dev/stderr";
}

void check_output_path(const std::string& option, const std::string& path, FileRole role) {
  if (path.empty()) throw UsageError(option + ": an empty path (give a file name)");
  const std::string prefix = option + ": " + quote_input(path) + " ";
  if (role != FileRole::kHdf5 && is_stream_output(path)) return;
  struct stat info {};
  const bool exists = ::stat(path.c_str(), &info) == 0;
  if (exists && S_ISDIR(info.st_mode)) throw UsageError(prefix + "is a directory");
  if (exists && !S_ISREG(info.st_mode)) {
    throw UsageError(prefix + "is " + file_kind(info.st_mode) +
                     (role == FileRole::kHdf5
                          ? ": an HDF5 output must be a regular file"
                          : ", not a regular file (the only devices written are /dev/null, "
                            "/dev/stdout and /dev/stderr)"));
  }
  if (!exists && fs::path(path).filename().empty()) {
    throw UsageError(prefix + "names a directory, not a file");
  }
  const std::string directory = directory_of(path);
  if (!exists) {
    struct stat parent {};
    if (::stat(directory.c_str(), &parent) != 0) {
      throw UsageError(prefix + "cannot be created: directory " + quote_input(directory) +
                       " does not exist");
    }
    if (!S_ISDIR(parent.st_mode)) {
      throw UsageError(prefix + "cannot be created: " + quote_input(directory) +
                       " is not a directory");
    }
  }
  if (on_pseudo_filesystem(exists ? path : directory)) {
    throw UsageError(prefix +
                     "is on a kernel pseudo-filesystem (/proc, /sys): not a file to write");
  }
  if (role == FileRole::kRecord) {
    probe_record(prefix, path, exists);
  } else {
    probe_directory(prefix, path);
  }
}

void check_run_files(const std::vector<FileOption>& files) {
  for (const FileOption& file : files) {
    if (is_output(file.role)) check_output_path(file.option, file.path, file.role);
  }
  std::vector<Identity> ids;
  for (const FileOption& file : files) ids.push_back(identify(file.path));
  for (std::size_t out = 0; out < files.size(); ++out) {
    const FileOption& output = files[out];
    if (!is_output(output.role) || is_stream_output(output.path)) continue;
    for (std::size_t other = 0; other < files.size(); ++other) {
      const FileOption& with = files[other];
      // Each pair of outputs once; an output against every input.
      if (other == out || (is_output(with.role) && other < out)) continue;
      if (is_stream_output(with.path) || !same_file(ids[out], ids[other])) continue;
      throw UsageError(output.option + ": " + quote_input(output.path) + " is the same file as " +
                       with.option + " " + quote_input(with.path) +
                       (is_output(with.role) ? " (two outputs cannot share a file)"
                                             : " (an output never overwrites an input)"));
    }
  }
}

ReplacedFile::ReplacedFile(std::string option, std::string path)
    : option_(std::move(option)), path_(std::move(path)) {
  if (is_stream_output(path_)) {
    if (path_ == "/dev/null") {
      fd_ = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
      if (fd_ < 0) fail("cannot open", errno);
    } else {
      // What the program printed so far comes first.
      std::cout.flush();
      std::cerr.flush();
      std::fflush(nullptr);
      fd_ = path_ == "/dev/stdout" ? STDOUT_FILENO : STDERR_FILENO;
      owns_fd_ = false;
    }
    return;
  }
  std::string temp = path_ + ".tmp.XXXXXX";
  fd_ = create_unique(temp);
  if (fd_ < 0) {
    throw RuntimeError(option_ + ": cannot create a temporary file beside " + quote_input(path_) +
                       ": " + std::strerror(errno));
  }
  temp_ = temp;
  struct stat target {};
  mode_t mode = 0;
  if (::stat(path_.c_str(), &target) == 0) {
    mode = target.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd_, mode) != 0) fail("cannot set the mode of", errno);
}

ReplacedFile::~ReplacedFile() {
  if (fd_ >= 0 && owns_fd_) ::close(fd_);
  if (!temp_.empty()) ::unlink(temp_.c_str());
}

void ReplacedFile::fail(const std::string& what, int error) {
  if (fd_ >= 0 && owns_fd_) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  throw RuntimeError(option_ + ": " + what + " " + quote_input(path_) + ": " +
                     std::strerror(error));
}

void ReplacedFile::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd_, bytes.data(), bytes.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) fail("writing", written < 0 ? errno : ENOSPC);
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

void ReplacedFile::commit() {
  if (temp_.empty()) {  // a stream output: written in place, nothing to sync or rename
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
    fd_ = -1;
    return;
  }
  if (::fsync(fd_) != 0) fail("syncing", errno);
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) fail("closing", errno);
  if (::rename(temp_.c_str(), path_.c_str()) != 0) fail("cannot replace", errno);
  temp_.clear();
  // The rename itself is on disk only once the directory is.
  const int directory = ::open(directory_of(path_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory >= 0) {
    ::fsync(directory);
    ::close(directory);
  }
}

void write_output_file(const std::string& option, const std::string& path, std::string_view text) {
  ReplacedFile file(option, path);
  file.write(text);
  file.commit();
}

}  // namespace scalelab
