// SPDX-License-Identifier: MIT
#include "scalelab/memory_check.hpp"

#include <cstdio>
#include <string>

#include "scalelab/errors.hpp"
#include "scalelab/machine.hpp"

namespace scalelab {
namespace {

std::string gigabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
  return text;
}

// The share of available memory a run may plan for: a margin is left for the MPI library,
// the OS and the page cache of the other ranks.
constexpr double kUsableShare = 0.9;

}  // namespace

void check_fits_on_one_node(double bytes, const std::string& what) {
  const auto available = static_cast<double>(available_memory_bytes());
  if (available == 0 || bytes <= kUsableShare * available) return;
  throw UsageError(what + " needs about " + gigabytes(bytes) + " of memory on one node, but only " +
                   gigabytes(available) + " is available there");
}

void check_memory_fits(const Comm& comm, double bytes_per_rank) {
  const NodeComm node(comm);
  const Comm node_comm(node.raw());
  const double node_need = node_comm.sum(bytes_per_rank);
  const auto available = static_cast<double>(available_memory_bytes());
  const double usable = kUsableShare * available;
  const bool fits = available == 0 || node_need <= usable;
  const int worst_rank = comm.min(fits ? comm.size() : comm.rank());
  if (worst_rank == comm.size()) return;
  std::string message;
  if (!fits) {
    message = "--size: the run needs " + gigabytes(node_need) + " on one node (" +
              std::to_string(node_comm.size()) + " rank(s) x " + gigabytes(bytes_per_rank) +
              ") but only " + gigabytes(available) +
              " is available there; use a smaller --size or input, or more nodes";
  }
  throw UsageError(comm.broadcast(message, worst_rank));
}

}  // namespace scalelab
