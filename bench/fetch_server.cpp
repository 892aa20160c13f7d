// SPDX-License-Identifier: MIT
// The fetch workload's server on its own, for clients that are not scalelab-fetch (the
// reference clients of scripts/bench fetch): serves the fetch protocol on 127.0.0.1,
// prints "port <P>" on a line of its own, and serves until SIGTERM or SIGINT.
//
//   scalelab-fetch-server [--seed S] [--latency-ms MS] [--latency-dist D] [--payload-bytes B]
//                         [--port P]
//
// Responses are those scalelab-fetch's own server gives for the same values (the same code,
// apps/fetch/server.*). Bad input: one line naming the option, exit 2.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include "protocol.hpp"
#include "scalelab/errors.hpp"
#include "server.hpp"

namespace {

using scalelab::UsageError;

// The value of option `name` at argv[i + 1], as a number within [low, high].
double number_after(int argc, char** argv, int& i, double low, double high) {
  const std::string name = argv[i];
  if (i + 1 >= argc) throw UsageError(name + ": needs a value");
  const std::string text = argv[++i];
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(value >= low && value <= high)) {
    throw UsageError(name + ": '" + text + "' is not a number in " +
                     std::to_string(static_cast<long long>(low)) + ".." +
                     std::to_string(static_cast<long long>(high)));
  }
  return value;
}

scalelab::fetch::ResponseSpec parse(int argc, char** argv, int& port) {
  using namespace scalelab::fetch;
  ResponseSpec spec{0, LatencyDist::kFixed, 1.0, 1024};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--seed") {
      spec.seed = static_cast<std::uint64_t>(number_after(argc, argv, i, 0, 1e15));
    } else if (arg == "--latency-ms") {
      spec.mean_latency_ms = number_after(argc, argv, i, 0, 60'000);
    } else if (arg == "--payload-bytes") {
      spec.payload_bytes = static_cast<std::uint64_t>(number_after(argc, argv, i, 1, 64 << 20));
    } else if (arg == "--port") {
      port = static_cast<int>(number_after(argc, argv, i, 0, 65535));
    } else if (arg == "--latency-dist") {
      if (i + 1 >= argc) throw UsageError("--latency-dist: needs a value");
      const std::optional<LatencyDist> dist = parse_latency_dist(argv[++i]);
      if (!dist) throw UsageError(std::string("--latency-dist: '") + argv[i] + "' is unknown");
      spec.dist = *dist;
    } else {
      throw UsageError("unknown option '" + arg + "'");
    }
  }
  return spec;
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals before the server starts its thread, so that it inherits the
  // mask and only sigwait() below receives them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  try {
    int port = 0;
    const scalelab::fetch::ResponseSpec spec = parse(argc, argv, port);
    const scalelab::fetch::Server server(spec, port);
    std::cout << "port " << server.port() << std::endl;
    int signal = 0;
    sigwait(&stop, &signal);
    return 0;
  } catch (const scalelab::Error& e) {
    std::cerr << "scalelab-fetch-server: " << e.what() << "\n";
    return e.code();
  }
}
