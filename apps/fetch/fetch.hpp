// SPDX-License-Identifier: MIT
#pragma once

// fetch: work bound by waiting. N requests to a server that answers each after a latency
// (a local server ScaleLab starts, one per node, server.hpp); what is measured is how many
// requests each model keeps in flight and what that costs in threads, CPU and memory.
//
// Reference loop (what every variant computes):
//     for id in [0, N): combined += digest(id, checksum(response(id)), cpu_work)   (mod 2^64)
// The server's latency and payload for each id are pure functions of (seed, id)
// (protocol.hpp), so every model waits the same and the combined digest is the same.
//
// Models (requests in flight per rank):
//   serial     one connection, one blocking request at a time                (1)
//   openmp     OpenMP threads, each a connection with one blocking request: --threads of
//              them, or --concurrency C (up to 10000, far beyond the cores and the driver's
//              cap on --threads, since they mostly sleep)               (threads or C)
//   eventloop  one thread, --concurrency non-blocking connections driven by epoll (C)
//   mpi        ranks, each one blocking request at a time                     (1)
//   hybrid     ranks x OpenMP threads (or C), each blocking             (threads or C)
// Ranks (mpi, hybrid, eventloop at several ranks) take a block of the ids each and talk to
// their node's server over loopback; within a rank, workers take the next id from a shared
// counter. --cpu-work N adds N units of the mixing chain per response (one unit ~7 ns):
// with enough of it the run stops waiting and becomes CPU-bound.
//
// Measured: requests per second, each request's client-side latency (send to last byte;
// p50 and p99 over all ranks' requests of the last repetition) and the CPU time (user +
// sys of the ranks' processes, the node's server thread included) per request.
//
// Verification: every request was answered exactly once (a per-id counter summed over
// ranks), every payload's checksum equals the expected one, and the combined digest equals a
// replay of every response computed without the network.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/partition.hpp"
#include "scalelab/workload.hpp"
#include "server.hpp"

namespace scalelab::fetch {

constexpr std::uint64_t kDefaultRequests = 1'000;
constexpr std::uint64_t kMaxRequests = 100'000'000;  // a 4-byte counter per request per rank
constexpr std::uint64_t kMaxPayloadBytes = 64ULL << 20;
constexpr std::uint64_t kMaxCpuWork = 100'000'000;
constexpr std::uint64_t kMaxConcurrency = 10'000;  // connections (and threads) of one rank
constexpr double kMaxLatencyMs = 60'000;
constexpr std::uint64_t kDefaultEventloopConcurrency = 16;

struct Params {
  double latency_ms = 1.0;
  std::string latency_dist = "fixed";
  std::uint64_t payload_bytes = 1024;
  std::uint64_t cpu_work = 0;
  // Requests in flight per rank: eventloop's connections (unset: 16) or the blocking threads
  // of openmp and hybrid (unset: --threads); serial and mpi keep one.
  std::optional<std::uint64_t> concurrency;
  int port = 0;
};

// One worker's account of a repetition; one cache line apart from its neighbours.
struct WorkerTally {
  alignas(64) std::uint64_t digest = 0;  // sum of its responses' digests, mod 2^64
  std::uint64_t bad_payloads = 0;        // checksum differs from the expected one
  std::vector<double> latencies_s;
};

// Data, server, verification and metrics shared by every fetch variant.
class FetchWorkload : public Workload {
 public:
  explicit FetchWorkload(const RunContext& ctx) : params_(&ctx.params<Params>()) {}
  void setup(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  double memory_bytes_per_rank(const RunContext& ctx) const override;

 protected:
  // Requests in flight on one rank under this model.
  virtual std::uint64_t in_flight_per_rank(const RunContext& ctx) const = 0;
  void check_descriptors(const RunContext& ctx, const NodeComm& node, bool hosts_server) const;

  // Brackets every repetition: resets counters and CPU reading; then books the workers'
  // tallies and combines them over ranks (collective).
  void begin_rep();
  void end_rep(const RunContext& ctx, std::vector<WorkerTally>& tallies);

  // Checks one response and books it to the worker's tally (thread-safe across workers).
  void account(std::uint64_t id, const std::string& payload, double latency_s, WorkerTally& tally);

  // Blocking workers: `workers` OpenMP threads (1: the calling thread), each with its own
  // connection, taking ids of this rank's block from a shared counter. A team smaller than
  // `workers` (OMP_THREAD_LIMIT, OMP_DYNAMIC) is an error, since the record says `workers`.
  void run_blocking(const RunContext& ctx, int workers);

  std::chrono::milliseconds socket_timeout() const;

  const Params* params_;  // the run's (RunContext::params), which outlives the workload
  ResponseSpec spec_;
  Range mine_;    // this rank's request ids
  int port_ = 0;  // this node's server

 private:
  std::uint64_t requests_ = 0;
  std::unique_ptr<Server> server_;  // on the first rank of each node
  std::uint64_t servers_ = 0;
  std::vector<std::uint32_t> counts_;  // answers to each request on this rank, last rep
  double cpu_start_s_ = 0;
  double cpu_s_ = 0;                 // over all ranks, last rep
  std::vector<double> latencies_s_;  // this rank's, last rep
  std::uint64_t combined_ = 0;       // over all ranks, last rep
  std::uint64_t bad_payloads_ = 0;   // over all ranks, last rep
  // Filled by verify().
  std::uint64_t replay_ = 0;
  std::uint64_t wrong_counts_ = 0;
  double p50_s_ = 0, p99_s_ = 0, max_s_ = 0;
};

std::unique_ptr<Workload> make_serial(const RunContext& ctx);
std::unique_ptr<Workload> make_openmp(const RunContext& ctx);
std::unique_ptr<Workload> make_eventloop(const RunContext& ctx);
std::unique_ptr<Workload> make_mpi(const RunContext& ctx);
std::unique_ptr<Workload> make_hybrid(const RunContext& ctx);

AppDefinition make_app();

}  // namespace scalelab::fetch
