// SPDX-License-Identifier: MIT
#include "scalelab/hdf5.hpp"

#include <array>
#include <vector>

#include "scalelab/collective.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/quote.hpp"

namespace scalelab::h5 {
namespace {

// HDF5 prints an error stack to stderr by default; ScaleLab reports one line instead.
void silence_hdf5() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Id check(hid_t id, H5I_type_t, Id::Closer closer, const std::string& what) {
  if (id < 0) throw RuntimeError("HDF5: " + what + " failed");
  return Id(id, closer);
}

void check_status(herr_t status, const std::string& what) {
  if (status < 0) throw RuntimeError("HDF5: " + what + " failed");
}

Id mpio_access(MPI_Comm comm) {
  Id fapl = check(H5Pcreate(H5P_FILE_ACCESS), H5I_GENPROP_LST, H5Pclose, "H5Pcreate");
  check_status(H5Pset_fapl_mpio(fapl.get(), comm, MPI_INFO_NULL), "H5Pset_fapl_mpio");
  return fapl;
}

Id collective_transfer() {
  Id dxpl = check(H5Pcreate(H5P_DATASET_XFER), H5I_GENPROP_LST, H5Pclose, "H5Pcreate");
  check_status(H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE), "H5Pset_dxpl_mpio");
  return dxpl;
}

// File-space selection of `block` plus a matching memory space (empty blocks select none,
// but the rank still takes part in the collective call).
std::array<Id, 2> block_spaces(hid_t dataset, Block2 block) {
  Id file_space = check(H5Dget_space(dataset), H5I_DATASPACE, H5Sclose, "H5Dget_space");
  const std::array<hsize_t, 2> start{block.row0, block.col0};
  const std::array<hsize_t, 2> count{block.rows, block.cols};
  const hsize_t elements = block.rows * block.cols;
  Id mem_space =
      check(H5Screate_simple(1, &elements, nullptr), H5I_DATASPACE, H5Sclose, "H5Screate_simple");
  if (elements == 0) {
    check_status(H5Sselect_none(file_space.get()), "H5Sselect_none");
    check_status(H5Sselect_none(mem_space.get()), "H5Sselect_none");
  } else {
    check_status(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                     count.data(), nullptr),
                 "H5Sselect_hyperslab");
  }
  return {std::move(file_space), std::move(mem_space)};
}

// The root creates the temporary for `path` in `target`; every rank learns its name.
std::string shared_temporary(const std::string& option, const std::string& path, const Comm& comm,
                             std::unique_ptr<ReplacedFile>& target) {
  agree_on(comm, [&] {
    if (comm.is_root()) target = std::make_unique<ReplacedFile>(option, path);
  });
  return comm.broadcast(comm.is_root() ? target->temp_path() : std::string());
}

}  // namespace

Id& Id::operator=(Id&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = -1;
  }
  return *this;
}

void Id::reset() {
  if (id_ >= 0 && closer_ != nullptr) closer_(id_);
  id_ = -1;
}

File File::create(const std::string& path, MPI_Comm comm) {
  silence_hdf5();
  const Id fapl = mpio_access(comm);
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get());
  if (id < 0) throw RuntimeError("cannot create HDF5 file '" + path + "'");
  return File(Id(id, H5Fclose), path);
}

File File::open_read(const std::string& path, MPI_Comm comm) {
  silence_hdf5();
  const Id fapl = mpio_access(comm);
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.get());
  if (id < 0) {
    throw UsageError(quote_input(path) + " is missing or not a readable HDF5 file");
  }
  return File(Id(id, H5Fclose), path);
}

bool File::has(const std::string& name) const {
  return H5Lexists(id(), name.c_str(), H5P_DEFAULT) > 0;
}

void File::write_block(const std::string& name, Extent2 global, Block2 block,
                       const double* data) const {
  const std::array<hsize_t, 2> dims{global.rows, global.cols};
  const Id space =
      check(H5Screate_simple(2, dims.data(), nullptr), H5I_DATASPACE, H5Sclose, "H5Screate_simple");
  const Id dataset = check(H5Dcreate2(id(), name.c_str(), H5T_NATIVE_DOUBLE, space.get(),
                                      H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           H5I_DATASET, H5Dclose, "creating dataset " + name);
  const auto spaces = block_spaces(dataset.get(), block);
  const Id dxpl = collective_transfer();
  check_status(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, spaces[1].get(), spaces[0].get(),
                        dxpl.get(), data),
               "writing " + name + " to '" + path_ + "'");
}

Extent2 File::shape(const std::string& name) const {
  if (!has(name)) throw UsageError("'" + path_ + "' has no dataset '" + name + "'");
  const Id dataset =
      check(H5Dopen2(id(), name.c_str(), H5P_DEFAULT), H5I_DATASET, H5Dclose, "opening " + name);
  const Id space = check(H5Dget_space(dataset.get()), H5I_DATASPACE, H5Sclose, "H5Dget_space");
  if (H5Sget_simple_extent_ndims(space.get()) != 2) {
    throw UsageError("'" + path_ + "': dataset '" + name + "' is not 2-D");
  }
  std::array<hsize_t, 2> dims{};
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  return {dims[0], dims[1]};
}

void File::read_block(const std::string& name, Extent2 global, Block2 block, double* data) const {
  const Extent2 found = shape(name);
  if (found.rows != global.rows || found.cols != global.cols) {
    throw UsageError("'" + path_ + "': dataset '" + name + "' is " + std::to_string(found.rows) +
                     "x" + std::to_string(found.cols) + ", expected " +
                     std::to_string(global.rows) + "x" + std::to_string(global.cols));
  }
  const Id dataset =
      check(H5Dopen2(id(), name.c_str(), H5P_DEFAULT), H5I_DATASET, H5Dclose, "opening " + name);
  const auto spaces = block_spaces(dataset.get(), block);
  const Id dxpl = collective_transfer();
  if (H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, spaces[1].get(), spaces[0].get(), dxpl.get(),
              data) < 0) {
    throw UsageError("'" + path_ + "': dataset '" + name + "' cannot be read (corrupt file?)");
  }
}

Id File::open_object(const std::string& object) const {
  const hid_t oid = H5Oopen(id(), object.c_str(), H5P_DEFAULT);
  if (oid < 0) throw UsageError("'" + path_ + "' has no object '" + object + "'");
  return Id(oid, H5Oclose);
}

namespace {

void write_scalar_attribute(hid_t object, const std::string& name, hid_t type, const void* value) {
  if (H5Aexists(object, name.c_str()) > 0) H5Adelete(object, name.c_str());
  const Id space = check(H5Screate(H5S_SCALAR), H5I_DATASPACE, H5Sclose, "H5Screate");
  const Id attribute =
      check(H5Acreate2(object, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5I_ATTR,
            H5Aclose, "creating attribute " + name);
  check_status(H5Awrite(attribute.get(), type, value), "writing attribute " + name);
}

Id open_attribute(hid_t object, const std::string& name, const std::string& path) {
  if (H5Aexists(object, name.c_str()) <= 0) {
    throw UsageError(quote_input(path) + " lacks the attribute '" + name + "'");
  }
  return check(H5Aopen(object, name.c_str(), H5P_DEFAULT), H5I_ATTR, H5Aclose,
               "opening attribute " + name);
}

}  // namespace

void File::set_attribute(const std::string& object, const std::string& name, double value) const {
  write_scalar_attribute(open_object(object).get(), name, H5T_NATIVE_DOUBLE, &value);
}

void File::set_attribute(const std::string& object, const std::string& name,
                         std::int64_t value) const {
  write_scalar_attribute(open_object(object).get(), name, H5T_NATIVE_INT64, &value);
}

void File::set_attribute(const std::string& object, const std::string& name,
                         const std::string& value) const {
  const Id type = check(H5Tcopy(H5T_C_S1), H5I_DATATYPE, H5Tclose, "H5Tcopy");
  check_status(H5Tset_size(type.get(), value.size() + 1), "H5Tset_size");
  write_scalar_attribute(open_object(object).get(), name, type.get(), value.c_str());
}

double File::attribute_double(const std::string& object, const std::string& name) const {
  const Id attribute = open_attribute(open_object(object).get(), name, path_);
  double value = 0;
  check_status(H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, &value), "reading attribute " + name);
  return value;
}

std::int64_t File::attribute_int(const std::string& object, const std::string& name) const {
  const Id attribute = open_attribute(open_object(object).get(), name, path_);
  // HDF5 would convert a stored 1.5 to 1 without a word: a count stored as anything but an
  // integer is a corrupt file, not a number to round.
  const Id type = check(H5Aget_type(attribute.get()), H5I_DATATYPE, H5Tclose, "H5Aget_type");
  if (H5Tget_class(type.get()) != H5T_INTEGER) {
    throw UsageError(quote_input(path_) + " holds attribute '" + name +
                     "' as something other than an integer");
  }
  std::int64_t value = 0;
  check_status(H5Aread(attribute.get(), H5T_NATIVE_INT64, &value), "reading attribute " + name);
  return value;
}

std::string File::attribute_string(const std::string& object, const std::string& name) const {
  const Id attribute = open_attribute(open_object(object).get(), name, path_);
  const Id type = check(H5Aget_type(attribute.get()), H5I_DATATYPE, H5Tclose, "H5Aget_type");
  if (H5Tget_class(type.get()) != H5T_STRING) {
    throw UsageError(quote_input(path_) + ": attribute '" + name + "' is not a string");
  }
  std::vector<char> text(H5Tget_size(type.get()) + 1, '\0');
  check_status(H5Aread(attribute.get(), type.get(), text.data()), "reading attribute " + name);
  return std::string(text.data());
}

void File::flush() const {
  if (H5Fflush(file_.get(), H5F_SCOPE_GLOBAL) < 0)
    throw RuntimeError("HDF5: flushing '" + path_ + "' failed");
}

void File::close() {
  file_.reset();
}

OutputFile::OutputFile(const std::string& option, const std::string& path, const Comm& comm)
    : comm_(comm), file_(File::create(shared_temporary(option, path, comm, target_), comm.raw())) {}

void OutputFile::commit() {
  // MPI_File_sync on every rank, so the data of all ranks is on disk before the rename.
  check_status(H5Fflush(file_.id(), H5F_SCOPE_GLOBAL), "flushing '" + file_.path() + "'");
  file_.close();
  agree_on(comm_, [&] {
    if (target_) target_->commit();
  });
}

}  // namespace scalelab::h5
