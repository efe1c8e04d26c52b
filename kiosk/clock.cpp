// clock.cpp — see clock.h.
#include "kiosk/clock.h"

#include <chrono>
#include <ctime>

namespace zhidui::clock {

std::string now_iso_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string now_local() {
  // Hunan keeps China Standard Time all year (UTC+8, no daylight saving). Computing it here, rather than
  // trusting the OS time zone, keeps receipts right on a kiosk image left at UTC.
  std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace zhidui::clock
