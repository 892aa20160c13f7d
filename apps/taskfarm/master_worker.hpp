// SPDX-License-Identifier: MIT
#pragma once

// The MPI master-worker protocol: rank 0 deals out chunks ("grants") of task indices on
// request, so ranks that drew cheap tasks come back for more.
//
// Rank 0 is the master AND a worker. Its main thread answers requests between slices of its
// own tasks (every kPollUnits work units, with MPI_Iprobe), so no core sits in a dedicated
// master's receive loop: with 2 ranks on 2 cores a dedicated master would leave one worker.
// At 1 rank the master simply deals to itself and no message is sent.
//
// Latency hiding: besides the grant it works on, a rank keeps grants ready and asks for the
// next one as soon as it opens one, so answers travel while it computes. It starts with
// kGrantsAhead ready; a worker rank that nevertheless runs dry (its master was off the CPU
// on a busy node, or the tasks are short beside a round trip) doubles that, up to
// kMaxGrantsAhead. Coarse tasks thus keep few grants queued (a short, even end), fine ones
// enough to ride out the master's absences. Grants are sized for the rank's threads
// (dynamic: chunk x threads; guided: a share of what is left, split over (1 + kGrantsAhead)
// x ranks holders). Inside a rank, the threads take tasks from the current grant with the
// same schedule; only OpenMP thread 0, the main thread, calls MPI (MPI_THREAD_FUNNELED).
//
// Messages, on a private duplicate of the communicator:
//   worker -> master  kTagRequest, no payload: "send my next grant"
//   master -> worker  kTagGrant, {begin, end}: task indices [begin, end); begin == end means
//                     "no work left", the last message a worker gets (exactly one each).
// Every message of a repetition is received within it: nothing is left in flight.
//
// Jobs that arrive over time (FarmPlan::arrivals): the master deals only released jobs (those
// whose arrival time has passed on the shared clock). A request that finds none released
// stays unanswered, in the queue, until one is; the empty grant, sent once every job has
// arrived and been dealt, is the producer's stop signal. A rank then keeps one grant ready,
// never more: grants held ahead are released jobs no other worker can start.
//
// Errors: the protocol runs inside an OpenMP parallel region, which an exception cannot
// leave, while the other ranks are mid-protocol and could never agree on it. A failed MPI
// call or a malformed grant therefore prints one line and aborts the job (MPI_Abort, exit
// code 3), as the driver does for any error inside the timed loop: no rank is left waiting.

#include <mpi.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>

#include "arrivals.hpp"
#include "scalelab/partition.hpp"
#include "schedule.hpp"

namespace scalelab::taskfarm {

// A private duplicate of a communicator (RAII), so the farm's point-to-point messages can
// never match anybody else's.
class PrivateComm {
 public:
  explicit PrivateComm(MPI_Comm parent);  // collective; throws RuntimeError on failure
  ~PrivateComm();
  PrivateComm(const PrivateComm&) = delete;
  PrivateComm& operator=(const PrivateComm&) = delete;
  MPI_Comm raw() const { return comm_; }

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
};

// Grants a rank holds ready besides the one its threads work on: at first, and at most.
constexpr std::size_t kGrantsAhead = 2;
constexpr std::size_t kMaxGrantsAhead = 64;

struct FarmPlan {
  std::uint64_t tasks = 0;
  Schedule schedule = Schedule::kDynamic;  // dynamic or guided
  std::uint64_t chunk = 0;                 // tasks a thread takes at a time (0: 1)
  int threads = 1;                         // OpenMP threads of every rank
  const ArrivalClock* arrivals = nullptr;  // jobs arrive over time: deal released ones only
};

// One repetition's dealing on one rank. Every rank constructs one, its threads call next()
// until it returns an empty range, then the main thread calls finish().
class MasterWorker {
 public:
  MasterWorker(MPI_Comm comm, const FarmPlan& plan);
  MasterWorker(const MasterWorker&) = delete;
  MasterWorker& operator=(const MasterWorker&) = delete;

  // The next tasks for OpenMP thread `thread` of this rank; empty when none are left for
  // it. Thread 0 also drives the protocol here (and, on a worker rank, waits for a grant
  // when the rank has nothing left to do).
  Range next(int thread);
  // Thread 0 only, between slices of a task: answers requests (master) or collects a
  // grant and asks for the next one (worker). Never blocks.
  void progress();
  // The main thread after the parallel region: the master answers the remaining requests
  // until every worker rank has been told that no work is left.
  void finish();

 private:
  bool is_master() const { return rank_ == 0; }
  bool can_deal() const;          // master: a job has arrived undealt, or none is left at all
  Range deal_from_pool();         // master: the next grant for any rank (empty: no work left)
  void answer(int worker);        // master: receive a pending request and send a grant
  void serve_pending_requests();  // master
  void request_grant();           // worker: ask for the next grant and post its receive
  void accept(Range grant);       // store a received (or self-dealt) grant for the threads
  bool wants_grant();             // ready_ has room and more grants may come
  void wait_for_grant();          // thread 0 with nothing to do locally

  MPI_Comm comm_;
  FarmPlan plan_;
  int rank_ = 0;
  int ranks_ = 1;

  // Shared by this rank's threads.
  std::mutex mutex_;
  Range current_;            // the grant threads are taking tasks from
  std::deque<Range> ready_;  // the next grants, already here (at most ahead_)
  bool exhausted_ = false;   // no grant will follow those in ready_
  std::size_t ahead_ = kGrantsAhead;

  // Main thread only.
  Range pool_;                              // master: tasks not dealt yet
  int workers_released_ = 0;                // master: worker ranks told "no work left"
  MPI_Request pending_ = MPI_REQUEST_NULL;  // worker: the receive of the grant asked for
  std::array<std::uint64_t, 2> incoming_{};
  bool received_any_ = false;  // worker: the first wait is for the first grant, not a dry run
};

}  // namespace scalelab::taskfarm
