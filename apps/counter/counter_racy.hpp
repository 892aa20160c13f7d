// SPDX-License-Identifier: MIT
#pragma once

// The racy method's update loop, alone in its own file so that the one deliberate data race
// in ScaleLab is isolated: nothing else is compiled with its attributes.

#include <cstdint>

namespace scalelab::counter {

// `updates` times: shared_total = shared_total + delta, with no synchronisation at all.
// Called by several threads on the same total, so updates are lost. Not seen by
// ThreadSanitizer (see counter_racy.cpp).
void racy_add(std::int64_t& shared_total, std::int64_t delta, std::uint64_t updates);

}  // namespace scalelab::counter
