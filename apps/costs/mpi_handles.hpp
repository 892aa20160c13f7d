// SPDX-License-Identifier: MIT
#pragma once

// MPI pieces the probes need beyond the core's Comm and MpiSession: a session at a chosen
// thread level, owned communicators, error checking, and a barrier that does not spin.

#include <mpi.h>

#include "scalelab/comm.hpp"

namespace scalelab::costs {

// MPI's lifetime at a thread level the caller picks (the core's MpiSession always asks for
// MPI_THREAD_FUNNELED; see main.cpp for why costs needs less). Throws RuntimeError when the
// library provides less than `required`.
class MpiSessionAt {
 public:
  MpiSessionAt(int* argc, char*** argv, int required);
  ~MpiSessionAt();
  MpiSessionAt(const MpiSessionAt&) = delete;
  MpiSessionAt& operator=(const MpiSessionAt&) = delete;
  int provided() const { return provided_; }

 private:
  int provided_ = MPI_THREAD_SINGLE;
};

// Throws RuntimeError naming `what` when an MPI call failed (MPI_ERRORS_RETURN is set).
void check_mpi(int rc, const char* what);

// A communicator this object frees. MPI_COMM_NULL for ranks a split left out.
// Creating one costs later messages a little in Open MPI 4: it allocates the context id with a
// nonblocking allreduce, after which every progress call also polls the nonblocking-collective
// engine (~5 % on an 8-byte ping-pong). The ping-pong probe therefore uses the world as is.
class OwnedComm {
 public:
  OwnedComm() = default;
  ~OwnedComm();
  OwnedComm(OwnedComm&& other) noexcept;
  OwnedComm& operator=(OwnedComm&& other) noexcept;
  OwnedComm(const OwnedComm&) = delete;
  OwnedComm& operator=(const OwnedComm&) = delete;

  static OwnedComm duplicate(MPI_Comm comm);
  // Ranks with `member` false get MPI_COMM_NULL. Collective over `comm`.
  static OwnedComm split(MPI_Comm comm, bool member, int key);

  MPI_Comm get() const { return comm_; }
  bool is_member() const { return comm_ != MPI_COMM_NULL; }

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
};

// A barrier over `comm` that sleeps between polls. Ranks with nothing to measure wait here,
// so that on an oversubscribed node they do not spin on the cores of the ranks measuring.
// Uses message tag 32000 on `comm`.
void wait_without_spinning(MPI_Comm comm);

// Whether ranks `a` and `b` of `comm` run on the same host (MPI_Get_processor_name).
// Collective. Not MPI_COMM_TYPE_SHARED: creating that communicator would leave Open MPI
// polling its nonblocking-collective engine on every later message (see OwnedComm).
bool on_same_node(const Comm& comm, int a, int b);

}  // namespace scalelab::costs
