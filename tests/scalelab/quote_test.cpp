// SPDX-License-Identifier: MIT
// quote_input: input bytes in a message stay on one line, in full up to the cap, with
// nothing cut at a NUL and no control bytes reaching the terminal.
#include "scalelab/quote.hpp"

#include <gtest/gtest.h>

#include <string>

namespace scalelab {
namespace {

TEST(QuoteInput, PrintableAsciiIsKept) {
  EXPECT_EQ(quote_input("date,unit,mw"), "'date,unit,mw'");
  EXPECT_EQ(quote_input("it's ~ok~"), "'it's ~ok~'");
  EXPECT_EQ(quote_input(""), "''");
}

TEST(QuoteInput, OtherBytesBecomeHexEscapes) {
  EXPECT_EQ(quote_input(std::string("a\0b", 3)), "'a\\x00b'");
  EXPECT_EQ(quote_input("tab\there\r\n"), "'tab\\x09here\\x0d\\x0a'");
  EXPECT_EQ(quote_input("\x1b[31m"), "'\\x1b[31m'");
  EXPECT_EQ(quote_input("caf\xc3\xa9"), "'caf\\xc3\\xa9'");
  EXPECT_EQ(quote_input("\x7f\xff"), "'\\x7f\\xff'");
  EXPECT_EQ(quote_input("back\\slash"), "'back\\x5cslash'") << "so \\xNN is unambiguous";
}

TEST(QuoteInput, LongInputIsCutWithAnEllipsis) {
  EXPECT_EQ(quote_input("abcdef", 6), "'abcdef'");
  EXPECT_EQ(quote_input("abcdefg", 6), "'abcdef'...");
  EXPECT_EQ(quote_input(std::string(1000, '\0'), 2), "'\\x00\\x00'...");
}

}  // namespace
}  // namespace scalelab
