// store_retention_test.cpp — Store::purge_finished: finished applications older than the retention go
// with their personal data (the sealed bytes are no longer anywhere in the database file or its WAL),
// while pending, dead and recently finished ones stay.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/uuid.h"
#include "offline/store.h"
#include "offline/sync_engine.h"

#include "tests/offline/test_support.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kDayMs = 86'400'000;
// Made-up canaries (test data only).
const std::string kCanaryName = "退休金丝雀测试";
const std::string kCanaryId = "430105196001010099";

NewApplication canary_app(const std::string& uuid) {
  NewApplication app;
  app.uuid = uuid;
  app.policy_id = "hn-pension-subsidy";
  app.policy_title = "养老补贴";
  app.created_at = "2026-01-01T08:00:00Z";
  app.personal = {kCanaryName, kCanaryId, "湖南省长沙市测试路1号", "13900000000", "6222000000000000001"};
  app.upload_body = R"({"uuid":")" + uuid + R"(","applicant":{"name":")" + kCanaryName + R"("}})";
  return app;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int64_t wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The sealed bytes as stored (what secure_delete must zero), read over a second connection.
std::vector<std::string> sealed_values(const std::string& db_path, const std::string& uuid) {
  std::vector<std::string> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    const char* sql =
        "SELECT name FROM applications WHERE uuid = ?1 UNION ALL SELECT id_number FROM applications WHERE uuid = ?1"
        " UNION ALL SELECT body FROM outbox WHERE uuid = ?1";
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK) {
      sqlite3_bind_text(stmt, 1, uuid.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(stmt) == SQLITE_ROW)
        out.emplace_back(static_cast<const char*>(sqlite3_column_blob(stmt, 0)), size_t(sqlite3_column_bytes(stmt, 0)));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return out;
}

// Submits one application and takes its first outbox entry to `state` (pending: left alone).
void submit_as(Store& store, const std::string& uuid, OutboxState state) {
  ASSERT_TRUE(store.submit(canary_app(uuid)).ok());
  if (state == OutboxState::pending) return;
  auto entries = store.outbox_entries(OutboxState::pending);
  ASSERT_TRUE(entries.ok());
  for (const auto& e : entries.value()) {
    if (e.uuid != uuid) continue;
    Status s = state == OutboxState::done ? store.mark_done(e.seq, "SL-" + uuid.substr(0, 8), "accepted")
                                          : store.mark_dead(e.seq, "rejected: HTTP 403 test");
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
}

TEST(StoreRetention, PurgesOnlyFinishedApplicationsPastTheRetention) {
  TempDir dir;
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = *opened.value();
  const std::string finished = make_uuid_v4(), pending = make_uuid_v4(), dead = make_uuid_v4(),
                    rating_pending = make_uuid_v4();
  submit_as(store, finished, OutboxState::done);
  submit_as(store, pending, OutboxState::pending);
  submit_as(store, dead, OutboxState::dead);
  submit_as(store, rating_pending, OutboxState::done);
  ASSERT_TRUE(store.enqueue(rating_pending, "rating", R"({"score":5})").ok());  // its rating not yet sent

  // Within the retention: nothing goes.
  auto none = store.purge_finished(30, wall_now_ms() + 29 * kDayMs);
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(none.value(), 0);

  auto purged = store.purge_finished(30, wall_now_ms() + 31 * kDayMs);
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_EQ(purged.value(), 1);
  EXPECT_FALSE(store.application(finished).value().has_value());
  for (const auto& kept : {pending, dead, rating_pending}) {
    auto app = store.application(kept);
    ASSERT_TRUE(app.ok() && app.value().has_value()) << "kept " << kept;
    EXPECT_EQ(app.value()->personal.name, kCanaryName) << "still readable";
  }
  auto counts = store.outbox_counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->pending, 2);  // the pending application and the rating
  EXPECT_EQ(counts->dead, 1);
  EXPECT_EQ(counts->done, 1);     // rating_pending's application entry

  // A clock set back a year purges nothing.
  auto back = store.purge_finished(0, wall_now_ms() - 365 * kDayMs);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), 0);
  EXPECT_FALSE(store.purge_finished(-1, wall_now_ms()).ok());
}

TEST(StoreRetention, PurgedPersonalBytesAreGoneFromTheFileAndTheWal) {
  TempDir dir;
  const std::string db_path = dir.file("kiosk.db");
  auto opened = Store::open(db_path, dir.file("field.key"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = *opened.value();
  const std::string finished = make_uuid_v4(), pending = make_uuid_v4();
  submit_as(store, finished, OutboxState::done);
  submit_as(store, pending, OutboxState::pending);

  const std::vector<std::string> purged_bytes = sealed_values(db_path, finished);
  const std::vector<std::string> kept_bytes = sealed_values(db_path, pending);
  ASSERT_EQ(purged_bytes.size(), 3u);
  ASSERT_EQ(kept_bytes.size(), 3u);
  // Before: the sealed values are on disk (in the WAL until a checkpoint copies them).
  ASSERT_TRUE(store.checkpoint().ok());
  std::string before = read_bytes(db_path) + read_bytes(db_path + "-wal");
  for (const auto& sealed : purged_bytes) ASSERT_NE(before.find(sealed), std::string::npos) << "test premise";

  auto purged = store.purge_finished(0, wall_now_ms() + 1000);
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  ASSERT_EQ(purged.value(), 1);
  ASSERT_TRUE(store.checkpoint().ok());

  const std::string after = read_bytes(db_path) + read_bytes(db_path + "-wal");
  for (const auto& sealed : purged_bytes)
    EXPECT_EQ(after.find(sealed), std::string::npos) << "purged ciphertext still in the file (" << sealed.size() << " bytes)";
  for (const auto& sealed : kept_bytes) EXPECT_NE(after.find(sealed), std::string::npos) << "kept one must stay";
  EXPECT_EQ(after.find(kCanaryName), std::string::npos) << "never in plaintext";
  EXPECT_EQ(after.find(kCanaryId), std::string::npos) << "never in plaintext";

  // The store stays healthy and usable.
  opened.value().reset();
  auto reopened = Store::open(db_path, dir.file("field.key"));
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  EXPECT_TRUE(reopened.value()->application(pending).value().has_value());
}

// The sync worker runs the retention itself: with 0 days, an acknowledged application goes within a
// check interval, while a dead one stays.
TEST(StoreRetention, TheSyncWorkerPurgesOnItsOwn) {
  TempDir dir;
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = *opened.value();
  const std::string acknowledged = make_uuid_v4(), refused = make_uuid_v4();
  ASSERT_TRUE(store.submit(canary_app(acknowledged)).ok());
  ASSERT_TRUE(store.submit(canary_app(refused)).ok());

  SyncConfig config;
  config.db_path = dir.file("kiosk.db");
  config.key_path = dir.file("field.key");
  config.platform.base_url = "http://unused.invalid";
  config.retention_days = 0;
  config.retention_check_ms = 50;
  auto factory = [&](const PlatformConfig&) -> Uploader {
    return [&](const OutboxEntry& entry) {
      SubmitResult r;
      r.http_status = entry.uuid == acknowledged ? 201 : 410;
      r.outcome = entry.uuid == acknowledged ? Outcome::done : Outcome::rejected;
      r.acceptance_no = entry.uuid == acknowledged ? "HN-RETAIN-1" : "";
      return r;
    };
  };
  SyncEngine engine(config, nullptr, factory);
  engine.start();
  bool gone = false;
  for (int i = 0; i < 200 && !gone; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto app = store.application(acknowledged);
    // Acknowledged at second precision: a purge with 0 days takes it once the clock passed that second.
    gone = app.ok() && !app.value().has_value();
  }
  engine.stop();
  EXPECT_TRUE(gone) << "the worker did not purge the acknowledged application within 4 s";
  auto kept = store.application(refused);
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept.value().has_value()) << "a dead letter stays for the technician";
}

}  // namespace
}  // namespace zhidui::offline
