// clock_test.cpp — time stamps (base/clock.h): ISO UTC with and without milliseconds, and China Standard
// Time computed as UTC+8 whatever the machine's time zone says.
#include "base/clock.h"

#include <gtest/gtest.h>

namespace zhidui::clock {
namespace {

constexpr int64_t kNov25At0359Utc = 1764043140;  // 2025-11-25T03:59:00Z

TEST(Clock, IsoUtcHasSecondsAndAZ) {
  EXPECT_EQ(iso_utc_at(kNov25At0359Utc), "2025-11-25T03:59:00Z");
  EXPECT_EQ(iso_utc_ms_at(kNov25At0359Utc * 1000 + 7), "2025-11-25T03:59:00.007Z");
}

TEST(Clock, ChinaTimeIsEightHoursAheadAndCrossesMidnight) {
  EXPECT_EQ(format_china(kNov25At0359Utc, "%Y-%m-%d %H:%M"), "2025-11-25 11:59");
  EXPECT_EQ(format_china(kNov25At0359Utc + 13 * 3600, "%Y%m%d"), "20251126");
  EXPECT_EQ(local_from_iso_utc("2025-11-25T16:30:00Z"), "2025-11-26 00:30");
}

TEST(Clock, LocalFromIsoLeavesWhatItCannotReadUnchanged) {
  EXPECT_EQ(local_from_iso_utc("2025-11-25T03:59:00+09:00"), "2025-11-25T03:59:00+09:00");
  EXPECT_EQ(local_from_iso_utc("yesterday"), "yesterday");
}

TEST(Clock, StampsOfNowAreWellFormed) {
  const std::string now = now_iso_utc();
  ASSERT_EQ(now.size(), 20u);
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now.back(), 'Z');
  EXPECT_GT(wall_ms(), kNov25At0359Utc * 1000);
}

}  // namespace
}  // namespace zhidui::clock
