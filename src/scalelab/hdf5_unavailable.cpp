// SPDX-License-Identifier: MIT
// scalelab::h5 in the SMPI build (cmake/Smpi.cmake): parallel HDF5 is built on Open MPI and
// cannot load beside SimGrid's MPI. The options that name an HDF5 file refuse at parse time
// (unavailable_in_smpi_build); opening or creating a file here is the same refusal for any
// caller that gets past them (an OutputFile refuses before making its temporary). No File
// can exist, so its other members cannot be reached.
#include <string>

#include "scalelab/cli.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/hdf5.hpp"

namespace scalelab::h5 {
namespace {

[[noreturn]] void refuse(const std::string& path) {
  throw UsageError("'" + path + "': HDF5 files are not available in the SMPI build (" +
                   kNoHdf5InSimulation + ")");
}

}  // namespace

Id& Id::operator=(Id&& other) noexcept {
  id_ = other.id_;
  other.id_ = -1;
  return *this;
}

void Id::reset() {
  id_ = -1;
}

File File::create(const std::string& path, MPI_Comm) {
  refuse(path);
}
File File::open_read(const std::string& path, MPI_Comm) {
  refuse(path);
}
bool File::has(const std::string&) const {
  refuse(path_);
}
void File::write_block(const std::string&, Extent2, Block2, const double*) const {
  refuse(path_);
}
Extent2 File::shape(const std::string&) const {
  refuse(path_);
}
void File::read_block(const std::string&, Extent2, Block2, double*) const {
  refuse(path_);
}
Id File::open_object(const std::string&) const {
  refuse(path_);
}
void File::set_attribute(const std::string&, const std::string&, double) const {
  refuse(path_);
}
void File::set_attribute(const std::string&, const std::string&, std::int64_t) const {
  refuse(path_);
}
void File::set_attribute(const std::string&, const std::string&, const std::string&) const {
  refuse(path_);
}
double File::attribute_double(const std::string&, const std::string&) const {
  refuse(path_);
}
std::int64_t File::attribute_int(const std::string&, const std::string&) const {
  refuse(path_);
}
std::string File::attribute_string(const std::string&, const std::string&) const {
  refuse(path_);
}
void File::flush() const {
  refuse(path_);
}
void File::close() {
  file_.reset();
}

// Refuses in File::create, before the root makes any temporary beside `path`.
OutputFile::OutputFile(const std::string&, const std::string& path, const Comm& comm)
    : comm_(comm), file_(File::create(path, comm.raw())) {}
void OutputFile::commit() {
  refuse(file_.path());
}

}  // namespace scalelab::h5
