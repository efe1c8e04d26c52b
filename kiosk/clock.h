// clock.h — wall-clock strings. Wall time is data only (kiosk clocks drift): ordering uses local
// sequence numbers and the steady clock, never these.
#pragma once

#include <cstdint>
#include <string>

namespace zhidui::clock {

std::string now_iso_utc();  // 2026-11-25T03:59:00Z
std::string now_local();    // 2026-11-25 11:59, China Standard Time (the hall's time, as printed on receipts)
int64_t steady_ms();

}  // namespace zhidui::clock
