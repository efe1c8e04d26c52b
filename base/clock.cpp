// clock.cpp — see clock.h.
#include "base/clock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
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

std::string local_from_iso_utc(const std::string& iso) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &consumed) != 5 || consumed != 16)
    return iso;
  size_t end = 16;
  if (iso.size() >= 19 && iso[16] == ':') end = 19;  // seconds
  if (end < iso.size() && iso[end] == '.') end = std::min(iso.find_first_not_of("0123456789", end + 1), iso.size());
  const std::string zone = iso.substr(end);
  if (!(zone.empty() || zone == "Z" || zone == "+00:00")) return iso;  // another offset: not ours to guess
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  std::time_t t = timegm(&tm) + 8 * 3600;  // China Standard Time, as now_local()
  std::tm local{};
  gmtime_r(&t, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
  return buf;
}

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace zhidui::clock
