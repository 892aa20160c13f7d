// SPDX-License-Identifier: MIT
#pragma once

// Which transport carried the ping-pong: shared memory, or a network (possibly a slow
// loopback fallback on one node)?
//
// No MPI call names the transport a peer is reached through, so the verdict combines three
// pieces of evidence: (1) MPI_T control variables `pml` and `btl` (Open MPI's selection
// lists, as set by OMPI_MCA_* or --mca), which tell whether shared memory (vader, or sm from
// Open MPI 5) may be used at all; (2) whether the two ranks run on one host (their
// MPI_Get_processor_name); (3) the measured small-message latency against a bound no network
// path reaches on one node (shared memory: ~0.5 us; TCP loopback: ~20 us on the development
// machine). A configuration that allows shared memory but is slower than the bound means a
// silent fallback (or an oversubscribed node), and is reported as such.

#include <optional>
#include <string>

#include "scalelab/json.hpp"

namespace scalelab::costs {

// Half round trips of small messages through shared memory stay below this on any node we
// know of; TCP loopback does not come close.
constexpr double kSharedMemoryBoundUs = 5.0;

struct TransportConfig {
  std::optional<std::string> pml;  // MPI_T cvar "pml"; nullopt when the library has none
  std::optional<std::string> btl;  // MPI_T cvar "btl"
};

// Reads the control variables through the MPI tool interface (local, not collective).
TransportConfig read_transport_config();

// true/false when the configuration decides whether on-node messages may use shared
// memory; nullopt when the library does not say (no such cvars, or a pml such as UCX or cm
// that picks its own transports).
std::optional<bool> shared_memory_configured(const TransportConfig& config);

// The record's "transport" object: the evidence and the verdict `kind`, one of
// "shared-memory", "network" (the ranks are on two nodes, or shared memory is excluded),
// or "unverified" (shared memory possible, but the latency says otherwise).
Json describe_transport(const TransportConfig& config, bool same_node, std::uint64_t probe_bytes,
                        double half_round_trip_us);

}  // namespace scalelab::costs
