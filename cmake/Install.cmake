# SPDX-License-Identifier: MIT
# `cmake --install build --prefix DIR`: the apps and the tools' launchers in DIR/bin, the
# Python package, SLURM templates and site examples in DIR/share/scalelab (the checkout's
# python/ and slurm/ layout, so paths between them hold), the docs in DIR/share/doc/scalelab,
# and module files for Lmod (Lua) and Tcl environment modules in DIR/share/modulefiles.
include(GNUInstallDirs)
include(cmake/ScalelabPython.cmake)

# Installed apps find MPI and HDF5 builds outside the system paths (e.g. HDF5 for MPICH).
set(CMAKE_INSTALL_RPATH_USE_LINK_PATH TRUE)

set(SCALELAB_TOOLS sweep plot report table model latency-table heat-image)
set(SCALELAB_DATA_DIR ${CMAKE_INSTALL_DATADIR}/scalelab)

# Launchers: bin/scalelab-<tool> runs the module scalelab.commands.<tool> with
# SCALELAB_PYTHON, the package found from the launcher's own place (no environment needed).
# The build tree gets its own (the checkout's python/), so a checkout behaves like an install.
file(RELATIVE_PATH python_from_bin /prefix/${CMAKE_INSTALL_BINDIR}
     /prefix/${SCALELAB_DATA_DIR}/python)
foreach(TOOL IN LISTS SCALELAB_TOOLS)
  string(REPLACE "-" "_" MODULE ${TOOL})
  set(PACKAGE_DIR ${PROJECT_SOURCE_DIR}/python)
  configure_file(cmake/templates/launcher.sh.in ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/scalelab-${TOOL}
                 @ONLY FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                 GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  set(PACKAGE_DIR "$here/${python_from_bin}")
  configure_file(cmake/templates/launcher.sh.in ${CMAKE_BINARY_DIR}/install/scalelab-${TOOL} @ONLY)
  install(PROGRAMS ${CMAKE_BINARY_DIR}/install/scalelab-${TOOL} DESTINATION ${CMAKE_INSTALL_BINDIR})
endforeach()

# The package: share/scalelab/python/scalelab (its ROOT, share/scalelab, holds slurm/ too).
install(DIRECTORY python/scalelab DESTINATION ${SCALELAB_DATA_DIR}/python
        PATTERN __pycache__ EXCLUDE)
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
