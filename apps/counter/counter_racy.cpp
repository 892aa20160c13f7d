// SPDX-License-Identifier: MIT
#include "counter_racy.hpp"

// A data race on purpose, so ThreadSanitizer must not instrument it: a TSan build of ScaleLab
// then runs the racy method without reports, and any report points at a real bug elsewhere.
// scripts/tsan-counter.sh compiles this file once more with SCALELAB_COUNTER_RACY_INSTRUMENTED
// to show that TSan does see this race when it is allowed to look. noinline keeps the body
// (and so the exemption) in this function even under link-time optimisation.
#ifdef SCALELAB_COUNTER_RACY_INSTRUMENTED
#define SCALELAB_COUNTER_NOT_FOR_TSAN __attribute__((noinline))
#else
#define SCALELAB_COUNTER_NOT_FOR_TSAN __attribute__((noinline, no_sanitize("thread")))
#endif

namespace scalelab::counter {

// The naive `total += delta` a newcomer would write, made to race visibly. Written plainly,
// the optimiser may assume no other thread touches a plain integer and turn the loop into ONE
// add of updates * delta, so the race would shrink to one window per worker. With a mere
// compiler barrier per update it becomes one unlocked memory-destination add
// (`add %rsi,(%rdi)`): still not atomic, but on this x86 (a Xeon VM) it lost none of
// 3 x 40M contended updates, as the core keeps the cache line between the add's load and
// store. Reading and writing through a volatile reference forces each update to be a separate
// load and a separate store, in program order and never merged or folded (measured: 35-40 %
// lost at 2 threads). volatile gives no atomicity and no ordering between cores: another
// core's store that lands between our load and our store is overwritten, which is the lost
// update this method demonstrates.
SCALELAB_COUNTER_NOT_FOR_TSAN void racy_add(std::int64_t& shared_total, std::int64_t delta,
                                            std::uint64_t updates) {
  volatile std::int64_t& total = shared_total;
  for (std::uint64_t u = 0; u < updates; ++u) {
    const std::int64_t seen = total;  // load ...
    total = seen + delta;             // ... and store: another thread may have stored between
  }
}

}  // namespace scalelab::counter
