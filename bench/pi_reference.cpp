// SPDX-License-Identifier: MIT
// The plain Monte Carlo pi loop a user writes first: one sequential xoshiro256+ generator,
// two doubles per sample. ScaleLab's benchmark runs it beside scalelab-pi (same build flags)
// to show what the counter-based generator costs. Usage: pi_reference SAMPLES [SEED]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

static inline std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

int main(int argc, char** argv) {
  const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000000ULL;
  std::uint64_t s[4] = {0x9E3779B97F4A7C15ULL, 0xBF58476D1CE4E5B9ULL, 0x94D049BB133111EBULL,
                        argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 42ULL};
  auto next = [&s] {  // xoshiro256+ (Blackman & Vigna)
    const std::uint64_t result = s[0] + s[3], t = s[1] << 17;
    s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 45);
    return result;
  };
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t hits = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const double x = (next() >> 11) * 0x1.0p-53, y = (next() >> 11) * 0x1.0p-53;
    hits += x * x + y * y <= 1.0;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("samples=%llu pi=%.6f seconds=%.6f samples_per_s=%.6e\n",
              static_cast<unsigned long long>(n), 4.0 * hits / n, seconds, n / seconds);
}
