// SPDX-License-Identifier: MIT
// groupby through the production driver at 1..4 ranks: a hand-checked fixture, every model
// and layout against a serial scan, generated-in-memory against the same rows from a file,
// CSV against HDF5, awkward files, malformed lines with their true line numbers, bad HDF5,
// and a deliberately wrong variant.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "../run_helpers.hpp"
#include "generator.hpp"
#include "groupby.hpp"
#include "hdf5_columns.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::groupby {
namespace {

using scalelab::testing::layouts_for;

// A directory every rank sees (made by rank 0), removed with its files at the end.
class SharedDir {
 public:
  explicit SharedDir(const Comm& comm) : comm_(comm) {
    std::string made;
    if (comm.is_root()) {
      char pattern[] = "/tmp/groupby-test.XXXXXX";
      made = ::mkdtemp(pattern);
    }
    path_ = comm.broadcast(made);
  }
  ~SharedDir() {
    comm_.barrier();
    if (comm_.is_root()) std::system(("rm -rf '" + path_ + "'").c_str());
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Rank 0 writes, everybody waits until it has.
  std::string write(const std::string& name, const std::string& text) const {
    if (comm_.is_root()) std::ofstream(file(name), std::ios::binary) << text;
    comm_.barrier();
    return file(name);
  }

 private:
  const Comm& comm_;
  std::string path_;
};

struct Outcome {
  int code = 0;
  std::string message;
  Json record;
};

Outcome run(const Comm& comm, std::vector<std::string> args, AppDefinition app = make_app()) {
  args.insert(args.begin(), "scalelab-groupby");
  for (const char* a : {"--reps", "2", "--warmup", "0", "--quiet"}) args.push_back(a);
  Outcome out;
  try {
    const ParseOutcome parsed = parse_command_line(app, args);
    const RunOutcome result = execute(app, parsed.options, comm);
    out.code = result.exit_code;
    out.record = result.record;
  } catch (const Error& e) {
    out.code = e.code();
    out.message = e.what();
  }
  return out;
}

std::vector<std::string> layout_args(const std::string& model, int threads) {
  return {"--model", model, "--threads", std::to_string(threads)};
}

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A --out table: "key,count,mean,std,min,max" lines (key = the one or two key fields).
struct TableRow {
  std::string key;
  std::uint64_t count;
  double mean, std, min, max;
};

std::vector<TableRow> read_table(const std::string& path, By by) {
  std::vector<TableRow> rows;
  std::istringstream in(slurp(path));
  std::string line;
  std::getline(in, line);  // header
  const int key_fields = by == By::kBoth ? 2 : 1;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string item; std::getline(ls, item, ',');) f.push_back(item);
    TableRow r;
    r.key = f[0] + (key_fields == 2 ? "," + f[1] : "");
    r.count = std::stoull(f[key_fields]);
    r.mean = std::stod(f[key_fields + 1]);
    r.std = std::stod(f[key_fields + 2]);
    r.min = std::stod(f[key_fields + 3]);
    r.max = std::stod(f[key_fields + 4]);
    rows.push_back(r);
  }
  return rows;
}

// The same rows as a table, computed here with the scanner and one GroupTable.
std::vector<TableRow> serial_scan(const std::string& csv, By by) {
  GroupTable table(by);
  ScanStats stats;
  scan_lines(slurp(csv), true, stats, [&](const Row& r) { table.add(r.time, r.unit, r.value); });
  std::vector<TableRow> rows;
  for (const Group& g : table.sorted()) {
    std::string key = by_date(by) ? format_timestamp(g.time) : g.unit;
    if (by == By::kBoth) key += "," + g.unit;
    rows.push_back(
        {key, g.moments.count, g.moments.mean, g.moments.stddev(), g.moments.min, g.moments.max});
  }
  return rows;
}

// Groups and counts exactly, statistics within the workload's tolerance.
::testing::AssertionResult same_table(const std::vector<TableRow>& got,
                                      const std::vector<TableRow>& want) {
  if (got.size() != want.size()) {
    return ::testing::AssertionFailure() << got.size() << " groups, expected " << want.size();
  }
  for (std::size_t i = 0; i < got.size(); ++i) {
    const TableRow& a = got[i];
    const TableRow& b = want[i];
    const double scale = std::max({1.0, std::fabs(b.min), std::fabs(b.max)});
    if (a.key != b.key || a.count != b.count || a.min != b.min || a.max != b.max ||
        std::fabs(a.mean - b.mean) > kTolerance * scale ||
        std::fabs(a.std - b.std) > kTolerance * scale) {
      return ::testing::AssertionFailure()
             << "group " << i << " (" << a.key << ") differs from " << b.key << ": count "
             << a.count << " vs " << b.count << ", mean " << a.mean << " vs " << b.mean;
    }
  }
  return ::testing::AssertionSuccess();
}

const char* by_name(By by) {
  return by == By::kDate ? "date" : by == By::kUnit ? "duid" : "both";
}

// Runs every layout on `input` (with --by) and checks each is verified and its table equals
// `want` (on rank 0; the verdict is shared).
void expect_every_layout(const Comm& comm, const SharedDir& dir, const std::string& input, By by,
                         const std::vector<TableRow>& want,
                         const std::vector<std::string>& extra = {}) {
  const AppDefinition app = make_app();
  for (const auto& layout : layouts_for(app, comm.size())) {
    SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads) +
                 " by=" + by_name(by) + " input=" + input);
    const std::string out = dir.file("table.csv");
    std::vector<std::string> args = layout_args(layout.model, layout.threads) +
                                    std::vector<std::string>{"--by", by_name(by), "--out", out};
    if (!input.empty()) args = args + std::vector<std::string>{"--input", input};
    const Outcome o = run(comm, args + extra);
    EXPECT_EQ(o.code, kExitOk) << o.message;
    bool same = true;
    if (comm.is_root() && o.code == kExitOk) {
      const auto got = read_table(out, by);
      const auto verdict = same_table(got, want);
      same = verdict && o.record.at("verified").as_bool();
      if (!verdict) ADD_FAILURE() << verdict.message();
    }
    EXPECT_TRUE(comm.all(same));
  }
}

// Hand-checked:
//   00:05  10, 20, 60   count 3, mean 30, deviations -20 -10 30, m2 1400, var 700,
//                       std sqrt(700) = 26.457513110645905, min 10, max 60
//   00:10  1.5, 2.5     count 2, mean 2, m2 0.5, var 0.5, std 0.7071067811865476
//   BAYSW1 10, 1.5      mean 5.75, m2 2 x 4.25^2 = 36.125, std 6.010407640085654
//   ER01   20, 2.5      mean 11.25, m2 2 x 8.75^2 = 153.125, std 12.374368670764582
//   LOYYB1 60           count 1, std 0
const char* kFixture =
    "SETTLEMENTDATE,DUID,SCADAVALUE\n"
    "2024/01/01 00:05:00,BAYSW1,10\n"
    "2024/01/01 00:05:00,ER01,20\n"
    "2024/01/01 00:05:00,LOYYB1,60\n"
    "2024/01/01 00:10:00,BAYSW1,1.5\n"
    "2024/01/01 00:10:00,ER01,2.5\n";

TEST(Groupby, HandCheckedFixture) {
  const Comm world;
  const SharedDir dir(world);
  const std::string csv = dir.write("fixture.csv", kFixture);
  expect_every_layout(world, dir, csv, By::kDate,
                      {{"2024/01/01 00:05:00", 3, 30, 26.457513110645905, 10, 60},
                       {"2024/01/01 00:10:00", 2, 2, 0.7071067811865476, 1.5, 2.5}});
  expect_every_layout(world, dir, csv, By::kUnit,
                      {{"BAYSW1", 2, 5.75, 6.010407640085654, 1.5, 10},
                       {"ER01", 2, 11.25, 12.374368670764582, 2.5, 20},
                       {"LOYYB1", 1, 60, 0, 60, 60}});
}

TEST(Groupby, EveryLayoutMatchesSerialScanOfAGeneratedFile) {
  const Comm world;
  const SharedDir dir(world);
  const std::string csv = dir.file("gen.csv");
  if (world.is_root()) write_csv(csv, 5, 3001);  // 3001 rows: no even split anywhere
  world.barrier();
  for (By by : {By::kDate, By::kUnit, By::kBoth}) {
    std::vector<TableRow> want;
    if (world.is_root()) want = serial_scan(csv, by);
    expect_every_layout(world, dir, csv, by, want);
    // The same rows generated in memory (--size, --seed) give the same table.
    expect_every_layout(world, dir, "", by, want, {"--size", "3001", "--seed", "5"});
  }
}

TEST(Groupby, CsvAndHdf5GiveTheSameTable) {
  const Comm world;
  const SharedDir dir(world);
  const std::string csv = dir.file("gen.csv");
  const std::string h5 = dir.file("gen.h5");
  if (world.is_root()) {
    write_csv(csv, 9, 2003);
    ColumnData data;
    ScanStats stats;
    GroupTable codes(By::kUnit);  // unit -> code, in order of appearance
    scan_lines(slurp(csv), true, stats, [&](const Row& r) {
      const std::uint32_t code = codes.unit_index(r.unit);
      if (code == data.units.size()) data.units.emplace_back(r.unit);
      data.time.push_back(static_cast<double>(r.time));
      data.unit.push_back(code);
      data.value.push_back(r.value);
    });
    write_columns(h5, data);
  }
  world.barrier();
  for (By by : {By::kDate, By::kBoth}) {
    std::vector<TableRow> want;
    if (world.is_root()) want = serial_scan(csv, by);
    expect_every_layout(world, dir, h5, by, want);
  }
}

TEST(Groupby, AwkwardButValidFiles) {
  const Comm world;
  const SharedDir dir(world);
  const std::string body =
      "2024/01/01 00:05:00,A,1.25\n2024/01/01 00:05:00,B,2\n2024/01/01 00:10:00,A,-3\n";
  std::string crlf;
  for (char c : std::string(kHeader) + "\n" + body)
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"no-final-newline.csv", std::string(kHeader) + "\n" + body.substr(0, body.size() - 1)},
      {"crlf.csv", crlf},
      {"one-row.csv", std::string(kHeader) + "\n2024/01/01 00:05:00,A,7\n"},  // < 4 ranks' worth
  };
  for (const auto& [name, text] : files) {
    const std::string csv = dir.write(name, text);
    std::vector<TableRow> want;
    if (world.is_root()) want = serial_scan(csv, By::kBoth);
    expect_every_layout(world, dir, csv, By::kBoth, want);
  }
}

TEST(Groupby, BadInputIsRefusedOnEveryRank) {
  const Comm world;
  const SharedDir dir(world);
  const std::string model = world.size() > 1 ? "mpi" : "serial";
  const auto expect_usage = [&](const std::vector<std::string>& args, const std::string& words) {
    const Outcome o = run(world, layout_args(model, 1) + args);
    EXPECT_EQ(o.code, kExitUsage) << words;
    EXPECT_NE(o.message.find(words), std::string::npos) << o.message;
  };
  expect_usage({"--input", dir.write("empty.csv", "")}, "is empty");
  expect_usage({"--input", dir.write("header.csv", "DATE,UNIT,MW\n2024/01/01 00:05:00,A,1\n")},
               "expected the header");
  // A header and no rows has no table to verify (with or without the final newline).
  expect_usage({"--input", dir.write("header-only.csv", std::string(kHeader) + "\n")},
               "has no data rows (only the header)");
  expect_usage({"--input", dir.write("header-only-no-newline.csv", std::string(kHeader))},
               "has no data rows (only the header)");
  expect_usage({"--input", dir.file("missing.csv")}, "does not exist");
  expect_usage({"--input", dir.file("")}, "is a directory");
  expect_usage({"--input", dir.write("corrupt.h5", "this is not HDF5\n")},
               "not a readable HDF5 file");
  if (world.is_root()) {  // an HDF5 file with only one of the three datasets
    h5::File f = h5::File::create(dir.file("partial.h5"), MPI_COMM_SELF);
    const double t = 1704067500;
    f.write_block(kTimeSet, {1, 1}, {0, 0, 1, 1}, &t);
  }
  world.barrier();
  expect_usage({"--input", dir.file("partial.h5")}, "has no dataset 'DUID'");
  expect_usage({"--out", dir.file("no/such/dir/t.csv"), "--size", "100"}, "--out");
}

TEST(Groupby, MalformedLinesHaveTheirFileLineNumber) {
  const Comm world;
  const SharedDir dir(world);
  // 400 rows; malformed lines at file lines 5, 250 and 399 (a later rank's range at 4 ranks).
  std::string text = std::string(kHeader) + "\n";
  const std::vector<std::string> bad = {"2024/01/01 00:05:00,A", "", "2024/01/01 00:05:00,A,x"};
  std::size_t next_bad = 0;
  for (int line = 2; line <= 401; ++line) {
    if ((line == 5 || line == 250 || line == 399) && next_bad < bad.size()) {
      text += bad[next_bad++] + "\n";
    } else {
      text +=
          "2024/01/01 00:05:00,U" + std::to_string(line % 3) + "," + std::to_string(line) + "\n";
    }
  }
  const std::string early = dir.write("bad.csv", text);
  // Only the last one: the line every rank before it has to count up to.
  std::string late_text = text;
  late_text.replace(late_text.find("2024/01/01 00:05:00,A\n"), 22, "2024/01/01 00:05:00,A,1\n");
  late_text.replace(late_text.find("\n\n"), 2, "\n2024/01/01 00:05:00,A,2\n");
  const std::string late = dir.write("late.csv", late_text);

  const AppDefinition app = make_app();
  for (const auto& layout : layouts_for(app, world.size())) {
    SCOPED_TRACE(layout.model + " threads=" + std::to_string(layout.threads));
    const auto args = layout_args(layout.model, layout.threads);
    for (const auto& [csv, first] : {std::pair{early, 5}, std::pair{late, 399}}) {
      const Outcome fatal = run(world, args + std::vector<std::string>{"--input", csv});
      EXPECT_EQ(fatal.code, kExitUsage);
      EXPECT_NE(fatal.message.find(csv + ":" + std::to_string(first) + ": "), std::string::npos)
          << fatal.message;
      const Outcome skip =
          run(world, args + std::vector<std::string>{"--input", csv, "--on-bad-line", "skip"});
      EXPECT_EQ(skip.code, kExitOk);
      bool counted = true;
      if (world.is_root()) {
        const Json& result = skip.record.at("result");
        counted = result.at("first_bad_line").as_uint() == static_cast<std::uint64_t>(first) &&
                  result.at("bad_lines").as_uint() == (csv == early ? 3u : 1u) &&
                  result.at("rows").as_uint() == (csv == early ? 397u : 399u) &&
                  skip.record.at("verified").as_bool();
      }
      EXPECT_TRUE(world.all(counted));
    }
  }
}

// A variant that miscounts one group: verification must catch it (exit 1, record says so).
class ExtraRow final : public GroupbyWorkload {
 public:
  using GroupbyWorkload::GroupbyWorkload;
  void run(const RunContext& ctx) override {
    aggregate_local(false);
    if (ctx.comm.is_root()) tables_[0].add(1704067500, "BAYSW1", 1.0);
    finish(ctx, true);
  }
};

// result.shuffle_bytes (the interconnect model's volume): the partial tables rank 0
// received, nothing without ranks to gather from. By date, each rank's rows are distinct
// 5-minute groups of 52 bytes (time 8, unit length 4, count 8, four doubles 32).
TEST(Groupby, RecordsTheBytesGatheredFromOtherRanks) {
  const Comm world;
  const std::uint64_t rows = 3000;
  for (const auto& layout : layouts_for(make_app(), world.size())) {
    const std::string& model = layout.model;
    SCOPED_TRACE(model + " threads=" + std::to_string(layout.threads));
    const Outcome o = run(world, layout_args(model, layout.threads) +
                                     std::vector<std::string>{"--size", std::to_string(rows)});
    ASSERT_EQ(o.code, kExitOk) << o.message;
    bool ok = true;
    if (world.is_root()) {
      const std::uint64_t moved = o.record.at("result").at("shuffle_bytes").as_uint();
      const std::uint64_t groups = o.record.at("result").at("groups").as_uint();
      const bool gathers = world.size() > 1 && (model == "mpi" || model == "hybrid");
      ok = gathers ? moved > 0 && moved % 52 == 0 && moved / 52 <= groups + world.size()
                   : moved == 0;
      if (!ok) ADD_FAILURE() << "shuffle_bytes " << moved << " for " << groups << " groups";
    }
    EXPECT_TRUE(world.all(ok));
  }
}

TEST(Groupby, WrongAnswerFailsVerification) {
  const Comm world;
  AppDefinition app = make_app();
  app.variants.add("broken", {true, false},
                   [](const RunContext& ctx) { return std::make_unique<ExtraRow>(ctx); });
  const Outcome o = run(world, {"--model", "broken", "--size", "2000"}, app);
  EXPECT_EQ(o.code, kExitVerificationFailed) << o.message;
  bool says_so = true;
  if (world.is_root()) {
    says_so = !o.record.at("verified").as_bool() &&
              o.record.at("status").as_string() == "verification_failed";
  }
  EXPECT_TRUE(world.all(says_so));
}

}  // namespace
}  // namespace scalelab::groupby
