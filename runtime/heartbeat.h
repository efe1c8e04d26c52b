// heartbeat.h — the kiosk's heartbeat to the platform's fleet view: version, device states, queue depth,
// last sync, whether it serves, and free disk, on its own thread every interval (the first at once),
// through its own PlatformClient. A failed heartbeat is only logged: the next one comes at the next
// interval, and nothing the kiosk does for citizens waits on it.
//
// KioskHealth is what the heartbeat reports, written by the threads that learn it (device workers, the
// sync engine, the UI thread) and read by the heartbeat's, under its own mutex.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "drivers/device.h"
#include "offline/platform_client.h"
#include "offline/store.h"

namespace zhidui {

class KioskHealth {
 public:
  struct Snapshot {
    std::map<drivers::DeviceClass, drivers::DeviceStatus> devices;
    std::string last_sync_at;     // when the platform last acknowledged an upload (ISO UTC); "" never
    std::string catalog_version;  // the version the session serves (a refresh may change it)
    std::string pause_reason;     // Session::pause_reason(): "" in service
  };

  void device_changed(const drivers::DeviceStatus& status);
  void synced(std::string at_iso_utc);
  void serving_catalog(std::string version);
  void service_changed(std::string pause_reason);
  Snapshot snapshot() const;

 private:
  mutable std::mutex mutex_;
  Snapshot state_;
};

// The heartbeat's JSON body (docs/platform-api.md): nothing personal, only states, counts and versions.
// `queue` and `free_disk_mb` are left out when they could not be read.
std::string heartbeat_body(const KioskHealth::Snapshot& health, std::string_view sent_at,
                           const std::optional<offline::OutboxCounts>& queue, std::optional<int64_t> free_disk_mb);

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
