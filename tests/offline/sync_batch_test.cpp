// sync_batch_test.cpp — batch upload (POST /api/v1/applications/batch) through the sync engine:
// 1,000 queued applications drain through platform-sim while it drops answers after committing,
// resets connections, answers 503 and delays, and end as exactly 1,000 records with the kiosk holding
// each one's own acceptance number (zero lost, zero duplicated); a bad item is a dead letter while the
// rest of its batch is accepted; an older platform without the batch route gets single uploads.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "base/uuid.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "tests/offline/platform_sim_process.h"
#include "tests/offline/test_support.h"
#include "tools/platform-sim/http.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::PlatformSimProcess;

constexpr const char* kKiosk = "kiosk-batch-01";

struct Kiosk {
  TempDir dir;
  std::unique_ptr<Store> store;
  Kiosk() {
    auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    if (opened.ok()) store = std::move(opened).value();
  }
  std::string submit(const std::string& body_override = {}, const std::string& created_at = "2026-11-25T01:00:00Z") {
    NewApplication app = made_up_application(created_at);
    app.upload_body = body_override.empty() ? testing::sample_application_body(app.uuid, kKiosk) : body_override;
    EXPECT_TRUE(store->submit(app).ok());
    return app.uuid;
  }
  SyncConfig config(const std::string& url, const std::string& token) const {
    return quick_sync_config(dir.path(), url, token, kKiosk);
  }
  // Polls (from this thread's own connection) until nothing is pending, or the bound passes.
  bool wait_drained(std::chrono::seconds bound) {
    auto deadline = std::chrono::steady_clock::now() + bound;
    while (std::chrono::steady_clock::now() < deadline) {
      if (value_or_fail(store->pending_count()) == 0) return true;
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }
};

// uuid → acceptance number, from the platform's own file.
std::map<std::string, std::string> platform_records(const std::string& db_path) {
  std::map<std::string, std::string> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT uuid, acceptance_no FROM applications", -1, &stmt, nullptr) == SQLITE_OK)
      while (sqlite3_step(stmt) == SQLITE_ROW)
        out[reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))] =
            reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

// 1,000 in `make test`; ZHIDUI_DRAIN_APPLICATIONS=10000 for a soak run.
TEST(SyncBatch, AThousandApplicationsDrainThroughFaultsExactlyOnce) {
  int count = 1000;
  if (const char* env = std::getenv("ZHIDUI_DRAIN_APPLICATIONS")) count = std::max(1, std::atoi(env));
  if (!fs::exists(PlatformSimProcess::binary())) GTEST_SKIP() << "platform-sim not built";
  PlatformSimProcess sim;
  const std::string url = sim.start({"--log-level", "warn", "--seed", "5", "--fault", "drop_after_commit:p=0.2",
                                     "--fault", "reset:p=0.05", "--fault", "status_5xx:p=0.05", "--fault",
                                     "delay_ms:max=5000"});  // latency 0-5 s per request
  ASSERT_FALSE(url.empty()) << sim.error();
  Kiosk kiosk;
  std::vector<std::string> uuids;
  for (int i = 0; i < count; ++i) uuids.push_back(kiosk.submit());

  std::atomic<int> acknowledged{0}, dead{0};
  SyncEngine engine(kiosk.config(url, sim.token()), [&](const SyncEvent& e) {
    if (e.kind == SyncEvent::Kind::acknowledged) ++acknowledged;
    if (e.kind == SyncEvent::Kind::dead) ++dead;
  });
  engine.start();
  const bool drained = kiosk.wait_drained(std::chrono::seconds(120 + count / 20));
  engine.stop();
  ASSERT_TRUE(drained) << value_or_fail(kiosk.store->pending_count()) << " still pending";
  EXPECT_EQ(dead.load(), 0);
  EXPECT_EQ(acknowledged.load(), count) << "each entry acknowledged once";

  auto records = platform_records(sim.db_path());
  EXPECT_EQ(records.size(), size_t(count)) << "zero lost, zero duplicated on the platform";
  for (const auto& uuid : uuids) {
    auto app = app_or_fail(*kiosk.store, uuid);
    ASSERT_TRUE(records.count(uuid)) << "lost: " << uuid;
    EXPECT_EQ(app.acceptance_no, records[uuid]) << "the kiosk holds another number than the platform's record";
  }
  auto stats = nlohmann::json::parse(sim.admin_get("/admin/stats").body, nullptr, false);
  ASSERT_TRUE(stats.is_object());
  EXPECT_GT(stats["requests"]["batch"].get<int64_t>(), 0) << "the engine used batches";
  EXPECT_GT(stats["requests"]["faults_injected"].get<int64_t>(), 0) << "the faults fired";
  EXPECT_GT(stats["requests"]["replayed"].get<int64_t>(), 0) << "answers lost after commit were replayed";
}

TEST(SyncBatch, ABadItemIsADeadLetterAndTheRestOfItsBatchIsAccepted) {
  if (!fs::exists(PlatformSimProcess::binary())) GTEST_SKIP() << "platform-sim not built";
  PlatformSimProcess sim;
  const std::string url = sim.start({"--log-level", "warn"});
  ASSERT_FALSE(url.empty()) << sim.error();
  Kiosk kiosk;
  const std::string good1 = kiosk.submit();
  const std::string bad = kiosk.submit(R"({"not":"an application"})");
  const std::string good2 = kiosk.submit();
  std::atomic<int> acknowledged{0}, dead{0};
  std::mutex mutex;
  std::string dead_reason;
  SyncEngine engine(kiosk.config(url, sim.token()), [&](const SyncEvent& e) {
    if (e.kind == SyncEvent::Kind::acknowledged) ++acknowledged;
    if (e.kind == SyncEvent::Kind::dead) {
      std::lock_guard lock(mutex);
      dead_reason = e.reason;
      ++dead;
    }
  });
  engine.start();
  ASSERT_TRUE(kiosk.wait_drained(20s));
  engine.stop();
  EXPECT_EQ(acknowledged.load(), 2);
  EXPECT_EQ(dead.load(), 1);
  EXPECT_NE(dead_reason.find("quarantine"), std::string::npos) << dead_reason;
  EXPECT_FALSE(app_or_fail(*kiosk.store, good1).acceptance_no.empty());
  EXPECT_FALSE(app_or_fail(*kiosk.store, good2).acceptance_no.empty());
  EXPECT_TRUE(app_or_fail(*kiosk.store, bad).acceptance_no.empty());
  auto stats = nlohmann::json::parse(sim.admin_get("/admin/stats").body, nullptr, false);
  EXPECT_EQ(stats["requests"]["batch"].get<int64_t>(), 1) << "one batch carried all three";
}

// An older platform: POST /api/v1/applications only (cpp-httplib answers 404 for the batch route).
TEST(SyncBatch, AnOlderPlatformWithoutTheBatchRouteGetsSingleUploads) {
  httplib::Server server;
  std::atomic<int> singles{0}, batches{0};
  std::mutex mutex;
  std::map<std::string, std::string> numbers;  // key → acceptance number: replays answer the same
  server.Post("/api/v1/applications", [&](const httplib::Request& req, httplib::Response& res) {
    ++singles;
    std::lock_guard lock(mutex);
    const std::string key = req.get_header_value("Idempotency-Key");
    if (!numbers.count(key)) numbers[key] = "OLD" + std::to_string(numbers.size() + 1);
    res.status = 201;
    res.set_content(nlohmann::json{{"acceptance_no", numbers[key]}, {"status", "accepted"}}.dump(), "application/json");
  });
  server.set_logger([&](const httplib::Request& req, const httplib::Response&) {
    if (req.path == "/api/v1/applications/batch") ++batches;
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread serving([&] { server.listen_after_bind(); });

  Kiosk kiosk;
  std::vector<std::string> uuids;
  for (int i = 0; i < 5; ++i) uuids.push_back(kiosk.submit());
  SyncEngine engine(kiosk.config("http://127.0.0.1:" + std::to_string(port), "t"), nullptr);
  engine.start();
  const bool drained = kiosk.wait_drained(20s);
  engine.stop();
  server.stop();
  serving.join();
  ASSERT_TRUE(drained);
  EXPECT_EQ(batches.load(), 1) << "tried once, then single uploads for batch_retry_after_ms";
  EXPECT_EQ(singles.load(), 5);
  for (const auto& uuid : uuids) EXPECT_FALSE(app_or_fail(*kiosk.store, uuid).acceptance_no.empty());
}

// Offline for a week: a hall whose line is down keeps taking applications (and their ratings) for seven
// days, the kiosk keeps probing far more often than max_attempts, and nothing becomes a dead letter; when
// the line is back the backlog drains, each rating only after its own application.
TEST(SyncBatch, AWeekOfflineDrainsWhenTheLineIsBackInOrderPerApplication) {
  if (!fs::exists(PlatformSimProcess::binary())) GTEST_SKIP() << "platform-sim not built";
  PlatformSimProcess sim;
  const std::string url = sim.start({"--log-level", "warn", "--fault", "reset"});  // every upload: no answer
  ASSERT_FALSE(url.empty()) << sim.error();
  Kiosk kiosk;
  std::vector<std::string> uuids;
  for (int day = 0; day < 7; ++day)
    for (int i = 0; i < 60; ++i) {
      char at[32];
      std::snprintf(at, sizeof at, "2026-11-%02dT%02d:%02d:00Z", 18 + day, 1 + i / 6, (i % 6) * 10);
      uuids.push_back(kiosk.submit({}, at));
      if (i % 5 == 0) {
        const std::string rating = std::string(R"({"level":5,"channel":"kiosk","kiosk_id":")") + kKiosk +
                                   R"(","rated_at":")" + at + "\"}";
        ASSERT_TRUE(kiosk.store->enqueue(uuids.back(), "rating", rating).ok());
      }
    }
  SyncConfig config = kiosk.config(url, sim.token());
  config.max_attempts = 3;  // a week of probing is far more than this: offline must not count
  std::atomic<int> dead{0}, acknowledged{0};
  SyncEngine engine(config, [&](const SyncEvent& e) {
    if (e.kind == SyncEvent::Kind::dead && dead++ == 0) ADD_FAILURE() << "first dead letter: " << e.reason;
    if (e.kind == SyncEvent::Kind::acknowledged) ++acknowledged;
  });
  engine.start();
  std::this_thread::sleep_for(3s);  // ~15 probes at the 200 ms offline cap
  EXPECT_EQ(value_or_fail(kiosk.store->pending_count()), int64_t(uuids.size() + uuids.size() / 5));
  EXPECT_TRUE(platform_records(sim.db_path()).empty());

  ASSERT_EQ(sim.set_faults({}).status, 200);  // the line is back
  const bool drained = kiosk.wait_drained(120s);
  engine.stop();
  ASSERT_TRUE(drained) << value_or_fail(kiosk.store->pending_count()) << " still pending";
  EXPECT_EQ(dead.load(), 0) << "a rating sent before its application, or offline counted as failures";
  auto records = platform_records(sim.db_path());
  EXPECT_EQ(records.size(), uuids.size());
  for (const auto& uuid : uuids) EXPECT_TRUE(records.count(uuid)) << uuid;
  EXPECT_EQ(acknowledged.load(), int(uuids.size()));  // each application once (ratings are not announced)
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(sim.db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM ratings", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), int(uuids.size() / 5)) << "every rating reached the platform";
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

}  // namespace
}  // namespace zhidui::offline
