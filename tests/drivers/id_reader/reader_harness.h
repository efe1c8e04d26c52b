// reader_harness.h — records what an IdCardReader reports and lets a test wait for it with a bound.
//
// Callbacks arrive on the reader's worker thread; the recorder copies them under a mutex and wakes
// waiters, so tests wait for an event (never a fixed sleep) and fail after a deadline instead of hanging.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "drivers/id_reader/id_card_reader.h"

namespace zhidui::drivers::id_reader::test_support {

class EventRecorder {
  // Helpers first: their deduced return types must be known where the accessors below use them.
  template <class F>
  void record(F&& f) {
    {
      std::lock_guard lock(mutex_);
      f();
    }
    changed_.notify_all();
  }
  template <class F>
  auto locked(F&& f) {
    std::lock_guard lock(mutex_);
    return f();
  }

 public:
  Events events() {
    Events e;
    e.on_status = [this](const DeviceStatus& s) { record([&] { statuses_.push_back(s); }); };
    e.on_card = [this](IdCard c) { record([&] { cards_.push_back(std::move(c)); }); };
    e.on_card_removed = [this] { record([&] { ++removed_; }); };
    e.on_read_error = [this](const Error& err) { record([&] { errors_.push_back(err); }); };
    return e;
  }

  // Waits until pred() holds (evaluated under the lock) or timeout_ms passes.
  bool wait(const std::function<bool()>& pred, int timeout_ms = 3000) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), pred);
  }
  bool wait_cards(size_t n, int timeout_ms = 3000) {
    return wait([&] { return cards_.size() >= n; }, timeout_ms);
  }
  bool wait_removed(int n, int timeout_ms = 3000) {
    return wait([&] { return removed_ >= n; }, timeout_ms);
  }
  bool wait_errors(size_t n, int timeout_ms = 3000) {
    return wait([&] { return errors_.size() >= n; }, timeout_ms);
  }
  bool wait_status(DeviceState state, int timeout_ms = 3000) {
    return wait([&] { return !statuses_.empty() && statuses_.back().state == state; }, timeout_ms);
  }

  // Copies taken under the lock.
  std::vector<DeviceStatus> statuses() { return locked([&] { return statuses_; }); }
  std::vector<IdCard> cards() { return locked([&] { return cards_; }); }
  std::vector<Error> errors() { return locked([&] { return errors_; }); }
  int removed() { return locked([&] { return removed_; }); }
  DeviceStatus last_status() {
    return locked([&] { return statuses_.empty() ? DeviceStatus{} : statuses_.back(); });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<DeviceStatus> statuses_;
  std::vector<IdCard> cards_;
  std::vector<Error> errors_;
  int removed_ = 0;
};

// For state that raises no event (the fake's counters): polls pred every 2 ms until it holds or
// timeout_ms passes.
inline bool eventually(const std::function<bool()>& pred, int timeout_ms = 3000) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Timings for tests: fast polls and short timeouts keep each scenario well under a second.
inline ReaderConfig fast_config(const std::string& path) {
  ReaderConfig c;
  c.device_path = path;
  c.poll_interval_ms = 20;
  c.response_timeout_ms = 250;
  c.reconnect_interval_ms = 100;
  return c;
}

}  // namespace zhidui::drivers::id_reader::test_support
