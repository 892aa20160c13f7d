// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

#include "scalelab/comm.hpp"
#include "scalelab/json.hpp"

namespace scalelab {

// The record's "memory" block (docs/records.md): the peak resident memory every rank's
// process reached, gathered to the root as a list in rank order, its sum and max over ranks
// and its sum per node, beside what the workload declared it would allocate per rank (the
// memory pre-check's estimate), so the model can be read against the truth. Processes copy
// memory, threads share it: this is what going wide costs in memory. Collective; the block
// is complete on the root only (other ranks get null). In the SMPI build every simulated
// rank runs in the simulator's one process, so the block holds that process's peak alone.
Json memory_json(const Comm& comm, double declared_bytes_per_rank);

// The per-node part of the block for given per-rank peaks and each rank's node (named by
// its first rank, as first_rank_with_same_id numbers them): one entry per node in order of
// its first rank, {"first_rank", "ranks", "sum"}; a node with an unreadable peak (0) has a
// null sum.
Json per_node_json(const std::vector<std::uint64_t>& peaks,
                   const std::vector<std::uint64_t>& node_of_rank);

}  // namespace scalelab
