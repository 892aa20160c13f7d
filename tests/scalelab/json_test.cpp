// SPDX-License-Identifier: MIT
#include "scalelab/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

namespace scalelab {
namespace {

TEST(Json, Scalars) {
  EXPECT_EQ(Json().dump(), "null");
  EXPECT_EQ(Json(nullptr).dump(), "null");
  EXPECT_EQ(Json(true).dump(), "true");
  EXPECT_EQ(Json(false).dump(), "false");
  EXPECT_EQ(Json(0).dump(), "0");
  EXPECT_EQ(Json(-17).dump(), "-17");
  EXPECT_EQ(Json(42u).dump(), "42");
  EXPECT_EQ(Json(0.5).dump(), "0.5");
  EXPECT_EQ(Json(-2.25).dump(), "-2.25");
  // A string literal is a string, not a bool.
  EXPECT_EQ(Json("x").dump(), "\"x\"");
  EXPECT_EQ(Json(std::string("abc")).dump(), "\"abc\"");
  EXPECT_EQ(Json(std::string_view("sv")).dump(), "\"sv\"");
  EXPECT_EQ(Json("").dump(), "\"\"");
}

TEST(Json, IntegerLimits) {
  EXPECT_EQ(Json(std::numeric_limits<std::int64_t>::max()).dump(), "9223372036854775807");
  EXPECT_EQ(Json(std::numeric_limits<std::int64_t>::min()).dump(), "-9223372036854775808");
  EXPECT_EQ(Json(std::numeric_limits<std::uint64_t>::max()).dump(), "18446744073709551615");
  EXPECT_EQ(Json(std::numeric_limits<int>::min()).dump(), "-2147483648");
  EXPECT_EQ(Json(std::numeric_limits<unsigned>::max()).dump(), "4294967295");
}

TEST(Json, DoublesReadBackExactly) {
  for (const double d :
       {0.1, 1.0 / 3.0, 6.02214076e23, 1e-300, -1e300, 123456.789,
        std::numeric_limits<double>::max(), std::numeric_limits<double>::denorm_min()}) {
    const std::string text = Json(d).dump();
    SCOPED_TRACE(text);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), d);
    EXPECT_EQ(text.find_first_not_of("0123456789+-.e"), std::string::npos);
  }
}

TEST(Json, NonFiniteIsNull) {
  EXPECT_EQ(Json(std::numeric_limits<double>::quiet_NaN()).dump(), "null");
  EXPECT_EQ(Json(std::numeric_limits<double>::infinity()).dump(), "null");
  EXPECT_EQ(Json(-std::numeric_limits<double>::infinity()).dump(), "null");
  const Json record = Json::object(
      {{"time", std::numeric_limits<double>::quiet_NaN()},
       {"fom", Json::array().push(std::numeric_limits<double>::infinity()).push(1.5)}});
  EXPECT_EQ(record.dump(), "{\"time\":null,\"fom\":[null,1.5]}");
}

TEST(Json, NestedObjectsAndArrays) {
  Json inner = Json::array();
  inner.push(1).push("x").push(true).push(nullptr).push(Json::object({{"c", Json::array()}}));
  const Json doc = Json::object({{"a", 1},
                                 {"b", inner},
                                 {"d", Json::object()},
                                 {"e", Json::object({{"f", Json::object({{"g", -1.5}})}})}});
  EXPECT_EQ(doc.dump(),
            "{\"a\":1,\"b\":[1,\"x\",true,null,{\"c\":[]}],\"d\":{},\"e\":{\"f\":{\"g\":-1.5}}}");
  EXPECT_TRUE(doc.is_object());
  EXPECT_FALSE(doc.is_array());
  EXPECT_TRUE(inner.is_array());
  EXPECT_FALSE(inner.is_object());
  EXPECT_FALSE(Json(1).is_object());
  EXPECT_EQ(Json::array().dump(), "[]");
  EXPECT_EQ(Json::object().dump(), "{}");
  ASSERT_EQ(inner.as_array().size(), 5u);
  EXPECT_EQ(inner.as_array()[1].as_string(), "x");
  EXPECT_TRUE(Json::array().as_array().empty());
}

TEST(Json, ObjectsKeepInsertionOrder) {
  Json doc = Json::object();
  doc.set("zeta", 1).set("alpha", 2).set("mid", 3);
  EXPECT_EQ(doc.dump(), "{\"zeta\":1,\"alpha\":2,\"mid\":3}");
}

TEST(Json, SetReplacesAnExistingKeyInPlace) {
  Json doc = Json::object({{"a", 1}, {"b", 2}, {"c", 3}});
  doc.set("b", "two");
  EXPECT_EQ(doc.dump(), "{\"a\":1,\"b\":\"two\",\"c\":3}");
  doc.set("d", 4).set("a", Json::array().push(0));
  EXPECT_EQ(doc.dump(), "{\"a\":[0],\"b\":\"two\",\"c\":3,\"d\":4}");
}

TEST(Json, Find) {
  const Json doc = Json::object({{"a", 1}, {"b", Json::object({{"c", "deep"}})}});
  ASSERT_NE(doc.find("a"), nullptr);
  EXPECT_EQ(doc.find("a")->dump(), "1");
  ASSERT_NE(doc.find("b"), nullptr);
  ASSERT_NE(doc.find("b")->find("c"), nullptr);
  EXPECT_EQ(doc.find("b")->find("c")->dump(), "\"deep\"");
  EXPECT_EQ(doc.find("missing"), nullptr);
  EXPECT_EQ(doc.find("A"), nullptr);
  EXPECT_EQ(doc.find("b")->find("a"), nullptr);
  // Not an object: nothing to find.
  EXPECT_EQ(Json::array().push(1).find("a"), nullptr);
  EXPECT_EQ(Json("a").find("a"), nullptr);
  EXPECT_EQ(Json().find("a"), nullptr);
}

TEST(Json, WrongKindIsALogicError) {
  Json array = Json::array();
  Json object = Json::object();
  Json number = 3;
  EXPECT_THROW(array.set("a", 1), std::logic_error);
  EXPECT_THROW(number.set("a", 1), std::logic_error);
  EXPECT_THROW(object.push(1), std::logic_error);
  EXPECT_THROW(number.push(1), std::logic_error);
  EXPECT_THROW(object.as_array(), std::logic_error);
  EXPECT_THROW(number.as_array(), std::logic_error);
}

TEST(Json, EscapesQuotesBackslashesAndWhitespace) {
  EXPECT_EQ(json_quote("plain"), "\"plain\"");
  EXPECT_EQ(json_quote(""), "\"\"");
  EXPECT_EQ(json_quote("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(json_quote("C:\\dir\\"), "\"C:\\\\dir\\\\\"");
  EXPECT_EQ(json_quote("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(json_quote("a\rb\tc"), "\"a\\rb\\tc\"");
  EXPECT_EQ(Json("line1\nline2").dump(), "\"line1\\nline2\"");
}

TEST(Json, EscapesControlCharacters) {
  EXPECT_EQ(json_quote("\x01"), "\"\\u0001\"");
  EXPECT_EQ(json_quote("a\x1f"
                       "b"),
            "\"a\\u001fb\"");
  EXPECT_EQ(json_quote("\b\f"), "\"\\u0008\\u000c\"");
  EXPECT_EQ(json_quote(std::string("a\0b", 3)), "\"a\\u0000b\"");
  EXPECT_EQ(json_quote("\x10"), "\"\\u0010\"");
  // Printable ASCII, DEL and UTF-8 pass through unchanged.
  EXPECT_EQ(json_quote("\x7f"), "\"\x7f\"");
  EXPECT_EQ(json_quote("caf\xc3\xa9 \xe2\x82\xac"), "\"caf\xc3\xa9 \xe2\x82\xac\"");
  EXPECT_EQ(json_quote("/<>{}[]:,'"), "\"/<>{}[]:,'\"");
}

// U+FFFD as JSON carries it (UTF-8), once per replaced byte.
std::string replaced(int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) out += "\xef\xbf\xbd";
  return out;
}

TEST(Json, ValidUtf8IsKeptAtEveryLength) {
  // 2-, 3- and 4-byte sequences, the last code points of each length and U+10FFFF.
  for (const std::string text : {"\xc3\xa9", "\xdf\xbf", "\xe2\x82\xac", "\xef\xbf\xbf",
                                 "\xed\x9f\xbf", "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf"}) {
    EXPECT_EQ(json_quote(text), "\"" + text + "\"");
  }
}

TEST(Json, EachByteOfAnInvalidSequenceBecomesAReplacementCharacter) {
  // Latin-1 "café" (a file name from another system).
  EXPECT_EQ(json_quote("caf\xe9"), "\"caf" + replaced(1) + "\"");
  // Overlong forms of '/' and of U+0000, U+0800 and U+10000 written too long.
  EXPECT_EQ(json_quote("\xc0\xaf"), "\"" + replaced(2) + "\"");
  EXPECT_EQ(json_quote("\xc1\x80"), "\"" + replaced(2) + "\"");
  EXPECT_EQ(json_quote("\xe0\x80\xaf"), "\"" + replaced(3) + "\"");
  EXPECT_EQ(json_quote("\xf0\x80\x80\xaf"), "\"" + replaced(4) + "\"");
  // Lone continuation bytes, before and after valid text.
  EXPECT_EQ(json_quote("a\x80\xbf"
                       "b"),
            "\"a" + replaced(2) + "b\"");
  // Sequences cut short at the end, and in the middle (followed by ASCII).
  EXPECT_EQ(json_quote("x\xe2\x82"), "\"x" + replaced(2) + "\"");
  EXPECT_EQ(json_quote("x\xf0\x9f\x98"), "\"x" + replaced(3) + "\"");
  EXPECT_EQ(json_quote("\xc3"), "\"" + replaced(1) + "\"");
  EXPECT_EQ(json_quote("\xe2\x82z"), "\"" + replaced(2) + "z\"");
  // UTF-16 surrogates encoded in UTF-8 (CESU-8), alone and as a pair.
  EXPECT_EQ(json_quote("\xed\xa0\x80"), "\"" + replaced(3) + "\"");
  EXPECT_EQ(json_quote("\xed\xa0\xbd\xed\xb8\x80"), "\"" + replaced(6) + "\"");
  // Above U+10FFFF, and bytes that never occur in UTF-8.
  EXPECT_EQ(json_quote("\xf4\x90\x80\x80"), "\"" + replaced(4) + "\"");
  EXPECT_EQ(json_quote("\xf5\xfe\xff"), "\"" + replaced(3) + "\"");
  // A valid sequence right after an invalid byte is kept.
  EXPECT_EQ(json_quote("\xff\xc3\xa9"), "\"" + replaced(1) + "\xc3\xa9\"");
}

TEST(Json, InvalidBytesInKeysAndNestedValuesAreReplacedToo) {
  const Json record =
      Json::object({{"dir\xe9", Json::array().push("\xe9t\xe9")}, {"ok", "\xe2\x82\xac"}});
  EXPECT_EQ(record.dump(), "{\"dir" + replaced(1) + "\":[\"" + replaced(1) + "t" + replaced(1) +
                               "\"],\"ok\":\"\xe2\x82\xac\"}");
}

TEST(Json, KeysAreEscapedToo) {
  const Json doc = Json::object({{"k\"e\\y\n", 1}});
  EXPECT_EQ(doc.dump(), "{\"k\\\"e\\\\y\\n\":1}");
  ASSERT_NE(doc.find("k\"e\\y\n"), nullptr);
}

TEST(Json, DumpIsASingleLine) {
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte.push_back(static_cast<char>(c));
  const Json doc = Json::object(
      {{"text", every_byte}, {"list", Json::array().push("\n\r\n").push(Json::object())}});
  const std::string line = doc.dump();
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\r'), std::string::npos);
  for (const char c : line) EXPECT_GE(static_cast<unsigned char>(c), 0x20u) << line;
}

}  // namespace
}  // namespace scalelab
