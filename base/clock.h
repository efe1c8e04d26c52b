// clock.h — wall-clock strings. Wall time is data only (kiosk clocks drift): ordering uses local
// sequence numbers and the steady clock, never these.
#pragma once

#include <cstdint>
#include <string>

namespace zhidui::clock {

// Hunan keeps China Standard Time all year: UTC+8, no daylight saving since 1991. Computed here rather
// than read from the OS time zone, so that receipts stay right on a kiosk image left at UTC.
inline constexpr int64_t kChinaUtcOffsetSeconds = 8 * 3600;

int64_t wall_ms();    // Unix time in milliseconds: data (time stamps), never for ordering or timeouts
int64_t steady_ms();  // monotonic milliseconds: timeouts, intervals, ordering within a run

// Unix seconds formatted with strftime `format` in UTC, or in China Standard Time.
std::string format_utc(int64_t unix_seconds, const char* format);
std::string format_china(int64_t unix_seconds, const char* format);

std::string iso_utc_at(int64_t unix_seconds);   // 2026-11-25T03:59:00Z (compares as a string)
std::string iso_utc_ms_at(int64_t unix_ms);      // 2026-11-25T03:59:00.123Z
std::string now_iso_utc();                       // iso_utc_at(now)
std::string now_local();    // 2026-11-25 11:59, China Standard Time (the hall's time, as printed on receipts)

// An ISO 8601 UTC time from the platform or the store (2026-11-25T03:59:00Z, seconds and Z optional) as
// the hall's local time, YYYY-MM-DD HH:MM; anything it cannot read comes back unchanged (it is data
// to show, not to compute with).
std::string local_from_iso_utc(const std::string& iso);

}  // namespace zhidui::clock
