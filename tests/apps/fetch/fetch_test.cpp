// SPDX-License-Identifier: MIT
// fetch at every model and thread count the current rank count allows, through the
// production path (argv parsed like the binary's, then execute()) against the real local
// server: verified, and the combined digest equal to one computed here from the protocol
// alone. A variant that corrupts one byte fails verification; bad input is exit 2 on every
// rank. Assertions are on facts reduced over all ranks, so every rank agrees.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../run_helpers.hpp"
#include "fetch.hpp"
#include "scalelab/errors.hpp"
#include "socket.hpp"

namespace scalelab::fetch {
namespace {

using scalelab::testing::layouts_for;

using Args = std::vector<std::string>;

// Parses like the binary (small, quick defaults first) and runs through the driver.
RunOutcome run_args(const AppDefinition& app, const Args& args, const Comm& world) {
  Args argv{"scalelab-fetch",
            "--reps",
            "2",
            "--warmup",
            "0",
            "--quiet",
            "--seed",
            "11",
            "--latency-ms",
            "1",
            "--payload-bytes",
            "300",
            "--cpu-work",
            "50"};
  argv.insert(argv.end(), args.begin(), args.end());
  return execute(app, parse_command_line(app, argv).options, world);
}

int exit_code_of(const AppDefinition& app, const Args& args, const Comm& world) {
  try {
    return run_args(app, args, world).exit_code;
  } catch (const Error& e) {
    return e.code();
  }
}

// The combined digest of `requests` responses, from the protocol alone (no server).
std::uint64_t expected_digest(std::uint64_t requests) {
  const ResponseSpec spec{11, LatencyDist::kFixed, 1.0, 300};
  std::uint64_t sum = 0;
  for (std::uint64_t id = 0; id < requests; ++id) sum += digest(id, checksum(spec.payload(id)), 50);
  return sum;
}

bool record_is_right(const RunOutcome& out, std::uint64_t requests, std::uint64_t in_flight) {
  const Json& result = out.record.at("result");
  const Json& params = out.record.at("params");
  return out.exit_code == kExitOk && out.record.at("verified").as_bool() &&
         result.at("combined").as_uint() == expected_digest(requests) &&
         result.at("requests").as_uint() == requests &&
         params.at("in_flight").as_uint() == in_flight && params.at("servers").as_uint() >= 1;
}

TEST(Fetch, EveryModelMatchesTheReplay) {
  const Comm world;
  const AppDefinition app = make_app();
  const auto ranks = static_cast<std::uint64_t>(world.size());
  // Fewer requests than some layouts have workers, and a prime count.
  for (const std::uint64_t requests : {std::uint64_t{5}, std::uint64_t{41}}) {
    if (requests < ranks) continue;
    for (const auto& layout : layouts_for(app, world.size())) {
      Args args{"--model",   layout.model,
                "--threads", std::to_string(layout.threads),
                "--size",    std::to_string(requests)};
      std::uint64_t per_rank = static_cast<std::uint64_t>(layout.threads);
      if (layout.model == "eventloop") {
        args.insert(args.end(), {"--concurrency", "7"});
        per_rank = 7;
      }
      SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) +
                   " requests=" + std::to_string(requests));
      const RunOutcome out = run_args(app, args, world);
      bool right = true;
      if (world.is_root()) right = record_is_right(out, requests, per_rank * ranks);
      EXPECT_TRUE(world.all(right));
    }
  }
}

TEST(Fetch, EveryLatencyDistributionVerifies) {
  const Comm world;
  const AppDefinition app = make_app();
  for (const char* dist : {"fixed", "exponential", "lognormal"}) {
    SCOPED_TRACE(dist);
    const RunOutcome out =
        run_args(app, {"--model", "eventloop", "--size", "30", "--latency-dist", dist}, world);
    EXPECT_TRUE(world.all(out.exit_code == kExitOk));
  }
}

// Receives like the serial model but flips one byte of one response: what verification is for.
class CorruptsOneByte final : public FetchWorkload {
 public:
  using FetchWorkload::FetchWorkload;
  void run(const RunContext& ctx) override {
    begin_rep();
    std::vector<WorkerTally> tally(1);
    const Socket connection = connect_loopback(port_, socket_timeout());
    Reader reader(connection);
    for (std::uint64_t id = mine_.begin; id < mine_.end; ++id) {
      std::string payload = fetch_one(connection, reader, id);
      if (id == mine_.begin) payload[payload.size() / 2] ^= 0x20;
      account(id, payload, 0.0, tally[0]);
    }
    end_rep(ctx, tally);
  }

 protected:
  std::uint64_t in_flight_per_rank(const RunContext&) const override { return 1; }
};

TEST(Fetch, ACorruptedPayloadFailsVerification) {
  const Comm world;
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false},
                   [](const RunContext& ctx) { return std::make_unique<CorruptsOneByte>(ctx); });
  EXPECT_EQ(exit_code_of(app, {"--model", "broken", "--size", "20"}, world),
            kExitVerificationFailed);
}

TEST(Fetch, MoreRanksThanRequestsIsBadInput) {
  const Comm world;
  if (world.size() == 1) GTEST_SKIP() << "needs more than one rank";
  const AppDefinition app = make_app();
  const std::string size = std::to_string(world.size() - 1);
  EXPECT_EQ(exit_code_of(app, {"--model", "mpi", "--size", size}, world), kExitUsage);
}

TEST(Fetch, APortInUseIsBadInputOnEveryRank) {
  const Comm world;
  const AppDefinition app = make_app();
  // Rank 0 holds a port; every node's server is asked for it. On this one-node test at least
  // rank 0's node fails, and every rank must agree instead of waiting.
  std::unique_ptr<Socket> taken;
  int port = 0;
  if (world.is_root()) {
    taken = std::make_unique<Socket>(listen_loopback(0));
    port = local_port(*taken);
  }
  port = std::stoi(world.broadcast(std::to_string(port)));
  EXPECT_EQ(
      exit_code_of(app, {"--model", "mpi", "--size", "8", "--port", std::to_string(port)}, world),
      kExitUsage);
}

TEST(Fetch, ConcurrencyIsRefusedWhereOneRequestPerRank) {
  const Comm world;
  const AppDefinition app = make_app();
  const std::string model = world.size() == 1 ? "serial" : "mpi";
  EXPECT_EQ(exit_code_of(app, {"--model", model, "--concurrency", "4", "--size", "8"}, world),
            kExitUsage);
}

// Blocking threads far beyond the cores (and the driver's cap of 16 per CPU on --threads):
// every request answered once, the digest right, the record's threads the driver's and
// in_flight the concurrency on every rank.
TEST(Fetch, BlockingThreadsBeyondTheCoresMatchTheReplay) {
  const Comm world;
  const AppDefinition app = make_app();
  const auto ranks = static_cast<std::uint64_t>(world.size());
  const std::uint64_t concurrency = 48;
  const std::uint64_t requests = 3 * concurrency * ranks + 1;  // not a multiple of the workers
  const std::string model = world.size() == 1 ? "openmp" : "hybrid";
  const RunOutcome out = run_args(app,
                                  {"--model", model, "--threads", "1", "--concurrency",
                                   std::to_string(concurrency), "--size", std::to_string(requests)},
                                  world);
  bool right = true;
  if (world.is_root()) {
    right = record_is_right(out, requests, concurrency * ranks) &&
            out.record.at("threads").as_uint() == 1 &&
            out.record.at("params").at("in_flight_per_rank").as_uint() == concurrency;
  }
  EXPECT_TRUE(world.all(right));
}

}  // namespace
}  // namespace scalelab::fetch
