// service_notify.h — the systemd notify protocol without libsystemd: READY=1 once the first frame is on
// screen, WATCHDOG=1 from the frame loop (so a frozen UI is restarted by WatchdogSec=), STOPPING=1 on
// the way out. A datagram to $NOTIFY_SOCKET; a no-op when the kiosk does not run under systemd.
#pragma once

#include <cstdint>
#include <string_view>

namespace zhidui::service {

// Sends one state string ("READY=1"); false when not under systemd or the send failed.
bool notify(std::string_view state);

// Pets the watchdog at most every half of WATCHDOG_USEC (or every `fallback_ms` when unset but under
// systemd). Call it from every loop iteration: the loop wakes at least every 5 s.
class Watchdog {
 public:
  Watchdog();
  void pet(int64_t now_ms);

 private:
  int64_t interval_ms_ = 0;
  int64_t last_ms_ = 0;
};

}  // namespace zhidui::service
