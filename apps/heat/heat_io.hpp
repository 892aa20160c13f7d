// SPDX-License-Identifier: MIT
#pragma once

// heat's HDF5 files, written and read collectively through scalelab::h5 (each rank its
// block as a hyperslab of one global dataset):
//
//   checkpoint  dataset "field" (NY x NX doubles, row-major: rows along y) and root
//               attributes format = "scalelab-heat checkpoint 1", step, steps, nx, ny, alpha,
//               boundary, boundary_value, digest (16 hex digits), ranks (that wrote it).
//               Written to a temporary beside FILE, flushed, then renamed over FILE
//               (h5::OutputFile), so an interrupted or failed write never costs the
//               previous checkpoint.
//   snapshots   datasets "step_0000000100", ... (zero-padded: names sort by step), each with
//               attributes step and digest; root attributes as a checkpoint's (format
//               "scalelab-heat snapshots 1", no step/digest). Replaces FILE atomically
//               when closed, like a checkpoint.

#include <cstdint>
#include <memory>
#include <string>

#include "heat_field.hpp"
#include "heat_grid.hpp"
#include "heat_params.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/hdf5.hpp"

namespace scalelab::heat {

// The simulation a file belongs to: a checkpoint continues only a run with the same grid,
// alpha and boundary.
struct Simulation {
  GridShape grid;
  const Params* params = nullptr;  // alpha, boundary, boundary_value, steps
};

// Collective. Writes this rank's `block` of the field at `step` (its global digest given).
void write_checkpoint(const Comm& comm, const std::string& path, const Simulation& sim,
                      const Field& field, const Block& block, std::uint64_t step,
                      std::uint64_t digest);

// Collective. Reads `block` of the checkpoint at `path` into `field` after checking that it
// belongs to `sim` and that its field matches its stored digest; returns its step. Any
// problem is one UsageError starting "--restart: " and naming the file.
std::uint64_t read_checkpoint(const Comm& comm, const std::string& path, const Simulation& sim,
                              Field& field, const Block& block);

// An open snapshot file (collective): written to a temporary that close() puts in place of
// `path`; destroyed unclosed, it leaves `path` as it was.
class SnapshotFile {
 public:
  SnapshotFile(const Comm& comm, const std::string& path, const Simulation& sim);
  // Collective: one dataset for the field at `step`.
  void write(const Field& field, const Block& block, std::uint64_t step, std::uint64_t digest);
  void close() { out_->commit(); }

 private:
  std::unique_ptr<h5::OutputFile> out_;
  GridShape grid_;
};

}  // namespace scalelab::heat
