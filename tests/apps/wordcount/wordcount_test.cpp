// SPDX-License-Identifier: MIT
// wordcount through the production driver at every model and layout the rank count allows:
// the record's answer equals an independent count (the reference of verification, run here
// by the test) on generated corpora and on awkward files; bad input is exit 2; a wrong
// variant is caught (exit 1); --counts is complete and sorted.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../run_helpers.hpp"
#include "scalelab/errors.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {
namespace {

namespace fs = std::filesystem;
using scalelab::testing::layouts_for;

struct RunResult {
  int code = 0;
  Json record;
};

// Parses argv as the binary does (so the workload's own options are set), then executes.
RunResult run(const AppDefinition& app, std::vector<std::string> args) {
  args.insert(args.begin(), "scalelab-wordcount");
  args.insert(args.end(), {"--reps", "2", "--warmup", "0", "--quiet"});
  const Comm world;
  try {
    const ParseOutcome parsed = parse_command_line(app, args);
    const RunOutcome out = execute(app, parsed.options, world);
    return {out.exit_code, out.record};
  } catch (const Error& e) {
    return {e.code(), Json()};
  }
}

std::vector<std::string> layout_args(const std::string& model, int threads) {
  return {"--model", model, "--threads", std::to_string(threads)};
}

// A directory every rank sees (one machine), made by rank 0.
class Files : public ::testing::Test {
 protected:
  void SetUp() override {
    const Comm world;
    std::string name;
    if (world.is_root()) {
      char templ[] = "/tmp/scalelab-wordcount-test-XXXXXX";
      name = ::mkdtemp(templ);
    }
    dir_ = world.broadcast(name);
  }
  void TearDown() override {
    const Comm world;
    world.barrier();
    if (world.is_root()) fs::remove_all(dir_);
  }
  // Rank 0 writes, everyone gets the path after a barrier.
  std::string write(const std::string& name, const std::string& content) {
    const Comm world;
    const std::string path = dir_ + "/" + name;
    if (world.is_root()) {
      fs::create_directories(fs::path(path).parent_path());
      std::ofstream(path, std::ios::binary) << content;
    }
    world.barrier();
    return path;
  }
  std::string dir_;
};

bool same_answer(const Json& record, const Reference& ref, bool total_only) {
  const Json& result = record.at("result");
  if (result.at("total_words").as_uint() != ref.total) return false;
  if (total_only) return result.at("computes").as_string() == "total";
  if (result.at("distinct_words").as_uint() != ref.distinct) return false;
  char digest[17];
  std::snprintf(digest, sizeof digest, "%016llx", static_cast<unsigned long long>(ref.digest));
  if (result.at("digest").as_string() != digest) return false;
  Json expect = Json::array();  // test words are valid UTF-8: the record carries them as is
  for (const WordCount& w : ref.top)
    expect.push(Json::object({{"word", w.word}, {"count", w.count}}));
  if (result.at("top").dump() != expect.dump()) return false;
  return record.at("verified").as_bool();
}

// Every layout of this rank count, total-only or not, on the given input arguments.
void expect_every_layout(const std::vector<std::string>& input, const Reference& ref,
                         const std::vector<std::string>& extra = {}) {
  const Comm world;
  const AppDefinition app = make_app();
  for (const auto& layout : layouts_for(app, world.size())) {
    for (const bool total_only : {false, true}) {
      if (layout.model == "eigen" && !total_only) continue;  // eigen is always total-only
      std::vector<std::string> args = layout_args(layout.model, layout.threads);
      args.insert(args.end(), input.begin(), input.end());
      args.insert(args.end(), extra.begin(), extra.end());
      if (total_only) args.push_back("--total-only");
      const bool eigen_total = total_only || layout.model == "eigen";
      SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) +
                   (total_only ? " total-only" : ""));
      const RunResult out = run(app, args);
      ASSERT_EQ(out.code, kExitOk);
      bool ok = true;
      if (world.is_root()) ok = same_answer(out.record, ref, eigen_total);
      EXPECT_TRUE(world.all(ok));
    }
  }
}

TEST(Wordcount, GeneratedCorpusEveryLayout) {
  for (const std::uint64_t bytes : {std::uint64_t{300}, std::uint64_t{200'003}}) {
    for (const auto& opts : std::vector<std::vector<std::string>>{{}, {"--lower", "--alpha"}}) {
      const Tokenizer tok{!opts.empty(), !opts.empty()};
      const Reference ref = reference_count_corpus(Corpus(9, bytes), tok, 10);
      SCOPED_TRACE("bytes " + std::to_string(bytes) + (opts.empty() ? "" : " lower alpha"));
      std::vector<std::string> extra = opts;
      extra.insert(extra.end(), {"--seed", "9"});
      expect_every_layout({"--size", std::to_string(bytes)}, ref, extra);
    }
  }
}

TEST_F(Files, AwkwardFilesEveryLayout) {
  std::string huge(300'000, 'h');  // one word far longer than any rank's block
  const std::vector<std::string> paths = {
      write("a/no-newline.txt", "alpha beta\tgamma\r\nbeta\vdelta\fbeta end"),
      write("a/huge.txt", "x " + huge + " y\n"),
      write("a/tiny.txt", "ab"),  // smaller than the number of ranks
      write("a/empty.txt", ""),   // empty files inside a corpus are fine
      write("a/spaces.txt", "   \n\n  "),
      write("a/utf8.txt", "caf\xC3\xA9 Caf\xC3\xA9 na\xC3\xAFve, CAF\xC3\xA9!\n")};
  for (const bool folded : {false, true}) {
    const Tokenizer tok{folded, folded};
    const Reference ref = reference_count_files(paths, tok, 10);
    std::vector<std::string> input = {"--input"};
    input.insert(input.end(), paths.begin(), paths.end());
    const std::vector<std::string> extra =
        folded ? std::vector<std::string>{"--lower", "--alpha"} : std::vector<std::string>{};
    expect_every_layout(input, ref, extra);
    // The directory and a glob name the same files (in sorted order).
    expect_every_layout({"--input", dir_ + "/a"}, ref, extra);
    expect_every_layout({"--input", dir_ + "/a/*.txt"}, ref, extra);
  }
}

TEST_F(Files, PipelineEveryLayoutWithTinyChunks) {
  const Comm world;
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += 'w';
    text += std::to_string(i % 97);
    text += i % 7 ? ' ' : '\n';
  }
  text += std::string(500, 'L');  // longer than a chunk, at the very end, no newline
  const std::string path = write("p.txt", text);
  const std::string other = write("q.txt", "tail words\n");
  const Reference ref = reference_count_files({path, other}, Tokenizer{}, 10);
  const AppDefinition app = make_app();
  for (const auto& layout : layouts_for(app, world.size())) {
    if (layout.model == "eigen") continue;
    for (const char* chunk : {"64", "1000", "8Mi"}) {
      SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) + " chunk " + chunk);
      std::vector<std::string> args = layout_args(layout.model, layout.threads);
      args.insert(args.end(), {"--input", path, other, "--pipeline", "--chunk", chunk});
      const RunResult out = run(app, args);
      ASSERT_EQ(out.code, kExitOk);
      bool ok = true;
      if (world.is_root()) {
        ok = same_answer(out.record, ref, false);
        const Json& p = out.record.at("result").at("pipeline");
        ok = ok && p.at("read_s").as_double() >= 0 &&
             p.at("read_hidden_fraction").as_double() >= 0 &&
             p.at("read_hidden_fraction").as_double() <= 1 &&
             out.record.at("breakdown").at("count").as_double() > 0;
      }
      EXPECT_TRUE(world.all(ok));
    }
  }
}

TEST_F(Files, CountsFileIsCompleteAndSorted) {
  const Comm world;
  const std::string path = write("c.txt", "b a c b\nc b d\n");
  const std::string counts = dir_ + "/out/counts.tsv";
  if (world.is_root()) fs::create_directories(dir_ + "/out");
  world.barrier();
  const AppDefinition app = make_app();
  const std::string model = world.size() > 1 ? "hybrid" : "openmp";
  const RunResult out =
      run(app, {"--model", model, "--threads", "2", "--input", path, "--counts", counts});
  EXPECT_EQ(out.code, kExitOk);
  bool ok = true;
  if (world.is_root()) {
    std::ifstream in(counts);
    std::stringstream text;
    text << in.rdbuf();
    ok = text.str() == "b\t3\nc\t2\na\t1\nd\t1\n";
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(dir_ + "/out")) {
      (void)entry;
      ++files;
    }
    ok = ok && files == 1;  // no temporary left behind
  }
  EXPECT_TRUE(world.all(ok));
}

TEST_F(Files, BadInputIsExitTwo) {
  const Comm world;
  const AppDefinition app = make_app();
  const std::string empty = write("empty.txt", "");
  const std::string blank = write("blank.txt", " \n\t ");
  const std::string punct = write("punct.txt", "... 123 !!!");
  const std::string good = write("good.txt", "some words");
  if (world.is_root()) fs::create_directories(dir_ + "/emptydir");
  world.barrier();
  const std::string mpi = world.size() > 1 ? "mpi" : "serial";
  const std::vector<std::vector<std::string>> cases = {
      {"--input", empty},
      {"--input", blank},
      {"--input", punct, "--alpha"},
      {"--input", dir_ + "/missing.txt"},
      {"--input", dir_ + "/nothing-*.txt"},
      {"--input", dir_ + "/emptydir"},
      {"--input", good, "--size", "10"},
      {"--input", good, "--generate", "1k"},
      {"--pipeline"},
      {"--size", "1"},  // a corpus of one newline: no words
      {"--input", good, "--counts", dir_},
      {"--input", good, "--counts", dir_ + "/no/such/dir/c.tsv"},
      {"--input", good, "--chunk", "0"},
      {"--top", "-1"},
      {"--top", "2M"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"--model", mpi};
    args.insert(args.end(), c.begin(), c.end());
    std::string joined;
    for (const auto& a : c) joined += a + " ";
    EXPECT_EQ(run(app, args).code, kExitUsage) << joined;
  }
  // Weak scaling would multiply a fixed input.
  const std::string threaded = world.size() > 1 ? "hybrid" : "openmp";
  EXPECT_EQ(
      run(app, {"--model", threaded, "--threads", "2", "--input", good, "--scaling", "weak"}).code,
      kExitUsage);
  // eigen computes no table to write.
  if (world.size() == 1) {
    EXPECT_EQ(run(app, {"--model", "eigen", "--counts", dir_ + "/c.tsv", "--size", "1k"}).code,
              kExitUsage);
  }
}

// A variant that loses one word of the last rank's part: verification must catch it.
class DropsAWord final : public WordcountWorkload {
 public:
  using WordcountWorkload::WordcountWorkload;
  void run(const RunContext& ctx) override {
    PhaseTimes times;
    read_and_count(1, times);
    if (ctx.comm.rank() == ctx.comm.size() - 1 && buffer_size_ > 0) {
      // Count the rank's part again without its first word.
      std::size_t skip = 0;
      while (skip < buffer_size_ && !is_ascii_space(static_cast<unsigned char>(buffer_[skip])))
        ++skip;
      maps_[0].clear();
      scan_words<false>(buffer_.data(), skip, buffer_size_,
                        [&](const char* p, std::size_t n) { maps_[0].add(p, n); });
    }
    exchange(ctx, 1);
    own_parts();
    log(ctx, times);
  }
};

TEST(Wordcount, WrongAnswerFailsVerification) {
  const Comm world;
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false},
                   [](const RunContext& ctx) { return std::make_unique<DropsAWord>(ctx); });
  const RunResult out = run(app, {"--model", "broken", "--size", "500k"});
  EXPECT_EQ(out.code, kExitVerificationFailed);
  bool says_so = true;
  if (world.is_root()) {
    says_so = !out.record.at("verified").as_bool() &&
              out.record.at("status").as_string() == "verification_failed";
  }
  EXPECT_TRUE(world.all(says_so));
}

// result.shuffle_bytes (the interconnect model's volume): what crossed between ranks in the
// exchange, nothing when there is no exchange. An entry is 20 bytes plus its word, which
// takes at least 2 bytes of input (letter + separator): at most 10.5 x the input per rank,
// at most one entry per distinct word per rank.
TEST(Wordcount, RecordsTheBytesShuffledAcrossRanks) {
  const Comm world;
  const AppDefinition app = make_app();
  const std::uint64_t bytes = 200'000;
  for (const auto& layout : layouts_for(app, world.size())) {
    for (const bool total_only : {false, true}) {
      const std::string& model = layout.model;
      SCOPED_TRACE(model + (total_only ? " total-only" : ""));
      std::vector<std::string> args = layout_args(model, layout.threads);
      args.insert(args.end(), {"--size", std::to_string(bytes)});
      if (total_only) args.push_back("--total-only");
      const RunResult out = run(app, args);
      ASSERT_EQ(out.code, kExitOk);
      bool ok = true;
      if (world.is_root()) {
        const std::uint64_t moved = out.record.at("result").at("shuffle_bytes").as_uint();
        const bool exchanges =
            world.size() > 1 && (model == "mpi" || model == "hybrid") && !total_only;
        ok = exchanges ? moved > 0 && 2 * moved <= 21 * bytes : moved == 0;
        if (!ok) ADD_FAILURE() << "shuffle_bytes " << moved;
      }
      EXPECT_TRUE(world.all(ok));
    }
  }
}

TEST(Wordcount, WeakScalingMultipliesTheCorpus) {
  const Comm world;
  const AppDefinition app = make_app();
  const std::string model = world.size() > 1 ? "hybrid" : "openmp";
  const RunResult out =
      run(app, {"--model", model, "--threads", "2", "--size", "50k", "--scaling", "weak"});
  EXPECT_EQ(out.code, kExitOk);
  bool ok = true;
  if (world.is_root()) {
    ok = out.record.at("size").as_uint() ==
             50'000ULL * 2 * static_cast<std::uint64_t>(world.size()) &&
         out.record.at("params").at("bytes").as_uint() == out.record.at("size").as_uint();
  }
  EXPECT_TRUE(world.all(ok));
}

}  // namespace
}  // namespace scalelab::wordcount
