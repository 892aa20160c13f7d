// SPDX-License-Identifier: MIT
#include "scalelab/size_parse.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "scalelab/errors.hpp"

namespace scalelab {
namespace {

constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// Expects parse_size to refuse `text` with a UsageError (exit code 2) naming the option.
void expect_refused(const std::string& text) {
  SCOPED_TRACE("parse_size(\"" + text + "\")");
  try {
    const std::uint64_t value = parse_size(text, "--size");
    ADD_FAILURE() << "accepted, returned " << value;
  } catch (const UsageError& e) {
    EXPECT_EQ(e.code(), kExitUsage);
    EXPECT_NE(std::string(e.what()).find("--size"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line: " << e.what();
  }
}

void expect_list_refused(const std::string& text) {
  SCOPED_TRACE("parse_size_list(\"" + text + "\")");
  try {
    const auto values = parse_size_list(text, "--sizes");
    ADD_FAILURE() << "accepted, returned " << values.size() << " values";
  } catch (const UsageError& e) {
    EXPECT_EQ(e.code(), kExitUsage);
    EXPECT_NE(std::string(e.what()).find("--sizes"), std::string::npos) << e.what();
  }
}

TEST(ParseSize, PlainNumbers) {
  EXPECT_EQ(parse_size("1", "--size"), 1u);
  EXPECT_EQ(parse_size("7", "--size"), 7u);
  EXPECT_EQ(parse_size("1000", "--size"), 1000u);
  EXPECT_EQ(parse_size("123456789", "--size"), 123456789u);
  EXPECT_EQ(parse_size("0007", "--size"), 7u);
  EXPECT_EQ(parse_size("18446744073709551615", "--size"), kMax);
}

TEST(ParseSize, DecimalSuffixes) {
  EXPECT_EQ(parse_size("1k", "--size"), 1'000u);
  EXPECT_EQ(parse_size("4k", "--size"), 4'000u);
  EXPECT_EQ(parse_size("4M", "--size"), 4'000'000u);
  EXPECT_EQ(parse_size("2G", "--size"), 2'000'000'000u);
  EXPECT_EQ(parse_size("3T", "--size"), 3'000'000'000'000u);
  EXPECT_EQ(parse_size("18446744T", "--size"), 18'446'744'000'000'000'000u);
}

TEST(ParseSize, BinarySuffixes) {
  EXPECT_EQ(parse_size("1Ki", "--size"), 1024u);
  EXPECT_EQ(parse_size("4Mi", "--size"), 4u << 20);
  EXPECT_EQ(parse_size("2Gi", "--size"), 2ULL << 30);
  EXPECT_EQ(parse_size("1Ti", "--size"), 1ULL << 40);
  EXPECT_EQ(parse_size("3Ti", "--size"), 3ULL << 40);
  // The largest multiple of 2^40 that fits: (2^24 - 1) * 2^40.
  EXPECT_EQ(parse_size("16777215Ti", "--size"), kMax - ((1ULL << 40) - 1));
}

TEST(ParseSize, RefusesEmpty) {
  expect_refused("");
}

TEST(ParseSize, RefusesZero) {
  expect_refused("0");
  expect_refused("000");
  expect_refused("0k");
  expect_refused("0Gi");
}

TEST(ParseSize, RefusesNegative) {
  expect_refused("-5");
  expect_refused("-1k");
  expect_refused("-0");
}

TEST(ParseSize, RefusesNonNumeric) {
  expect_refused("abc");
  expect_refused("k");
  expect_refused("Mi");
  expect_refused("+5");
  expect_refused(" 5");
  expect_refused("0x10");
}

TEST(ParseSize, RefusesTrailingJunkAndUnknownSuffixes) {
  expect_refused("12x");
  expect_refused("5 ");
  expect_refused("4 M");
  expect_refused("4m");   // milli is not a count
  expect_refused("4K");   // decimal kilo is lower-case k
  expect_refused("4ki");  // binary suffixes are Ki, Mi, Gi, Ti
  expect_refused("4KiB");
  expect_refused("4Pi");
  expect_refused("4MM");
  expect_refused("1e6");
}

TEST(ParseSize, RefusesFractions) {
  expect_refused("1.5M");
  expect_refused("1.0");
  expect_refused(".5k");
}

TEST(ParseSize, RefusesValuesBeyond64Bits) {
  expect_refused("99999999999999999999");
  expect_refused("18446744073709551616");  // 2^64
}

TEST(ParseSize, RefusesOverflowAfterMultiplying) {
  expect_refused("20000000000G");
  expect_refused("18446745T");
  expect_refused("16777216Ti");  // exactly 2^64
  expect_refused("18446744073709551615k");
}

TEST(ParseSizeList, ParsesEveryItem) {
  EXPECT_EQ(parse_size_list("1,2,4", "--sizes"), (std::vector<std::uint64_t>{1, 2, 4}));
  EXPECT_EQ(parse_size_list("7", "--sizes"), (std::vector<std::uint64_t>{7}));
  EXPECT_EQ(parse_size_list("1k,2Mi,3G", "--sizes"),
            (std::vector<std::uint64_t>{1'000, 2ULL << 20, 3'000'000'000}));
}

TEST(ParseSizeList, RefusesEmptyItems) {
  expect_list_refused("1,,2");
  expect_list_refused("");
  expect_list_refused(",1");
  expect_list_refused("1,");
  expect_list_refused(",");
}

TEST(ParseSizeList, RefusesBadItems) {
  expect_list_refused("1,0,2");
  expect_list_refused("1,x");
  expect_list_refused("4M,-1");
  expect_list_refused("1, 2");
}

}  // namespace
}  // namespace scalelab
