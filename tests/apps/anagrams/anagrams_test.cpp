// SPDX-License-Identifier: MIT
// anagrams at every model and layout the current rank count allows, on generated lists and on
// awkward files (no trailing newline, CRLF, empty lines, one huge word, fewer words than
// ranks): verified, and the same grouping as the serial kernel computed here; plus the bad
// input every rank must refuse alike, --groups, and a wrong variant that must fail (exit 1).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "anagrams.hpp"
#include "generate.hpp"
#include "groups_file.hpp"
#include "run_helpers.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::anagrams {
namespace {

using scalelab::testing::layouts_for;

RunOutcome run_anagrams(const AppDefinition& app, std::vector<std::string> args,
                        const Comm& world) {
  args.insert(args.begin(), "scalelab-anagrams");
  for (const char* extra : {"--reps", "2", "--warmup", "0", "--quiet"}) args.emplace_back(extra);
  return execute(app, parse_command_line(app, args).options, world);
}

int exit_code(std::vector<std::string> args, const Comm& world) {
  const AppDefinition app = make_app();
  try {
    return run_anagrams(app, std::move(args), world).exit_code;
  } catch (const Error& e) {
    return e.code();
  }
}

// The serial kernel on the whole text, computed here on every rank: what every model must
// report.
Summary serial_summary(const std::string& text) {
  CanonicalPart part;
  canonicalise(text, sorted_key, part);
  return group_by_key(part.entries, SummaryOptions{});
}

std::string hex(std::uint64_t v) {
  char out[19];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(v));
  return out;
}

// A directory every rank sees (rank 0 makes it), one per launch.
std::string shared_dir(const Comm& world) {
  std::string dir;
  if (world.is_root()) {
    char pattern[] = "/tmp/scalelab-anagrams-test.XXXXXX";
    dir = mkdtemp(pattern);
  }
  return world.broadcast(dir);
}

void write_file(const Comm& world, const std::string& path, const std::string& text) {
  if (world.is_root()) std::ofstream(path, std::ios::binary) << text;
  world.barrier();
}

std::string read_file(const std::string& path) {
  std::ostringstream out;
  out << std::ifstream(path, std::ios::binary).rdbuf();
  return out.str();
}

// Runs every layout on `args` and checks the record against `expected`.
void every_layout_matches(const std::vector<std::string>& args, const Summary& expected,
                          const Comm& world) {
  const AppDefinition app = make_app();
  for (const auto& layout : layouts_for(app, world.size())) {
    SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads));
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--model", layout.model, "--threads", std::to_string(layout.threads)});
    const RunOutcome out = run_anagrams(app, all, world);
    EXPECT_EQ(out.exit_code, kExitOk);
    bool ok = true;
    if (world.is_root()) {
      const Json& r = out.record.at("result");
      ok = out.record.at("verified").as_bool() && r.at("words").as_uint() == expected.words &&
           r.at("distinct_words").as_uint() == expected.distinct_words &&
           r.at("groups").as_uint() == expected.groups &&
           r.at("anagram_groups").as_uint() == expected.multi_groups &&
           r.at("digest").as_string() == hex(expected.digest) &&
           out.record.at("size").as_uint() == expected.words;
      for (const char* phase : {"read", "canonicalise", "shuffle", "group"})
        ok = ok && out.record.at("breakdown").at(phase).as_double() >= 0;
    }
    EXPECT_TRUE(world.all(ok));
  }
}

TEST(Anagrams, GeneratedListsEveryLayoutEqualsSerial) {
  const Comm world;
  for (const std::uint64_t size :
       {static_cast<std::uint64_t>(world.size()), std::uint64_t{1001}, std::uint64_t{20011}}) {
    SCOPED_TRACE("size=" + std::to_string(size));
    std::string text;
    append_generated_words(size, 42, {0, size}, text);
    every_layout_matches({"--size", std::to_string(size)}, serial_summary(text), world);
  }
}

TEST(Anagrams, AwkwardFilesEveryLayoutEqualsSerial) {
  const Comm world;
  const std::string dir = shared_dir(world);
  const std::string huge = std::string(200'000, 'x') + "yz";
  const std::vector<std::pair<std::string, std::string>> files = {
      {"no-final-newline", "listen\nsilent\nenlist\nstop\npots\ntops"},
      {"crlf", "listen\r\nSilent\r\nstop\r\npots\r\n\r\nopts\r\n"},
      {"empty-lines", "\n\n\nabc\n\n\ncab\n\n\nbca\n\n"},
      {"huge-word", "ab\n" + huge + "\nba\n" + std::string(huge.rbegin(), huge.rend()) + "\n"},
      {"fewer-than-ranks", "ab\nba\n"},
      {"one-word", "word"},
      {"duplicates-and-case", "Stop\nstop\nSTOP\npots\nit's\nsit\n'sti\n"},
  };
  for (const auto& [name, text] : files) {
    SCOPED_TRACE(name);
    const std::string path = dir + "/" + name + ".txt";
    write_file(world, path, text);
    every_layout_matches({"--input", path}, serial_summary(text), world);
  }
  if (world.is_root()) std::filesystem::remove_all(dir);
}

TEST(Anagrams, GroupsFileIsTheSameUnderEveryModel) {
  const Comm world;
  const std::string dir = shared_dir(world);
  // What serial's kernel makes of the same list, in the file's order.
  std::string text;
  append_generated_words(5000, 42, {0, 5000}, text);
  CanonicalPart part;
  canonicalise(text, sorted_key, part);
  SummaryOptions options;
  options.lines = true;
  const std::string expected = sorted_lines(group_by_key(part.entries, options).lines);
  for (const std::string model : {"serial", "openmp", "mpi", "hybrid"}) {
    if (world.size() > 1 && (model == "serial" || model == "openmp")) continue;
    SCOPED_TRACE(model);
    const std::string path = dir + "/" + model + ".groups";
    const std::string threads = model == "openmp" || model == "hybrid" ? "2" : "1";
    EXPECT_EQ(
        exit_code({"--size", "5000", "--model", model, "--threads", threads, "--groups", path},
                  world),
        kExitOk);
    bool ok = true;
    if (world.is_root()) {
      const std::string got = read_file(path);
      ok = !expected.empty() && got == expected && got.find('\t') != std::string::npos;
      // No temporary left beside it.
      for (const auto& entry : std::filesystem::directory_iterator(dir))
        ok = ok && entry.path().string().rfind(path + ".tmp", 0) != 0;
    }
    EXPECT_TRUE(world.all(ok));
  }
  if (world.is_root()) std::filesystem::remove_all(dir);
}

TEST(Anagrams, BadInputIsUsageErrorOnEveryRank) {
  const Comm world;
  const std::string dir = shared_dir(world);
  const std::string model = world.size() > 1 ? "mpi" : "serial";
  write_file(world, dir + "/empty.txt", "");
  write_file(world, dir + "/blank.txt", "\n\r\n\n");
  EXPECT_EQ(exit_code({"--model", model, "--input", dir + "/empty.txt"}, world), kExitUsage);
  EXPECT_EQ(exit_code({"--model", model, "--input", dir + "/blank.txt"}, world), kExitUsage);
  EXPECT_EQ(exit_code({"--model", model, "--input", dir + "/missing.txt"}, world), kExitUsage);
  EXPECT_EQ(exit_code({"--model", model, "--input", dir}, world), kExitUsage);
  EXPECT_EQ(exit_code({"--model", model, "--size", "100", "--groups", dir + "/no/such/g"}, world),
            kExitUsage);
  EXPECT_EQ(exit_code({"--model", model, "--size", "30000", "--naive"}, world), kExitUsage);
  EXPECT_EQ(
      exit_code({"--model", model == "mpi" ? "mpi" : "openmp", "--size", "100", "--naive"}, world),
      kExitUsage);
  world.barrier();
  if (world.is_root()) std::filesystem::remove_all(dir);
}

TEST(Anagrams, NaiveEqualsHash) {
  const Comm world;
  if (world.size() > 1) GTEST_SKIP() << "--naive is serial only";
  std::string text;
  append_generated_words(3000, 42, {0, 3000}, text);
  const Summary expected = serial_summary(text);
  const AppDefinition app = make_app();
  const RunOutcome out = run_anagrams(app, {"--size", "3000", "--naive"}, world);
  EXPECT_EQ(out.exit_code, kExitOk);
  EXPECT_TRUE(out.record.at("params").at("naive").as_bool());
  EXPECT_EQ(out.record.at("result").at("digest").as_string(), hex(expected.digest));
  EXPECT_EQ(out.record.at("result").at("anagram_groups").as_uint(), expected.multi_groups);
}

// Loses the last word of rank 0's part before grouping: the reference must notice.
class DropsAWord final : public AnagramsWorkload {
 public:
  using AnagramsWorkload::AnagramsWorkload;
  void run(const RunContext& ctx) override {
    read_parts();
    canonicalise_parts(sorted_key);
    if (ctx.comm.is_root() && !canon_[0].entries.empty()) canon_[0].entries.pop_back();
    shuffle_to_ranks(ctx.comm);
    finish(ctx, group_by_key(received_, summary_options()));
  }
};

TEST(Anagrams, WrongVariantFailsVerification) {
  const Comm world;
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false},
                   [](const RunContext& ctx) { return std::make_unique<DropsAWord>(ctx); });
  CommonOptions options = scalelab::testing::small_run("broken", 1, 1000);
  EXPECT_EQ(scalelab::testing::exit_code_of(app, options, world), kExitVerificationFailed);
}

}  // namespace
}  // namespace scalelab::anagrams
