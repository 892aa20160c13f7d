// SPDX-License-Identifier: MIT
#pragma once

// The HDF5 form of a dispatch CSV: one N x 1 dataset per column, so a rank reads its rows as
// one hyperslab of each (collective parallel HDF5). SETTLEMENTDATE holds seconds since the
// epoch, DUID a code into the '\n'-joined unit ids of its attribute "units", SCADAVALUE the
// MW values, all as doubles (exact for these integers), the type the core helpers read.

#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "scalelab/hdf5.hpp"
#include "scalelab/partition.hpp"

namespace scalelab::groupby {

inline constexpr const char* kTimeSet = "SETTLEMENTDATE";
inline constexpr const char* kUnitSet = "DUID";
inline constexpr const char* kValueSet = "SCADAVALUE";

struct ColumnData {
  std::vector<double> time, unit, value;
  std::vector<std::string> units;
};

// Writes `data` to `path` (replacing it atomically; on this rank alone; --output in errors).
void write_columns(const std::string& path, const ColumnData& data);

// Rows in the file; UsageError when a dataset is missing or the shapes disagree.
std::uint64_t column_rows(const h5::File& file);
std::vector<std::string> unit_names(const h5::File& file);

// Collective: rows [rows.begin, rows.end) of the three datasets.
void read_columns(const h5::File& file, std::uint64_t total, Range rows, std::vector<double>& time,
                  std::vector<double>& unit, std::vector<double>& value);

// UsageError naming the file and row (1-based over the file) of the first value the CSV form
// could not have held: a time that is not a whole second in 1970..2099, an unknown unit
// code, a value that is not finite.
void check_columns(const std::string& path, std::uint64_t first_row,
                   const std::vector<double>& time, const std::vector<double>& unit,
                   const std::vector<double>& value, std::size_t units);

}  // namespace scalelab::groupby
