// SPDX-License-Identifier: MIT
#pragma once

// collectives probe: MPI_Barrier, MPI_Bcast and MPI_Allreduce latency against the number of
// ranks taking part, in one run: on sub-communicators of the first 1, 2, 4, ... ranks and of
// all of them (ranks outside a sub-communicator wait without spinning meanwhile). --size is
// the Bcast / Allreduce message in bytes (default 8; a multiple of 8: Allreduce sums 64-bit
// integers). Per rank count and rep: 16 MiB / bytes operations of each kind, between 10 and
// 200, after a tenth as many untimed ones. Each rank times its mean per operation (a batch;
// one operation at a time from 1 KiB, as in pingpong) and the slowest rank's mean is the
// sample.
//
// Verification: every Bcast payload is checked on every receiving rank, every Allreduce result
// on every rank against the closed-form sum of the ranks' patterns (pattern.hpp), warm-up
// included; the number of checks must match the number of operations; times positive.

#include <cstdint>
#include <memory>
#include <vector>

#include "measure.hpp"
#include "mpi_handles.hpp"
#include "pattern.hpp"
#include "scalelab/workload.hpp"

namespace scalelab::costs {

constexpr std::uint64_t kDefaultCollectiveBytes = 8;
constexpr std::uint64_t kMaxCollectiveBytes = 1ULL << 30;
constexpr std::uint64_t kCollectiveBytesPerEntry = 16ULL << 20;
constexpr std::uint64_t kMaxCollectiveOps = 200;
constexpr std::uint64_t kMinCollectiveOps = 10;

// 1, 2, 4, ... below `ranks`, then `ranks`.
std::vector<int> rank_counts(int ranks);

// Timed operations of each kind per rank count and rep.
std::uint64_t collective_ops_for(std::uint64_t bytes);

class CollectivesProbe : public Workload {
 public:
  void setup(const RunContext& ctx) override;
  void run(const RunContext& ctx) override;
  Check verify(const RunContext& ctx) override;
  Json params(const RunContext& ctx) const override;
  Json result(const RunContext& ctx) const override;
  Metrics metrics(const RunContext& ctx, double seconds_per_rep) const override;
  double memory_bytes_per_rank(const RunContext& ctx) const override;

 protected:
  enum Operation : std::uint64_t { kBarrier, kBcast, kAllreduce, kOperations };
  // This rank's mean seconds per operation over `count` operations (after a warm-up).
  double mean_seconds(Operation op, std::size_t entry, MPI_Comm group, std::uint64_t count);
  Pattern pattern(Operation op, std::size_t entry, std::uint64_t iteration) const;
  void check_payload(const std::vector<std::uint64_t>& words, Pattern expected);

  OwnedComm world_;
  std::vector<int> counts_;
  std::vector<OwnedComm> groups_;  // per rank count: the first `count` ranks
  int rank_ = 0;
  std::uint64_t seed_ = 0;
  std::uint64_t rep_ = 0;
  std::uint64_t bytes_ = 0;
  std::vector<std::uint64_t> send_, receive_;
  std::vector<Samples> seconds_[kOperations];  // per operation, per rank count
  std::uint64_t payloads_checked_ = 0;
  std::uint64_t bad_payloads_ = 0;
};

std::unique_ptr<Workload> make_collectives_probe();

}  // namespace scalelab::costs
