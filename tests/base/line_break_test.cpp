// Chinese line breaking rules (shared by screen and printer), with a fixed-width measure so the rules are
// tested, not the font.
#include <gtest/gtest.h>

#include "base/line_break.h"

using namespace zhidui;

namespace {
float w(char32_t c) { return c < 0x80 ? 1.0f : 2.0f; }
}  // namespace

TEST(LineBreak, BreaksBetweenIdeographs) {
  auto lines = break_lines("一次告知一次申报", 8, w);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "一次告知");
  EXPECT_EQ(lines[1], "一次申报");
}

TEST(LineBreak, ClosingPunctuationNeverStartsALine) {
  auto lines = break_lines("一二三四，五六", 8, w);
  for (const auto& l : lines) EXPECT_NE(l.rfind("，", 0), 0u) << l;
  EXPECT_EQ(lines[0], "一二三");
  EXPECT_EQ(lines[1], "四，五六");
}

TEST(LineBreak, OpeningMarkNeverEndsALine) {
  auto lines = break_lines("一二三《四五》", 8, w);
  EXPECT_EQ(lines[0], "一二三");
  EXPECT_EQ(lines[1], "《四五》");
}

TEST(LineBreak, LatinWordsAndNumbersStayWhole) {
  auto lines = break_lines("电话0731-12333", 10, w);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "电话");
  EXPECT_EQ(lines[1], "0731-12333");
}

TEST(LineBreak, NewlinesAlwaysBreak) {
  auto lines = break_lines("甲\n乙", 100, w);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "乙");
}

TEST(LineBreak, ABreakOnASpaceDropsTheSpace) {
  auto lines = break_lines("abc def", 4, w);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "abc");
  EXPECT_EQ(lines[1], "def");
}
