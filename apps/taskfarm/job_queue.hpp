// SPDX-License-Identifier: MIT
#pragma once

// The queue between the producer and the worker threads of the openmp model with arrivals.
// Jobs are released in index order, so the queue is two counters: released (a prefix of the
// jobs) and taken. Workers block on a condition variable while nothing is released; the
// producer's stop() after the last release is the signal that ends them once it is empty.

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "scalelab/partition.hpp"
#include "schedule.hpp"

namespace scalelab::taskfarm {

class JobQueue {
 public:
  JobQueue(Schedule schedule, std::uint64_t chunk, std::uint64_t workers)
      : schedule_(schedule), chunk_(chunk), workers_(workers) {}

  // Producer: jobs [0, released) may now be taken.
  void release(std::uint64_t released) {
    {
      const std::lock_guard lock(mutex_);
      released_ = released;
    }
    ready_.notify_all();
  }
  // Producer: no job will follow; workers leave once the queue is empty.
  void stop() {
    {
      const std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    ready_.notify_all();
  }
  // Worker: the next jobs to run (a take of the released ones, as the schedule sizes it),
  // waiting while none is released; empty once stopped and drained.
  Range take() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return taken_ < released_ || stopped_; });
    const std::uint64_t take = take_size(schedule_, released_ - taken_, workers_, chunk_);
    const Range jobs{taken_, taken_ + take};
    taken_ += take;
    return jobs;
  }

 private:
  Schedule schedule_;
  std::uint64_t chunk_;
  std::uint64_t workers_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::uint64_t released_ = 0;
  std::uint64_t taken_ = 0;
  bool stopped_ = false;
};

}  // namespace scalelab::taskfarm
