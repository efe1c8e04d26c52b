// device_monitor.cpp — see device_monitor.h.
#include "runtime/device_monitor.h"

#include "base/log.h"

namespace zhidui {

DeviceMonitor::DeviceMonitor(std::string name, std::function<drivers::DeviceStatus()> poll,
                             std::function<void(const drivers::DeviceStatus&)> report, std::chrono::milliseconds interval)
    : name_(std::move(name)), poll_(std::move(poll)), report_(std::move(report)), interval_(interval),
      thread_([this] { run(); }) {}

DeviceMonitor::~DeviceMonitor() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DeviceMonitor::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

void DeviceMonitor::run() {
  drivers::DeviceStatus last;
  bool first = true;
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    drivers::DeviceStatus now = poll_();
    if (first || now.state != last.state || now.severity != last.severity || now.code != last.code) {
      log::info("devices", name_ + " " + drivers::to_string(now.state) + (now.code.empty() ? "" : " (" + now.code + ")"));
      report_(now);
      last = now;
      first = false;
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [&] { return stop_ || poked_; });
    poked_ = false;
  }
}

}  // namespace zhidui
