// The technician PIN: argon2id, and a lockout that grows with wrong PINs.
#include <gtest/gtest.h>

#include "kiosk/technician_auth.h"

using namespace zhidui;

TEST(TechnicianAuth, DemoHashAcceptsItsPinOnly) {
  TechnicianAuth auth(TechnicianAuth::kDemoPinHash);
  EXPECT_EQ(auth.try_pin("000000", 0).outcome, TechnicianAuth::Outcome::wrong);
  EXPECT_EQ(auth.try_pin("135790", 0).outcome, TechnicianAuth::Outcome::granted);
  EXPECT_EQ(auth.failures(), 0);
}

TEST(TechnicianAuth, HashIsArgon2idAndSalted) {
  auto a = TechnicianAuth::hash_pin("2468");
  auto b = TechnicianAuth::hash_pin("2468");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->rfind("$argon2id$", 0), 0u);
  EXPECT_NE(*a, *b);
}

TEST(TechnicianAuth, LockoutGrowsAndLockedAttemptsAreNotChecked) {
  TechnicianAuth auth(TechnicianAuth::kDemoPinHash);
  int64_t t = 1000;
  EXPECT_EQ(auth.try_pin("1", t).locked_for_ms, 0);
  EXPECT_EQ(auth.try_pin("2", t).locked_for_ms, 0);
  auto third = auth.try_pin("3", t);
  EXPECT_EQ(third.outcome, TechnicianAuth::Outcome::wrong);
  EXPECT_EQ(third.locked_for_ms, 30000);
  // Even the right PIN is refused while locked.
  EXPECT_EQ(auth.try_pin("135790", t + 29999).outcome, TechnicianAuth::Outcome::locked);
  t += 30000;
  EXPECT_EQ(auth.try_pin("4", t).locked_for_ms, 60000);
  t += 60000;
  EXPECT_EQ(auth.try_pin("5", t).locked_for_ms, 120000);
  t += 120000;
  EXPECT_EQ(auth.try_pin("135790", t).outcome, TechnicianAuth::Outcome::granted);
  EXPECT_EQ(auth.try_pin("6", t).locked_for_ms, 0);  // the count started again
}

TEST(TechnicianAuth, LockIsCappedAtOneHour) {
  TechnicianAuth auth(TechnicianAuth::kDemoPinHash);
  int64_t t = 0, last = 0;
  for (int i = 0; i < 12; ++i) {
    auto a = auth.try_pin("9", t);
    last = a.locked_for_ms;
    t += last;
  }
  EXPECT_EQ(last, TechnicianAuth::kMaxLockMs);
}
