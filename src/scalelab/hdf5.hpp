// SPDX-License-Identifier: MIT
#pragma once

// RAII wrappers over parallel HDF5 for what the workloads need: a file opened collectively
// with the MPI-IO driver, 2-D double datasets written and read by blocks (each rank its
// hyperslab, collective transfers), and scalar attributes. Errors become ScaleLab errors:
// a missing or corrupt input file is a UsageError naming the file; a failed write is a
// RuntimeError.

#include <hdf5.h>
#include <mpi.h>

#include <cstdint>
#include <memory>
#include <string>

#include "scalelab/comm.hpp"
#include "scalelab/output_file.hpp"

namespace scalelab::h5 {

// An HDF5 identifier closed by the matching H5*close when it goes out of scope.
class Id {
 public:
  using Closer = herr_t (*)(hid_t);
  Id() = default;
  Id(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Id() { reset(); }
  Id(Id&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Id& operator=(Id&& other) noexcept;
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;

  hid_t get() const { return id_; }
  void reset();

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// Shape of a global 2-D array, and the block of it one rank owns (row-major).
struct Extent2 {
  std::uint64_t rows = 0, cols = 0;
};
struct Block2 {
  std::uint64_t row0 = 0, col0 = 0, rows = 0, cols = 0;
};

class File {
 public:
  // Collective. Creates (truncating) `path` for writing.
  static File create(const std::string& path, MPI_Comm comm);
  // Collective. Opens an existing file read-only; UsageError if missing or not HDF5.
  static File open_read(const std::string& path, MPI_Comm comm);

  hid_t id() const { return file_.get(); }
  const std::string& path() const { return path_; }
  bool has(const std::string& name) const;  // a link (dataset/group) of that name exists

  // Collective: writes this rank's block of a new dataset of shape `global`.
  void write_block(const std::string& name, Extent2 global, Block2 block, const double* data) const;
  // Shape of a 2-D dataset; UsageError if absent or not 2-D.
  Extent2 shape(const std::string& name) const;
  // Collective: reads this rank's block; UsageError if the dataset's shape is not `global`.
  void read_block(const std::string& name, Extent2 global, Block2 block, double* data) const;

  // Scalar attributes on the file's root group ("/") or on a dataset (`object` = its name).
  void set_attribute(const std::string& object, const std::string& name, double value) const;
  void set_attribute(const std::string& object, const std::string& name, std::int64_t value) const;
  void set_attribute(const std::string& object, const std::string& name,
                     const std::string& value) const;
  double attribute_double(const std::string& object, const std::string& name) const;
  std::int64_t attribute_int(const std::string& object, const std::string& name) const;
  std::string attribute_string(const std::string& object, const std::string& name) const;

  // Collective: puts what was written on disk (MPI_File_sync); RuntimeError if it fails.
  void flush() const;
  // Collective: flushes and closes now (closing also happens on destruction).
  void close();

 private:
  File(Id file, std::string path) : file_(std::move(file)), path_(std::move(path)) {}
  Id open_object(const std::string& object) const;
  Id file_;
  std::string path_;
};

// Collective: an HDF5 output (named by `option`) that replaces `path` atomically. The root
// makes the temporary beside `path` through scalelab::ReplacedFile, every rank writes it
// through file(), and commit() flushes it to disk, closes it and renames it over `path`.
// Destroyed without commit() (an error on the way), it removes the temporary and `path` is
// as it was. The path must have passed check_output_path as FileRole::kHdf5.
class OutputFile {
 public:
  OutputFile(const std::string& option, const std::string& path, const Comm& comm);
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const File& file() const { return file_; }
  void commit();  // collective

 private:
  const Comm& comm_;
  std::unique_ptr<ReplacedFile> target_;  // on the root rank only; declared before file_,
  File file_;                             // so the file is closed before the temporary goes
};

}  // namespace scalelab::h5
