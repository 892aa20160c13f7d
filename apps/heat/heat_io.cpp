// SPDX-License-Identifier: MIT
#include "heat_io.hpp"

#include <cstdio>

#include "scalelab/collective.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/input_file.hpp"
#include "scalelab/number_parse.hpp"
#include "scalelab/quote.hpp"

namespace scalelab::heat {
namespace {

constexpr const char* kCheckpointFormat = "scalelab-heat checkpoint 1";
constexpr const char* kSnapshotFormat = "scalelab-heat snapshots 1";
constexpr const char* kRoot = "/";
constexpr const char* kField = "field";

h5::Extent2 extent(GridShape grid) {
  return {grid.height, grid.width};
}
h5::Block2 hyperslab(const Block& block) {
  return {block.row0, block.col0, block.rows, block.cols};
}

// Attributes are collective in parallel HDF5: every rank writes the same values.
void write_simulation(const h5::File& file, const char* format, const Simulation& sim) {
  const Params& p = *sim.params;
  file.set_attribute(kRoot, "format", std::string(format));
  file.set_attribute(kRoot, "nx", static_cast<std::int64_t>(sim.grid.width));
  file.set_attribute(kRoot, "ny", static_cast<std::int64_t>(sim.grid.height));
  file.set_attribute(kRoot, "steps", static_cast<std::int64_t>(p.steps));
  file.set_attribute(kRoot, "alpha", p.alpha);
  file.set_attribute(kRoot, "boundary", p.boundary);
  file.set_attribute(kRoot, "boundary_value", p.boundary_value);
}

std::string quoted(const std::string& path) {
  return quote_input(path);
}

// Everything a checkpoint must agree on before its field is worth reading.
std::uint64_t check_belongs(const h5::File& file, const std::string& path, const Simulation& sim) {
  const Params& p = *sim.params;
  if (!file.has(kField) || file.attribute_string(kRoot, "format") != kCheckpointFormat) {
    throw UsageError(quoted(path) + " is not a scalelab-heat checkpoint");
  }
  const GridShape held{static_cast<std::uint64_t>(file.attribute_int(kRoot, "nx")),
                       static_cast<std::uint64_t>(file.attribute_int(kRoot, "ny"))};
  const h5::Extent2 shape = file.shape(kField);
  if (held != sim.grid || shape.rows != held.height || shape.cols != held.width) {
    throw UsageError(quoted(path) + " holds a " + held.text() + " grid, but --size asks for " +
                     sim.grid.text());
  }
  const std::string boundary = file.attribute_string(kRoot, "boundary");
  if (boundary != p.boundary) {
    throw UsageError(quoted(path) + " continues a run with --boundary " + boundary + ", not " +
                     p.boundary);
  }
  const double alpha = file.attribute_double(kRoot, "alpha");
  if (alpha != p.alpha) {
    throw UsageError(quoted(path) + " continues a run with --alpha " + number_text(alpha) +
                     ", not " + number_text(p.alpha));
  }
  const double value = file.attribute_double(kRoot, "boundary_value");
  if (p.boundary == "fixed" && value != p.boundary_value) {
    throw UsageError(quoted(path) + " continues a run with --boundary-value " + number_text(value) +
                     ", not " + number_text(p.boundary_value));
  }
  const std::int64_t step = file.attribute_int(kRoot, "step");
  if (step < 0) {
    throw UsageError(quoted(path) + " is corrupt: its step is " + std::to_string(step) +
                     ", a negative step");
  }
  if (static_cast<std::uint64_t>(step) > p.steps) {
    throw UsageError(quoted(path) + " is at step " + std::to_string(step) + ", past --steps " +
                     std::to_string(p.steps));
  }
  return static_cast<std::uint64_t>(step);
}

}  // namespace

void write_checkpoint(const Comm& comm, const std::string& path, const Simulation& sim,
                      const Field& field, const Block& block, std::uint64_t step,
                      std::uint64_t digest) {
  h5::OutputFile out("--checkpoint", path, comm);
  const h5::File& file = out.file();
  const std::vector<double> cells = pack_cells(field);
  file.write_block(kField, extent(sim.grid), hyperslab(block), cells.data());
  write_simulation(file, kCheckpointFormat, sim);
  file.set_attribute(kRoot, "step", static_cast<std::int64_t>(step));
  file.set_attribute(kRoot, "digest", digest_text(digest));
  file.set_attribute(kRoot, "ranks", static_cast<std::int64_t>(comm.size()));
  out.commit();  // on disk before it replaces the previous checkpoint
}

std::uint64_t read_checkpoint(const Comm& comm, const std::string& path, const Simulation& sim,
                              Field& field, const Block& block) {
  // Missing, a directory, a FIFO, unreadable: refused (without blocking) before MPI-IO and
  // HDF5 see the path, which would print their own error stacks or wait on a FIFO.
  agree_on(comm, [&] { const InputFile probe(path, "--restart"); });
  try {
    const h5::File file = h5::File::open_read(path, comm.raw());
    const std::uint64_t step = check_belongs(file, path, sim);
    const std::string stored = file.attribute_string(kRoot, "digest");
    std::vector<double> cells(block.rows * block.cols);
    // A read error on one rank must not leave the others in the digest's reduction.
    agree_on(comm,
             [&] { file.read_block(kField, extent(sim.grid), hyperslab(block), cells.data()); });
    unpack_cells(cells, field);
    const std::uint64_t digest = comm.sum(digest_share(field, block, sim.grid.width));
    if (digest_text(digest) != stored) {
      throw UsageError(quoted(path) + " is corrupt: its field does not match the digest " +
                       "stored with it");
    }
    return step;
  } catch (const UsageError& e) {
    throw UsageError("--restart: " + std::string(e.what()));
  } catch (const RuntimeError& e) {
    // HDF5 failing inside the user's file (a dataset that will not open, a corrupt object
    // header) is bad input, not a fault of the run: found by fuzz/heat_checkpoint.
    throw UsageError("--restart: " + quoted(path) + " is not a readable heat checkpoint (" +
                     e.what() + ")");
  }
}

SnapshotFile::SnapshotFile(const Comm& comm, const std::string& path, const Simulation& sim)
    : out_(std::make_unique<h5::OutputFile>("--snapshot", path, comm)), grid_(sim.grid) {
  write_simulation(out_->file(), kSnapshotFormat, sim);
}

void SnapshotFile::write(const Field& field, const Block& block, std::uint64_t step,
                         std::uint64_t digest) {
  char name[32];
  std::snprintf(name, sizeof name, "step_%010llu", static_cast<unsigned long long>(step));
  const std::vector<double> cells = pack_cells(field);
  const h5::File& file = out_->file();
  file.write_block(name, extent(grid_), hyperslab(block), cells.data());
  file.set_attribute(name, "step", static_cast<std::int64_t>(step));
  file.set_attribute(name, "digest", digest_text(digest));
}

}  // namespace scalelab::heat
