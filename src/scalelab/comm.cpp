// SPDX-License-Identifier: MIT
#include "scalelab/comm.hpp"

#include "scalelab/errors.hpp"
#include "scalelab/proc_readings.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <utility>

namespace scalelab {

MpiSession::MpiSession(int* argc, char*** argv) {
#ifdef SCALELAB_SMPI
  // SMPI provides MPI_THREAD_SINGLE, enough: that build runs no OpenMP model (driver.cpp).
  constexpr int kNeeded = MPI_THREAD_SINGLE;
#else
  constexpr int kNeeded = MPI_THREAD_FUNNELED;
#endif
  MPI_Init_thread(argc, argv, kNeeded, &provided_);
  if (provided_ < kNeeded) {
    MPI_Finalize();
    throw RuntimeError("the MPI library provides thread level " + std::to_string(provided_) +
                       ", ScaleLab needs MPI_THREAD_FUNNELED for its hybrid models");
  }
  // Errors become return codes we turn into messages, instead of an abort without context.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

Comm::Comm(MPI_Comm comm) : comm_(comm) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

int first_rank_with_same_id(const std::vector<std::uint64_t>& ids, int rank) {
  const auto mine = ids.at(static_cast<std::size_t>(rank));
  return static_cast<int>(std::find(ids.begin(), ids.end(), mine) - ids.begin());
}

NodeComm::NodeComm(const Comm& world) {
#ifdef SCALELAB_SMPI
  // Every simulated rank runs in this one process on this one kernel, so the node is the
  // whole world; splitting it would cost a simulated gather over every rank (SimGrid 3.32:
  // minutes at 4096 ranks).
  comm_ = world.raw();
  owned_ = false;
#else
  // A 64-bit hash of the identity: equal identities always meet, distinct ones collide with
  // negligible probability.
  const auto ids = world.all_gather(std::hash<std::string>{}(kernel_identity()));
  MPI_Comm_split(world.raw(), first_rank_with_same_id(ids, world.rank()), world.rank(), &comm_);
#endif
}

NodeComm::~NodeComm() {
  if (owned_) MPI_Comm_free(&comm_);
}

namespace {
void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(rc, text, &length);
    throw RuntimeError(std::string(what) + " failed: " + std::string(text, length));
  }
}
}  // namespace

void Comm::barrier() const {
  check(MPI_Barrier(comm_), "MPI_Barrier");
}

double Comm::max(double local) const {
  double out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_DOUBLE, MPI_MAX, comm_), "MPI_Allreduce");
  return out;
}

double Comm::sum(double local) const {
  double out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_DOUBLE, MPI_SUM, comm_), "MPI_Allreduce");
  return out;
}

std::uint64_t Comm::sum(std::uint64_t local) const {
  std::uint64_t out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_UINT64_T, MPI_SUM, comm_), "MPI_Allreduce");
  return out;
}

std::uint64_t Comm::max(std::uint64_t local) const {
  // Reduced as signed with the top bit flipped, which keeps unsigned order: MPICH 4.0
  // (Debian 12) compares MPI_UINT64_T as signed, so 2^63 + 5 lost to 0 under MPI_MAX.
  constexpr std::uint64_t kTopBit = std::uint64_t{1} << 63;
  const auto shifted = static_cast<std::int64_t>(local ^ kTopBit);
  std::int64_t out = 0;
  check(MPI_Allreduce(&shifted, &out, 1, MPI_INT64_T, MPI_MAX, comm_), "MPI_Allreduce");
  return static_cast<std::uint64_t>(out) ^ kTopBit;
}

int Comm::max(int local) const {
  int out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_INT, MPI_MAX, comm_), "MPI_Allreduce");
  return out;
}

int Comm::min(int local) const {
  int out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_INT, MPI_MIN, comm_), "MPI_Allreduce");
  return out;
}

bool Comm::all(bool local) const {
  return min(local ? 1 : 0) == 1;
}

std::string Comm::broadcast(const std::string& text, int root) const {
  int length = static_cast<int>(text.size());
  check(MPI_Bcast(&length, 1, MPI_INT, root, comm_), "MPI_Bcast");
  std::string out = rank_ == root ? text : std::string(static_cast<std::size_t>(length), '\0');
  check(MPI_Bcast(out.data(), length, MPI_CHAR, root, comm_), "MPI_Bcast");
  return out;
}

std::vector<std::string> Comm::gather(const std::string& text, int root) const {
  const int length = static_cast<int>(text.size());
  std::vector<int> lengths(rank_ == root ? size_ : 0);
  check(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, root, comm_), "MPI_Gather");
  std::vector<std::string> out;
#ifdef SCALELAB_SMPI
  // SimGrid 3.32 runs MPI_Gatherv as one linear algorithm whose simulation cost grows with
  // the cube of the ranks (minutes for one gather at 1024 ranks), while MPI_Gather has a tree
  // (smpi/gather:ompi_binomial, set by python/scalelab/sim/smpi.py): parts padded to the longest.
  int longest = 0;
  check(MPI_Allreduce(&length, &longest, 1, MPI_INT, MPI_MAX, comm_), "MPI_Allreduce");
  std::string padded = text;
  padded.resize(static_cast<std::size_t>(longest), '\0');
  std::string all(lengths.size() * static_cast<std::size_t>(longest), '\0');
  check(MPI_Gather(padded.data(), longest, MPI_CHAR, all.data(), longest, MPI_CHAR, root, comm_),
        "MPI_Gather");
  for (std::size_t i = 0; i < lengths.size(); ++i)
    out.push_back(
        all.substr(i * static_cast<std::size_t>(longest), static_cast<std::size_t>(lengths[i])));
  return out;
#else
  std::vector<int> offsets(lengths.size(), 0);
  int total = 0;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    offsets[i] = total;
    total += lengths[i];
  }
  std::string joined(static_cast<std::size_t>(total), '\0');
  check(MPI_Gatherv(text.data(), length, MPI_CHAR, joined.data(), lengths.data(), offsets.data(),
                    MPI_CHAR, root, comm_),
        "MPI_Gatherv");
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    out.push_back(
        joined.substr(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(lengths[i])));
  }
  return out;
#endif
}

std::vector<std::uint64_t> Comm::all_gather(std::uint64_t local) const {
  std::vector<std::uint64_t> out(static_cast<std::size_t>(size_));
  check(MPI_Allgather(&local, 1, MPI_UINT64_T, out.data(), 1, MPI_UINT64_T, comm_),
        "MPI_Allgather");
  return out;
}

std::vector<std::string> Comm::all_to_all(const std::vector<std::string>& outgoing) const {
  const auto n = static_cast<std::size_t>(size_);
  if (outgoing.size() != n)
    throw RuntimeError("all_to_all: " + std::to_string(outgoing.size()) + " buffers for " +
                       std::to_string(n) + " ranks");
  // Byte offsets as MPI's int counts: refuse totals that do not fit rather than wrap.
  auto offsets = [](const std::vector<int>& counts, const char* what) {
    std::vector<int> displs(counts.size());
    long long total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
      displs[r] = static_cast<int>(total);
      total += counts[r];
      if (total > std::numeric_limits<int>::max())
        throw RuntimeError(std::string("all_to_all: more than 2 GiB ") + what +
                           " one rank; use more ranks");
    }
    return std::make_pair(displs, static_cast<std::size_t>(total));
  };
  std::vector<int> send_counts(n), recv_counts(n);
  std::string send;
  for (std::size_t r = 0; r < n; ++r) {
    if (outgoing[r].size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
      throw RuntimeError("all_to_all: more than 2 GiB for one rank; use more ranks");
    send_counts[r] = static_cast<int>(outgoing[r].size());
  }
  const auto [send_displs, send_total] = offsets(send_counts, "sent by");
  send.reserve(send_total);
  for (const auto& part : outgoing) send += part;
  check(MPI_Alltoall(send_counts.data(), 1, MPI_INT, recv_counts.data(), 1, MPI_INT, comm_),
        "MPI_Alltoall");
  const auto [recv_displs, recv_total] = offsets(recv_counts, "received by");
  std::string recv(recv_total, '\0');
  check(MPI_Alltoallv(send.data(), send_counts.data(), send_displs.data(), MPI_CHAR, recv.data(),
                      recv_counts.data(), recv_displs.data(), MPI_CHAR, comm_),
        "MPI_Alltoallv");
  std::vector<std::string> incoming(n);
  for (std::size_t r = 0; r < n; ++r)
    incoming[r] = recv.substr(static_cast<std::size_t>(recv_displs[r]),
                              static_cast<std::size_t>(recv_counts[r]));
  return incoming;
}

}  // namespace scalelab
