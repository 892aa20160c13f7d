// SPDX-License-Identifier: MIT
#include "counter.hpp"

namespace scalelab::counter {
namespace {

// The one shared total, exposed as an MPI window on rank 0 (other ranks expose nothing).
// MPI_Win_allocate lets Open MPI place it in shared memory when all ranks share a node.
class TotalWindow {
 public:
  explicit TotalWindow(const Comm& comm) {
    const MPI_Aint bytes = comm.is_root() ? sizeof(std::int64_t) : 0;
    MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, comm.raw(), &total_, &win_);
    if (comm.is_root()) *total_ = 0;
    comm.barrier();  // nobody accumulates before rank 0 has zeroed its total
  }
  ~TotalWindow() { MPI_Win_free(&win_); }  // collective: every rank destroys it in step
  TotalWindow(const TotalWindow&) = delete;
  TotalWindow& operator=(const TotalWindow&) = delete;

  MPI_Win raw() const { return win_; }

  // On rank 0, once every rank's updates are complete: the total, which then restarts at 0.
  std::int64_t take_total() {
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win_);
    const std::int64_t total = *total_;
    *total_ = 0;
    MPI_Win_unlock(0, win_);
    return total;
  }

 private:
  std::int64_t* total_ = nullptr;
  MPI_Win win_ = MPI_WIN_NULL;
};

// mpi-rma: the distributed-memory analogue of `omp atomic`. Every update is one
// MPI_Accumulate(+delta) into the window on rank 0; MPI makes concurrent accumulates to one
// element atomic, so no update is lost, but each one is a remote operation.
class CounterMpiRma final : public CounterWorkload {
 public:
  using CounterWorkload::CounterWorkload;

  void setup(const RunContext& ctx) override {
    CounterWorkload::setup(ctx);
    window_ = std::make_unique<TotalWindow>(ctx.comm);
  }

  void run(const RunContext& ctx) override {
    const Worker mine = worker(static_cast<std::uint64_t>(ctx.comm.rank()));
    MPI_Win_lock_all(0, window_->raw());
    for (std::uint64_t u = 0; u < mine.updates; ++u) {
      MPI_Accumulate(&mine.delta, 1, MPI_INT64_T, 0, 0, 1, MPI_INT64_T, MPI_SUM, window_->raw());
    }
    MPI_Win_unlock_all(window_->raw());  // this rank's updates are complete at rank 0
    ctx.comm.barrier();                  // ... and so are everyone's
    record_total(ctx.comm.is_root() ? window_->take_total() : 0);
  }

 private:
  std::unique_ptr<TotalWindow> window_;
};

}  // namespace

std::unique_ptr<Workload> make_mpi_rma(const RunContext& ctx) {
  return std::make_unique<CounterMpiRma>(ctx, "mpi-rma");
}

}  // namespace scalelab::counter
