// SPDX-License-Identifier: MIT
#include "master_worker.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "scalelab/errors.hpp"

namespace scalelab::taskfarm {
namespace {

constexpr int kTagRequest = 1;
constexpr int kTagGrant = 2;
constexpr double kSpinSeconds = 200e-6;  // how long a waiting worker spins before yielding

std::string error_text(int rc) {
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(rc, text, &length);
  return std::string(text, static_cast<std::size_t>(length));
}

// See the header ("Errors"): inside the protocol the only safe reaction is to end the job.
[[noreturn]] void abort_job(MPI_Comm comm, const std::string& what) {
  int rank = -1;
  MPI_Comm_rank(comm, &rank);
  std::fprintf(stderr, "scalelab-taskfarm: error on rank %d: %s\n", rank, what.c_str());
  std::fflush(stderr);
  MPI_Abort(comm, kExitRuntime);
  std::abort();
}

void check(MPI_Comm comm, int rc, const char* call) {
  if (rc != MPI_SUCCESS) abort_job(comm, std::string(call) + " failed: " + error_text(rc));
}

}  // namespace

PrivateComm::PrivateComm(MPI_Comm parent) {
  const int rc = MPI_Comm_dup(parent, &comm_);
  if (rc != MPI_SUCCESS) throw RuntimeError("MPI_Comm_dup failed: " + error_text(rc));
}

PrivateComm::~PrivateComm() {
  if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

MasterWorker::MasterWorker(MPI_Comm comm, const FarmPlan& plan) : comm_(comm), plan_(plan) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &ranks_);
  if (is_master()) pool_ = {0, plan_.tasks};
  if (plan_.arrivals != nullptr) ahead_ = 1;  // see the header: no released job held back
}

Range MasterWorker::next(int thread) {
  for (;;) {
    if (thread == 0) progress();
    Range mine;
    bool opened_ready = false;
    {
      const std::lock_guard lock(mutex_);
      if (current_.size() == 0 && !ready_.empty()) {
        current_ = ready_.front();
        ready_.pop_front();
        opened_ready = true;
      }
      if (current_.size() == 0 && exhausted_) return {};
      const std::uint64_t take = take_size(plan_.schedule, current_.size(),
                                           static_cast<std::uint64_t>(plan_.threads), plan_.chunk);
      mine = {current_.begin, current_.begin + take};
      current_.begin += take;
    }
    // The ready grant was just opened: ask for the one after it now, not a slice later,
    // so its answer travels while these tasks run.
    if (opened_ready && thread == 0) progress();
    if (mine.size() > 0) return mine;
    if (thread == 0) {
      wait_for_grant();
    } else {
      std::this_thread::yield();  // thread 0 is fetching the next grant
    }
  }
}

void MasterWorker::progress() {
  if (is_master()) {
    serve_pending_requests();
    // The master deals to itself directly.
    while (wants_grant() && can_deal()) accept(deal_from_pool());
    return;
  }
  if (pending_ != MPI_REQUEST_NULL) {
    int arrived = 0;
    check(comm_, MPI_Test(&pending_, &arrived, MPI_STATUS_IGNORE), "MPI_Test");
    if (!arrived) return;
    accept({incoming_[0], incoming_[1]});
  }
  if (wants_grant()) request_grant();  // one request in flight at a time
}

// Waiting spins on MPI_Test for a moment (an answer is normally microseconds away), then
// yields between tests: Open MPI's blocking MPI_Wait spins without ever yielding, which on
// an oversubscribed node takes the CPU away from the very master it waits for.
void MasterWorker::wait_for_grant() {
  if (is_master()) {
    // progress() dealt from the pool, saw it empty, or found no job arrived yet: then give
    // the core away until the next look.
    if (plan_.arrivals != nullptr) std::this_thread::yield();
    return;
  }
  if (received_any_ && plan_.arrivals == nullptr) {
    const std::lock_guard lock(mutex_);
    ahead_ = std::min(2 * ahead_, kMaxGrantsAhead);  // ran dry: ask further ahead
  }
  const double since = MPI_Wtime();
  while (pending_ != MPI_REQUEST_NULL) {
    int arrived = 0;
    check(comm_, MPI_Test(&pending_, &arrived, MPI_STATUS_IGNORE), "MPI_Test");
    if (arrived) {
      accept({incoming_[0], incoming_[1]});
      return;
    }
    if (MPI_Wtime() - since > kSpinSeconds) std::this_thread::yield();
  }
}

void MasterWorker::finish() {
  if (!is_master()) return;
  const double since = MPI_Wtime();
  while (workers_released_ < ranks_ - 1) {
    serve_pending_requests();
    if (MPI_Wtime() - since > kSpinSeconds) std::this_thread::yield();
  }
}

bool MasterWorker::can_deal() const {
  return plan_.arrivals == nullptr || pool_.size() == 0 || plan_.arrivals->released() > pool_.begin;
}

Range MasterWorker::deal_from_pool() {
  Range available = pool_;
  if (plan_.arrivals != nullptr) available.end = std::min(pool_.end, plan_.arrivals->released());
  const std::uint64_t per_rank_chunk =
      std::max<std::uint64_t>(plan_.chunk, 1) * static_cast<std::uint64_t>(plan_.threads);
  const std::uint64_t holders = (1 + kGrantsAhead) * static_cast<std::uint64_t>(ranks_);
  const std::uint64_t take = take_size(plan_.schedule, available.size(), holders, per_rank_chunk);
  const Range grant{pool_.begin, pool_.begin + take};
  pool_.begin += take;
  return grant;
}

void MasterWorker::serve_pending_requests() {
  while (can_deal()) {  // otherwise requests wait in the queue until a job arrives
    int waiting = 0;
    MPI_Status status;
    check(comm_, MPI_Iprobe(MPI_ANY_SOURCE, kTagRequest, comm_, &waiting, &status), "MPI_Iprobe");
    if (!waiting) return;
    answer(status.MPI_SOURCE);
  }
}

void MasterWorker::answer(int worker) {
  check(comm_, MPI_Recv(nullptr, 0, MPI_BYTE, worker, kTagRequest, comm_, MPI_STATUS_IGNORE),
        "MPI_Recv");
  const Range grant = deal_from_pool();
  const std::array<std::uint64_t, 2> message{grant.begin, grant.end};
  check(comm_, MPI_Send(message.data(), 2, MPI_UINT64_T, worker, kTagGrant, comm_), "MPI_Send");
  if (grant.size() == 0) ++workers_released_;
}

void MasterWorker::request_grant() {
  check(comm_, MPI_Send(nullptr, 0, MPI_BYTE, 0, kTagRequest, comm_), "MPI_Send");
  check(comm_, MPI_Irecv(incoming_.data(), 2, MPI_UINT64_T, 0, kTagGrant, comm_, &pending_),
        "MPI_Irecv");
}

void MasterWorker::accept(Range grant) {
  if (grant.begin > grant.end || grant.end > plan_.tasks) {
    abort_job(comm_, "malformed grant [" + std::to_string(grant.begin) + ", " +
                         std::to_string(grant.end) + ") for " + std::to_string(plan_.tasks) +
                         " tasks");
  }
  const std::lock_guard lock(mutex_);
  received_any_ = true;
  if (grant.size() == 0) {
    exhausted_ = true;
  } else {
    ready_.push_back(grant);
  }
}

bool MasterWorker::wants_grant() {
  const std::lock_guard lock(mutex_);
  return ready_.size() < ahead_ && !exhausted_;
}

}  // namespace scalelab::taskfarm
