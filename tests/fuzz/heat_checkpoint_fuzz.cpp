// SPDX-License-Identifier: MIT
// Fuzzes heat's checkpoint reader (--restart FILE.h5) with corrupt files: the input bytes
// are written to a file and read back as an 8x8 grid's checkpoint on one rank. Contract:
// the reader returns a step within --steps or throws UsageError (exit 2, "--restart: ...");
// never another error, a crash, a hang or UB, whatever HDF5 finds in the file.
// The seed corpus is a real checkpoint written by scalelab-heat (see scripts/fuzz.sh).
#include <mpi.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "fuzz_check.hpp"
#include "heat_field.hpp"
#include "heat_io.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/errors.hpp"

namespace {

std::string input_path;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  // One process, no mpirun: MPI's singleton start-up, allowed as root like every test.
  setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 0);
  setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 0);
  setenv("OMPI_MCA_pml", "ob1", 0);
  setenv("OMPI_MCA_btl", "self", 0);
  MPI_Init(argc, argv);
  input_path = "/tmp/scalelab-fuzz-checkpoint-" + std::to_string(getpid()) + ".h5";
  // No MPI_Finalize: it frees Open MPI's state only in part, and LeakSanitizer's check at
  // exit would report the rest as leaks of this target. Left initialised, all of it is still
  // reachable, so the check sees only what the reader itself may leak.
  std::atexit([] { unlink(input_path.c_str()); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scalelab;
  std::ofstream(input_path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  heat::Params params;
  params.steps = 1000;
  const heat::Simulation sim{heat::GridShape{8, 8}, &params};
  heat::Field field(8, 8);
  field.first_touch(0.0);
  try {
    const std::uint64_t step =
        heat::read_checkpoint(Comm(MPI_COMM_SELF), input_path, sim, field, {0, 0, 8, 8});
    fuzz::require(step <= params.steps, "a checkpoint past --steps was accepted");
  } catch (const UsageError&) {
  }
  return 0;
}
