// SPDX-License-Identifier: MIT
// The groupby kernels on their own: timestamps, the line parser with every malformed case,
// the scanner's line bookkeeping, Welford/Chan against a two-pass computation, group keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "group_table.hpp"
#include "key_index.hpp"
#include "moments.hpp"
#include "records.hpp"
#include "scalelab/errors.hpp"

namespace scalelab::groupby {
namespace {

TEST(GroupbyTimestamp, ParsesToSecondsSinceEpoch) {
  std::int64_t t = 0;
  ASSERT_TRUE(parse_timestamp("1970/01/01 00:00:00", t));
  EXPECT_EQ(t, 0);
  ASSERT_TRUE(parse_timestamp("2024/01/01 00:05:00", t));
  EXPECT_EQ(t, 1704067500);                                // date -u -d '2024-01-01 00:05:00' +%s
  ASSERT_TRUE(parse_timestamp("2024/02/29 23:59:59", t));  // leap day
  EXPECT_EQ(t, 1709251199);
  EXPECT_EQ(format_timestamp(t), "2024/02/29 23:59:59");
  for (std::int64_t s : {0LL, 1704067500LL, 951782400LL, 4102444799LL}) {
    std::int64_t back = -1;
    ASSERT_TRUE(parse_timestamp(format_timestamp(s), back)) << s;
    EXPECT_EQ(back, s);
  }
}

TEST(GroupbyTimestamp, RefusesWhatIsNotATime) {
  std::int64_t t = 0;
  for (const char* bad :
       {"2023/02/29 00:00:00", "2024/04/31 00:00:00", "2024/13/01 00:00:00", "2024/00/10 00:00:00",
        "2024/01/01 24:00:00", "2024/01/01 00:60:00", "1969/12/31 23:59:59", "2100/01/01 00:00:00",
        "2024-01-01 00:05:00", "2024/01/01T00:05:00", "2024/1/01 00:05:00", "2024/01/01 00:05",
        "2024/01/01 00:05:00 ", " 2024/01/01 00:05:00", "", "abcd/01/01 00:05:00"}) {
    EXPECT_FALSE(parse_timestamp(bad, t)) << bad;
  }
}

Bad parse(std::string_view line) {
  Row row;
  return parse_row(line, row);
}

// parse_decimal is from_chars with a fast path: same end, same error, the same double to the
// bit, on plain decimals (the fast path) and on everything else it hands over.
TEST(GroupbyParseDecimal, BitForBitFromChars) {
  std::mt19937_64 rng(5);
  const std::string alphabet = "0123456789.-eE+inf x";
  std::vector<std::string> cases = {"659.87",
                                    "-0",
                                    "0.0",
                                    "-0.5",
                                    ".5",
                                    "5.",
                                    ".",
                                    "-",
                                    "",
                                    "1e5",
                                    "1e",
                                    "inf",
                                    "-inf",
                                    "nan",
                                    "+1",
                                    "1.2.3",
                                    "0x10",
                                    "9007199254740993",
                                    "123456789012345678",
                                    "1234567890123456789",
                                    "0.1234567890123456789012",
                                    "1.7976931348623157e308"};
  for (int i = 0; i < 200'000; ++i) {
    std::string s(rng() % 24, '0');
    const bool plain = i % 2 == 0;  // mostly digits and one point: the fast path's inputs
    for (char& c : s) c = plain ? "0123456789"[rng() % 10] : alphabet[rng() % alphabet.size()];
    if (plain && !s.empty()) s[rng() % s.size()] = '.';
    if (plain && rng() % 3 == 0) s.insert(s.begin(), '-');
    cases.push_back(s);
  }
  for (const std::string& s : cases) {
    double want = -1, got = -1;
    const auto w = std::from_chars(s.data(), s.data() + s.size(), want);
    const auto g = parse_decimal(s.data(), s.data() + s.size(), got);
    ASSERT_EQ(g.ec, w.ec) << "'" << s << "'";
    ASSERT_EQ(g.ptr, w.ptr) << "'" << s << "'";
    if (w.ec == std::errc()) {
      ASSERT_EQ(std::memcmp(&got, &want, sizeof got), 0)
          << "'" << s << "' " << got << " vs " << want;
    }
  }
}

TEST(GroupbyParseRow, GoodLinesAndCrLf) {
  Row row;
  ASSERT_EQ(parse_row("2024/01/01 00:05:00,BAYSW1,659.87", row), Bad::kNone);
  EXPECT_EQ(row.time, 1704067500);
  EXPECT_EQ(row.unit, "BAYSW1");
  EXPECT_EQ(row.value, 659.87);
  ASSERT_EQ(parse_row("2024/01/01 00:05:00,TARONG#1,-0.5\r", row), Bad::kNone);
  EXPECT_EQ(row.unit, "TARONG#1");
  EXPECT_EQ(row.value, -0.5);
  for (const char* good : {"2024/01/01 00:05:00,A,0", "2024/01/01 00:05:00,A,1e3",
                           "2024/01/01 00:05:00,A,.5", "2024/01/01 00:05:00,A,5."}) {
    EXPECT_EQ(parse(good), Bad::kNone) << good;
  }
}

TEST(GroupbyParseRow, EveryMalformedCase) {
  EXPECT_EQ(parse(""), Bad::kEmpty);
  EXPECT_EQ(parse("\r"), Bad::kEmpty);
  EXPECT_EQ(parse("2024/01/01 00:05:00,BAYSW1"), Bad::kFieldCount);
  EXPECT_EQ(parse("2024/01/01 00:05:00"), Bad::kFieldCount);
  EXPECT_EQ(parse("2024/01/01 00:05:00,BAYSW1,1,2"), Bad::kFieldCount);
  EXPECT_EQ(parse("2024/01/01 00:05:00,BAYSW1,1,"), Bad::kFieldCount);
  EXPECT_EQ(parse("2024/01/01,BAYSW1,1"), Bad::kTimestamp);
  EXPECT_EQ(parse("SETTLEMENTDATE,DUID,SCADAVALUE"), Bad::kTimestamp);  // a repeated header
  EXPECT_EQ(parse("2024/01/01 00:05:00,,1"), Bad::kUnit);
  for (const char* value :
       {"", "abc", "1.5MW", " 1", "1 ", "+1", "0x10", "nan", "inf", "-inf", "1e999", "1,5"}) {
    const std::string line = std::string("2024/01/01 00:05:00,A,") + value;
    const Bad got = parse(line);
    EXPECT_TRUE(got == Bad::kValue || (std::string(value) == "1,5" && got == Bad::kFieldCount))
        << "'" << value << "' gave " << describe(got);
  }
}

TEST(GroupbyScan, CountsLinesSkipsHeaderAndNumbersBadLines) {
  const std::string text =
      "SETTLEMENTDATE,DUID,SCADAVALUE\r\n"
      "2024/01/01 00:05:00,A,1\r\n"
      "\n"
      "2024/01/01 00:05:00,B\n"
      "2024/01/01 00:10:00,A,3";  // no final newline
  ScanStats stats;
  double sum = 0;
  scan_lines(text, true, stats, [&](const Row& r) { sum += r.value; });
  EXPECT_EQ(stats.lines, 5u);
  EXPECT_EQ(stats.rows, 2u);
  EXPECT_EQ(stats.bad, 2u);
  EXPECT_EQ(stats.first_bad, 3u);
  EXPECT_EQ(stats.first_reason, Bad::kEmpty);
  EXPECT_EQ(sum, 4.0);

  ScanStats middle;  // a piece that does not start the file: its first line is data
  scan_lines("2024/01/01 00:05:00,A,1\nbroken\n", false, middle, [](const Row&) {});
  EXPECT_EQ(middle.lines, 2u);
  EXPECT_EQ(middle.rows, 1u);
  EXPECT_EQ(middle.first_bad, 2u);
  EXPECT_EQ(middle.first_reason, Bad::kFieldCount);
}

// The scanner's fast path and parse_row must agree on every line, whatever ends it.
TEST(GroupbyScan, FastPathAgreesWithParseRowOnEveryCase) {
  const std::vector<std::string> lines = {"2024/01/01 00:05:00,BAYSW1,659.87",
                                          "2024/01/01 00:05:00,A,-1e-3",
                                          "2024/01/01 00:05:00,A,",
                                          "2024/01/01 00:05:00,,1",
                                          "2024/01/01 00:05:00,A",
                                          "2024/01/01 00:05:00,A,1,2",
                                          "2024/01/01 00:05:00,A,1 ",
                                          "2024/01/01 00:05:00,A,nan",
                                          "2024/01/01 00:05:00,A,1e999",
                                          "2024/01/01 00:05:00,A,0x1",
                                          "2024/02/30 00:05:00,A,1",
                                          "2024/01/01 00:05:0,A,1",
                                          "2024/01/01 00:05:00,A,1\r",
                                          "2024/01/01 00:05:00,A\r",
                                          "2024/01/01 00:05:00,A,1\r\r",
                                          "",
                                          "x",
                                          "2024/01/01 00:05:00,A,5.",
                                          "2024/01/01 00:05:00;A;1",
                                          "2024/01/01 00:05:00,A,1x"};
  for (const std::string& line : lines) {
    Row row;
    const bool good = parse_row(line, row) == Bad::kNone;
    // After a good line with the same timestamp (the cache), and as the last line with and
    // without its newline.
    const std::string texts[2] = {"2024/01/01 00:05:00,Z,1\n" + line + "\n",
                                  "2024/01/01 00:05:00,Z,1\n" + line};
    for (int i = 0; i < 2; ++i) {
      const std::string& text = texts[i];
      if (line.empty() && i == 1) continue;  // without its newline an empty line is no line
      ScanStats stats;
      std::vector<double> values;
      scan_lines(text, false, stats, [&](const Row& r) { values.push_back(r.value); });
      EXPECT_EQ(stats.lines, 2u) << "'" << line << "'";
      EXPECT_EQ(stats.rows, good ? 2u : 1u) << "'" << line << "'";
      EXPECT_EQ(stats.bad, good ? 0u : 1u) << "'" << line << "'";
      if (good) {
        EXPECT_EQ(values.back(), row.value) << "'" << line << "'";
      }
    }
  }
}

// Two-pass in long double: the independent answer Welford and Chan must reproduce.
Moments two_pass(const std::vector<double>& xs) {
  long double sum = 0;
  for (double x : xs) sum += x;
  const long double mean = sum / xs.size();
  long double m2 = 0;
  for (double x : xs) m2 += (x - mean) * (x - mean);
  Moments m;
  m.count = xs.size();
  m.mean = static_cast<double>(mean);
  m.m2 = static_cast<double>(m2);
  return m;
}

TEST(GroupbyMoments, WelfordAndChanMergeMatchTwoPassOnAnOffsetStream) {
  // A large mean with a small spread: where sum-of-squares formulas lose every digit.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 0.01);
  std::vector<double> xs(10'000);
  for (double& x : xs) x = 1e9 + noise(rng);
  const Moments want = two_pass(xs);

  Moments whole;
  for (double x : xs) whole.add(x);
  // Uneven parts, one empty, merged in a tree: as threads and ranks do.
  Moments a, b, c, empty;
  for (std::size_t i = 0; i < 17; ++i) a.add(xs[i]);
  for (std::size_t i = 17; i < 6000; ++i) b.add(xs[i]);
  for (std::size_t i = 6000; i < xs.size(); ++i) c.add(xs[i]);
  b.merge(empty);
  b.merge(c);
  empty.merge(a);
  empty.merge(b);

  // In runs, as the aggregation adds the rows of one settlement time.
  Moments runs;
  for (std::size_t i = 0, length = 1; i < xs.size(); i += length, length = length % 40 + 1)
    runs.add_all(xs.data() + i, std::min(length, xs.size() - i));

  for (const Moments* m : {&whole, &empty, &runs}) {
    EXPECT_EQ(m->count, want.count);
    // Each input is itself only exact to 1e9 x 2^-53 ~ 1e-7: the spread survives to ~1e-5.
    EXPECT_NEAR(m->mean, want.mean, 1e-5);
    EXPECT_NEAR(m->stddev(), std::sqrt(want.m2 / (xs.size() - 1)), 1e-7);
    EXPECT_NEAR(m->stddev(), 0.01, 0.001);
  }
  EXPECT_EQ(whole.min, *std::min_element(xs.begin(), xs.end()));
  EXPECT_EQ(empty.max, *std::max_element(xs.begin(), xs.end()));
  EXPECT_EQ(runs.min, *std::min_element(xs.begin(), xs.end()));
  EXPECT_EQ(runs.max, *std::max_element(xs.begin(), xs.end()));

  // The naive sum-of-squares formula really does fail here (so the comparison above means
  // something): its variance is off by far more than the variance itself (1e-4).
  double sum = 0, squares = 0;
  for (double x : xs) {
    sum += x;
    squares += x * x;
  }
  const double naive = (squares - sum * sum / xs.size()) / (xs.size() - 1);
  EXPECT_GT(std::fabs(naive - want.m2 / (xs.size() - 1)), 1e-3);
}

TEST(GroupbyMoments, FiniteExtremesKeepAFiniteMean) {
  // Values whose differences (1e308 - -1e308) and sums (1e308 + 1e308) overflow a double:
  // added one by one, in runs, and merged, the mean must still be right. The sum of squared
  // deviations may exceed a double (as in the long-double reference cast back): +inf then,
  // never NaN or negative.
  const std::vector<std::vector<double>> cases = {
      {1e308, -1e308}, {1e308, 1e308, -1e308}, {-1.7e308, 1.7e308, 1.7e308, -1.7e308}};
  for (const std::vector<double>& xs : cases) {
    const Moments want = two_pass(xs);
    Moments one, run, left, right;
    for (double x : xs) one.add(x);
    run.add_all(xs.data(), xs.size());
    left.add(xs[0]);
    for (std::size_t i = 1; i < xs.size(); ++i) right.add(xs[i]);
    left.merge(right);
    for (const Moments* m : {&one, &run, &left}) {
      ASSERT_TRUE(std::isfinite(m->mean)) << xs.size() << " values";
      EXPECT_NEAR(m->mean, want.mean, 1e-12 * 1.7e308);
      EXPECT_FALSE(std::isnan(m->m2));
      EXPECT_EQ(m->m2, want.m2) << "both +inf: the true value exceeds a double";
      EXPECT_EQ(m->min, *std::min_element(xs.begin(), xs.end()));
      EXPECT_EQ(m->max, *std::max_element(xs.begin(), xs.end()));
    }
  }
}

TEST(GroupbyParseValue, OneParserForKernelAndVerifier) {
  // parse_value's fast path and its fallback (the core's parse_finite_double) agree on
  // every text, so a value is good or bad for the scan and the reference alike.
  double v = 0;
  EXPECT_TRUE(parse_value("659.87", v));
  EXPECT_EQ(v, 659.87);
  EXPECT_TRUE(parse_value("1e308", v));
  EXPECT_EQ(v, 1e308);
  EXPECT_TRUE(parse_value("1e-310", v));
  for (const char* bad : {"1e-400", "1e309", "nan", "inf", "-inf", "0x1p3", "+1", " 1", "1a", ""}) {
    EXPECT_FALSE(parse_value(bad, v)) << bad;
    double core = 0;
    EXPECT_EQ(parse_value(bad, v), parse_finite_double(bad, core)) << bad;
  }
}

TEST(GroupbyMoments, OneValueHasZeroStd) {
  Moments m;
  m.add(3.5);
  EXPECT_EQ(m.count, 1u);
  EXPECT_EQ(m.mean, 3.5);
  EXPECT_EQ(m.stddev(), 0.0);
}

// KeyIndex: every key keeps the slot it was given through the table's growth, a known key
// is not added again, and a moved-from index starts empty and works.
TEST(GroupbyKeyIndex, FindsWhatItAddedThroughGrowthAndAfterAMove) {
  KeyIndex index;
  std::mt19937_64 rng(3);
  std::vector<std::uint64_t> keys;
  for (int i = 0; i < 5000; ++i) keys.push_back(rng() >> 1);  // never KeyIndex::kEmpty
  bool added = false;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(index.find_or_add(keys[i], static_cast<std::uint32_t>(i), added), i);
    EXPECT_TRUE(added);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(index.find_or_add(keys[i], 999999, added), i);
    EXPECT_FALSE(added);
  }
  KeyIndex moved = std::move(index);
  EXPECT_EQ(moved.find_or_add(keys[42], 999999, added), 42u);
  EXPECT_FALSE(added);
  EXPECT_EQ(index.find_or_add(keys[42], 7, added), 7u);  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(added);
}

TEST(GroupbyTable, KeysByDateUnitAndBoth) {
  const std::int64_t t1 = 1704067500, t2 = t1 + 300;
  const std::vector<std::tuple<std::int64_t, std::string, double>> rows = {
      {t1, "B", 1}, {t1, "A", 2}, {t2, "B", 3}, {t2, "B", 5}, {t1, "A", 4}};
  GroupTable date(By::kDate), unit(By::kUnit), both(By::kBoth);
  for (const auto& [t, u, v] : rows) {
    date.add(t, u, v);
    unit.add(t, u, v);
    both.add(t, u, v);
  }
  const auto d = date.sorted();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].time, t1);
  EXPECT_EQ(d[0].moments.count, 3u);
  EXPECT_EQ(d[1].moments.mean, 4.0);
  const auto u = unit.sorted();
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].unit, "A");
  EXPECT_EQ(u[0].moments.mean, 3.0);
  EXPECT_EQ(u[1].unit, "B");
  EXPECT_EQ(u[1].moments.count, 3u);
  const auto b = both.sorted();
  ASSERT_EQ(b.size(), 3u);  // (t1,A) (t1,B) (t2,B)
  EXPECT_EQ(b[0].unit, "A");
  EXPECT_EQ(b[0].moments.count, 2u);
  EXPECT_EQ(b[1].unit, "B");
  EXPECT_EQ(b[2].time, t2);
}

TEST(GroupbyTable, SerializeAbsorbAndMergeAgreeWithOneTable) {
  GroupTable left(By::kBoth), right(By::kBoth), all(By::kBoth);
  for (int i = 0; i < 100; ++i) {
    const std::int64_t t = 1704067500 + 300 * (i % 7);
    const std::string u = std::string("U") + std::to_string(i % 5);
    (i < 40 ? left : right).add(t, u, i * 0.5);
    all.add(t, u, i * 0.5);
  }
  GroupTable shipped(By::kBoth);
  shipped.absorb(left.serialize());
  shipped.merge(right);
  const auto got = shipped.sorted();
  const auto want = all.sorted();
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].time, want[i].time);
    EXPECT_EQ(got[i].unit, want[i].unit);
    EXPECT_EQ(got[i].moments.count, want[i].moments.count);
    EXPECT_NEAR(got[i].moments.mean, want[i].moments.mean, 1e-12);
    EXPECT_NEAR(got[i].moments.stddev(), want[i].moments.stddev(), 1e-12);
    EXPECT_EQ(got[i].moments.min, want[i].moments.min);
    EXPECT_EQ(got[i].moments.max, want[i].moments.max);
  }
}

TEST(GroupbyTable, ACutPartialAggregateIsARuntimeError) {
  GroupTable sent(By::kBoth);
  sent.add(1704067500, "UNIT1", 2.5);
  const std::string bytes = sent.serialize();
  for (const std::size_t cut : {std::size_t{1}, std::size_t{10}, bytes.size() - 1}) {
    GroupTable received(By::kBoth);
    EXPECT_THROW(received.absorb(std::string_view(bytes).substr(0, cut)), RuntimeError) << cut;
  }
}

}  // namespace
}  // namespace scalelab::groupby
