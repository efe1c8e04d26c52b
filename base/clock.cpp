// clock.cpp — see clock.h.
#include "base/clock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace zhidui::clock {

int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::string format_utc(int64_t unix_seconds, const char* format) {
  const std::time_t t = std::time_t(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  const size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

std::string format_china(int64_t unix_seconds, const char* format) {
  return format_utc(unix_seconds + kChinaUtcOffsetSeconds, format);
}

std::string iso_utc_at(int64_t unix_seconds) { return format_utc(unix_seconds, "%Y-%m-%dT%H:%M:%SZ"); }

std::string iso_utc_ms_at(int64_t unix_ms) {
  const int64_t seconds = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", int(unix_ms - seconds * 1000));
  return format_utc(seconds, "%Y-%m-%dT%H:%M:%S") + millis;
}

std::string now_iso_utc() { return iso_utc_at(wall_ms() / 1000); }

std::string now_local() { return format_china(wall_ms() / 1000, "%Y-%m-%d %H:%M"); }

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
  return format_china(int64_t(timegm(&tm)), "%Y-%m-%d %H:%M");
}

}  // namespace zhidui::clock
