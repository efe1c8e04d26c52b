// heartbeat.cpp — see heartbeat.h.
#include "runtime/heartbeat.h"

#include "base/log.h"

namespace zhidui {

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
