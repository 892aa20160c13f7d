# SPDX-License-Identifier: MIT
# Bakes the git sha (re-read at every build, not only at configure time) and the compile
# flags into build_info.cpp, so every record says exactly which code produced it.
string(TOUPPER "${CMAKE_BUILD_TYPE}" _scalelab_build_type)
set(SCALELAB_COMPILE_FLAGS "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_scalelab_build_type}}")
if(SCALELAB_ARCH)
  string(APPEND SCALELAB_COMPILE_FLAGS " -march=${SCALELAB_ARCH}")
endif()
if(SCALELAB_SANITIZE)
  string(APPEND SCALELAB_COMPILE_FLAGS " -fsanitize=${SCALELAB_SANITIZE}")
endif()
string(STRIP "${SCALELAB_COMPILE_FLAGS}" SCALELAB_COMPILE_FLAGS)

set(SCALELAB_BUILD_INFO_CPP ${CMAKE_BINARY_DIR}/generated/build_info.cpp)
add_custom_target(scalelab_build_info ALL
  BYPRODUCTS ${SCALELAB_BUILD_INFO_CPP}
  COMMAND ${CMAKE_COMMAND}
          -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
          -DOUTPUT=${SCALELAB_BUILD_INFO_CPP}
          -DVERSION=${PROJECT_VERSION}
          -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
          "-DCOMPILER=${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}"
          "-DFLAGS=${SCALELAB_COMPILE_FLAGS}"
          -P ${CMAKE_SOURCE_DIR}/cmake/WriteBuildInfo.cmake
  COMMENT "Recording git sha and build flags")
