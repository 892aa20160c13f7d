# SPDX-License-Identifier: MIT
# `cmake --install build --prefix DIR`: the apps and the tools' launchers in DIR/bin, the
# Python tools, SLURM templates and site examples in DIR/share/scalelab (the checkout's
# scripts/ and slurm/ layout, so paths between them hold), the docs in DIR/share/doc/scalelab,
# and module files for Lmod (Lua) and Tcl environment modules in DIR/share/modulefiles.
include(GNUInstallDirs)
include(cmake/ScalelabPython.cmake)

# Installed apps find MPI and HDF5 builds outside the system paths (e.g. HDF5 for MPICH).
set(CMAKE_INSTALL_RPATH_USE_LINK_PATH TRUE)

set(SCALELAB_TOOLS sweep plot report table model latency-table heat-image)
set(SCALELAB_DATA_DIR ${CMAKE_INSTALL_DATADIR}/scalelab)

# Launchers: bin/scalelab-<tool> runs scripts/<tool> with SCALELAB_PYTHON. The build tree
# gets its own (pointing at the source scripts), so a checkout behaves like an install.
file(RELATIVE_PATH scripts_from_bin /prefix/${CMAKE_INSTALL_BINDIR}
     /prefix/${SCALELAB_DATA_DIR}/scripts)
foreach(TOOL IN LISTS SCALELAB_TOOLS)
  set(SCRIPTS_DIR ${PROJECT_SOURCE_DIR}/scripts)
  configure_file(cmake/templates/launcher.sh.in ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/scalelab-${TOOL}
                 @ONLY FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                 GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  set(SCRIPTS_DIR "$here/${scripts_from_bin}")
  configure_file(cmake/templates/launcher.sh.in ${CMAKE_BINARY_DIR}/install/scalelab-${TOOL} @ONLY)
  install(PROGRAMS ${CMAKE_BINARY_DIR}/install/scalelab-${TOOL} DESTINATION ${CMAKE_INSTALL_BINDIR})
endforeach()

list(TRANSFORM SCALELAB_TOOLS PREPEND ${PROJECT_SOURCE_DIR}/scripts/)
install(PROGRAMS ${SCALELAB_TOOLS} DESTINATION ${SCALELAB_DATA_DIR}/scripts)
install(DIRECTORY python/scalelab DESTINATION ${SCALELAB_DATA_DIR}/python PATTERN __pycache__ EXCLUDE)
install(DIRECTORY scripts/sweeplib scripts/plotlib scripts/modellib
        DESTINATION ${SCALELAB_DATA_DIR}/scripts PATTERN __pycache__ EXCLUDE)
install(DIRECTORY slurm/ DESTINATION ${SCALELAB_DATA_DIR}/slurm USE_SOURCE_PERMISSIONS)
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/scalelab)
# docs/ stays a folder beside the README, so the README's links to docs/... resolve.
install(DIRECTORY docs DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/scalelab)

# Module files name the prefix the install goes to, known only at install time (--prefix).
install(CODE "
  set(VERSION ${PROJECT_VERSION})
  set(BINDIR ${CMAKE_INSTALL_BINDIR})
  set(DATADIR ${SCALELAB_DATA_DIR})
  set(PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(modules \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/modulefiles\")
  message(STATUS \"Installing: \${modules}/{lua,tcl}/scalelab/${PROJECT_VERSION}\")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/templates/scalelab.lua.in
                 \"\${modules}/lua/scalelab/${PROJECT_VERSION}.lua\" @ONLY)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/templates/scalelab.tcl.in
                 \"\${modules}/tcl/scalelab/${PROJECT_VERSION}\" @ONLY)
")
