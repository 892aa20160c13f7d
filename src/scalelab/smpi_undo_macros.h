// SPDX-License-Identifier: MIT
// Force-included after SimGrid's smpi/smpi_helpers.h in the SMPI build (cmake/Smpi.cmake).
// That header redefines C library calls as function-like macros so that C programs run
// under the simulator. In C++ they break qualified calls and members of the same name
// (std::exit, std::malloc in Eigen, CLI::App::exit(e, out, err), allocator free()).
// Operator new, which every container here uses, is not intercepted anyway, and large
// arrays are shared on purpose where it matters (scalelab/simulation.hpp), so these go.
#pragma once

#undef exit
#undef malloc
#undef calloc
#undef realloc
#undef free
