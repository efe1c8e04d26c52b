// sync_engine.h — the worker thread that drains the outbox to the platform.
//
// At-least-once delivery with the application's UUID as Idempotency-Key, so that with the platform's
// dedupe the effect is exactly once. Capped exponential backoff with full jitter, Retry-After honoured,
// dead letters kept. It opens its own Store connection and its own PlatformClient (curl handle), and
// reports what happened through a callback that must only enqueue (it runs on the worker thread).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "offline/platform_client.h"

namespace zhidui::offline {

struct SyncEvent {
  enum class Kind : uint8_t { acknowledged, retry_scheduled, dead, online, offline };
  Kind kind = Kind::acknowledged;
  std::string uuid;
  std::string acceptance_no;
  std::string reason;
};

struct SyncConfig {
  std::string db_path;
  std::string key_path;
  PlatformConfig platform;
  int64_t backoff_base_ms = 2000;
  int64_t backoff_cap_ms = 300000;
  int max_attempts = 50;          // then the entry is a dead letter, visible to the technician
};

class SyncEngine {
 public:
  SyncEngine(SyncConfig config, std::function<void(const SyncEvent&)> on_event);
  ~SyncEngine();  // stops and joins
  void start();
  void stop();
  void wake();  // something was submitted: look at the outbox now

 private:
  void run();
  SyncConfig config_;
  std::function<void(const SyncEvent&)> on_event_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

}  // namespace zhidui::offline
