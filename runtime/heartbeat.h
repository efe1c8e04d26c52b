// heartbeat.h — the kiosk's heartbeat to the platform's fleet view: version, device states, queue depth,
// last sync and free disk, on its own thread every interval (the first at once), through its own
// PlatformClient. A failed heartbeat is only logged: the next one comes at the next interval, and
// nothing the kiosk does for citizens waits on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "offline/platform_client.h"

namespace zhidui {

class HeartbeatSender {
 public:
  // `make_body` runs on the heartbeat thread; whatever it opens there (a store connection) is its own.
  HeartbeatSender(offline::PlatformConfig platform, std::chrono::milliseconds interval,
                  std::function<std::string()> make_body);
  ~HeartbeatSender();  // stops and joins (at most one request in flight, bounded by its timeouts)
  HeartbeatSender(const HeartbeatSender&) = delete;
  HeartbeatSender& operator=(const HeartbeatSender&) = delete;

 private:
  void run();
  const offline::PlatformConfig platform_;
  const std::chrono::milliseconds interval_;
  std::function<std::string()> make_body_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts after everything above is constructed
};

}  // namespace zhidui
