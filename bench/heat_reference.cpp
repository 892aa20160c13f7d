// SPDX-License-Identifier: MIT
// The plain Jacobi heat loop scripts/bench heat runs beside scalelab-heat: two
// (NY+2) x (NX+2) arrays, a fixed zero boundary, one `omp parallel for` over rows per step,
// the stencil written the textbook way. No ScaleLab code.
//
//   scalelab-heat-reference NX NY STEPS REPS
// Threads: OMP_NUM_THREADS. Prints one line: nx= ny= steps= reps= threads= median_s=
// cell_updates_per_s= (median over REPS timed reps of STEPS steps, after one untimed rep).
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

namespace {

struct AlignedFree {
  void operator()(double* p) const { ::operator delete(p, std::align_val_t(64)); }
};
using Buffer = std::unique_ptr<double[], AlignedFree>;

Buffer allocate(std::size_t n) {
  return Buffer(static_cast<double*>(::operator new(n * sizeof(double), std::align_val_t(64))));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s NX NY STEPS REPS\n", argv[0]);
    return 2;
  }
  const long nx = std::atol(argv[1]), ny = std::atol(argv[2]);
  const long steps = std::atol(argv[3]), reps = std::atol(argv[4]);
  if (nx < 1 || ny < 1 || steps < 1 || reps < 1) {
    std::fprintf(stderr, "%s: NX, NY, STEPS and REPS must be positive\n", argv[0]);
    return 2;
  }
  const long stride = nx + 2;
  Buffer a = allocate(static_cast<std::size_t>((ny + 2) * stride));
  Buffer b = allocate(static_cast<std::size_t>((ny + 2) * stride));
  const double alpha = 0.2;

  // First touch by the threads that will stream the rows; the same ramp-and-disc start as
  // scalelab-heat is not needed for timing, a ramp is enough.
#pragma omp parallel for schedule(static)
  for (long i = 0; i < ny + 2; ++i) {
    for (long j = 0; j < stride; ++j) {
      const bool inside = i > 0 && i <= ny && j > 0 && j <= nx;
      a[i * stride + j] = inside ? 0.5 * static_cast<double>(j) / static_cast<double>(nx) : 0.0;
      b[i * stride + j] = 0.0;
    }
  }

  std::vector<double> times;
  for (long rep = 0; rep <= reps; ++rep) {
    const auto start = std::chrono::steady_clock::now();
    double* u = a.get();
    double* v = b.get();
    for (long s = 0; s < steps; ++s) {
#pragma omp parallel for schedule(static)
      for (long i = 1; i <= ny; ++i) {
        for (long j = 1; j <= nx; ++j) {
          const long k = i * stride + j;
          v[k] = u[k] + alpha * (u[k - stride] + u[k + stride] + u[k - 1] + u[k + 1] - 4.0 * u[k]);
        }
      }
      std::swap(u, v);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (rep > 0) times.push_back(seconds);  // rep 0 warms up
  }
  std::sort(times.begin(), times.end());
  const std::size_t n = times.size();
  const double median = n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
  const double updates =
      static_cast<double>(nx) * static_cast<double>(ny) * static_cast<double>(steps);
  std::printf("nx=%ld ny=%ld steps=%ld reps=%ld threads=%d median_s=%.6g cell_updates_per_s=%.6g\n",
              nx, ny, steps, reps, omp_get_max_threads(), median, updates / median);
  std::printf(
      "ran: plain OpenMP Jacobi 5-point loop (this build's flags), %d threads; timed "
      "in-process: %ld steps, median of %ld after 1 warm-up\n",
      omp_get_max_threads(), steps, reps);
  return 0;
}
