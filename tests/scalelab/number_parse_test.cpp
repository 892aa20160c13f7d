// SPDX-License-Identifier: MIT
// parse_finite_double: the one parser every kernel, its verifier and the floating options use.
// Each edge case pins what a text means, so two callers cannot come to read it differently.
#include "scalelab/number_parse.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scalelab/errors.hpp"

namespace scalelab {
namespace {

TEST(ParseFiniteDouble, PlainDecimalsAndExponents) {
  double v = 0;
  ASSERT_TRUE(parse_finite_double("659.87", v));
  EXPECT_EQ(v, 659.87);
  ASSERT_TRUE(parse_finite_double("-3", v));
  EXPECT_EQ(v, -3.0);
  ASSERT_TRUE(parse_finite_double(".5", v));
  EXPECT_EQ(v, 0.5);
  ASSERT_TRUE(parse_finite_double("2.5e-3", v));
  EXPECT_EQ(v, 2.5e-3);
  ASSERT_TRUE(parse_finite_double("-0", v));
  EXPECT_EQ(v, 0.0);
}

TEST(ParseFiniteDouble, ExtremesADoubleHoldsAreKept) {
  double v = 0;
  ASSERT_TRUE(parse_finite_double("1e308", v));
  EXPECT_EQ(v, 1e308);
  ASSERT_TRUE(parse_finite_double("-1.7976931348623157e308", v));
  EXPECT_EQ(v, -1.7976931348623157e308);
  ASSERT_TRUE(parse_finite_double("1e-310", v));  // subnormal, but not zero
  EXPECT_EQ(v, 1e-310);
}

TEST(ParseFiniteDouble, ValuesADoubleCannotHoldAreRefused) {
  double v = 42;
  EXPECT_FALSE(parse_finite_double("1e309", v));
  EXPECT_FALSE(parse_finite_double("-1e309", v));
  EXPECT_FALSE(parse_finite_double("1e-400", v));  // non-zero digits, would become 0
  EXPECT_EQ(v, 42) << "a refused text leaves the value alone";
}

TEST(ParseFiniteDouble, NonNumbersAreRefused) {
  double v = 0;
  for (const char* text : {"", "nan", "-nan", "NaN", "inf", "-inf", "infinity", "0x10", "0x1p3",
                           "+1", " 1", "1 ", "1,5", "1e", "1.5abc", "-", ".", "e5", "1\n"}) {
    EXPECT_FALSE(parse_finite_double(text, v)) << "'" << text << "'";
  }
}

TEST(ParseFiniteOption, NamesTheOptionAndQuotesTheText) {
  EXPECT_EQ(parse_finite_option("0.25", "--alpha"), 0.25);
  try {
    parse_finite_option(std::string("n\0an", 4), "--scalar");
    FAIL() << "no UsageError";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--scalar: 'n\\x00an' is not a finite decimal number (like 3, -0.5 or 2e-3)");
  }
}

TEST(NumberText, ShortestTextThatReadsBackExactly) {
  EXPECT_EQ(number_text(0.2), "0.2");
  EXPECT_EQ(number_text(0.2500001), "0.2500001");  // %g would say 0.25
  EXPECT_EQ(number_text(-3), "-3");
  EXPECT_EQ(number_text(1e308), "1e+308");
  for (const double value : {0.1, 1.0 / 3.0, 6.02214076e23, -2.5e-3, 5e-324}) {
    double back = 0;
    ASSERT_TRUE(parse_finite_double(number_text(value), back)) << number_text(value);
    EXPECT_EQ(back, value);
  }
}

}  // namespace
}  // namespace scalelab
