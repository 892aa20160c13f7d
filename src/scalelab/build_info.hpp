// SPDX-License-Identifier: MIT
#pragma once

// Facts fixed when the binary was built (generated into the build tree by CMake).
namespace scalelab::build_info {
const char* version();  // the project's version, from CMake's project()
const char* git_sha();
const char* build_type();
const char* compiler();
const char* compile_flags();
}  // namespace scalelab::build_info
