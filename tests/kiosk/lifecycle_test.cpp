// Application lifecycle: every valid transition, invalid ones refused, reasons required, platform
// statuses mapped (with skipped steps and repeats), Chinese labels.
#include <gtest/gtest.h>

#include "kiosk/lifecycle.h"

using namespace zhidui;
using S = AppStatus;

namespace {
ApplicationState at(S status) {
  ApplicationState s;
  s.status = status;
  return s;
}
const S kAll[] = {S::draft, S::submitted, S::accepted, S::joint_review, S::approved, S::paid, S::rejected, S::returned};
}  // namespace

TEST(Lifecycle, HappyPathToPaid) {
  ApplicationState s;
  for (S next : {S::submitted, S::accepted, S::joint_review, S::approved, S::paid}) {
    auto r = transition(s, next);
    ASSERT_TRUE(r.ok()) << status_name(s.status) << " -> " << status_name(next);
    s = *r;
  }
  EXPECT_EQ(s.status, S::paid);
  EXPECT_TRUE(is_final(s.status));
  EXPECT_EQ(s.history.size(), 6u);
  EXPECT_EQ(status_label_zh(s), "已兑现");
}

TEST(Lifecycle, ExactlyTheValidTransitionsAreAllowed) {
  const std::pair<S, S> valid[] = {
      {S::draft, S::submitted},        {S::submitted, S::accepted},   {S::submitted, S::rejected},
      {S::submitted, S::returned},     {S::accepted, S::joint_review}, {S::accepted, S::rejected},
      {S::accepted, S::returned},      {S::joint_review, S::approved}, {S::joint_review, S::rejected},
      {S::joint_review, S::returned},  {S::approved, S::paid},         {S::returned, S::submitted}};
  int allowed = 0;
  for (S from : kAll)
    for (S to : kAll) {
      bool expected = std::find(std::begin(valid), std::end(valid), std::pair{from, to}) != std::end(valid);
      EXPECT_EQ(can_transition(from, to), expected) << status_name(from) << " -> " << status_name(to);
      auto r = transition(at(from), to, "reason");
      EXPECT_EQ(r.ok(), expected) << status_name(from) << " -> " << status_name(to);
      allowed += r.ok();
    }
  EXPECT_EQ(allowed, 12);
}

TEST(Lifecycle, InvalidTransitionsAreErrorsNamingBothStatuses) {
  auto r = transition(at(S::paid), S::accepted);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "lifecycle.invalid_transition");
  EXPECT_NE(r.error().message.find("paid"), std::string::npos);
  EXPECT_NE(r.error().message.find("accepted"), std::string::npos);
  EXPECT_FALSE(transition(at(S::draft), S::paid).ok());
  EXPECT_FALSE(transition(at(S::rejected), S::submitted, "x").ok());
  EXPECT_FALSE(transition(at(S::approved), S::returned, "x").ok());
}

TEST(Lifecycle, RejectionAndReturnNeedAReasonAndKeepIt) {
  EXPECT_EQ(transition(at(S::submitted), S::rejected).error().code, "lifecycle.missing_reason");
  EXPECT_EQ(transition(at(S::accepted), S::returned).error().code, "lifecycle.missing_reason");
  auto early = transition(at(S::submitted), S::rejected, "not in scope");
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->reason, "not in scope");
  EXPECT_EQ(status_label_zh(*early), "不予受理");
  auto late = transition(at(S::joint_review), S::rejected, "conditions not met");
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(status_label_zh(*late), "未通过");
  auto back = transition(at(S::accepted), S::returned, "missing contract");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(status_label_zh(*back), "需补正");
  auto again = transition(*back, S::submitted);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->reason.empty());
  EXPECT_EQ(status_label_zh(*again), "已申报");
}

TEST(Lifecycle, PlatformStatusesMap) {
  for (const char* name : {"submitted", "accepted", "joint_review", "approved", "paid", "rejected", "returned"}) {
    auto s = status_from_platform(name);
    ASSERT_TRUE(s) << name;
    EXPECT_EQ(status_name(*s), name);
  }
  EXPECT_FALSE(status_from_platform("draft"));
  EXPECT_FALSE(status_from_platform("ACCEPTED"));
  EXPECT_FALSE(status_from_platform("done"));
  EXPECT_EQ(status_label_zh(at(S::accepted)), "已受理");
  EXPECT_EQ(status_label_zh(at(S::joint_review)), "联合审核中");  // the words of the progress screen
  EXPECT_EQ(status_label_zh(at(S::approved)), "审核通过");
}

TEST(Lifecycle, PlatformReportsMaySkipForwardAndRepeat) {
  auto s = apply_platform_status(at(S::submitted), "paid");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->status, S::paid);
  EXPECT_EQ(s->history,
            (std::vector<S>{S::submitted, S::accepted, S::joint_review, S::approved, S::paid}));
  auto same = apply_platform_status(at(S::accepted), "accepted");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->status, S::accepted);
  EXPECT_EQ(apply_platform_status(at(S::paid), "accepted").error().code, "lifecycle.invalid_transition");
  EXPECT_EQ(apply_platform_status(at(S::accepted), "bogus").error().code, "lifecycle.unknown_status");
  EXPECT_EQ(apply_platform_status(at(S::accepted), "rejected").error().code, "lifecycle.missing_reason");
  auto refused = apply_platform_status(at(S::joint_review), "rejected", "income too high");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(status_label_zh(*refused), "未通过");
  auto resumed = apply_platform_status(*transition(at(S::accepted), S::returned, "photo"), "joint_review");
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->status, S::joint_review);
}
