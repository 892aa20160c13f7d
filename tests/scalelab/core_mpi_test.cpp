// SPDX-License-Identifier: MIT
// Core library pieces that talk to MPI, run at 1..4 ranks. Every assertion is on a fact all
// ranks agree on (a reduced value, or a root-only fact reduced with Comm::all), so every rank
// reaches the same verdict and no rank leaves the others waiting in a collective.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <any>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <new>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "pi.hpp"
#include "scalelab/cli.hpp"
#include "scalelab/collective.hpp"
#include "scalelab/comm.hpp"
#include "scalelab/driver.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/json.hpp"
#include "scalelab/phase_timer.hpp"
#include "scalelab/provenance.hpp"
#include "triad.hpp"

namespace scalelab {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++count;
  return count;
}

// dump() of a member path, or "<missing>" (also on ranks that hold no complete record).
std::string member(const Json& doc, std::initializer_list<const char*> path) {
  const Json* at = &doc;
  for (const char* key : path) {
    at = at->find(key);
    if (at == nullptr) return "<missing>";
  }
  return at->dump();
}

// What an Error thrown by `step` carried; code -1 when nothing was thrown.
struct Caught {
  int code = -1;
  std::string message;
};

template <class Step>
Caught catch_error(Step&& step) {
  Caught caught;
  try {
    step();
  } catch (const Error& e) {
    caught.code = e.code();
    caught.message = e.what();
  } catch (const std::exception& e) {
    caught.code = -2;  // not a scalelab::Error: always a failure
    caught.message = e.what();
  }
  return caught;
}

// A double as the record writes it.
std::string number_json(double value) {
  return Json(value).dump();
}

class CoreMpi : public ::testing::Test {
 protected:
  // True on every rank iff `fact` holds on every rank.
  bool everywhere(bool fact) const { return comm_.all(fact); }
  // True on every rank iff `fact` holds on the root (other ranks' value is ignored).
  bool on_root(bool fact) const { return comm_.all(!comm_.is_root() || fact); }

  const Comm comm_;
  const int rank_ = comm_.rank();
  const int size_ = comm_.size();
  const int last_ = comm_.size() - 1;
};

TEST_F(CoreMpi, Reductions) {
  EXPECT_EQ(comm_.sum(static_cast<double>(rank_ + 1)), size_ * (size_ + 1) / 2.0);
  EXPECT_EQ(comm_.sum(static_cast<std::uint64_t>(rank_ + 1) << 40),
            static_cast<std::uint64_t>(size_ * (size_ + 1) / 2) << 40);
  EXPECT_EQ(comm_.max(0.5 * rank_), 0.5 * last_);
  EXPECT_EQ(comm_.max(-1.0 - rank_), -1.0);
  // Unsigned: 2^63 + 5 is the largest only if the reduction is not signed.
  constexpr std::uint64_t kHuge = (1ULL << 63) + 5;
  EXPECT_EQ(comm_.max(rank_ == last_ ? kHuge : static_cast<std::uint64_t>(rank_)), kHuge);
  EXPECT_EQ(comm_.max(static_cast<std::uint64_t>(rank_)), static_cast<std::uint64_t>(last_));
  EXPECT_EQ(comm_.max(rank_), last_);
  EXPECT_EQ(comm_.max(-rank_), 0);
  EXPECT_EQ(comm_.min(rank_), 0);
  EXPECT_EQ(comm_.min(-rank_), -last_);
  EXPECT_TRUE(comm_.all(true));
  EXPECT_TRUE(comm_.all(rank_ < size_));
  EXPECT_FALSE(comm_.all(rank_ != last_));
  EXPECT_FALSE(comm_.all(false));
  EXPECT_NO_THROW(comm_.barrier());
}

TEST_F(CoreMpi, BroadcastFromRoot) {
  const std::string got = comm_.broadcast(rank_ == 0 ? "hello from root" : "other text here!");
  EXPECT_TRUE(everywhere(got == "hello from root")) << got;
  const std::string empty = comm_.broadcast(rank_ == 0 ? "" : "not empty");
  EXPECT_TRUE(everywhere(empty.empty())) << empty;
}

TEST_F(CoreMpi, BroadcastFromLastRank) {
  const std::string got = comm_.broadcast("from rank " + std::to_string(rank_), last_);
  EXPECT_TRUE(everywhere(got == "from rank " + std::to_string(last_))) << got;
}

TEST_F(CoreMpi, BroadcastLongAndBinaryText) {
  std::string text(1 << 20, '\0');
  for (std::size_t i = 0; i < text.size(); ++i) text[i] = static_cast<char>(i * 7 % 256);
  const std::string got = comm_.broadcast(rank_ == 0 ? text : std::string("x"));
  EXPECT_TRUE(everywhere(got == text));
}

// Rank r sends r copies of a letter then its number: lengths differ, rank 0's has no letters.
std::string gather_item(int rank) {
  return std::string(static_cast<std::size_t>(rank), static_cast<char>('a' + rank % 26)) +
         std::to_string(rank);
}

TEST_F(CoreMpi, GatherToRoot) {
  const std::vector<std::string> got = comm_.gather(gather_item(rank_));
  bool complete = got.size() == static_cast<std::size_t>(size_);
  for (int r = 0; complete && r < size_; ++r) complete = got[r] == gather_item(r);
  EXPECT_TRUE(on_root(complete));
}

TEST_F(CoreMpi, GatherToLastRankWithEmptyItems) {
  const std::string mine = rank_ % 2 == 0 ? "" : gather_item(rank_);
  const std::vector<std::string> got = comm_.gather(mine, last_);
  bool complete = got.size() == static_cast<std::size_t>(size_);
  for (int r = 0; complete && r < size_; ++r)
    complete = got[r] == (r % 2 == 0 ? "" : gather_item(r));
  EXPECT_TRUE(everywhere(rank_ != last_ || complete));
}

TEST_F(CoreMpi, AllGather) {
  const std::vector<std::uint64_t> got =
      comm_.all_gather(static_cast<std::uint64_t>(rank_) * 10 + 1);
  bool ok = got.size() == static_cast<std::size_t>(size_);
  for (int r = 0; ok && r < size_; ++r) ok = got[r] == static_cast<std::uint64_t>(r) * 10 + 1;
  EXPECT_TRUE(everywhere(ok));

  const std::vector<std::uint64_t> big = comm_.all_gather((1ULL << 63) + rank_);
  ok = big.size() == static_cast<std::size_t>(size_);
  for (int r = 0; ok && r < size_; ++r) ok = big[r] == (1ULL << 63) + r;
  EXPECT_TRUE(everywhere(ok));
}

TEST_F(CoreMpi, RanksGroupByIdUnderTheirFirstMember) {
  // Ids as the kernels of ranks 0..5 might give them: 0, 2 and 5 share one, 1 and 4 another.
  const std::vector<std::uint64_t> ids{7, 9, 7, 3, 9, 7};
  const std::vector<int> expected{0, 1, 0, 3, 1, 0};
  for (int r = 0; r < 6; ++r) EXPECT_EQ(first_rank_with_same_id(ids, r), expected[r]) << r;
}

TEST_F(CoreMpi, RanksOfOneMachineShareOneNode) {
  // Every rank of this test runs on this machine's kernel, whatever host names a launcher
  // gives them (the virtual cluster's namespace hosts each have their own).
  const NodeComm node(comm_);
  EXPECT_TRUE(everywhere(Comm(node.raw()).size() == size_));
}

// What rank `from` sends rank `to` in the all-to-all test: distinct per pair, empty for
// some pairs, with zero bytes inside so nothing treats the data as C strings.
std::string shuffle_item(int from, int to) {
  if ((from + to) % 3 == 2) return "";
  return std::string(static_cast<std::size_t>(1 + from * 7 + to), static_cast<char>('a' + to)) +
         std::string(1, '\0') + std::to_string(from);
}

TEST_F(CoreMpi, AllToAllDeliversEachPairsBytes) {
  std::vector<std::string> outgoing;
  for (int to = 0; to < size_; ++to) outgoing.push_back(shuffle_item(rank_, to));
  const std::vector<std::string> incoming = comm_.all_to_all(outgoing);
  bool ok = incoming.size() == static_cast<std::size_t>(size_);
  for (int from = 0; ok && from < size_; ++from) ok = incoming[from] == shuffle_item(from, rank_);
  EXPECT_TRUE(everywhere(ok));
}

TEST_F(CoreMpi, AllToAllRefusesTheWrongNumberOfBuffers) {
  EXPECT_THROW(comm_.all_to_all(std::vector<std::string>(size_ + 1)), RuntimeError);
}

TEST_F(CoreMpi, AgreeOnSuccessRunsTheStepOnceEverywhere) {
  std::uint64_t calls = 0;
  const Caught caught = catch_error([&] { agree_on(comm_, [&] { ++calls; }); });
  EXPECT_TRUE(everywhere(caught.code == -1)) << caught.message;
  EXPECT_EQ(comm_.sum(calls), static_cast<std::uint64_t>(size_));
  EXPECT_EQ(comm_.max(calls), 1u);
}

TEST_F(CoreMpi, AgreeOnLastRankFailureReachesEveryRank) {
  const Caught caught = catch_error([&] {
    agree_on(comm_, [&] {
      if (rank_ == last_) throw UsageError("x from rank " + std::to_string(rank_));
    });
  });
  const std::string expected = "x from rank " + std::to_string(last_);
  EXPECT_TRUE(everywhere(caught.code == kExitUsage && caught.message == expected))
      << "code " << caught.code << ": " << caught.message;
  // The communicator is still usable afterwards: nobody is left inside a collective.
  EXPECT_EQ(comm_.sum(std::uint64_t{1}), static_cast<std::uint64_t>(size_));
}

TEST_F(CoreMpi, AgreeOnReportsTheLowestFailingRank) {
  const Caught caught = catch_error([&] {
    agree_on(comm_, [&] {
      if (rank_ >= 1) throw UsageError("usage from rank " + std::to_string(rank_));
    });
  });
  const bool ok = size_ == 1 ? caught.code == -1
                             : caught.code == kExitUsage && caught.message == "usage from rank 1";
  EXPECT_TRUE(everywhere(ok)) << "code " << caught.code << ": " << caught.message;
}

TEST_F(CoreMpi, AgreeOnWorstCodeWins) {
  const Caught caught = catch_error([&] {
    agree_on(comm_, [&] {
      if (rank_ == last_) throw RuntimeError("runtime from rank " + std::to_string(rank_));
      if (rank_ == 0) throw UsageError("usage from rank 0");
    });
  });
  const std::string expected = "runtime from rank " + std::to_string(last_);
  EXPECT_TRUE(everywhere(caught.code == kExitRuntime && caught.message == expected))
      << "code " << caught.code << ": " << caught.message;
}

TEST_F(CoreMpi, AgreeOnMapsForeignExceptions) {
  const Caught oom = catch_error([&] {
    agree_on(comm_, [&] {
      if (rank_ == 0) throw std::bad_alloc();
    });
  });
  EXPECT_TRUE(everywhere(oom.code == kExitUsage && contains(oom.message, "out of memory") &&
                         contains(oom.message, "rank 0")))
      << "code " << oom.code << ": " << oom.message;

  const Caught plain = catch_error([&] {
    agree_on(comm_, [&] {
      if (rank_ == last_) throw std::runtime_error("plain failure");
    });
  });
  EXPECT_TRUE(everywhere(plain.code == kExitRuntime && plain.message == "plain failure"))
      << "code " << plain.code << ": " << plain.message;
}

// Per rep the slowest rank, then the median over reps; a phase only some ranks mark counts
// as 0 on the others, and lands after the root's phases.
TEST_F(CoreMpi, PhaseBreakdownTakesTheSlowestRankThenTheMedianRep) {
  PhaseTimer timer;
  const double r = rank_;
  for (const double rep : {1.0, 5.0, 3.0}) {
    timer.begin_rep();
    timer.add("compute", rep + r);         // slowest: the last rank
    timer.add("halo", rep * (1 + r / 8));  // slowest: the last rank
    if (rank_ == last_) timer.add("io", rep);
  }
  timer.stop();
  const Json breakdown = timer.breakdown(comm_);
  const std::string expected = "{\"compute\":" + number_json(3.0 + last_) +
                               ",\"halo\":" + number_json(3.0 * (1 + last_ / 8.0)) + ",\"io\":3}";
  EXPECT_TRUE(everywhere(breakdown.dump() == expected)) << breakdown.dump() << " vs " << expected;
}

TEST_F(CoreMpi, PhaseBreakdownIsNullWhenNoRankMarkedAPhase) {
  PhaseTimer timer;
  timer.begin_rep();
  timer.stop();
  EXPECT_TRUE(everywhere(timer.breakdown(comm_).dump() == "null"));
}

TEST_F(CoreMpi, ProvenanceOnRootHasEveryKey) {
  const std::vector<std::string> command{"scalelab-test", "--size", "1k"};
  const Json p = collect_provenance(comm_, 1, MPI_THREAD_FUNNELED, command);
  std::string missing;
  for (const char* key :
       {"hosts", "nodes", "ranks", "threads_per_rank", "placement", "binding", "compiler",
        "compile_flags", "mpi_library", "mpi_thread_level", "openmp_version", "eigen_version",
        "eigen_simd", "git_sha", "time_utc", "slurm", "command"}) {
    if (p.find(key) == nullptr) missing += std::string(" ") + key;
  }
  const std::string dump = p.dump();
  EXPECT_TRUE(on_root(p.is_object() && missing.empty())) << "missing:" << missing << "\n" << dump;
  EXPECT_TRUE(on_root(member(p, {"ranks"}) == std::to_string(size_))) << dump;
  EXPECT_TRUE(on_root(member(p, {"threads_per_rank"}) == "1")) << dump;
  EXPECT_TRUE(on_root(member(p, {"mpi_thread_level"}) == std::to_string(MPI_THREAD_FUNNELED)))
      << dump;
  EXPECT_TRUE(on_root(member(p, {"command"}) == "[\"scalelab-test\",\"--size\",\"1k\"]")) << dump;
  EXPECT_TRUE(on_root(dump.find('\n') == std::string::npos)) << dump;

  // One placement entry per rank, in rank order, each with the one thread's CPU.
  const Json* placement = p.find("placement");
  const std::string places = placement ? placement->dump() : "";
  bool per_rank = placement != nullptr && placement->is_array() &&
                  count_of(places, "{\"rank\":") == static_cast<std::size_t>(size_) &&
                  count_of(places, "\"thread_cpus\":[") == static_cast<std::size_t>(size_);
  std::size_t previous = 0;
  for (int r = 0; per_rank && r < size_; ++r) {
    const std::size_t at = places.find("{\"rank\":" + std::to_string(r) + ",");
    per_rank = at != std::string::npos && at >= previous;
    previous = at;
  }
  EXPECT_TRUE(on_root(per_rank)) << places;
  EXPECT_TRUE(on_root(!contains(places, "[-1]"))) << places;

  // nodes counts the distinct hosts listed.
  const std::string hosts = member(p, {"hosts"});
  const std::string nodes = member(p, {"nodes"});
  const bool nodes_ok = std::regex_match(nodes, std::regex("[1-9][0-9]*")) &&
                        count_of(hosts, "\"") == 2 * static_cast<std::size_t>(std::stoi(nodes));
  EXPECT_TRUE(on_root(nodes_ok)) << hosts << " " << nodes;

  // Versions, build and time are filled in.
  for (const char* key : {"compiler", "compile_flags", "mpi_library", "eigen_simd", "git_sha"}) {
    const std::string text = member(p, {key});
    EXPECT_TRUE(on_root(text.size() > 2 && text.front() == '"')) << key << " = " << text;
  }
  EXPECT_TRUE(on_root(member(p, {"compiler"}) != "\"\"" && member(p, {"mpi_library"}) != "\"\""))
      << dump;
  const std::string eigen = member(p, {"eigen_version"});
  EXPECT_TRUE(on_root(std::regex_match(eigen, std::regex(R"("3\.\d+\.\d+")")))) << eigen;
  const std::string openmp = member(p, {"openmp_version"});
  EXPECT_TRUE(on_root(std::regex_match(openmp, std::regex(R"(20\d{4})")))) << openmp;
  const std::string time = member(p, {"time_utc"});
  EXPECT_TRUE(on_root(std::regex_match(time, std::regex(R"("\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")"))))
      << time;
  EXPECT_TRUE(on_root(member(p, {"binding", "OMP_PROC_BIND"}) != "<missing>" &&
                      member(p, {"binding", "OMP_PLACES"}) != "<missing>"))
      << dump;
  const std::string slurm = member(p, {"slurm"});
  const bool slurm_ok =
      getenv("SLURM_JOB_ID") == nullptr
          ? slurm == "null"
          : member(p, {"slurm", "job_id"}) == "\"" + std::string(getenv("SLURM_JOB_ID")) + "\"";
  EXPECT_TRUE(on_root(slurm_ok)) << slurm;
}

TEST_F(CoreMpi, ProvenanceSamplesEveryThread) {
  const Json p = collect_provenance(comm_, 2, MPI_THREAD_FUNNELED, {"scalelab-test"});
  const Json* placement = p.find("placement");
  const std::string places = placement ? placement->dump() : "";
  // Every rank lists two sampled CPUs (a thread that never ran would leave -1).
  const std::regex two_cpus(R"("thread_cpus":\[\d+,\d+\])");
  const auto matches = std::distance(std::sregex_iterator(places.begin(), places.end(), two_cpus),
                                     std::sregex_iterator());
  EXPECT_TRUE(on_root(matches == size_)) << places;
  EXPECT_TRUE(on_root(member(p, {"threads_per_rank"}) == "2")) << p.dump();
}

CommonOptions pi_options(const std::string& model, std::uint64_t size) {
  CommonOptions opt;
  opt.model = model;
  opt.size = size;
  opt.reps = 2;
  opt.warmup = 1;
  opt.quiet = true;
  opt.command_line = {"scalelab-pi", "--model", model, "--size", std::to_string(size)};
  return opt;
}

TEST_F(CoreMpi, ExecutePiMpi) {
  constexpr std::uint64_t kSamples = 100003;  // prime: never divides evenly over ranks
  const AppDefinition app = pi::make_app();
  RunOutcome out;
  const Caught caught =
      catch_error([&] { out = execute(app, pi_options("mpi", kSamples), comm_); });
  EXPECT_TRUE(everywhere(caught.code == -1)) << caught.message;
  EXPECT_EQ(comm_.max(out.exit_code), 0);
  EXPECT_EQ(comm_.min(out.exit_code), 0);

  const std::string dump = out.record.dump();
  EXPECT_TRUE(on_root(contains(dump, "\"verified\":true"))) << dump;
  EXPECT_TRUE(on_root(contains(dump, "\"variant\":\"pi/mpi\""))) << dump;
  EXPECT_TRUE(on_root(member(out.record, {"status"}) == "\"ok\"")) << dump;
  EXPECT_TRUE(on_root(member(out.record, {"workload"}) == "\"pi\"")) << dump;
  EXPECT_TRUE(on_root(member(out.record, {"size"}) == std::to_string(kSamples))) << dump;
  EXPECT_TRUE(on_root(member(out.record, {"ranks"}) == std::to_string(size_))) << dump;
  EXPECT_TRUE(on_root(member(out.record, {"threads"}) == "1")) << dump;
  EXPECT_TRUE(on_root(member(out.record, {"cores"}) == std::to_string(size_))) << dump;
  EXPECT_TRUE(on_root(member(out.record, {"reps"}) == "2")) << dump;
  EXPECT_TRUE(on_root(member(out.record, {"provenance", "ranks"}) == std::to_string(size_)))
      << dump;
  for (const char* key : {"min", "median", "mean", "max", "stddev"}) {
    EXPECT_TRUE(on_root(member(out.record, {"time", key}) != "<missing>")) << key << " " << dump;
  }
  // The hit count is the serial reference loop's, whatever the rank count.
  const std::uint64_t serial_hits = pi::count_hits(pi::stream_key(42), Range{0, kSamples});
  EXPECT_TRUE(on_root(member(out.record, {"result", "hits"}) == std::to_string(serial_hits)))
      << serial_hits << " " << dump;
}

TEST_F(CoreMpi, ExecuteWeakScalingMultipliesTheSizeByTheCores) {
  const AppDefinition app = pi::make_app();
  CommonOptions opt = pi_options("mpi", 1000);
  opt.scaling = "weak";
  RunOutcome out;
  const Caught caught = catch_error([&] { out = execute(app, opt, comm_); });
  EXPECT_TRUE(everywhere(caught.code == -1 && out.exit_code == 0)) << caught.message;
  EXPECT_TRUE(on_root(member(out.record, {"size"}) == std::to_string(1000 * size_)))
      << out.record.dump();
  EXPECT_TRUE(on_root(member(out.record, {"scaling"}) == "\"weak\"")) << out.record.dump();
}

// An app's own options reach the workload through the run context, typed: the object the
// app set (and its parser fills), and no other type.
TEST_F(CoreMpi, ExecuteHandsTheAppsOptionsToTheWorkload) {
  struct Options {
    std::uint64_t marker = 0;
  };
  AppDefinition app = pi::make_app();
  const auto options = set_params<Options>(app);
  options->marker = 7;
  std::uint64_t seen = 0;
  bool other_type_refused = false;
  app.variants.add("reads", {true, false}, [&](const RunContext& ctx) {
    seen = ctx.params<Options>().marker;
    try {
      ctx.params<int>();
    } catch (const std::bad_any_cast&) {
      other_type_refused = true;
    }
    return pi::make_mpi(ctx);
  });
  RunOutcome out;
  const Caught caught = catch_error([&] { out = execute(app, pi_options("reads", 1000), comm_); });
  EXPECT_TRUE(everywhere(caught.code == -1 && out.exit_code == 0)) << caught.message;
  EXPECT_TRUE(everywhere(seen == 7 && other_type_refused));
}

TEST_F(CoreMpi, ExecuteTriadWithParsedScalar) {
  const AppDefinition app = triad::make_app();
  RunOutcome out;
  const Caught caught = catch_error([&] {
    const ParseOutcome parsed =
        parse_command_line(app, {"scalelab-triad", "--model", "mpi", "--size", "1001", "--scalar",
                                 "2.5", "--reps", "1", "--warmup", "0", "--quiet"});
    out = execute(app, parsed.options, comm_);
  });
  EXPECT_TRUE(everywhere(caught.code == -1)) << caught.message;
  EXPECT_EQ(comm_.max(out.exit_code), 0);
  const std::string dump = out.record.dump();
  EXPECT_TRUE(on_root(member(out.record, {"params", "scalar"}) == "2.5")) << dump;
  EXPECT_TRUE(on_root(member(out.record, {"params", "elements"}) == "1001")) << dump;
  EXPECT_TRUE(on_root(contains(dump, "\"verified\":true"))) << dump;
  EXPECT_TRUE(on_root(contains(dump, "\"variant\":\"triad/mpi\""))) << dump;
}

TEST_F(CoreMpi, ExecuteRefusesASingleRankModelOnManyRanks) {
  const AppDefinition app = pi::make_app();
  RunOutcome out;
  const Caught caught = catch_error([&] { out = execute(app, pi_options("serial", 1000), comm_); });
  const bool ok = size_ == 1
                      ? caught.code == -1 && out.exit_code == 0
                      : caught.code == kExitUsage && contains(caught.message, "--model serial") &&
                            contains(caught.message, std::to_string(size_) + " ranks");
  EXPECT_TRUE(everywhere(ok)) << "code " << caught.code << ": " << caught.message;
}

TEST_F(CoreMpi, ExecuteRefusesThreadsForASingleThreadModel) {
  const AppDefinition app = pi::make_app();
  CommonOptions opt = pi_options("mpi", 1000);
  opt.threads = 2;
  const Caught caught = catch_error([&] { execute(app, opt, comm_); });
  EXPECT_TRUE(everywhere(caught.code == kExitUsage && contains(caught.message, "--threads 2")))
      << "code " << caught.code << ": " << caught.message;
}

TEST_F(CoreMpi, ExecuteRefusesAnOutputInAMissingDirectory) {
  const AppDefinition app = pi::make_app();
  CommonOptions opt = pi_options("mpi", 1000);
  opt.output = "/nonexistent-scalelab-test-dir/out.jsonl";
  const Caught caught = catch_error([&] { execute(app, opt, comm_); });
  EXPECT_TRUE(everywhere(caught.code == kExitUsage && contains(caught.message, "--output")))
      << "code " << caught.code << ": " << caught.message;
  EXPECT_TRUE(on_root(!std::filesystem::exists("/nonexistent-scalelab-test-dir")));
}

TEST_F(CoreMpi, ExecuteRefusesFewerSamplesThanRanks) {
  const AppDefinition app = pi::make_app();
  const Caught caught = catch_error([&] { execute(app, pi_options("mpi", 2), comm_); });
  const bool ok = size_ <= 2 ? caught.code == -1
                             : caught.code == kExitUsage && contains(caught.message, "--size");
  EXPECT_TRUE(everywhere(ok)) << "code " << caught.code << ": " << caught.message;
}

TEST_F(CoreMpi, RunAppAppendsOneRecord) {
  // The root makes a private directory and tells the others its name.
  std::string dir;
  if (comm_.is_root()) {
    std::string pattern = "/tmp/scalelab_mpi_test_XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) dir = pattern;
  }
  dir = comm_.broadcast(dir);
  ASSERT_FALSE(dir.empty());  // same on every rank
  const std::string path = dir + "/runs.jsonl";

  const AppDefinition app = pi::make_app();
  const std::vector<std::string> args{"scalelab-pi", "--model", "mpi",     "--size",   "5k",
                                      "--reps",      "1",       "--quiet", "--output", path};
  int rc = -1;
  const Caught first = catch_error([&] { rc = run_app(app, args, comm_, MPI_THREAD_FUNNELED); });
  EXPECT_TRUE(everywhere(first.code == -1 && rc == 0)) << rc << " " << first.message;
  const Caught second = catch_error([&] { rc = run_app(app, args, comm_, MPI_THREAD_FUNNELED); });
  EXPECT_TRUE(everywhere(second.code == -1 && rc == 0)) << rc << " " << second.message;

  std::string text;
  if (comm_.is_root()) {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const bool two_lines = count_of(text, "\n") == 2 && !text.empty() && text.back() == '\n' &&
                         count_of(text, "\"variant\":\"pi/mpi\"") == 2 &&
                         count_of(text, "\"verified\":true") == 2 &&
                         text.find("\n{") == text.find('\n');
  EXPECT_TRUE(on_root(two_lines)) << text;

  // A bad option: exit code 2 everywhere and nothing more written.
  std::vector<std::string> bad = args;
  bad[2] = "nope";
  rc = run_app(app, bad, comm_, MPI_THREAD_FUNNELED);
  EXPECT_TRUE(everywhere(rc == kExitUsage)) << rc;
  std::string after;
  if (comm_.is_root()) {
    std::ifstream in(path);
    after.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  EXPECT_TRUE(on_root(after == text)) << after;

  comm_.barrier();
  if (comm_.is_root()) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
}

}  // namespace
}  // namespace scalelab
