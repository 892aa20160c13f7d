// SPDX-License-Identifier: MIT
#include "matmul_io.hpp"

#include <cmath>
#include <cstddef>

#include "scalelab/errors.hpp"
#include "scalelab/hdf5.hpp"
#include "scalelab/input_file.hpp"
#include "scalelab/quote.hpp"

namespace scalelab::matmul {
namespace {

// The HDF5 helpers name the file; the user also needs to know which option it came from.
template <class Step>
auto naming_option(const std::string& option, Step&& step) {
  try {
    return step();
  } catch (const UsageError& e) {
    throw UsageError(option + ": " + e.what());
  }
}

h5::Block2 block_of(Range rows, Range cols) {
  return {rows.begin, cols.begin, rows.size(), cols.size()};
}

std::string shape_text(h5::Extent2 shape) {
  return std::to_string(shape.rows) + "x" + std::to_string(shape.cols);
}

}  // namespace

std::uint64_t input_matrix_size(const std::string& path) {
  // Missing, a directory, a FIFO, unreadable: refused before HDF5 (which would wait on a
  // FIFO) opens it.
  const InputFile probe(path, "--input");
  return naming_option("--input", [&] {
    const h5::File file = h5::File::open_read(path, MPI_COMM_SELF);
    const h5::Extent2 a = file.shape("A");
    const h5::Extent2 b = file.shape("B");
    if (a.rows != a.cols || a.rows == 0) {
      throw UsageError(quote_input(path) + ": dataset 'A' is " + shape_text(a) +
                       ", matmul needs square n x n matrices (n >= 1)");
    }
    if (b.rows != a.rows || b.cols != a.cols) {
      throw UsageError(quote_input(path) + ": dataset 'B' is " + shape_text(b) + " but 'A' is " +
                       shape_text(a) + "; both must be n x n");
    }
    return a.rows;
  });
}

void read_input_blocks(const std::string& path, const Comm& comm, std::uint64_t n, Range rows,
                       Range cols, double* a, double* b) {
  naming_option("--input", [&] {
    const h5::File file = h5::File::open_read(path, comm.raw());
    file.read_block("A", {n, n}, block_of(rows, cols), a);
    file.read_block("B", {n, n}, block_of(rows, cols), b);
  });
  const std::size_t count = rows.size() * cols.size();
  for (const auto& [name, data] : {std::pair{"A", a}, std::pair{"B", b}}) {
    for (std::size_t i = 0; i < count; ++i) {
      if (!std::isfinite(data[i])) {
        throw UsageError("--input: " + quote_input(path) + ": dataset '" + name +
                         "' holds a value that is not finite (" + std::to_string(data[i]) + ")");
      }
    }
  }
}

void save_matrices(const std::string& path, const Comm& comm, std::uint64_t n, Range rows,
                   Range cols, const double* a, const double* b, const double* c,
                   const SavedRun& run) {
  h5::OutputFile out("--save", path, comm);
  const h5::File& file = out.file();
  const h5::Block2 mine = block_of(rows, cols);
  file.write_block("A", {n, n}, mine, a);
  file.write_block("B", {n, n}, mine, b);
  file.write_block("C", {n, n}, mine, c);
  file.set_attribute("/", "n", static_cast<std::int64_t>(n));
  file.set_attribute("/", "seed", static_cast<std::int64_t>(run.seed));
  file.set_attribute("/", "values", run.values);
  file.set_attribute("/", "variant", run.variant);
  out.commit();
}

}  // namespace scalelab::matmul
