// SPDX-License-Identifier: MIT
#pragma once

// What the fetch server answers and what the client checks, as pure functions of
// (seed, request id): every model waits the same latencies and receives the same bytes, and
// verification can replay every response without the network.
//
// Wire protocol (one request at a time per connection):
//     client: "GET <id>\n"
//     server: "OK <length>\n" followed by <length> payload bytes

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "../taskfarm/task.hpp"  // fmix64, advance: the project's deterministic mixing chain

namespace scalelab::fetch {

using taskfarm::fmix64;
using taskfarm::kGolden;

enum class LatencyDist { kFixed, kExponential, kLognormal };

inline std::optional<LatencyDist> parse_latency_dist(std::string_view name) {
  if (name == "fixed") return LatencyDist::kFixed;
  if (name == "exponential") return LatencyDist::kExponential;
  if (name == "lognormal") return LatencyDist::kLognormal;
  return std::nullopt;
}

// Spread of the lognormal latency (sigma of the underlying normal): a long tail, the 99th
// percentile about 10x the median.
constexpr double kLognormalSigma = 1.0;

// Everything that defines the responses; server and client hold the same one.
struct ResponseSpec {
  std::uint64_t seed = 0;
  LatencyDist dist = LatencyDist::kFixed;
  double mean_latency_ms = 0;
  std::uint64_t payload_bytes = 0;

  std::uint64_t latency_key() const { return fmix64(seed ^ 0x1A7E1A7E1A7E1A7EULL); }
  std::uint64_t payload_key() const { return fmix64(seed ^ 0xB17E5B17E5B17E5BULL); }

  // A uniform draw in (0, 1) for request `id`, stream `k`.
  double uniform(std::uint64_t id, std::uint64_t k) const {
    const std::uint64_t bits = fmix64(latency_key() + id * kGolden + k) >> 11;
    return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
  }

  // How long the server waits before answering request `id`, in milliseconds; the mean over
  // requests is mean_latency_ms for every distribution.
  double latency_ms(std::uint64_t id) const {
    switch (dist) {
      case LatencyDist::kFixed:
        return mean_latency_ms;
      case LatencyDist::kExponential:
        return -mean_latency_ms * std::log(uniform(id, 0));
      case LatencyDist::kLognormal: {
        // Box-Muller normal draw; mu chosen so that the mean is mean_latency_ms.
        const double normal =
            std::sqrt(-2.0 * std::log(uniform(id, 0))) * std::cos(2.0 * M_PI * uniform(id, 1));
        const double mu = std::log(mean_latency_ms) - 0.5 * kLognormalSigma * kLognormalSigma;
        return mean_latency_ms > 0 ? std::exp(mu + kLognormalSigma * normal) : 0.0;
      }
    }
    return mean_latency_ms;
  }

  // The payload of request `id`: payload_bytes deterministic bytes.
  std::string payload(std::uint64_t id) const {
    std::string out(payload_bytes, '\0');
    for (std::uint64_t k = 0; k < payload_bytes; ++k) {
      const std::uint64_t word = fmix64(payload_key() + id * kGolden + k / 8);
      out[k] = static_cast<char>((word >> (8 * (k % 8))) & 0xFF);
    }
    return out;
  }
};

// FNV-1a over the bytes: what the client compares with the expected payload's.
inline std::uint64_t checksum(std::string_view bytes) {
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

// What the client computes from one response: its checksum mixed with the request id and
// advanced `cpu_work` units of the mixing chain (the CPU cost per response, --cpu-work).
inline std::uint64_t digest(std::uint64_t id, std::uint64_t payload_checksum,
                            std::uint64_t cpu_work) {
  return taskfarm::advance(fmix64(payload_checksum ^ (id * kGolden)), cpu_work);
}

// The request line and the response header.
inline std::string request_line(std::uint64_t id) {
  return "GET " + std::to_string(id) + "\n";
}
inline std::string response_header(std::uint64_t length) {
  return "OK " + std::to_string(length) + "\n";
}

}  // namespace scalelab::fetch
