// sync_engine.h — the worker thread that drains the outbox to the platform.
//
// At-least-once delivery with the application's UUID as Idempotency-Key, so that with the platform's
// dedupe the effect is exactly once. Capped exponential backoff with full jitter, Retry-After honoured,
// dead letters kept. It opens its own Store connection and its own PlatformClient (curl handle), and
// reports what happened through a callback that must only enqueue (it runs on the worker thread).
//
// Decisions (docs/store-and-sync.md §5, §7, §8):
//  - done → mark_done, "acknowledged"; the first success after "offline" also emits "online" and makes
//    every pending entry due now, so a backlog drains at once instead of waiting out its backoff.
//  - retry → attempts + 1, next attempt after max(Retry-After, full jitter: random(0, min(cap,
//    base·2^attempts))), "retry_scheduled". A transport failure (no HTTP answer) also emits "offline"
//    and pauses the whole queue for a backoff over consecutive transport failures (capped by
//    offline_probe_cap_ms), so that an outage does not cost one connect timeout per queued entry:
//    while offline, the next entry to come due is the probe.
//  - After max_attempts the entry becomes a dead letter — but only when the platform answered: a
//    network outage alone never kills entries (the kiosk must survive 7 days offline).
//  - quarantine (400/422) and rejected (other 4xx) → dead letter with the reason, "dead".
//  - auth (401/403) → retried with backoff like a transient failure and never dead-lettered for it:
//    the technician may refresh the credentials, and no application may be lost meanwhile.
//  - Batches: when two or more applications are due and a batch uploader exists, they go in one
//    request (PlatformClient::submit_application_batch, up to SyncConfig::batch_max_items) and every
//    item's result is handled exactly as a single upload's would be; the acknowledgements of a batch
//    are recorded in one store transaction. A platform without the batch route (404/405) or one that
//    refuses the batch as a whole gets single uploads, and the batch route is tried again after
//    batch_retry_after_ms. Ratings always go one by one.
//  - retention and the status pull run on this thread too (they write, and may wait for readers or the
//    network: never on the UI thread). A failed pull is retried at the next interval; the store
//    keeps the cursor, so nothing is skipped.
// Clocks: waits use std::chrono::steady_clock (cv waits), each idle wait capped at idle_wait_cap_ms;
// the stored next_attempt_ms is wall-clock ms (see store.h for why a clock jump cannot freeze the queue).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "offline/platform_client.h"
#include "offline/store.h"

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
  int64_t offline_probe_cap_ms = 30000;  // longest whole-queue pause after a transport failure
  int64_t idle_wait_cap_ms = 30000;      // re-read the outbox at least this often when idle
  // Retention: applications whose outbox entries are all done are purged this many days after the
  // last acknowledgement (Store::purge_finished) — checked when the worker starts and then every
  // retention_check_ms. Negative: never purge.
  int retention_days = 30;
  int64_t retention_check_ms = 3'600'000;
  // Status pull (进度查询): every this many ms, unless the platform is unreachable, the worker pulls
  // the platform's status changes for this kiosk (PlatformClient::pull_status, own connection) and
  // records them with their cursor (Store::apply_status_updates). The first pull comes one interval
  // after start. 0 or less: never.
  int64_t status_pull_interval_ms = 300'000;
  // Catalog refresh: at start and then every this many ms (unless the platform is unreachable) the
  // worker revalidates the catalog with GET /api/v1/catalog and If-None-Match; a changed one (200) goes
  // to on_catalog, on the worker thread, which validates it before anything uses it. 0 or less, or no
  // on_catalog: never.
  int64_t catalog_refresh_interval_ms = 900'000;
  std::function<void(std::string catalog_json)> on_catalog;
  // Batch upload: at most this many applications per request (1 or less: never batch; capped at
  // kMaxBatchItems), and how long to stay with single uploads after the platform refused a batch.
  int batch_max_items = 50;
  int64_t batch_retry_after_ms = 600'000;
  StoreOptions store_options;
};

// One upload attempt of one outbox entry. The default sends kind "application" through
// PlatformClient::submit_application; tests and tools may substitute another.
using Uploader = std::function<SubmitResult(const OutboxEntry& entry)>;
// Called once on the worker thread, so whatever it makes (a curl handle) belongs to that thread.
using UploaderFactory = std::function<Uploader(const PlatformConfig& config)>;
UploaderFactory platform_uploader_factory();

// One batch attempt of several "application" entries: a result per entry in the same order, or
// nullopt when the platform cannot take batches (then they go one by one).
using BatchUploader =
    std::function<std::optional<std::vector<SubmitResult>>(const std::vector<const OutboxEntry*>& entries)>;
struct Uploaders {
  Uploader single;
  BatchUploader batch;  // may be empty: single uploads only
};
// Called once on the worker thread. The platform's pair shares one PlatformClient (one connection).
using UploadersFactory = std::function<Uploaders(const PlatformConfig& config)>;
UploadersFactory platform_uploaders_factory();

// The delay before the next attempt of an entry that has failed `attempts_before` times before this
// failure: max(Retry-After, random(0, min(cap, base·2^attempts_before))), never more than
// kMaxScheduleAheadMs.
int64_t retry_delay_ms(int attempts_before, int64_t base_ms, int64_t cap_ms, std::optional<long> retry_after_s);

class SyncEngine {
 public:
  SyncEngine(SyncConfig config, std::function<void(const SyncEvent&)> on_event);
  // Single uploads only, through `make_uploader` (tests, tools).
  SyncEngine(SyncConfig config, std::function<void(const SyncEvent&)> on_event, UploaderFactory make_uploader);
  SyncEngine(SyncConfig config, std::function<void(const SyncEvent&)> on_event, UploadersFactory make_uploaders);
  ~SyncEngine();  // stops and joins
  SyncEngine(const SyncEngine&) = delete;
  SyncEngine& operator=(const SyncEngine&) = delete;
  void start();
  // Returns once the worker has ended: at most one in-flight request (bounded by its total timeout)
  // plus one store operation later.
  void stop();
  void wake();  // something was submitted: look at the outbox now

 private:
  void run();
  // Waits up to `ms` (steady clock) or until stop() — and wake(), when `wake_ends_wait`. False once
  // stopping.
  bool wait_for(int64_t ms, bool wake_ends_wait);
  bool stopping();
  void emit(SyncEvent event);
  SyncConfig config_;
  std::function<void(const SyncEvent&)> on_event_;
  UploadersFactory make_uploaders_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

}  // namespace zhidui::offline
