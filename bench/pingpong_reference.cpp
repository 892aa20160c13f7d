// SPDX-License-Identifier: MIT
// The plain MPI ping-pong a user writes first: one buffer, MPI_Send/MPI_Recv, no checks, one
// timer around each batch of round trips. scripts/bench costs runs it beside
// `scalelab-costs --probe pingpong` (same build flags), which also times batches of round trips.
//   mpirun -n 2 scalelab-pingpong-reference BYTES ROUND_TRIPS BATCHES
//       prints the median and mean over batches of the half round trip (after one warm-up batch)
//   mpirun -n 1 scalelab-pingpong-reference init-only      only MPI_Init + MPI_Finalize
#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  if (argc > 1 && std::strcmp(argv[1], "init-only") == 0) return MPI_Finalize();
  const int bytes = argc > 1 ? std::atoi(argv[1]) : 8, trips = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int batches = argc > 3 ? std::atoi(argv[3]) : 21;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::vector<char> buffer(std::max(bytes, 1));
  std::vector<double> half_us;
  for (int b = -1; b < batches && rank < 2; ++b) {  // batch -1 warms up
    const double start = MPI_Wtime();
    for (int i = 0; i < trips; ++i) {
      if (rank == 0) {
        MPI_Send(buffer.data(), bytes, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
        MPI_Recv(buffer.data(), bytes, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      } else {
        MPI_Recv(buffer.data(), bytes, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(buffer.data(), bytes, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
      }
    }
    if (b >= 0) half_us.push_back((MPI_Wtime() - start) / (2.0 * trips) * 1e6);
  }
  if (rank == 0 && batches > 0) {
    const double mean = std::accumulate(half_us.begin(), half_us.end(), 0.0) / batches;
    std::nth_element(half_us.begin(), half_us.begin() + batches / 2, half_us.end());
    std::printf("bytes=%d round_trips=%dx%d half_round_trip_us median=%.4f mean=%.4f\n", bytes,
                batches, trips, half_us[batches / 2], mean);
    char library[MPI_MAX_LIBRARY_VERSION_STRING];
    int length = 0;
    MPI_Get_library_version(library, &length);
    std::printf(
        "ran: plain MPI_Send/MPI_Recv ping-pong, 2 ranks, %s; timed in-process: "
        "median batch of %d round trips after 1 warm-up batch\n",
        std::string(library, std::strcspn(library, ",\n")).c_str(), trips);
  }
  return MPI_Finalize();
}
