// store_progress_test.cpp — 进度查询 offline: Store::applications_for_person finds a person's
// applications through the keyed blind index (no ID number in clear, nothing decrypted), and
// Store::application_progress returns what this kiosk learnt: submitted, acknowledged with the
// acceptance number, status pulls. Also: migration 2 upgrades a version-1 database holding data
// (index backfilled, history seeded), and purging an application removes its history.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <string>

#include "base/uuid.h"
#include "offline/store.h"
#include "tests/offline/test_support.h"

namespace zhidui::offline {
namespace {

const std::string kZhangWei = "430104199003070138";
const std::string kLiXiuying = "43030219620415024X";  // an X check character, to test normalisation

NewApplication make_app(const std::string& id_number, const std::string& title) {
  NewApplication app;
  app.uuid = make_uuid_v4();
  app.policy_id = "cs-rlzy-ycxcybt";
  app.policy_title = title;
  app.created_at = "2026-11-25T01:00:00Z";
  app.personal = {"张伟", id_number, "长沙", "13800000000", "6222000000001234"};
  app.upload_body = R"({"uuid":")" + app.uuid + R"("})";
  return app;
}

std::unique_ptr<Store> open_store(const TempDir& dir) {
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
  EXPECT_TRUE(opened.ok()) << opened.error().code << ": " << opened.error().message;
  return opened.ok() ? std::move(opened).value() : nullptr;
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  char* msg = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg), SQLITE_OK) << (msg ? msg : "");
  sqlite3_free(msg);
  sqlite3_close(db);
}

// Acknowledges the oldest due entry as the sync engine would.
int64_t acknowledge_next(Store& store, const std::string& acceptance_no) {
  auto due = value_or_fail(store.next_due(now_ms()));
  if (!due) {
    ADD_FAILURE() << "nothing due";
    return 0;
  }
  EXPECT_TRUE(store.mark_done(due->seq, acceptance_no, "accepted").ok());
  return due->seq;
}

TEST(StoreProgress, APersonsApplicationsAreFoundWithoutTheNumberInClear) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  auto first = make_app(kZhangWei, "长沙市一次性创业补贴");
  auto other = make_app(kLiXiuying, "湘潭市高龄津贴");
  auto second = make_app(kZhangWei, "长沙市创业担保贷款贴息");
  for (auto* app : {&first, &other, &second}) ASSERT_TRUE(store->submit(*app).ok());
  acknowledge_next(*store, "HN20261125000001");  // `first`

  auto mine = value_or_fail(store->applications_for_person(kZhangWei));
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].uuid, second.uuid) << "newest first";
  EXPECT_EQ(mine[0].status, "submitted");
  EXPECT_EQ(mine[0].upload, OutboxState::pending);
  EXPECT_TRUE(mine[0].acceptance_no.empty());
  EXPECT_EQ(mine[1].uuid, first.uuid);
  EXPECT_EQ(mine[1].status, "accepted");
  EXPECT_EQ(mine[1].acceptance_no, "HN20261125000001");
  EXPECT_EQ(mine[1].upload, OutboxState::done);
  EXPECT_EQ(mine[1].policy_title, "长沙市一次性创业补贴");

  auto hers = value_or_fail(store->applications_for_person("43030219620415024x"));
  ASSERT_EQ(hers.size(), 1u) << "a lower-case x finds the card's X";
  EXPECT_EQ(hers[0].uuid, other.uuid);
  EXPECT_TRUE(value_or_fail(store->applications_for_person("430802200106120461")).empty());
  EXPECT_TRUE(value_or_fail(store->applications_for_person("")).empty());

  // The index column holds a keyed hash, not the number (nor its digits in any common encoding).
  std::ifstream in(dir.file("kiosk.db"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ifstream wal_in(dir.file("kiosk.db-wal"), std::ios::binary);
  bytes.append((std::istreambuf_iterator<char>(wal_in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find(kZhangWei), std::string::npos);
}

TEST(StoreProgress, TheIndexDependsOnTheKey) {
  TempDir a, b;
  auto store_a = open_store(a), store_b = open_store(b);
  ASSERT_TRUE(store_a && store_b);
  ASSERT_TRUE(store_a->submit(make_app(kZhangWei, "x")).ok());
  ASSERT_TRUE(store_b->submit(make_app(kZhangWei, "x")).ok());
  auto index_of = [](const TempDir& dir) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(dir.file("kiosk.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT hex(person_index) FROM applications", -1, &stmt, nullptr);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  };
  const std::string ia = index_of(a), ib = index_of(b);
  EXPECT_EQ(ia.size(), 64u);
  EXPECT_NE(ia, ib) << "two kiosks (two keys) index the same number differently";
}

TEST(StoreProgress, HistoryRecordsSubmissionAcknowledgementAndPulledChanges) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  auto app = make_app(kZhangWei, "长沙市一次性创业补贴");
  ASSERT_TRUE(store->submit(app).ok());
  auto history = value_or_fail(store->application_progress(app.uuid));
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].status, "submitted");
  EXPECT_EQ(history[0].source, "kiosk");

  acknowledge_next(*store, "HN20261125000007");
  ASSERT_TRUE(store->apply_status_updates({{app.uuid, "joint_review", "2026-11-25T03:00:00.000Z"},
                                           {app.uuid, "approved", ""}},
                                          "2")
                  .ok());
  history = value_or_fail(store->application_progress(app.uuid));
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[1].status, "accepted");
  EXPECT_EQ(history[1].acceptance_no, "HN20261125000007");
  EXPECT_EQ(history[1].source, "platform");
  EXPECT_EQ(history[2].status, "joint_review");
  EXPECT_EQ(history[2].at, "2026-11-25T03:00:00.000Z") << "the platform's time when it sent one";
  EXPECT_EQ(history[3].status, "approved");
  EXPECT_FALSE(history[3].at.empty());
  auto mine = value_or_fail(store->applications_for_person(kZhangWei));
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].status, "approved");

  // A change for an application this store does not hold adds nothing anywhere.
  ASSERT_TRUE(store->apply_status_updates({{make_uuid_v4(), "paid", ""}}, "3").ok());
  EXPECT_TRUE(value_or_fail(store->application_progress(make_uuid_v4())).empty());
}

TEST(StoreProgress, BatchAcknowledgementsAreRecordedTogether) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  std::vector<NewApplication> apps;
  for (int i = 0; i < 3; ++i) {
    apps.push_back(make_app(kZhangWei, "t"));
    ASSERT_TRUE(store->submit(apps.back()).ok());
  }
  auto due = value_or_fail(store->next_due_batch(now_ms(), "application", 10));
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[0].uuid, apps[0].uuid);
  EXPECT_EQ(due[0].body, apps[0].upload_body);
  ASSERT_TRUE(store->mark_done_many({{due[0].seq, "HN1", "accepted"}, {due[2].seq, "HN3", "accepted"}}).ok());
  EXPECT_EQ(app_or_fail(*store, apps[0].uuid).acceptance_no, "HN1");
  EXPECT_EQ(app_or_fail(*store, apps[2].uuid).acceptance_no, "HN3");
  EXPECT_EQ(value_or_fail(store->pending_count()), 1);
  // All or none: one entry that is no longer pending refuses the whole set.
  auto again = store->mark_done_many({{due[1].seq, "HN2", "accepted"}, {due[0].seq, "HN1", "accepted"}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "store.not_found");
  EXPECT_TRUE(app_or_fail(*store, apps[1].uuid).acceptance_no.empty());
  // Only the earliest pending entry of an application is due: its rating waits behind it.
  ASSERT_TRUE(store->enqueue(apps[1].uuid, "rating", R"({"level":5})").ok());
  EXPECT_EQ(value_or_fail(store->next_due_batch(now_ms(), "application", 10)).size(), 1u);
  EXPECT_TRUE(value_or_fail(store->next_due_batch(now_ms(), "rating", 10)).empty());
}

TEST(StoreProgress, PurgeRemovesTheHistoryWithTheApplication) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  auto app = make_app(kZhangWei, "t");
  ASSERT_TRUE(store->submit(app).ok());
  acknowledge_next(*store, "HN1");
  EXPECT_EQ(value_or_fail(store->purge_finished(0, now_ms() + 86'400'000)), 1);
  EXPECT_TRUE(value_or_fail(store->application_progress(app.uuid)).empty());
  EXPECT_TRUE(value_or_fail(store->applications_for_person(kZhangWei)).empty());
}

TEST(StoreProgress, MigratingAVersionOneDatabaseBackfillsTheIndexAndSeedsTheHistory) {
  TempDir dir;
  auto acknowledged = make_app(kZhangWei, "已受理");
  auto queued = make_app(kZhangWei, "待上传");
  {
    auto store = open_store(dir);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->submit(acknowledged).ok());
    ASSERT_TRUE(store->submit(queued).ok());
    acknowledge_next(*store, "HN20261125000042");
  }
  // Turn the file back into exactly what version 1 wrote: same rows, sealed with the same key.
  exec(dir.file("kiosk.db"),
       "DROP INDEX applications_by_person; ALTER TABLE applications DROP COLUMN person_index;"
       "DROP TABLE status_history; DELETE FROM schema_version WHERE version >= 2;"
       "DELETE FROM meta WHERE key = 'key_generation';");

  auto store = open_store(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(value_or_fail(store->schema_version()), 3);
  auto mine = value_or_fail(store->applications_for_person(kZhangWei));
  ASSERT_EQ(mine.size(), 2u) << "older rows were indexed at open";
  EXPECT_EQ(mine[0].uuid, queued.uuid);
  EXPECT_EQ(mine[1].acceptance_no, "HN20261125000042");
  auto history = value_or_fail(store->application_progress(acknowledged.uuid));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].status, "submitted");
  EXPECT_EQ(history[1].status, "accepted");
  EXPECT_EQ(history[1].acceptance_no, "HN20261125000042");
  EXPECT_EQ(value_or_fail(store->application_progress(queued.uuid)).size(), 1u);
  // The data is intact and the outbox goes on.
  EXPECT_EQ(app_or_fail(*store, queued.uuid).personal.id_number, kZhangWei);
  EXPECT_EQ(value_or_fail(store->pending_count()), 1);

  // A second open has nothing left to do and changes nothing.
  store.reset();
  store = open_store(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(value_or_fail(store->applications_for_person(kZhangWei)).size(), 2u);
  EXPECT_EQ(value_or_fail(store->application_progress(acknowledged.uuid)).size(), 2u);
}

}  // namespace
}  // namespace zhidui::offline
