// SPDX-License-Identifier: MIT
#pragma once

// Every file a run writes goes through here, so that no run destroys what its user owns:
//  - check_run_files, before any work: each output can really be written where it is named
//    (proven by creating a file there, not by access(), which says yes to root for /proc),
//    is not a directory, device, FIFO or socket (except the stream outputs below), and is
//    not the same file as an input or another output of the run;
//  - ReplacedFile, the one atomic writer: a temporary beside the target, fsync, rename, so a
//    failed or killed run leaves the target as it was.

#include <string>
#include <string_view>
#include <vector>

namespace scalelab {

// What a file named on the command line is to the run.
enum class FileRole {
  kInput,   // read by the run (checked by whoever opens it; here only for the same-file rule)
  kRecord,  // the JSONL run record (--output): appended in place
  kText,    // a text output: replaced atomically
  kHdf5,    // an HDF5 output: replaced atomically; a regular file only (HDF5 seeks)
};

// One file an option of the run names, e.g. {"--counts", "words.tsv", FileRole::kText}.
struct FileOption {
  std::string option;
  std::string path;
  FileRole role = FileRole::kInput;
};

// The stream outputs a record or text output may name, written in place without rename or
// fsync: exactly /dev/null, /dev/stdout and /dev/stderr. HDF5 outputs never accept them.
bool is_stream_output(const std::string& path);

// Throws UsageError, one line naming `option` and `path`, unless `path` can be written as
// `role` (an output role): an empty path, a directory, a device, FIFO or socket (other than a
// stream output), a file on a kernel pseudo-filesystem (/proc, /sys) or a directory where no
// file can be created are refused. Leaves nothing behind.
void check_output_path(const std::string& option, const std::string& path, FileRole role);

// check_output_path for every output in `files`, then UsageError naming both options when an
// output is the same file as an input or as another output (same device and inode when it
// exists, else the same path once its directory is resolved). Stream outputs are exempt.
void check_run_files(const std::vector<FileOption>& files);

// A file replaced atomically: content goes to a new temporary beside `path` (mode of the file
// it replaces, else 0666 & ~umask), and commit() syncs it, renames it over `path` and syncs
// the directory. Destroyed without commit(), it removes the temporary and `path` is
// untouched. For a stream output the content is written to the stream directly.
class ReplacedFile {
 public:
  // RuntimeError naming `option` if the temporary cannot be created.
  ReplacedFile(std::string option, std::string path);
  ~ReplacedFile();
  ReplacedFile(const ReplacedFile&) = delete;
  ReplacedFile& operator=(const ReplacedFile&) = delete;

  // Where the content goes: the temporary (for writers that open it themselves, as HDF5).
  const std::string& temp_path() const { return temp_; }
  void write(std::string_view bytes);  // RuntimeError on failure
  void commit();                       // RuntimeError on failure (the temporary is removed)

 private:
  [[noreturn]] void fail(const std::string& what, int error);

  std::string option_;
  std::string path_;
  std::string temp_;  // empty for a stream output
  int fd_ = -1;
  bool owns_fd_ = true;
};

// `text` as the whole new content of `path`, through a ReplacedFile.
void write_output_file(const std::string& option, const std::string& path, std::string_view text);

}  // namespace scalelab
