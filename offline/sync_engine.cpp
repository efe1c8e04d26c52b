// sync_engine.cpp — see sync_engine.h for the decisions; this file is the loop that carries them out.
//
// Sections: backoff · the default uploader · lifecycle (start, stop, wake) · the worker loop.
#include "offline/sync_engine.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <exception>
#include <memory>
#include <vector>

#include "base/clock.h"
#include "base/log.h"
#include "base/sensitive.h"

namespace zhidui::offline {
namespace {

constexpr const char* kComponent = "sync";
constexpr int64_t kStoreRetryFirstMs = 1000;   // a store error (disk full, busy) is retried after this…
constexpr int64_t kStoreRetryMaxMs = 30000;    // …doubling up to this
constexpr int64_t kMinRetentionCheckMs = 50;   // a zero or negative interval must not become a busy loop
constexpr int kMaxStatusPagesPerPull = 20;     // then back to the outbox; the rest comes next interval

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::done: return "done";
    case Outcome::retry: return "retry";
    case Outcome::quarantine: return "quarantine";
    case Outcome::rejected: return "rejected";
    case Outcome::auth: return "auth";
  }
  return "?";
}

// "HTTP 503 unavailable: maintenance" — what goes to the store and the events (the client keeps
// personal data out of reasons). The client's reason usually names the status already.
std::string describe(const SubmitResult& r) {
  const std::string status = r.http_status == 0 ? std::string("network") : "HTTP " + std::to_string(r.http_status);
  if (r.reason.empty()) return status;
  if (r.http_status == 0 || r.reason.find(status) != std::string::npos) return r.reason;
  return status + ": " + r.reason;
}

}  // namespace

// --- backoff ---------------------------------------------------------------------------------------------

int64_t retry_delay_ms(int attempts_before, int64_t base_ms, int64_t cap_ms, std::optional<long> retry_after_s) {
  cap_ms = std::clamp<int64_t>(cap_ms, 0, kMaxScheduleAheadMs);
  base_ms = std::clamp<int64_t>(base_ms, 0, cap_ms);
  // base·2^attempts without overflow: stop doubling once the cap is reached.
  int64_t ceiling = base_ms;
  for (int i = 0; i < attempts_before && ceiling < cap_ms; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap_ms);
  // Full jitter (uniform in [0, ceiling]) spreads the retries of many kiosks after a platform outage.
  static_assert(kMaxScheduleAheadMs < int64_t(UINT32_MAX), "randombytes_uniform takes a uint32 bound");
  const int64_t jitter = ceiling <= 0 ? 0 : int64_t(randombytes_uniform(uint32_t(ceiling) + 1));
  int64_t delay = jitter;
  if (retry_after_s && *retry_after_s > 0)
    delay = std::max(delay, std::min<int64_t>(int64_t(*retry_after_s) * 1000, kMaxScheduleAheadMs));
  return std::min(delay, kMaxScheduleAheadMs);
}

// --- the default uploaders ---------------------------------------------------------------------------

namespace {

SubmitResult upload_one(PlatformClient& client, const OutboxEntry& entry) {
  if (entry.kind == "application") return client.submit_application(entry.uuid, entry.body);
  if (entry.kind == "rating") return client.submit_rating(entry.uuid, entry.body);
  SubmitResult unroutable;
  unroutable.outcome = Outcome::quarantine;
  unroutable.reason = "no upload route for outbox kind '" + entry.kind + "'";
  return unroutable;
}

}  // namespace

UploadersFactory platform_uploaders_factory() {
  return [](const PlatformConfig& config) -> Uploaders {
    // std::function must be copyable; the client (one curl handle) is shared by the copies, all of
    // which live on the worker thread.
    auto client = std::make_shared<PlatformClient>(config);
    Uploaders uploaders;
    uploaders.single = [client](const OutboxEntry& entry) { return upload_one(*client, entry); };
    uploaders.batch = [client](const std::vector<const OutboxEntry*>& entries)
        -> std::optional<std::vector<SubmitResult>> {
      std::vector<BatchItem> items;
      items.reserve(entries.size());
      for (const OutboxEntry* entry : entries) items.push_back({entry->uuid, entry->body});
      BatchSubmitResult result = client->submit_application_batch(items);
      for (BatchItem& item : items) zhidui::wipe(item.body);
      if (result.use_single_uploads) {
        log::info(kComponent, "the platform takes no batch (" + result.reason + "); uploading one by one");
        return std::nullopt;
      }
      return std::move(result.items);
    };
    return uploaders;
  };
}

UploaderFactory platform_uploader_factory() {
  return [](const PlatformConfig& config) -> Uploader { return platform_uploaders_factory()(config).single; };
}

// --- lifecycle -----------------------------------------------------------------------------------------

SyncEngine::SyncEngine(SyncConfig config, std::function<void(const SyncEvent&)> on_event)
    : SyncEngine(std::move(config), std::move(on_event), platform_uploaders_factory()) {}

SyncEngine::SyncEngine(SyncConfig config, std::function<void(const SyncEvent&)> on_event,
                       UploaderFactory make_uploader)
    : SyncEngine(std::move(config), std::move(on_event),
                 UploadersFactory([make_uploader = std::move(make_uploader)](const PlatformConfig& platform) {
                   assert(make_uploader && "SyncEngine needs an uploader factory");
                   return Uploaders{make_uploader(platform), {}};
                 })) {}

SyncEngine::SyncEngine(SyncConfig config, std::function<void(const SyncEvent&)> on_event,
                       UploadersFactory make_uploaders)
    : config_(std::move(config)), on_event_(std::move(on_event)), make_uploaders_(std::move(make_uploaders)) {
  assert(make_uploaders_ && "SyncEngine needs an uploader factory");
}

SyncEngine::~SyncEngine() { stop(); }

void SyncEngine::start() {
  assert(!thread_.joinable() && "SyncEngine::start called twice");
  {
    std::lock_guard lock(mutex_);
    stop_ = false;
    woken_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void SyncEngine::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncEngine::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_all();
}

bool SyncEngine::wait_for(int64_t ms, bool wake_ends_wait) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(ms, 0)),
               [&] { return stop_ || (wake_ends_wait && woken_); });
  if (wake_ends_wait) woken_ = false;
  return !stop_;
}

bool SyncEngine::stopping() {
  std::lock_guard lock(mutex_);
  return stop_;
}

void SyncEngine::emit(SyncEvent event) {
  if (!on_event_) return;
  // The callback belongs to the UI side; whatever it does, it must not end this thread (an exception
  // escaping a std::thread terminates the kiosk).
  try {
    on_event_(event);
  } catch (const std::exception& e) {
    log::error(kComponent, std::string("event callback threw: ") + e.what());
  } catch (...) {
    log::error(kComponent, "event callback threw");
  }
}

// --- the worker loop -----------------------------------------------------------------------------------

void SyncEngine::run() {
  // The worker's own connection: a Store is used by one thread only.
  std::unique_ptr<Store> store;
  for (int64_t wait = kStoreRetryFirstMs; !store;) {
    auto opened = Store::open(config_.db_path, config_.key_path, config_.store_options);
    if (opened.ok()) {
      store = std::move(opened).value();
      break;
    }
    log::error(kComponent, "cannot open the store: " + opened.error().message);
    if (!wait_for(wait, false)) return;
    wait = std::min(wait * 2, kStoreRetryMaxMs);
  }
  Uploaders uploaders = make_uploaders_(config_.platform);
  assert(uploaders.single && "an Uploaders needs its single uploader");
  const size_t batch_max = size_t(std::clamp<int64_t>(config_.batch_max_items, 1, int64_t(kMaxBatchItems)));
  int64_t batch_refused_until = 0;  // steady ms: single uploads only until then

  enum class Link { unknown, online, offline } link = Link::unknown;
  int consecutive_transport_failures = 0;
  int64_t queue_paused_until = 0;  // steady ms: after a transport failure nothing is tried before it
  int64_t store_error_wait = kStoreRetryFirstMs;

  auto store_failed = [&](const std::string& what, const Error& error) {
    log::error(kComponent, what + ": " + error.message);
    bool go_on = wait_for(store_error_wait, false);
    store_error_wait = std::min(store_error_wait * 2, kStoreRetryMaxMs);
    return go_on;
  };

  int64_t next_retention_check = clock::steady_ms();  // steady ms; first check at once
  auto run_retention_if_due = [&] {
    if (config_.retention_days < 0 || clock::steady_ms() < next_retention_check) return;
    next_retention_check = clock::steady_ms() + std::max<int64_t>(config_.retention_check_ms, kMinRetentionCheckMs);
    auto purged = store->purge_finished(config_.retention_days, clock::wall_ms());
    if (!purged.ok()) log::warn(kComponent, "retention purge failed (retried later): " + purged.error().message);
  };

  std::unique_ptr<PlatformClient> status_client;  // status pulls and catalog refreshes: their own connection
  int64_t next_status_pull = clock::steady_ms() + config_.status_pull_interval_ms;  // steady ms
  auto pull_status_if_due = [&] {
    if (config_.status_pull_interval_ms <= 0 || link == Link::offline || clock::steady_ms() < next_status_pull) return;
    next_status_pull = clock::steady_ms() + config_.status_pull_interval_ms;
    if (!status_client) status_client = std::make_unique<PlatformClient>(config_.platform);
    for (int page = 0; page < kMaxStatusPagesPerPull && !stopping(); ++page) {
      auto cursor = store->status_cursor();
      if (!cursor.ok()) return log::warn(kComponent, "status pull: " + cursor.error().message);
      auto pulled = status_client->pull_status(cursor.value());
      if (!pulled.ok()) return log::warn(kComponent, "status pull (" + pulled.error().code + "): " + pulled.error().message);
      std::vector<ApplicationStatusUpdate> updates;
      for (const auto& change : pulled->changes) updates.push_back({change.uuid, change.status, change.changed_at});
      if (Status s = store->apply_status_updates(updates, pulled->cursor); !s.ok())
        return log::warn(kComponent, "recording status changes: " + s.error().message);
      if (!updates.empty()) log::info(kComponent, "recorded " + std::to_string(updates.size()) + " status change(s)");
      if (!pulled->more) return;
    }
  };

  std::string catalog_etag;  // of the last catalog fetched; in memory: a restart fetches it once more
  int64_t next_catalog_refresh = clock::steady_ms();
  const bool refreshes_catalog = config_.catalog_refresh_interval_ms > 0 && config_.on_catalog;
  auto refresh_catalog_if_due = [&] {
    if (!refreshes_catalog || link == Link::offline || clock::steady_ms() < next_catalog_refresh) return;
    next_catalog_refresh = clock::steady_ms() + config_.catalog_refresh_interval_ms;
    if (!status_client) status_client = std::make_unique<PlatformClient>(config_.platform);
    auto fetched = status_client->fetch_catalog(catalog_etag);
    if (!fetched.ok()) return log::warn(kComponent, "catalog refresh (" + fetched.error().code + "): " + fetched.error().message);
    if (fetched->not_modified) return;
    log::info(kComponent, "the platform offers a changed catalog (" + std::to_string(fetched->body.size()) + " bytes)");
    catalog_etag = fetched->etag;
    config_.on_catalog(std::move(fetched->body));
  };

  // After acknowledgements were recorded: the first success after "offline" releases the backlog.
  auto note_online = [&](int64_t now) {
    store_error_wait = kStoreRetryFirstMs;
    consecutive_transport_failures = 0;
    if (link == Link::online) return;
    const bool was_offline = link == Link::offline;
    link = Link::online;
    emit({SyncEvent::Kind::online, {}, {}, {}});
    if (was_offline) {
      if (Status r = store->reschedule_pending_now(now); !r.ok())
        log::warn(kComponent, "could not release the backlog: " + r.error().message);
    }
  };

  // Acknowledged means the platform's record id is in hand (§4); a bare 2xx is not enough. Only an
  // application has one: a rating is done when the platform says it is stored ("rated").
  auto require_acceptance_no = [](SubmitResult& result) {
    if (result.outcome == Outcome::done && result.acceptance_no.empty()) {
      result.outcome = Outcome::retry;
      result.reason = "2xx without an acceptance number";
    }
  };

  // Records an outcome other than done for one entry. False when the worker must stop. Sets
  // `transport_failure` when no HTTP answer arrived (the caller pauses the queue once).
  auto settle_failure = [&](const OutboxEntry& entry, const SubmitResult& result, int64_t now,
                            bool& transport_failure) -> bool {
    const std::string reason = describe(result);
    if (result.outcome == Outcome::quarantine || result.outcome == Outcome::rejected) {
      const std::string dead_reason = std::string(outcome_name(result.outcome)) + ": " + reason;
      if (Status s = store->mark_dead(entry.seq, dead_reason); !s.ok()) return store_failed("recording a dead letter", s.error());
      store_error_wait = kStoreRetryFirstMs;
      emit({SyncEvent::Kind::dead, entry.uuid, {}, dead_reason});
      return true;
    }
    // retry or auth
    const bool platform_answered = result.http_status != 0;
    const int attempts_after = entry.attempts + 1;
    if (result.outcome == Outcome::retry && platform_answered && attempts_after >= config_.max_attempts) {
      const std::string dead_reason = "gave up after " + std::to_string(attempts_after) + " attempts; last: " + reason;
      if (Status s = store->mark_dead(entry.seq, dead_reason); !s.ok()) return store_failed("recording a dead letter", s.error());
      store_error_wait = kStoreRetryFirstMs;
      emit({SyncEvent::Kind::dead, entry.uuid, {}, dead_reason});
      return true;
    }
    const int64_t delay =
        retry_delay_ms(entry.attempts, config_.backoff_base_ms, config_.backoff_cap_ms, result.retry_after_s);
    const std::string retry_reason = (result.outcome == Outcome::auth ? "auth: " : "") + reason;
    if (Status s = store->mark_retry(entry.seq, now + delay, retry_reason); !s.ok())
      return store_failed("scheduling a retry", s.error());
    store_error_wait = kStoreRetryFirstMs;
    if (result.outcome == Outcome::retry && result.http_status == 0) {
      transport_failure = true;
      if (link != Link::offline) {
        link = Link::offline;
        emit({SyncEvent::Kind::offline, {}, {}, reason});
      }
    }
    emit({SyncEvent::Kind::retry_scheduled, entry.uuid, {}, retry_reason});
    return true;
  };

  // No Retry-After here: a transport failure has no answer to carry one (the entry's own delay
  // honours one if a client ever reports it).
  auto pause_queue = [&] {
    const int64_t pause = retry_delay_ms(consecutive_transport_failures++, config_.backoff_base_ms,
                                         std::min(config_.backoff_cap_ms, config_.offline_probe_cap_ms), std::nullopt);
    queue_paused_until = clock::steady_ms() + pause;
  };

  // One batch attempt; false when the worker must stop, nullopt when the platform takes no batch.
  auto upload_batch = [&](std::vector<OutboxEntry>& entries) -> std::optional<bool> {
    std::vector<const OutboxEntry*> pointers;
    for (const OutboxEntry& e : entries) pointers.push_back(&e);
    std::optional<std::vector<SubmitResult>> results = uploaders.batch(pointers);
    if (!results) {
      batch_refused_until = clock::steady_ms() + std::max<int64_t>(config_.batch_retry_after_ms, 0);
      return std::nullopt;
    }
    if (results->size() != entries.size()) {
      // A broken uploader: nothing can be concluded; the entries stay pending as they are.
      log::error(kComponent, "batch uploader answered " + std::to_string(results->size()) + " results for " +
                                 std::to_string(entries.size()) + " entries");
      batch_refused_until = clock::steady_ms() + std::max<int64_t>(config_.batch_retry_after_ms, 0);
      return std::nullopt;
    }
    const int64_t now = clock::wall_ms();
    std::vector<Acknowledgement> acknowledgements;
    for (size_t i = 0; i < entries.size(); ++i) {
      require_acceptance_no((*results)[i]);
      if ((*results)[i].outcome == Outcome::done)
        acknowledgements.push_back({entries[i].seq, (*results)[i].acceptance_no, (*results)[i].platform_status});
    }
    if (!acknowledgements.empty()) {
      // One transaction for the whole batch. If it fails the entries stay pending, and their next upload
      // is answered from the platform's idempotency records: nothing is lost or duplicated.
      if (Status s = store->mark_done_many(acknowledgements); !s.ok()) return store_failed("recording acknowledgements", s.error());
      note_online(now);
    }
    bool transport_failure = false;
    for (size_t i = 0; i < entries.size(); ++i) {
      const SubmitResult& result = (*results)[i];
      if (result.outcome == Outcome::done) {
        emit({SyncEvent::Kind::acknowledged, entries[i].uuid, result.acceptance_no, {}});
        continue;
      }
      if (!settle_failure(entries[i], result, now, transport_failure)) return false;
    }
    if (transport_failure) pause_queue();
    return true;
  };

  while (!stopping()) {
    run_retention_if_due();
    pull_status_if_due();
    refresh_catalog_if_due();
    if (const int64_t paused_ms = queue_paused_until - clock::steady_ms(); paused_ms > 0) {
      // Offline: a new submission (wake) does not end the pause; it will go with the next probe.
      if (!wait_for(paused_ms, false)) break;
      continue;
    }

    if (uploaders.batch && batch_max > 1 && clock::steady_ms() >= batch_refused_until) {
      auto due = store->next_due_batch(clock::wall_ms(), "application", batch_max);
      if (!due.ok()) {
        if (!store_failed("reading the outbox", due.error())) break;
        continue;
      }
      std::vector<OutboxEntry> entries = std::move(due).value();
      struct WipeAll {
        std::vector<OutboxEntry>& entries;
        ~WipeAll() {
          for (auto& e : entries) zhidui::wipe(e.body);
        }
      } wipe_bodies{entries};
      if (entries.size() >= 2) {
        std::optional<bool> went_on = upload_batch(entries);
        if (went_on && !*went_on) break;
        if (went_on) continue;
        // The platform takes no batch: these go one by one below.
      }
    }

    auto due = store->next_due(clock::wall_ms());
    if (!due.ok()) {
      if (!store_failed("reading the outbox", due.error())) break;
      continue;
    }
    if (!due.value()) {
      auto until = store->ms_until_next_due(clock::wall_ms());
      int64_t wait = config_.idle_wait_cap_ms;
      if (until.ok() && until.value()) wait = std::clamp<int64_t>(*until.value(), 0, config_.idle_wait_cap_ms);
      if (config_.retention_days >= 0) wait = std::min(wait, std::max<int64_t>(0, next_retention_check - clock::steady_ms()));
      if (config_.status_pull_interval_ms > 0 && link != Link::offline)
        wait = std::min(wait, std::max<int64_t>(0, next_status_pull - clock::steady_ms()));
      if (refreshes_catalog && link != Link::offline)
        wait = std::min(wait, std::max<int64_t>(0, next_catalog_refresh - clock::steady_ms()));
      if (!wait_for(wait, true)) break;
      continue;
    }
    OutboxEntry entry = std::move(*due.value());
    // The body carries personal data in plaintext: gone from memory once this attempt is handled.
    struct WipeOnExit {
      std::string& text;
      ~WipeOnExit() { zhidui::wipe(text); }
    } wipe_body{entry.body};

    SubmitResult result = uploaders.single(entry);
    const bool application = entry.kind == "application";
    if (application) require_acceptance_no(result);
    const int64_t now = clock::wall_ms();

    if (result.outcome == Outcome::done) {
      Status s = store->mark_done(entry.seq, result.acceptance_no, result.platform_status);
      if (!s.ok()) {
        // The platform has it; the entry stays pending and its next upload is answered from the
        // platform's idempotency record. Nothing is lost or duplicated.
        if (!store_failed("recording an acknowledgement", s.error())) break;
        continue;
      }
      note_online(now);
      // "acknowledged" tells the session an application's acceptance number; a rating has none to tell.
      if (application) emit({SyncEvent::Kind::acknowledged, entry.uuid, result.acceptance_no, {}});
      else log::info(kComponent, entry.kind + " of " + entry.uuid + " uploaded");
      continue;
    }
    bool transport_failure = false;
    if (!settle_failure(entry, result, now, transport_failure)) break;
    if (transport_failure) pause_queue();
  }
}

}  // namespace zhidui::offline
