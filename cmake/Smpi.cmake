# SPDX-License-Identifier: MIT
# The SimGrid/SMPI build (preset smpi): smpicxx compiles and links every target against
# SimGrid's MPI, and smpirun runs each binary with its ranks as simulated processes.
#
# - MPI::MPI_CXX is an empty target: smpicxx already adds SMPI's mpi.h and libsimgrid.
# - Parallel HDF5 is linked against Open MPI, so it cannot load beside SMPI: the h5::File
#   calls refuse instead (src/scalelab/hdf5_unavailable.cpp), and the options that need a
#   file refuse at parse time. Only HDF5's header is used, for its types.
# - OpenMP stays compiled in (the driver calls omp_set_num_threads), but only the mpi model
#   runs: a simulated rank is one simulated core, and OpenMP threads inside it would run on
#   the host outside the simulated clock.
if(NOT CMAKE_CXX_COMPILER MATCHES "smpicxx$")
  message(FATAL_ERROR "SCALELAB_SMPI needs CMAKE_CXX_COMPILER=smpicxx (use: cmake --preset smpi); "
                      "install libsimgrid-dev")
endif()
execute_process(COMMAND smpirun -version OUTPUT_VARIABLE SCALELAB_SIMGRID_VERSION
                OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "SMPI build: ${SCALELAB_SIMGRID_VERSION}")

add_library(MPI::MPI_CXX INTERFACE IMPORTED)

find_path(SCALELAB_HDF5_INCLUDE_DIR hdf5.h PATHS /usr/include/hdf5/openmpi /usr/include/hdf5/serial
          REQUIRED)
add_library(HDF5::HDF5 INTERFACE IMPORTED)
set_target_properties(HDF5::HDF5 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES ${SCALELAB_HDF5_INCLUDE_DIR})

# After smpicxx's own -include of smpi/smpi_helpers.h: undo its C-only macros.
target_compile_options(scalelab_flags INTERFACE
                       "SHELL:-include ${PROJECT_SOURCE_DIR}/src/scalelab/smpi_undo_macros.h")
target_compile_definitions(scalelab_flags INTERFACE SCALELAB_SMPI)
