// result_test.cpp — Result, Error::is and ZHIDUI_TRY (base/result.h): an error travels up unchanged, a
// value is handed on, and nothing after a failed step runs.
#include "base/result.h"

#include <gtest/gtest.h>

#include <string>

namespace zhidui {
namespace {

constexpr std::string_view kTestBroken = "test.broken";

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return make_error(std::string(kTestBroken), "not a digit");
  return c - '0';
}

int steps_run = 0;

Result<int> sum_of_two_digits(const std::string& text) {
  int first = ZHIDUI_TRY(parse_digit(text.at(0)));
  ++steps_run;
  int second = ZHIDUI_TRY(parse_digit(text.at(1)));
  ++steps_run;
  return first + second;
}

Status check_digit(char c) {
  ZHIDUI_TRY(parse_digit(c));
  return Ok{};
}

TEST(Result, TryHandsTheValueOnWhenEveryStepSucceeds) {
  steps_run = 0;
  auto sum = sum_of_two_digits("47");
  ASSERT_TRUE(sum);
  EXPECT_EQ(sum.value(), 11);
  EXPECT_EQ(steps_run, 2);
}

TEST(Result, TryReturnsTheFirstErrorAndRunsNothingAfterIt) {
  steps_run = 0;
  auto sum = sum_of_two_digits("x7");
  ASSERT_FALSE(sum);
  EXPECT_TRUE(sum.error().is(kTestBroken));
  EXPECT_EQ(sum.error().message, "not a digit");
  EXPECT_EQ(steps_run, 0);
}

TEST(Result, TryWorksInAFunctionReturningStatus) {
  EXPECT_TRUE(check_digit('3'));
  EXPECT_TRUE(check_digit('z').error().is(kTestBroken));
}

TEST(Result, IsComparesTheWholeCode) {
  Error e = make_error("store.corrupt", "x");
  EXPECT_TRUE(e.is("store.corrupt"));
  EXPECT_FALSE(e.is("store"));
  EXPECT_FALSE(e.is("store.corrupt.more"));
}

}  // namespace
}  // namespace zhidui
