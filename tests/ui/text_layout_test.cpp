// Chinese line breaking rules, with a fixed-width measure so the rules are tested, not the font.
#include <gtest/gtest.h>

#include "ui/text_layout.h"

using namespace zhidui::ui;

namespace {
float w(char32_t c) { return c < 0x80 ? 1.0f : 2.0f; }
}  // namespace

TEST(TextLayout, BreaksBetweenIdeographs) {
  auto lines = break_lines("一次告知一次申报", 8, w);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "一次告知");
  EXPECT_EQ(lines[1], "一次申报");
}

TEST(TextLayout, ClosingPunctuationNeverStartsALine) {
  auto lines = break_lines("一二三四，五六", 8, w);
  for (const auto& l : lines) EXPECT_NE(l.rfind("，", 0), 0u) << l;
  EXPECT_EQ(lines[0], "一二三");
  EXPECT_EQ(lines[1], "四，五六");
}

TEST(TextLayout, OpeningMarkNeverEndsALine) {
  auto lines = break_lines("一二三《四五》", 8, w);
  EXPECT_EQ(lines[0], "一二三");
  EXPECT_EQ(lines[1], "《四五》");
}

TEST(TextLayout, LatinWordsAndNumbersStayWhole) {
  auto lines = break_lines("电话0731-12333", 10, w);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "电话");
  EXPECT_EQ(lines[1], "0731-12333");
}

TEST(TextLayout, NewlinesAlwaysBreak) {
  auto lines = break_lines("甲\n乙", 100, w);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "乙");
}
