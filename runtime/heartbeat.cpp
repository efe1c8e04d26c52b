// heartbeat.cpp — see heartbeat.h.
#include "runtime/heartbeat.h"

#include <nlohmann/json.hpp>

#include "base/log.h"
#include "zhidui_build_paths.h"

namespace zhidui {

void KioskHealth::device_changed(const drivers::DeviceStatus& status) {
  std::lock_guard lock(mutex_);
  state_.devices[status.device_class] = status;
}

void KioskHealth::synced(std::string at_iso_utc) {
  std::lock_guard lock(mutex_);
  state_.last_sync_at = std::move(at_iso_utc);
}

void KioskHealth::serving_catalog(std::string version) {
  std::lock_guard lock(mutex_);
  state_.catalog_version = std::move(version);
}

void KioskHealth::service_changed(std::string pause_reason) {
  std::lock_guard lock(mutex_);
  state_.pause_reason = std::move(pause_reason);
}

KioskHealth::Snapshot KioskHealth::snapshot() const {
  std::lock_guard lock(mutex_);
  return state_;
}

std::string heartbeat_body(const KioskHealth::Snapshot& health, std::string_view sent_at,
                           const std::optional<offline::OutboxCounts>& queue, std::optional<int64_t> free_disk_mb) {
  nlohmann::json hb;
  hb["version"] = ZHIDUI_VERSION;
  hb["catalog_version"] = health.catalog_version;
  hb["sent_at"] = sent_at;
  nlohmann::json devices = nlohmann::json::object();
  for (const auto& [cls, st] : health.devices)
    devices[drivers::to_string(cls)] = {{"state", drivers::to_string(st.state)},
                                        {"severity", drivers::to_string(st.severity)},
                                        {"code", st.code}};
  hb["devices"] = devices;
  if (!health.last_sync_at.empty()) hb["last_sync_at"] = health.last_sync_at;
  hb["service"] = {{"in_service", health.pause_reason.empty()}, {"paused_because", health.pause_reason}};
  if (queue) hb["queue"] = {{"pending", queue->pending}, {"done", queue->done}, {"dead", queue->dead}};
  if (free_disk_mb) hb["free_disk_mb"] = *free_disk_mb;
  return hb.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // device texts come from hardware
}

HeartbeatSender::HeartbeatSender(offline::PlatformConfig platform, std::chrono::milliseconds interval,
                                 std::function<std::string()> make_body)
    : platform_(std::move(platform)), interval_(interval), make_body_(std::move(make_body)),
      thread_([this] { run(); }) {}

HeartbeatSender::~HeartbeatSender() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void HeartbeatSender::run() {
  offline::PlatformClient client(platform_);  // this thread's own connection
  bool failing = false;
  for (;;) {
    Status sent = client.send_heartbeat(make_body_());
    // Say it once when it starts failing and once when it recovers, not every minute.
    if (!sent && !failing) log::warn("heartbeat", "not delivered: " + sent.error().code);
    if (sent && failing) log::info("heartbeat", "delivered again");
    failing = !sent;
    std::unique_lock lock(mutex_);
    if (cv_.wait_for(lock, interval_, [this] { return stop_; })) return;
  }
}

}  // namespace zhidui
