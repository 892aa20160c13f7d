// SPDX-License-Identifier: MIT
// OpenBLAS's DGEMM on the same problem as scalelab-matmul: C = A·B, n x n row-major doubles
// uniform in [-1, 1), timed the same way (one untimed call, then REPS timed calls; the
// median). scripts/bench matmul runs it beside scalelab-matmul to put our GFLOP/s in
// proportion. Prints two lines:
//   Core: K (how K was chosen)
//   n=N threads=T reps=R median_s=S gflops_per_s=G core=K
// Usage: scalelab-matmul-reference N THREADS REPS [SEED]. Exit 1 if a row of C is wrong.
//
// At its best: OpenBLAS picks its kernel ("core") from the CPU model, and a model it does not
// know gets a generic fallback (0.3.21 runs Prescott's SSE3 kernel on model 207, at a fifth
// of the AVX-512 kernel's speed), and an environment may force OPENBLAS_CORETYPE to anything.
// So the core is chosen here from the CPU's features, and when it differs from the one loaded
// the program runs itself again with OPENBLAS_CORETYPE set, for this reference alone.
#include <cblas.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" char* openblas_get_corename(void);

namespace {

// The fastest OpenBLAS core this CPU can run, by its features (OpenBLAS's names), or "" when
// none of the vector kernels applies and OpenBLAS's own choice stands.
std::string best_core() {
#if !defined(__x86_64__)
  return "";
#else
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
                      __builtin_cpu_supports("avx512cd");
  if (avx512 && __builtin_cpu_supports("avx512bf16")) return "Cooperlake";
  if (avx512) return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
  return "";
#endif
}

// Runs this program again with OPENBLAS_CORETYPE=`core` when the loaded core differs, once
// (the marker variable stops a loop when OpenBLAS does not accept the name). Prints the
// Core: line.
void pin_best_core(char** argv) {
  const std::string loaded = openblas_get_corename();
  const std::string best = best_core();
  const char* const marker = "SCALELAB_OPENBLAS_CORE_CHOSEN_FROM";
  if (const char* chosen_from = std::getenv(marker)) {
    std::printf("Core: %s (%s was loaded; pinned %s, the best this CPU's features allow)\n",
                loaded.c_str(), chosen_from, best.c_str());
    return;
  }
  if (best.empty() || best == loaded) {
    std::printf("Core: %s (OpenBLAS's own choice for this CPU)\n", loaded.c_str());
    return;
  }
  setenv(marker, loaded.c_str(), 1);
  setenv("OPENBLAS_CORETYPE", best.c_str(), 1);
  execv("/proc/self/exe", argv);
  std::printf("Core: %s (could not re-run with OPENBLAS_CORETYPE=%s)\n", loaded.c_str(),
              best.c_str());
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s N THREADS REPS [SEED]\n", argv[0]);
    return 2;
  }
  const long n = std::strtol(argv[1], nullptr, 10);
  const int threads = static_cast<int>(std::strtol(argv[2], nullptr, 10));
  const int reps = static_cast<int>(std::strtol(argv[3], nullptr, 10));
  std::uint64_t state = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 42;
  if (n < 1 || threads < 1 || reps < 1) {
    std::fprintf(stderr, "%s: N, THREADS and REPS must be positive\n", argv[0]);
    return 2;
  }
  pin_best_core(argv);
  openblas_set_num_threads(threads);

  const auto count = static_cast<std::size_t>(n) * static_cast<std::size_t>(n);
  std::vector<double> a(count), b(count), c(count, 0.0);
  for (double& v : a) v = static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-52 - 1.0;
  for (double& v : b) v = static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-52 - 1.0;

  std::vector<double> times;
  for (int rep = -1; rep < reps; ++rep) {  // rep -1: warm-up (thread pool, page faults)
    const auto start = std::chrono::steady_clock::now();
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a.data(), n, b.data(), n,
                0.0, c.data(), n);
    if (rep >= 0) times.push_back(seconds_since(start));
  }

  // Row 0 against plain dot products: a wrong library call must not produce a ratio.
  for (long j = 0; j < n; ++j) {
    double expected = 0, scale = 0;
    for (long k = 0; k < n; ++k) {
      expected += a[k] * b[k * n + j];
      scale += std::abs(a[k] * b[k * n + j]);
    }
    if (!(std::abs(c[j] - expected) <= 4.0 * n * 2.3e-16 * scale)) {
      std::fprintf(stderr, "%s: C[0][%ld] = %g, expected %g\n", argv[0], j, c[j], expected);
      return 1;
    }
  }

  std::sort(times.begin(), times.end());
  const std::size_t mid = times.size() / 2;
  const double median = times.size() % 2 ? times[mid] : 0.5 * (times[mid - 1] + times[mid]);
  const double flops =
      2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
  std::printf("n=%ld threads=%d reps=%d median_s=%.6f gflops_per_s=%.4f core=%s\n", n, threads,
              reps, median, flops / median / 1e9, openblas_get_corename());
  std::printf(
      "ran: %s DGEMM, core %s, %d threads; timed in-process: one C = A*B, median of %d "
      "after 1 warm-up\n",
      openblas_get_config(), openblas_get_corename(), threads, reps);
  return 0;
}
