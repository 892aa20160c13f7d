// SPDX-License-Identifier: MIT
// costs: every probe through the production driver at the rank counts it allows (verified,
// one table row per entry, every message checked), its refusals of bad combinations, the
// verification catching broken runs, and the kernels and checks the probes are built on.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "costs.hpp"
#include "pattern.hpp"
#include "probe_collectives.hpp"
#include "probe_memory.hpp"
#include "probe_pingpong.hpp"
#include "run_helpers.hpp"
#include "scalelab/errors.hpp"
#include "transport.hpp"

namespace scalelab::costs {
namespace {

using scalelab::testing::exit_code_of;

// Parses a command line the way the binary does (--probe is the app's own option).
CommonOptions options_for(const AppDefinition& app, std::vector<std::string> args) {
  args.insert(args.begin(), "scalelab-costs");
  for (const char* quick : {"--reps", "2", "--warmup", "0", "--quiet"}) args.push_back(quick);
  return parse_command_line(app, args).options;
}

// Runs through the driver; `accept` judges the record on rank 0, every rank learns the verdict.
template <class Accept>
bool run_and_judge(const Comm& world, const AppDefinition& app,
                   const std::vector<std::string>& args, int expected_code, Accept&& accept) {
  const RunOutcome out = execute(app, options_for(app, args), world);
  bool ok = out.exit_code == expected_code;
  if (world.is_root()) ok = ok && accept(out.record);
  return world.all(ok);
}

const Json& table_of(const Json& record) {
  return record.at("result").at("table");
}

// Json offers no array access: counts the objects of a serialised array of objects.
std::size_t rows(const Json& table) {
  const std::string text = table.dump();
  std::size_t objects = 0;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // skip the escaped character
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      objects += c == '{' && depth == 1;
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return objects;
}

// ---------------------------------------------------------------------------------------------
// Probes through the driver

TEST(Costs, MemoryLadderVerifiesForEveryThreadCount) {
  const Comm world;
  if (world.size() > 1) GTEST_SKIP() << "memory runs on one rank";
  const AppDefinition app = make_app();
  // 64 KiB: a power of two; 40050: the ladder ends on 40000 (whole lines), not a power of two.
  for (const char* size : {"64Ki", "40050"}) {
    for (const auto& [model, threads] : std::vector<std::pair<std::string, std::string>>{
             {"serial", "1"}, {"openmp", "1"}, {"openmp", "2"}}) {
      SCOPED_TRACE(model + " threads=" + threads + " size=" + size);
      EXPECT_TRUE(run_and_judge(
          world, app, {"--probe", "memory", "--model", model, "--threads", threads, "--size", size},
          // (Bindings captured by copy: clang 14 cannot capture structured bindings.)
          kExitOk, [&, model = model, threads = threads](const Json& record) {
            const Json& table = table_of(record);
            const std::uint64_t largest = record.at("size").as_uint();
            return record.at("verified").as_bool() &&
                   record.at("variant").as_string() == "costs/" + model &&
                   rows(table) == ladder_sizes(largest).size() &&
                   record.at("result").at("threads").as_uint() == std::stoull(threads) &&
                   record.at("fom").at("load_ns_smallest_set").as_double() > 0;
          }));
    }
  }
}

TEST(Costs, SpawnVerifiesUnderSerialAndOpenMP) {
  const Comm world;
  if (world.size() > 1) GTEST_SKIP() << "spawn runs on one rank";
  const AppDefinition app = make_app();
  for (const auto& [model, threads] :
       std::vector<std::pair<std::string, std::string>>{{"serial", "1"}, {"openmp", "2"}}) {
    SCOPED_TRACE(model);
    EXPECT_TRUE(run_and_judge(
        world, app, {"--probe", "spawn", "--model", model, "--threads", threads, "--size", "5"},
        kExitOk, [&, threads = threads](const Json& record) {
          const Json& result = record.at("result");
          return record.at("verified").as_bool() &&
                 result.at("omp_threads").as_uint() == std::stoull(threads) &&
                 result.at("fork_wait_us").at("median").as_double() > 0 &&
                 result.at("thread_create_join_us").at("min").as_double() > 0 &&
                 result.at("omp_region_us").at("mean").as_double() > 0;
        }));
  }
}

TEST(Costs, PingPongChecksEveryMessage) {
  const Comm world;
  const AppDefinition app = make_app();
  const std::vector<std::string> args{"--probe", "pingpong", "--model", "mpi", "--size", "3000"};
  if (world.size() < 2) {
    EXPECT_EQ(exit_code_of(app, options_for(app, args), world), kExitUsage);
    return;
  }
  // 3000 B: sizes on both sides of the 1 KiB switch to per-message timing, and a last size
  // that is not a power of two.
  EXPECT_TRUE(run_and_judge(world, app, args, kExitOk, [](const Json& record) {
    const Json& details = record.at("check").at("details");
    const Json& transport = record.at("result").at("transport");
    const std::string kind = transport.at("kind").as_string();
    return record.at("verified").as_bool() &&
           rows(table_of(record)) == message_sizes(3000).size() &&
           details.at("messages_checked").as_uint() == details.at("messages_sent").as_uint() &&
           details.at("messages_checked").as_uint() > 0 &&
           transport.at("same_node").as_bool() &&  // every test rank runs on this machine
           (kind == "shared-memory" || kind == "unverified" || kind == "network") &&
           record.at("fom").at("latency_us").as_double() > 0;
  }));
}

TEST(Costs, CollectivesVerifyAtEveryRankCount) {
  const Comm world;
  const AppDefinition app = make_app();
  // 8 B: batch-timed; 2056 B: timed one operation at a time, not a power of two.
  for (const char* size : {"8", "2056"}) {
    SCOPED_TRACE(size);
    EXPECT_TRUE(run_and_judge(world, app,
                              {"--probe", "collectives", "--model", "mpi", "--size", size}, kExitOk,
                              [&](const Json& record) {
                                const Json& details = record.at("check").at("details");
                                return record.at("verified").as_bool() &&
                                       rows(table_of(record)) == rank_counts(world.size()).size() &&
                                       details.at("payloads_checked").as_uint() ==
                                           details.at("payloads_expected").as_uint() &&
                                       record.at("fom").at("allreduce_us").as_double() > 0;
                              }));
  }
}

// ---------------------------------------------------------------------------------------------
// Bad input: every rank reaches the same verdict, exit code 2

TEST(Costs, ProbeUnderTheWrongModelIsBadInput) {
  const Comm world;
  const AppDefinition app = make_app();
  EXPECT_EQ(exit_code_of(app, options_for(app, {"--probe", "memory", "--model", "mpi"}), world),
            kExitUsage);
  EXPECT_EQ(exit_code_of(
                app, options_for(app, {"--probe", "collectives", "--model", "mpi", "--size", "12"}),
                world),
            kExitUsage);  // Allreduce sums 64-bit words
  if (world.size() == 1) {
    EXPECT_EQ(
        exit_code_of(app, options_for(app, {"--probe", "pingpong", "--model", "serial"}), world),
        kExitUsage);
    EXPECT_EQ(exit_code_of(app, options_for(app, {"--probe", "memory", "--size", "4000"}), world),
              kExitUsage);  // below the smallest rung
  }
}

TEST(Costs, WeakScalingAndUnknownProbesAreRefusedByTheParser) {
  const AppDefinition app = make_app();
  EXPECT_THROW(parse_command_line(app, {"scalelab-costs", "--scaling", "weak"}), UsageError);
  EXPECT_THROW(parse_command_line(app, {"scalelab-costs", "--probe", "nope"}), UsageError);
  EXPECT_EQ(parse_command_line(app, {"scalelab-costs", "--probe", "spawn"}).options.scaling,
            "strong");
}

// ---------------------------------------------------------------------------------------------
// Verification catches broken runs

// Rank 1 expects a different payload than rank 0 sends, as if every ping arrived corrupted.
class CorruptedPings final : public PingPongProbe {
 public:
  void setup(const RunContext& ctx) override {
    PingPongProbe::setup(ctx);
    if (rank_ == 1) seed_ += 1;
  }
};

TEST(Costs, CorruptedPingPongPayloadFailsVerification) {
  const Comm world;
  if (world.size() < 2) GTEST_SKIP() << "needs two ranks";
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false},
                   [](const RunContext&) { return std::make_unique<CorruptedPings>(); });
  EXPECT_TRUE(
      run_and_judge(world, app, {"--probe", "pingpong", "--model", "broken", "--size", "64"},
                    kExitVerificationFailed, [](const Json& record) {
                      return !record.at("verified").as_bool() &&
                             record.at("status").as_string() == "verification_failed" &&
                             record.at("check").at("details").at("bad_messages").as_uint() > 0;
                    }));
}

// Every rank but 0 expects other Bcast payloads and Allreduce sums than were sent.
class CorruptedCollectives final : public CollectivesProbe {
 public:
  void setup(const RunContext& ctx) override {
    CollectivesProbe::setup(ctx);
    if (rank_ != 0) seed_ += 1;
  }
};

TEST(Costs, CorruptedCollectivePayloadFailsVerification) {
  const Comm world;
  if (world.size() < 2) GTEST_SKIP() << "needs two ranks";
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false},
                   [](const RunContext&) { return std::make_unique<CorruptedCollectives>(); });
  EXPECT_TRUE(run_and_judge(world, app, {"--probe", "collectives", "--model", "broken"},
                            kExitVerificationFailed, [](const Json& record) {
                              return record.at("check").at("details").at("bad_payloads").as_uint() >
                                     0;
                            }));
}

// The largest rung's first line points to itself: a chase that reaches it is stuck there.
class BrokenChain final : public MemoryProbe {
 public:
  void setup(const RunContext& ctx) override {
    MemoryProbe::setup(ctx);
    Words& words = sets_.back().words;
    words[0] = reinterpret_cast<std::uintptr_t>(words.data());
  }
};

TEST(Costs, BrokenPointerChainFailsVerification) {
  const Comm world;
  if (world.size() > 1) GTEST_SKIP() << "memory runs on one rank";
  AppDefinition app = make_app();
  app.variants.add("broken", {false, false},
                   [](const RunContext&) { return std::make_unique<BrokenChain>(); });
  EXPECT_TRUE(
      run_and_judge(world, app, {"--probe", "memory", "--model", "broken", "--size", "16Ki"},
                    kExitVerificationFailed, [](const Json& record) {
                      return record.at("check").at("details").at("wrong_chase_ends").as_uint() > 0;
                    }));
}

// ---------------------------------------------------------------------------------------------
// Kernels and checks

TEST(CostsKernels, PatternCatchesFlippedStaleAndShortPayloads) {
  for (const std::size_t bytes :
       {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{9}, std::size_t{1000}}) {
    SCOPED_TRACE(bytes);
    std::vector<std::byte> buffer(bytes);
    const Pattern now = message_pattern(42, 3, 1, 10);
    fill_pattern(buffer, now);
    EXPECT_TRUE(holds_pattern(buffer, now));
    EXPECT_FALSE(holds_pattern(buffer, message_pattern(42, 3, 1, 9)));   // last iteration's
    EXPECT_FALSE(holds_pattern(buffer, message_pattern(42, 4, 1, 10)));  // another size's
    for (const std::size_t at : {std::size_t{0}, bytes / 2, bytes - 1}) {
      std::vector<std::byte> flipped = buffer;
      flipped[at] ^= std::byte{0x10};
      EXPECT_FALSE(holds_pattern(flipped, now)) << "flip at " << at;
    }
  }
  std::vector<std::byte> empty;
  EXPECT_TRUE(holds_pattern(empty, message_pattern(1, 2, 3, 4)));
}

TEST(CostsKernels, SummedPatternIsTheSumOfRankPatterns) {
  const Pattern message = message_pattern(7, 1, 2, 3);
  for (std::uint64_t ranks = 1; ranks <= 5; ++ranks) {
    for (std::uint64_t j = 0; j < 4; ++j) {
      std::uint64_t sum = 0;
      for (std::uint64_t r = 0; r < ranks; ++r) sum += rank_pattern(message, r).word(j);
      EXPECT_EQ(sum, summed_pattern(message, ranks).word(j)) << ranks << " ranks, word " << j;
    }
  }
}

TEST(CostsKernels, LaddersAndSizeLists) {
  EXPECT_EQ(ladder_sizes(4096), (std::vector<std::uint64_t>{4096}));
  EXPECT_EQ(ladder_sizes(40050), (std::vector<std::uint64_t>{4096, 8192, 16384, 32768, 40000}));
  EXPECT_EQ(ladder_sizes(1ULL << 30).back(), 1ULL << 30);
  EXPECT_EQ(message_sizes(1), (std::vector<std::uint64_t>{0, 1}));
  EXPECT_EQ(message_sizes(8), (std::vector<std::uint64_t>{0, 1, 2, 4, 8}));
  EXPECT_EQ(message_sizes(3000).back(), 3000U);
  EXPECT_EQ(message_sizes(16ULL << 20).size(), 26U);
  EXPECT_EQ(rank_counts(1), (std::vector<int>{1}));
  EXPECT_EQ(rank_counts(3), (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(rank_counts(4), (std::vector<int>{1, 2, 4}));
  EXPECT_EQ(rank_counts(5), (std::vector<int>{1, 2, 4, 5}));
}

TEST(CostsKernels, LadderDropsAreCountedAgainstTheSlowestSmallerRung) {
  EXPECT_EQ(ladder_drops({1.3, 1.3, 4.5, 4.4, 100, 120}, 0.25), 0U);
  EXPECT_EQ(ladder_drops({1.3, 4.5, 3.0, 100}, 0.25), 1U);   // 3.0 < 0.75 x 4.5
  EXPECT_EQ(ladder_drops({1.3, 100, 5, 5, 120}, 0.25), 2U);  // both 5s are too fast
}

TEST(CostsKernels, WorkingSetIsOneCycleAndChasesEndWherePredicted) {
  const std::uint64_t bytes = 8192;
  const std::uint64_t lines = bytes / kLineBytes;
  const std::uint64_t loads = 1000;
  const WorkingSet set = build_working_set(bytes, 3, loads, 42);
  // One cycle through every line: back at the start after exactly `lines` loads.
  const std::uint64_t* line = set.starts[0];
  std::uint64_t steps = 0;
  do {
    line = chase(line, 1);
    ++steps;
  } while (line != set.starts[0] && steps <= lines);
  EXPECT_EQ(steps, lines);
  for (std::size_t t = 0; t < 3; ++t) EXPECT_EQ(chase(set.starts[t], loads), set.ends[t]) << t;
  EXPECT_EQ(set.checksum, sum_words(set.words.data(), set.words.size()));
  EXPECT_NE(set.starts[0], set.starts[1]);  // threads start apart
}

TEST(CostsKernels, TransportVerdicts) {
  const auto configured = [](std::optional<std::string> pml, std::optional<std::string> btl) {
    return shared_memory_configured({std::move(pml), std::move(btl)});
  };
  EXPECT_EQ(configured("ob1", "self,vader"), std::optional<bool>(true));
  EXPECT_EQ(configured("ob1", "self,sm"), std::optional<bool>(true));
  EXPECT_EQ(configured("ob1", "self,tcp"), std::optional<bool>(false));
  EXPECT_EQ(configured("", ""), std::optional<bool>(true));
  EXPECT_EQ(configured("^ucx", "^vader"), std::optional<bool>(false));
  EXPECT_EQ(configured("ob1", "^tcp"), std::optional<bool>(true));
  EXPECT_EQ(configured("ucx", ""), std::nullopt);
  EXPECT_EQ(configured(std::nullopt, std::nullopt), std::nullopt);

  const TransportConfig shm{"ob1", "self,vader"}, tcp{"ob1", "self,tcp"};
  const auto kind = [](const Json& j) { return j.at("kind").as_string(); };
  EXPECT_EQ(kind(describe_transport(shm, true, 8, 0.5)), "shared-memory");
  EXPECT_EQ(kind(describe_transport(shm, true, 8, 20.0)), "unverified");
  EXPECT_EQ(kind(describe_transport(tcp, true, 8, 20.0)), "network");
  EXPECT_EQ(kind(describe_transport(shm, false, 8, 1.0)), "network");
  EXPECT_EQ(kind(describe_transport({}, true, 8, 0.5)), "shared-memory");
  EXPECT_EQ(kind(describe_transport({}, true, 8, 30.0)), "unverified");
}

TEST(CostsKernels, ThreadLevelFollowsTheModel) {
  // The MPI probes run one thread per rank: SINGLE spares them Open MPI's locks.
  EXPECT_EQ(mpi_thread_level_for({"scalelab-costs", "--model", "mpi"}), MPI_THREAD_SINGLE);
  EXPECT_EQ(mpi_thread_level_for({"scalelab-costs", "--probe", "pingpong", "--model=mpi"}),
            MPI_THREAD_SINGLE);
  EXPECT_EQ(mpi_thread_level_for({"scalelab-costs", "--model", "openmp"}), MPI_THREAD_FUNNELED);
  EXPECT_EQ(mpi_thread_level_for({"scalelab-costs", "--probe", "spawn"}), MPI_THREAD_FUNNELED);
}

}  // namespace
}  // namespace scalelab::costs
