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

// The UsageError parse_size_2d raises for `text` (one line, naming the option).
std::string grid_refusal(const std::string& text) {
  SCOPED_TRACE("parse_size_2d(\"" + text + "\")");
  try {
    const Size2D size = parse_size_2d(text, "--size");
    ADD_FAILURE() << "accepted, returned " << size.text();
  } catch (const UsageError& e) {
    EXPECT_EQ(e.code(), kExitUsage);
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line: " << e.what();
    return e.what();
  }
  return "";
}

TEST(ParseSize2D, ParsesSquareAndRectangularSizes) {
  EXPECT_EQ(parse_size_2d("64x48", "--size"), (Size2D{64, 48}));
  EXPECT_EQ(parse_size_2d("64", "--size"), (Size2D{64, 64}));
  EXPECT_EQ(parse_size_2d("4Kix2", "--size"), (Size2D{4096, 2}));
  EXPECT_EQ(parse_size_2d("1kx2M", "--size"), (Size2D{1'000, 2'000'000}));
  EXPECT_EQ(parse_size_2d("1x1", "--size").cells(), 1U);
  EXPECT_EQ(parse_size_2d("64x48", "--size").text(), "64x48");
}

TEST(ParseSize2D, ABadNXxNYIsNotAGrid) {
  for (const char* bad : {"0x5", "5x0", "64x", "x5", "64x48x2", "-4x4", "4 x4", "1.5x2"}) {
    EXPECT_EQ(grid_refusal(bad), "--size: '" + std::string(bad) +
                                     "' is not a grid NX or NXxNY of positive counts (e.g. "
                                     "1024, 4Ki or 640x480)");
  }
}

TEST(ParseSize2D, ABadSingleCountGetsTheCountsMessage) {
  EXPECT_EQ(grid_refusal("0"), "--size: '0' is zero, expected a positive count");
  EXPECT_EQ(grid_refusal("abc"),
            "--size: 'abc' is not a number, expected a positive count like 1000, 4M or 2Gi");
  EXPECT_EQ(grid_refusal(""), "--size: empty value, expected a positive count");
}

TEST(ParseSize2D, CellsMustFitIn64Bits) {
  EXPECT_EQ(grid_refusal("5000000000"),
            "--size: 5000000000x5000000000 cells do not fit in 64 bits");
  EXPECT_EQ(grid_refusal("4Gix4Gi"), "--size: 4294967296x4294967296 cells do not fit in 64 bits");
  EXPECT_EQ(parse_size_2d("4Gix2Gi", "--size").cells(), 1ULL << 63);
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
