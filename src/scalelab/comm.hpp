// SPDX-License-Identifier: MIT
#pragma once

#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

namespace scalelab {

// Owns MPI's lifetime: MPI_Init_thread on construction (FUNNELED: only the main thread
// calls MPI, OpenMP threads never do), MPI_Finalize on destruction. Throws RuntimeError if
// the library cannot give the thread level we need.
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int thread_level_provided() const { return provided_; }

 private:
  int provided_ = MPI_THREAD_SINGLE;
};

// A thin view of a communicator with the collectives the driver and workloads use.
// Not owning: MPI_COMM_WORLD outlives it.
class Comm {
 public:
  explicit Comm(MPI_Comm comm = MPI_COMM_WORLD);

  MPI_Comm raw() const { return comm_; }
  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }

  void barrier() const;
  double max(double local) const;
  double sum(double local) const;
  std::uint64_t sum(std::uint64_t local) const;
  std::uint64_t max(std::uint64_t local) const;
  int max(int local) const;
  int min(int local) const;
  bool all(bool local) const;
  // Broadcasts root's string to every rank.
  std::string broadcast(const std::string& text, int root = 0) const;
  // Gathers one string per rank; the result is complete on the root only.
  std::vector<std::string> gather(const std::string& text, int root = 0) const;
  // Every rank's value, everywhere.
  std::vector<std::uint64_t> all_gather(std::uint64_t local) const;
  // The shuffle of map-reduce: outgoing[r] is sent to rank r; the result's [r] is what
  // rank r sent here (MPI_Alltoall of the sizes, then MPI_Alltoallv of the bytes). Throws
  // RuntimeError when a rank's total exceeds MPI's int counts (2 GiB).
  std::vector<std::string> all_to_all(const std::vector<std::string>& outgoing) const;

 private:
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
};

// The ranks of `world` that share this rank's node, as a communicator freed on scope exit.
// A node is one running kernel (one /proc/stat, one pool of memory), found by
// kernel_identity(), not by host name: the virtual cluster's hosts are network namespaces
// with names of their own on one kernel, and their ranks compete for its cores and memory.
// Collective over `world`.
// The colour of `rank` when ranks are grouped by equal `ids` (one id per rank): the first
// rank with its id, so groups are numbered by their first member.
int first_rank_with_same_id(const std::vector<std::uint64_t>& ids, int rank);

class NodeComm {
 public:
  explicit NodeComm(const Comm& world);
  ~NodeComm();
  NodeComm(const NodeComm&) = delete;
  NodeComm& operator=(const NodeComm&) = delete;
  MPI_Comm raw() const { return comm_; }

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
  bool owned_ = true;  // false: comm_ is the world itself (SMPI build), not freed here
};

}  // namespace scalelab
