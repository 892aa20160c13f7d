// SPDX-License-Identifier: MIT
#pragma once

// Eigen's core, included through here so that the one warning it raises is silenced at the
// include rather than for the whole build: with AVX-512, GCC 12 reports the deliberately
// undefined register of _mm512_undefined_pd (used by Eigen's packet reductions) as
// -Wmaybe-uninitialized wherever a reduction is inlined.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <Eigen/Core>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
