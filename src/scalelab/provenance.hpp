// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "scalelab/comm.hpp"
#include "scalelab/json.hpp"

namespace scalelab {

// Where and how a run happened: hosts, placement of every rank and thread, binding
// environment, compiler, MPI/OpenMP/Eigen versions, git sha, time, SLURM geometry.
// Collective: call on every rank; the complete object is returned on the root (other ranks
// get a partial one). `threads` is the OpenMP team size whose CPUs are sampled.
Json collect_provenance(const Comm& comm, int threads, int mpi_thread_level,
                        const std::vector<std::string>& command_line);

// What --version prints: the program, ScaleLab's version and git sha, the compiler and its
// flags, the MPI library, OpenMP, and Eigen with the SIMD instruction sets it uses.
std::string version_text(const std::string& program);

// CPUs a process may run on, as a compact list like "0-3,8".
std::string allowed_cpus();

// ISO 8601 UTC time, e.g. 2026-11-22T01:05:15Z.
std::string utc_now();

}  // namespace scalelab
