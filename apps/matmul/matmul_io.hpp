// SPDX-License-Identifier: MIT
#pragma once

// matmul's HDF5 files (--input, --save): datasets "A", "B" (and "C" when saved), n x n
// doubles, row-major, in the root group; each rank reads or writes its own 2-D block with
// collective parallel I/O. Saved files carry the attributes n, seed, values and variant on
// "/" and can be read back with --input.

#include <cstdint>
#include <string>

#include "scalelab/comm.hpp"
#include "scalelab/partition.hpp"

namespace scalelab::matmul {

// The n of the square, equally shaped datasets A and B in `path`, read on this rank alone
// (at option parsing). UsageError naming --input and the file if it is missing, not HDF5,
// lacks A or B, or their shapes are not n x n alike.
std::uint64_t input_matrix_size(const std::string& path);

// Collective: this rank's blocks (rows x cols, row-major) of A and B from `path`. UsageError
// if the file cannot be read or holds a value that is not finite.
void read_input_blocks(const std::string& path, const Comm& comm, std::uint64_t n, Range rows,
                       Range cols, double* a, double* b);

struct SavedRun {
  std::uint64_t seed = 0;
  std::string values;   // "uniform", "dyadic" or "input:<file>"
  std::string variant;  // e.g. "matmul/mpi"
};

// Collective: writes A, B and C (replacing `path` atomically), this rank's blocks, and the run's
// attributes.
void save_matrices(const std::string& path, const Comm& comm, std::uint64_t n, Range rows,
                   Range cols, const double* a, const double* b, const double* c,
                   const SavedRun& run);

}  // namespace scalelab::matmul
