// SPDX-License-Identifier: MIT
#include "scalelab/byte_buffer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace scalelab {
namespace {

TEST(ByteBuffer, ReadsBackWhatWasWrittenInOrder) {
  std::string buffer;
  ByteWriter(buffer)
      .put(std::uint64_t{0x0123456789abcdef})
      .put(std::uint32_t{7})
      .put_bytes("abcdefg")
      .put_string(std::string("n\0l", 3))
      .put(std::int32_t{-5})
      .put(-0.1)
      .put_string("");
  EXPECT_EQ(buffer.size(), 8u + 4 + 7 + (8 + 3) + 4 + 8 + 8);

  ByteReader in(buffer, "test exchange");
  EXPECT_EQ(in.get<std::uint64_t>(), 0x0123456789abcdefu);
  const auto length = in.get<std::uint32_t>();
  EXPECT_EQ(in.get_bytes(length), "abcdefg");
  EXPECT_EQ(in.get_string(), std::string("n\0l", 3));
  EXPECT_EQ(in.get<std::int32_t>(), -5);
  EXPECT_EQ(in.get<double>(), -0.1);
  EXPECT_FALSE(in.done());
  EXPECT_EQ(in.get_string(), "");
  EXPECT_TRUE(in.done());
}

TEST(ByteBuffer, ABytesViewPointsIntoTheBuffer) {
  std::string buffer;
  ByteWriter(buffer).put_bytes("word");
  ByteReader in(buffer, "test exchange");
  EXPECT_EQ(in.get_bytes(4).data(), buffer.data());
}

// Every way a buffer can end early: inside an integer, inside a string's length, inside
// its bytes; and a corrupt length far beyond the buffer.
TEST(ByteBuffer, AShortOrCorruptBufferIsARuntimeErrorNamingTheExchange) {
  std::string whole;
  ByteWriter(whole).put(std::uint64_t{42}).put_string("counted");
  for (std::size_t cut = 1; cut < whole.size(); ++cut) {
    ByteReader in(std::string_view(whole).substr(0, cut), "wordcount: counts from a rank");
    try {
      in.get<std::uint64_t>();
      in.get_string();
      FAIL() << "a buffer cut to " << cut << " bytes was read whole";
    } catch (const RuntimeError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("wordcount: counts from a rank: a short or corrupt "
                                            "buffer (",
                                            0),
                0u)
          << e.what();
    }
  }

  std::string corrupt;
  ByteWriter(corrupt).put(std::numeric_limits<std::uint64_t>::max()).put_bytes("xy");
  ByteReader in(corrupt, "anagrams: summary from a rank");
  try {
    in.get_string();
    FAIL() << "a length beyond the buffer was accepted";
  } catch (const RuntimeError& e) {
    EXPECT_EQ(std::string(e.what()),
              "anagrams: summary from a rank: a short or corrupt buffer (18446744073709551615 "
              "bytes needed at offset 8 of 10)");
    EXPECT_EQ(e.code(), kExitRuntime);
  }
}

TEST(ByteBuffer, AnEmptyBufferIsDoneAndHasNothingToRead) {
  ByteReader in(std::string_view(), "test exchange");
  EXPECT_TRUE(in.done());
  EXPECT_THROW(in.get<std::uint8_t>(), RuntimeError);
  EXPECT_EQ(in.get_bytes(0), "");
}

}  // namespace
}  // namespace scalelab
