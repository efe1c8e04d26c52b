// device_monitor.h — polls a device that answers status only when asked (the receipt printer, the A4
// queue) on a thread of its own, and reports transitions only (the device model's "poll, and report
// changes"). One thread per device, because a poll may block for seconds (a CUPS server that is gone)
// and must not delay another device's report.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "drivers/device.h"

namespace zhidui {

class DeviceMonitor {
 public:
  // `name` is for the log ("receipt printer"); `report` is called on the monitor's thread.
  DeviceMonitor(std::string name, std::function<drivers::DeviceStatus()> poll,
                std::function<void(const drivers::DeviceStatus&)> report, std::chrono::milliseconds interval);
  ~DeviceMonitor();  // stops and joins (waits for a poll in progress)
  DeviceMonitor(const DeviceMonitor&) = delete;
  DeviceMonitor& operator=(const DeviceMonitor&) = delete;

  // Poll now rather than at the next interval (a condition was changed from the dev dock).
  void poke();

 private:
  void run();

  const std::string name_;
  const std::function<drivers::DeviceStatus()> poll_;
  const std::function<void(const drivers::DeviceStatus&)> report_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool poked_ = false;
  std::thread thread_;  // last: starts after everything above is constructed
};

}  // namespace zhidui
