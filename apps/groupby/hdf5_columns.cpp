// SPDX-License-Identifier: MIT
#include "hdf5_columns.hpp"

#include <cmath>

#include "scalelab/errors.hpp"
#include "scalelab/quote.hpp"

namespace scalelab::groupby {

void write_columns(const std::string& path, const ColumnData& data) {
  const Comm self(MPI_COMM_SELF);
  h5::OutputFile out("--output", path, self);
  const h5::File& file = out.file();
  const h5::Extent2 shape{data.time.size(), 1};
  const h5::Block2 all{0, 0, data.time.size(), 1};
  file.write_block(kTimeSet, shape, all, data.time.data());
  file.write_block(kUnitSet, shape, all, data.unit.data());
  file.write_block(kValueSet, shape, all, data.value.data());
  std::string joined;
  for (const std::string& id : data.units) joined += (joined.empty() ? "" : "\n") + id;
  file.set_attribute(kUnitSet, "units", joined);
  out.commit();
}

std::uint64_t column_rows(const h5::File& file) {
  const h5::Extent2 shape = file.shape(kTimeSet);
  for (const char* name : {kUnitSet, kValueSet}) {
    const h5::Extent2 other = file.shape(name);
    if (other.rows != shape.rows || other.cols != 1 || shape.cols != 1) {
      throw UsageError(quote_input(file.path()) + ": datasets " + kTimeSet + ", " + kUnitSet +
                       " and " + kValueSet + " must all be N x 1 with the same N");
    }
  }
  return shape.rows;
}

std::vector<std::string> unit_names(const h5::File& file) {
  const std::string joined = file.attribute_string(kUnitSet, "units");
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= joined.size() && !joined.empty()) {
    const std::size_t nl = joined.find('\n', at);
    out.push_back(joined.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return out;
}

void read_columns(const h5::File& file, std::uint64_t total, Range rows, std::vector<double>& time,
                  std::vector<double>& unit, std::vector<double>& value) {
  const h5::Extent2 shape{total, 1};
  const h5::Block2 block{rows.begin, 0, rows.size(), 1};
  for (auto [name, column] :
       {std::pair{kTimeSet, &time}, std::pair{kUnitSet, &unit}, std::pair{kValueSet, &value}}) {
    column->resize(rows.size());
    file.read_block(name, shape, block, column->data());
  }
}

void check_columns(const std::string& path, std::uint64_t first_row,
                   const std::vector<double>& time, const std::vector<double>& unit,
                   const std::vector<double>& value, std::size_t units) {
  for (std::size_t i = 0; i < time.size(); ++i) {
    const char* what = nullptr;
    if (!(time[i] >= 0 && time[i] < 4102444800.0 && std::floor(time[i]) == time[i])) {
      what = "SETTLEMENTDATE is not a whole second in 1970..2099";
    } else if (!(unit[i] >= 0 && unit[i] < static_cast<double>(units) &&
                 std::floor(unit[i]) == unit[i])) {
      what = "DUID code is not an index into the 'units' attribute";
    } else if (!std::isfinite(value[i])) {
      what = "SCADAVALUE is not finite";
    }
    if (what != nullptr) {
      throw UsageError("--input: " + quote_input(path) + " row " + std::to_string(first_row + i) +
                       ": " + what);
    }
  }
}

}  // namespace scalelab::groupby
