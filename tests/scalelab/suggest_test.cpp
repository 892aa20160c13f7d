// SPDX-License-Identifier: MIT
#include "scalelab/suggest.hpp"

#include <gtest/gtest.h>

namespace scalelab {
namespace {

const std::vector<std::string> kOptions{"--model", "--threads", "--size", "--seed", "--reps"};

TEST(ClosestMatch, FindsSwapsDropsAndTypos) {
  EXPECT_EQ(closest_match("--modle", kOptions), "--model");
  EXPECT_EQ(closest_match("--thread", kOptions), "--threads");
  EXPECT_EQ(closest_match("--sizee", kOptions), "--size");
  EXPECT_EQ(closest_match("--rpes", kOptions), "--reps");
}

TEST(ClosestMatch, GuessesNothingWhenNothingIsClose) {
  EXPECT_EQ(closest_match("--frobnicate", kOptions), std::nullopt);
  EXPECT_EQ(closest_match("", kOptions), std::nullopt);
  EXPECT_EQ(closest_match("--model", {}), std::nullopt);
}

TEST(ClosestMatch, GuessesNothingOnATie) {
  // One substitution from each: which was meant cannot be told.
  EXPECT_EQ(closest_match("--sxze", {"--size", "--saze"}), std::nullopt);
  EXPECT_EQ(closest_match("--sxze", {"--size", "--size"}), "--size");
}

}  // namespace
}  // namespace scalelab
