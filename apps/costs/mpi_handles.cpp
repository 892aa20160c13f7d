// SPDX-License-Identifier: MIT
#include "mpi_handles.hpp"

#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "scalelab/errors.hpp"

namespace scalelab::costs {

void check_mpi(int rc, const char* what) {
  if (rc == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  throw RuntimeError(std::string(what) + " failed: " + std::string(text, length));
}

MpiSessionAt::MpiSessionAt(int* argc, char*** argv, int required) {
  MPI_Init_thread(argc, argv, required, &provided_);
  if (provided_ < required) {
    MPI_Finalize();
    throw RuntimeError("the MPI library provides thread level " + std::to_string(provided_) +
                       ", below the " + std::to_string(required) + " requested");
  }
  // Errors become return codes we turn into messages, as in every ScaleLab app.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

MpiSessionAt::~MpiSessionAt() {
  MPI_Finalize();
}

OwnedComm::~OwnedComm() {
  if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

OwnedComm::OwnedComm(OwnedComm&& other) noexcept
    : comm_(std::exchange(other.comm_, MPI_COMM_NULL)) {}

OwnedComm& OwnedComm::operator=(OwnedComm&& other) noexcept {
  if (this != &other) {
    if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
    comm_ = std::exchange(other.comm_, MPI_COMM_NULL);
  }
  return *this;
}

OwnedComm OwnedComm::duplicate(MPI_Comm comm) {
  OwnedComm out;
  check_mpi(MPI_Comm_dup(comm, &out.comm_), "MPI_Comm_dup");
  return out;
}

OwnedComm OwnedComm::split(MPI_Comm comm, bool member, int key) {
  OwnedComm out;
  check_mpi(MPI_Comm_split(comm, member ? 0 : MPI_UNDEFINED, key, &out.comm_), "MPI_Comm_split");
  return out;
}

namespace {

// Above every tag the probes use for their own messages (MPI guarantees tags up to 32767).
constexpr int kQuietBarrierTag = 32000;

void receive_without_spinning(MPI_Comm comm, int source) {
  MPI_Request request;
  check_mpi(MPI_Irecv(nullptr, 0, MPI_BYTE, source, kQuietBarrierTag, comm, &request), "MPI_Irecv");
  int done = 0;
  while (true) {
    check_mpi(MPI_Test(&request, &done, MPI_STATUS_IGNORE), "MPI_Test");
    if (done) return;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

}  // namespace

// Point-to-point messages (every rank reports to rank 0, which then releases them) rather than
// MPI_Ibarrier: once a nonblocking collective has run, Open MPI polls its collective engine in
// every progress call for the rest of the run, which made every later 8-byte message ~10 %
// slower.
void wait_without_spinning(MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  if (rank != 0) {
    check_mpi(MPI_Send(nullptr, 0, MPI_BYTE, 0, kQuietBarrierTag, comm), "MPI_Send");
    receive_without_spinning(comm, 0);
    return;
  }
  for (int r = 1; r < size; ++r) receive_without_spinning(comm, r);
  for (int r = 1; r < size; ++r) {
    check_mpi(MPI_Send(nullptr, 0, MPI_BYTE, r, kQuietBarrierTag, comm), "MPI_Send");
  }
}

bool on_same_node(const Comm& comm, int a, int b) {
  char name[MPI_MAX_PROCESSOR_NAME];
  int length = 0;
  check_mpi(MPI_Get_processor_name(name, &length), "MPI_Get_processor_name");
  const std::string mine(name, static_cast<std::size_t>(length));
  return comm.broadcast(mine, a) == comm.broadcast(mine, b);
}

}  // namespace scalelab::costs
