// clock.h — wall-clock strings. Wall time is data only (kiosk clocks drift): ordering uses local
// sequence numbers and the steady clock, never these.
#pragma once

#include <cstdint>
#include <string>

namespace zhidui::clock {

std::string now_iso_utc();  // 2026-11-25T03:59:00Z
std::string now_local();    // 2026-11-25 11:59, China Standard Time (the hall's time, as printed on receipts)
int64_t steady_ms();

// An ISO 8601 UTC time from the platform or the store (2026-11-25T03:59:00Z, seconds and Z optional) as
// the hall's local time, YYYY-MM-DD HH:MM; anything it cannot read comes back unchanged (it is data
// to show, not to compute with).
std::string local_from_iso_utc(const std::string& iso);

}  // namespace zhidui::clock
