#include "scalelab/record.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "scalelab/errors.hpp"

namespace scalelab {

void check_output_writable(const std::string& path) {
  namespace fs = std::filesystem;
  const std::string prefix = "--output: '" + path + "' ";
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::exists(status)) {
    if (fs::is_directory(status)) throw UsageError(prefix + "is a directory");
    if (access(path.c_str(), W_OK) != 0) {
      throw UsageError(prefix + "is not writable: " + std::strerror(errno));
    }
    return;
  }
  fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) parent = ".";
  const fs::file_status parent_status = fs::status(parent, ec);
  if (!fs::exists(parent_status)) {
    throw UsageError(prefix + "cannot be created: directory '" + parent.string() +
                     "' does not exist");
  }
  if (!fs::is_directory(parent_status)) {
    throw UsageError(prefix + "cannot be created: '" + parent.string() + "' is not a directory");
  }
  if (access(parent.c_str(), W_OK) != 0) {
    throw UsageError(prefix + "cannot be created in '" + parent.string() +
                     "': " + std::strerror(errno));
  }
}

void append_record(const std::string& path, const Json& record) {
  const std::string line = record.dump() + "\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw RuntimeError("--output: cannot open '" + path + "': " + std::strerror(errno));
  const ssize_t written = ::write(fd, line.data(), line.size());
  const int write_errno = errno;
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    throw RuntimeError("--output: short write to '" + path +
                       "': " + std::strerror(written < 0 ? write_errno : ENOSPC));
  }
  if (!synced) throw RuntimeError("--output: fsync of '" + path + "' failed");
}

}  // namespace scalelab
