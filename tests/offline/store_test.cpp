// store_test.cpp — offline/store.h: the outbox contract of docs/store-and-sync.md, tested against real
// files: round trips, duplicates, atomicity, no plaintext personal data on disk, per-application
// ordering, corruption and moving it aside, migrations, keys, and acknowledged submissions surviving
// kill -9 (rounds: ZHIDUI_KILL_ROUNDS, default 200).
//
// Sections: helpers · submit and read · atomicity and errors · personal data at rest · outbox order ·
// files, keys and schema · concurrency and WAL · kill -9.
#include "offline/store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "base/log.h"
#include "base/uuid.h"

#include "tests/offline/test_support.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;

// --- helpers -----------------------------------------------------------------------------------------

// Canaries: made-up personal data whose plaintext must never reach the disk.
const std::string kCanaryId = "110105194912310021";
const std::string kCanaryName = "张三丰测试";
const std::string kCanaryPhone = "13912345678";
const std::string kCanaryBank = "6222020200112233445";
const std::string kCanaryAddress = "湖南省长沙市岳麓区金丝雀路99号";

NewApplication make_app(const std::string& uuid, size_t body_padding = 200) {
  NewApplication app;
  app.uuid = uuid;
  app.policy_id = "hn-employment-subsidy";
  app.policy_title = "一次性创业补贴";
  app.created_at = "2025-01-01T08:00:00Z";
  app.personal = {kCanaryName, kCanaryId, kCanaryAddress, kCanaryPhone, kCanaryBank};
  app.upload_body = R"({"uuid":")" + uuid + R"(","applicant":{"name":")" + kCanaryName + R"(","id_number":")" +
                    kCanaryId + R"(","phone":")" + kCanaryPhone + R"("},"pad":")" + std::string(body_padding, 'p') +
                    R"("})";
  return app;
}

std::unique_ptr<Store> open_store(const TempDir& dir, const StoreOptions& options = {}) {
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"), options);
  EXPECT_TRUE(opened.ok()) << opened.error().code << ": " << opened.error().message;
  return opened.ok() ? std::move(opened).value() : nullptr;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int64_t wall_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

OutboxEntry due_or_fail(Store& store, int64_t now_ms) {
  auto entry = value_or_fail(store.next_due(now_ms));
  if (!entry) {
    ADD_FAILURE() << "no outbox entry due";
    return {};
  }
  return std::move(*entry);
}

// A plain SQLite connection on the same file, to look behind the Store's back.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* msg = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg), SQLITE_OK) << (msg ? msg : "") << " in " << sql;
    sqlite3_free(msg);
  }
  // The first column of the first row, as text ("" when there is none); ?1 = `arg` when given.
  std::string text(const std::string& sql, const std::string* arg = nullptr) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    if (arg) sqlite3_bind_text(stmt, 1, arg->c_str(), int(arg->size()), SQLITE_TRANSIENT);
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  }
  int64_t count(const std::string& sql, const std::string* arg = nullptr) { return std::atoll(text(sql, arg).c_str()); }

 private:
  sqlite3* db_ = nullptr;
};

// --- submit and read -----------------------------------------------------------------------------------

TEST(Store, SubmitThenReadBackDecrypted) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::string uuid = make_uuid_v4();
  ASSERT_TRUE(store->submit(make_app(uuid)).ok());

  auto read = store->application(uuid);
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_TRUE(read.value().has_value());
  const StoredApplication& app = *read.value();
  EXPECT_EQ(app.uuid, uuid);
  EXPECT_EQ(app.seq, 1);
  EXPECT_EQ(app.policy_id, "hn-employment-subsidy");
  EXPECT_EQ(app.policy_title, "一次性创业补贴");
  EXPECT_EQ(app.status, "submitted");
  EXPECT_EQ(app.acceptance_no, "");
  EXPECT_EQ(app.personal.name, kCanaryName);
  EXPECT_EQ(app.personal.id_number, kCanaryId);
  EXPECT_EQ(app.personal.address, kCanaryAddress);
  EXPECT_EQ(app.personal.phone, kCanaryPhone);
  EXPECT_EQ(app.personal.bank_account, kCanaryBank);

  auto due = store->next_due(wall_now_ms());
  ASSERT_TRUE(due.ok() && due.value().has_value());
  EXPECT_EQ(due.value()->uuid, uuid);
  EXPECT_EQ(due.value()->kind, "application");
  EXPECT_EQ(due.value()->body, make_app(uuid).upload_body) << "the upload body must come back byte-identical";
  EXPECT_EQ(due.value()->attempts, 0);
  EXPECT_EQ(value_or_fail(store->pending_count()), 1);

  auto missing = store->application(make_uuid_v4());
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing.value().has_value());
}

TEST(Store, PersonalFieldsWipeZeroesEveryValue) {
  PersonalFields p{kCanaryName, kCanaryId, kCanaryAddress, kCanaryPhone, kCanaryBank};
  p.wipe();
  for (const std::string* s : {&p.name, &p.id_number, &p.address, &p.phone, &p.bank_account})
    EXPECT_TRUE(s->empty());
}

TEST(Store, MarkDoneStoresAcceptanceNumberAndStatus) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::string uuid = make_uuid_v4();
  ASSERT_TRUE(store->submit(make_app(uuid)).ok());
  auto due = store->next_due(wall_now_ms());
  ASSERT_TRUE(due.ok() && due.value());
  ASSERT_TRUE(store->mark_done(due.value()->seq, "HN20250101-0001", "accepted").ok());

  auto app = store->application(uuid);
  ASSERT_TRUE(app.ok() && app.value());
  EXPECT_EQ(app.value()->acceptance_no, "HN20250101-0001");
  EXPECT_EQ(app.value()->status, "accepted");
  EXPECT_EQ(value_or_fail(store->pending_count()), 0);
  EXPECT_FALSE(value_or_fail(store->next_due(wall_now_ms())).has_value());
  auto again = store->mark_done(due.value()->seq, "HN20250101-0001", "accepted");
  ASSERT_FALSE(again.ok()) << "a done entry is not pending any more";
  EXPECT_EQ(again.error().code, "store.not_found");

  auto entries = store->outbox_entries(OutboxState::done);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries.value().size(), 1u);
  EXPECT_EQ(entries.value()[0].attempts, 1);
}

TEST(Store, DeadLettersStayVisibleAndCanBeRequeued) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::string uuid = make_uuid_v4();
  ASSERT_TRUE(store->submit(make_app(uuid)).ok());
  const int64_t seq = due_or_fail(*store, wall_now_ms()).seq;
  ASSERT_TRUE(store->mark_dead(seq, "quarantine: HTTP 422 body_invalid").ok());
  EXPECT_FALSE(value_or_fail(store->next_due(wall_now_ms())).has_value());

  auto dead = store->outbox_entries(OutboxState::dead);
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead.value().size(), 1u);
  EXPECT_EQ(dead.value()[0].uuid, uuid);
  EXPECT_EQ(dead.value()[0].last_error, "quarantine: HTTP 422 body_invalid");
  auto counts = value_or_fail(store->outbox_counts());
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.dead, 1);
  ASSERT_TRUE(value_or_fail(store->application(uuid)).has_value()) << "a dead letter keeps its application";

  ASSERT_TRUE(store->requeue_dead(seq).ok());
  auto due = store->next_due(wall_now_ms());
  ASSERT_TRUE(due.ok() && due.value());
  EXPECT_EQ(due.value()->seq, seq);
  EXPECT_EQ(due.value()->attempts, 0);
}

// --- atomicity and errors --------------------------------------------------------------------------------

TEST(Store, DuplicateUuidIsRefusedAndLeavesOneRow) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::string uuid = make_uuid_v4();
  ASSERT_TRUE(store->submit(make_app(uuid)).ok());
  auto second = store->submit(make_app(uuid, 999));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "store.duplicate");

  RawDb raw(dir.file("kiosk.db"));
  EXPECT_EQ(raw.count("SELECT count(*) FROM applications WHERE uuid = ?1", &uuid), 1);
  EXPECT_EQ(raw.count("SELECT count(*) FROM outbox WHERE uuid = ?1", &uuid), 1);
  EXPECT_EQ(due_or_fail(*store, wall_now_ms()).body, make_app(uuid).upload_body)
      << "the first submission's body stays";
}

TEST(Store, InvalidUuidIsRefused) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  for (const std::string& bad : {std::string(), std::string("not-a-uuid"), std::string(36, 'A')}) {
    auto r = store->submit(make_app(bad));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "store.invalid");
  }
  EXPECT_EQ(value_or_fail(store->pending_count()), 0);
}

TEST(Store, FailingOutboxInsertLeavesNothingWritten) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::string kept = make_uuid_v4();
  ASSERT_TRUE(store->submit(make_app(kept)).ok());
  {
    RawDb raw(dir.file("kiosk.db"));
    raw.exec("CREATE TRIGGER test_fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'injected'); END");
  }
  const std::string uuid = make_uuid_v4();
  auto failed = store->submit(make_app(uuid));
  ASSERT_FALSE(failed.ok()) << "the injected trigger must make the outbox insert fail";
  EXPECT_NE(failed.error().message.find("outbox"), std::string::npos) << failed.error().message;

  EXPECT_FALSE(value_or_fail(store->application(uuid)).has_value()) << "the application row must be rolled back";
  RawDb raw(dir.file("kiosk.db"));
  EXPECT_EQ(raw.count("SELECT count(*) FROM applications"), 1);
  EXPECT_EQ(raw.count("SELECT count(*) FROM outbox"), 1);

  raw.exec("DROP TRIGGER test_fail_outbox");
  ASSERT_TRUE(store->submit(make_app(uuid)).ok()) << "nothing half-written may block the retry";
  EXPECT_EQ(raw.count("SELECT count(*) FROM applications"), 2);
  EXPECT_EQ(raw.count("SELECT count(*) FROM outbox"), 2);
}

TEST(Store, FullStoreIsReportedAndNothingHalfWritten) {
  TempDir dir;
  StoreOptions options;
  options.max_db_bytes = 256 * 1024;  // the size bound reports SQLITE_FULL exactly like a full disk
  auto store = open_store(dir, options);
  ASSERT_TRUE(store);
  int accepted = 0;
  std::string refused_uuid;
  Error refusal;
  for (int i = 0; i < 2000 && refused_uuid.empty(); ++i) {
    NewApplication app = make_app(make_uuid_v4(), 3000);
    Status s = store->submit(app);
    if (s.ok()) ++accepted;
    else refused_uuid = app.uuid, refusal = s.error();
  }
  ASSERT_FALSE(refused_uuid.empty()) << "the bound was never reached";
  EXPECT_EQ(refusal.code, "store.disk_full") << refusal.message;
  EXPECT_NE(refusal.message.find("full"), std::string::npos);
  EXPECT_GT(accepted, 10);

  EXPECT_FALSE(value_or_fail(store->application(refused_uuid)).has_value());
  RawDb raw(dir.file("kiosk.db"));
  EXPECT_EQ(raw.count("SELECT count(*) FROM applications"), accepted);
  EXPECT_EQ(raw.count("SELECT count(*) FROM outbox"), accepted);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(value_or_fail(store->pending_count()), accepted) << "the store still answers after a full disk";
}

// --- personal data at rest ---------------------------------------------------------------------------------

TEST(Store, CanaryPersonalDataNeverAppearsInPlaintextOnDisk) {
  TempDir dir;
  const std::string log_path = dir.file("store.log");
  log::set_file(log_path);
  {
    auto store = open_store(dir);
    ASSERT_TRUE(store);
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(store->submit(make_app(make_uuid_v4())).ok());
      auto due = store->next_due(wall_now_ms());
      ASSERT_TRUE(due.ok() && due.value());
      if (i % 3 == 0) {
        ASSERT_TRUE(store->mark_retry(due.value()->seq, wall_now_ms() + 1000, "HTTP 503").ok());
      } else if (i % 3 == 1) {
        ASSERT_TRUE(store->mark_done(due.value()->seq, "HN-" + std::to_string(i), "accepted").ok());
      }
    }
    // While open, the recent commits sit in the WAL.
    const std::string wal = read_bytes(dir.file("kiosk.db-wal"));
    ASSERT_GT(wal.size(), 0u) << "expected a WAL with content while the store is open";
    for (const std::string* canary : {&kCanaryId, &kCanaryName, &kCanaryPhone, &kCanaryBank, &kCanaryAddress}) {
      EXPECT_EQ(wal.find(*canary), std::string::npos) << "plaintext canary in the WAL: " << *canary;
      EXPECT_EQ(read_bytes(dir.file("kiosk.db")).find(*canary), std::string::npos) << "plaintext canary in the db";
    }
  }
  log::set_file("");
  const std::string db = read_bytes(dir.file("kiosk.db"));
  ASSERT_GT(db.size(), 4096u);
  for (const std::string* canary : {&kCanaryId, &kCanaryName, &kCanaryPhone, &kCanaryBank, &kCanaryAddress}) {
    EXPECT_EQ(db.find(*canary), std::string::npos) << "plaintext canary in the db after close: " << *canary;
    EXPECT_EQ(read_bytes(log_path).find(*canary), std::string::npos) << "canary in the log: " << *canary;
  }
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    const std::string bytes = read_bytes(entry.path().string());
    EXPECT_EQ(bytes.find(kCanaryId), std::string::npos) << "canary ID number in " << entry.path();
  }
}

TEST(Store, SealedValuesAreBoundToTheirRow) {
  // Copying one application's sealed ID number into another row must not yield a readable value.
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::string a = make_uuid_v4(), b = make_uuid_v4();
  ASSERT_TRUE(store->submit(make_app(a)).ok());
  ASSERT_TRUE(store->submit(make_app(b)).ok());
  RawDb raw(dir.file("kiosk.db"));
  raw.exec("UPDATE applications SET id_number = (SELECT id_number FROM applications WHERE uuid = '" + a +
           "') WHERE uuid = '" + b + "'");
  auto moved = store->application(b);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, "cipher.auth");
  EXPECT_TRUE(store->application(a).ok());
}

// --- outbox order ------------------------------------------------------------------------------------------

TEST(Store, OutboxKeepsOrderPerApplicationAndLetsOthersOvertake) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::string a = make_uuid_v4(), b = make_uuid_v4();
  ASSERT_TRUE(store->submit(make_app(a)).ok());
  ASSERT_TRUE(store->submit(make_app(b)).ok());
  auto rating = store->enqueue(a, "rating", R"({"level":5})");
  ASSERT_TRUE(rating.ok()) << rating.error().message;
  const int64_t now = wall_now_ms();

  auto first = value_or_fail(store->next_due(now));
  ASSERT_TRUE(first) << "nothing due";
  EXPECT_EQ(first->uuid, a);
  EXPECT_EQ(first->kind, "application");
  ASSERT_TRUE(store->mark_retry(first->seq, now + 10'000, "HTTP 503").ok());

  // A is stuck: B overtakes it, but A's rating must wait for A's submission.
  auto second = value_or_fail(store->next_due(now));
  ASSERT_TRUE(second) << "nothing due";
  EXPECT_EQ(second->uuid, b);
  ASSERT_TRUE(store->mark_done(second->seq, "HN-B", "accepted").ok());
  EXPECT_FALSE(value_or_fail(store->next_due(now)).has_value()) << "A's rating overtook A's submission";
  auto wait = store->ms_until_next_due(now);
  ASSERT_TRUE(wait.ok() && wait.value());
  EXPECT_EQ(*wait.value(), 10'000);

  auto retried = value_or_fail(store->next_due(now + 10'000));
  ASSERT_TRUE(retried) << "nothing due";
  EXPECT_EQ(retried->seq, first->seq);
  EXPECT_EQ(retried->attempts, 1);
  ASSERT_TRUE(store->mark_done(retried->seq, "HN-A", "accepted").ok());
  auto third = value_or_fail(store->next_due(now + 10'000));
  ASSERT_TRUE(third) << "nothing due";
  EXPECT_EQ(third->seq, rating.value());
  EXPECT_EQ(third->kind, "rating");
  EXPECT_EQ(third->body, R"({"level":5})");
  EXPECT_EQ(app_or_fail(*store, a).acceptance_no, "HN-A") << "a rating's done must not touch it";
  ASSERT_TRUE(store->mark_done(third->seq, "R-1", "rated").ok());
  EXPECT_EQ(app_or_fail(*store, a).acceptance_no, "HN-A");
  EXPECT_FALSE(value_or_fail(store->ms_until_next_due(now)).has_value());
}

TEST(Store, EnqueueNeedsAnExistingApplication) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  auto r = store->enqueue(make_uuid_v4(), "rating", "{}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "store.not_found");
}

TEST(Store, FarFutureNotBeforeIsTreatedAsAClockThatWentBack) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->submit(make_app(make_uuid_v4())).ok());
  ASSERT_TRUE(store->submit(make_app(make_uuid_v4())).ok());
  const int64_t now = wall_now_ms();
  auto first = value_or_fail(store->next_due(now));
  ASSERT_TRUE(first) << "nothing due";
  ASSERT_TRUE(store->mark_retry(first->seq, now + kMaxScheduleAheadMs, "HTTP 503").ok());
  auto second = value_or_fail(store->next_due(now));
  ASSERT_TRUE(second) << "nothing due";
  // Written by a clock that was a year ahead (or read by one set a year back).
  ASSERT_TRUE(store->mark_retry(second->seq, now + 365LL * 24 * 3600 * 1000, "HTTP 503").ok());

  auto due = value_or_fail(store->next_due(now));
  ASSERT_TRUE(due) << "a not-before beyond the bound must not freeze the queue";
  EXPECT_EQ(due->seq, second->seq);
  EXPECT_EQ(value_or_fail(store->ms_until_next_due(now)).value_or(-1), 0);
  ASSERT_TRUE(store->mark_done(due->seq, "HN-2", "accepted").ok());
  EXPECT_FALSE(value_or_fail(store->next_due(now)).has_value()) << "a delay within the bound is honoured";
  EXPECT_EQ(value_or_fail(store->ms_until_next_due(now)).value_or(-1), kMaxScheduleAheadMs);

  ASSERT_TRUE(store->reschedule_pending_now(now).ok());
  EXPECT_TRUE(value_or_fail(store->next_due(now)).has_value()) << "reschedule_pending_now makes everything due";
}

// --- files, keys and schema --------------------------------------------------------------------------------

TEST(Store, ReopenKeepsDataAndRecordsMigrationVersion) {
  TempDir dir;
  std::vector<std::string> uuids;
  {
    auto store = open_store(dir);
    ASSERT_TRUE(store);
    EXPECT_EQ(value_or_fail(store->schema_version()), 3);
    for (int i = 0; i < 5; ++i) {
      uuids.push_back(make_uuid_v4());
      ASSERT_TRUE(store->submit(make_app(uuids.back())).ok());
    }
    ASSERT_TRUE(store->mark_done(due_or_fail(*store, wall_now_ms()).seq, "HN-1", "accepted").ok());
  }
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(value_or_fail(store->schema_version()), 3);
  EXPECT_EQ(value_or_fail(store->pending_count()), 4);
  for (size_t i = 0; i < uuids.size(); ++i) {
    auto app = value_or_fail(store->application(uuids[i]));
    ASSERT_TRUE(app) << uuids[i];
    EXPECT_EQ(app->seq, int64_t(i + 1));
    EXPECT_EQ(app->personal.id_number, kCanaryId);
  }
  EXPECT_EQ(app_or_fail(*store, uuids[0]).acceptance_no, "HN-1");

  RawDb raw(dir.file("kiosk.db"));
  EXPECT_EQ(raw.count("SELECT count(*) FROM schema_version"), 3) << "each migration is recorded once";
  EXPECT_EQ(raw.text("SELECT max(version) FROM schema_version"), "3");
  EXPECT_EQ(raw.text("PRAGMA journal_mode"), "wal");
}

TEST(Store, DatabaseAndKeyFilesAreOwnerOnly) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->submit(make_app(make_uuid_v4())).ok());
  for (const char* name : {"kiosk.db", "field.key"}) {
    struct stat st{};
    ASSERT_EQ(::stat(dir.file(name).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u) << name << " is readable by group or others";
  }
}

TEST(Store, NewerSchemaIsRefused) {
  TempDir dir;
  { ASSERT_TRUE(open_store(dir)); }
  {
    RawDb raw(dir.file("kiosk.db"));
    raw.exec("INSERT INTO schema_version (version, applied_at) VALUES (99, 'future')");
  }
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "store.schema_newer");
}

TEST(Store, AnotherKeyFileIsRefused) {
  TempDir dir;
  {
    auto store = open_store(dir);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->submit(make_app(make_uuid_v4())).ok());
  }
  auto other = Store::open(dir.file("kiosk.db"), dir.file("other.key"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "key.missing") << "a database with data must not get a fresh key";
  EXPECT_FALSE(fs::exists(dir.file("other.key")));

  {  // a key that exists but is not this database's
    TempDir elsewhere;
    ASSERT_TRUE(open_store(elsewhere));
    fs::copy_file(elsewhere.file("field.key"), dir.file("other.key"));
  }
  auto wrong = Store::open(dir.file("kiosk.db"), dir.file("other.key"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "store.wrong_key");
}

TEST(Store, KeyFileWithWideModeIsRefused) {
  TempDir dir;
  { ASSERT_TRUE(open_store(dir)); }
  ASSERT_EQ(::chmod(dir.file("field.key").c_str(), 0644), 0);
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "key.permissions");
}

TEST(Store, CorruptFileIsReportedAndMovedAsideWithItsBytes) {
  TempDir dir;
  const std::string db_path = dir.file("kiosk.db");
  {
    auto store = open_store(dir);
    ASSERT_TRUE(store);
    for (int i = 0; i < 300; ++i) ASSERT_TRUE(store->submit(make_app(make_uuid_v4(), 1000)).ok());
  }
  ASSERT_FALSE(fs::exists(db_path + "-wal")) << "closing the last connection checkpoints the WAL away";
  const size_t size = fs::file_size(db_path);
  ASSERT_GE(size, 64u * 4096) << "the test needs a multi-page database";

  // Overwrite three pages in the middle with noise: what a bad sector or a stray write leaves.
  std::string garbage(3 * 4096, '\0');
  std::mt19937 rng(12345);
  for (char& c : garbage) c = char(rng());
  {
    std::fstream f(db_path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(std::streamoff((size / 4096 / 2) * 4096));
    f.write(garbage.data(), std::streamsize(garbage.size()));
  }
  const std::string corrupt_bytes = read_bytes(db_path);

  auto opened = Store::open(db_path, dir.file("field.key"));
  ASSERT_FALSE(opened.ok()) << "a damaged database opened";
  EXPECT_EQ(opened.error().code, "store.corrupt");
  EXPECT_NE(opened.error().message.find("quick_check"), std::string::npos) << opened.error().message;

  ASSERT_TRUE(move_aside_corrupt(db_path).ok());
  EXPECT_FALSE(fs::exists(db_path));
  std::vector<std::string> moved;
  for (const auto& e : fs::directory_iterator(dir.path()))
    if (e.path().filename().string().find("kiosk.db.corrupt-") == 0) moved.push_back(e.path().string());
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(read_bytes(moved[0]), corrupt_bytes) << "moving aside must keep every byte";

  // Start-up then opens a fresh store (the old key stays: nothing sealed with it is lost).
  auto fresh = open_store(dir);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(value_or_fail(fresh->pending_count()), 0);
}

TEST(Store, NotADatabaseIsCorrupt) {
  TempDir dir;
  {
    std::ofstream out(dir.file("kiosk.db"), std::ios::binary);
    out << std::string(8192, 'Z');
  }
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, "store.corrupt");
}

TEST(Store, MoveAsideNeverOverwritesAnEarlierMove) {
  TempDir dir;
  const std::string db_path = dir.file("kiosk.db");
  auto write = [](const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  };
  write(db_path, "first-db");
  write(db_path + "-wal", "first-wal");
  write(db_path + "-shm", "first-shm");
  ASSERT_TRUE(move_aside_corrupt(db_path).ok());
  write(db_path, "second-db");
  write(db_path + "-wal", "second-wal");
  ASSERT_TRUE(move_aside_corrupt(db_path).ok());  // within the same second as the first

  std::multiset<std::string> contents;
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    ++files;
    EXPECT_EQ(e.path().filename().string().find("kiosk.db.corrupt-"), 0u) << e.path();
    contents.insert(read_bytes(e.path().string()));
  }
  EXPECT_EQ(files, 5);
  EXPECT_EQ(contents, (std::multiset<std::string>{"first-db", "first-wal", "first-shm", "second-db", "second-wal"}));
  auto none = move_aside_corrupt(db_path);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "store.not_found");
}

// --- concurrency and WAL -----------------------------------------------------------------------------------

TEST(Store, UiAndWorkerConnectionsWorkTogether) {
  TempDir dir;
  ASSERT_TRUE(open_store(dir));  // creates the key first, as kiosk start-up does
  constexpr int kApps = 200;
  std::atomic<bool> submitter_done{false};
  std::string submit_error, worker_error;
  int acknowledged = 0;
  std::thread submitter([&] {
    auto store = open_store(dir);
    for (int i = 0; store && i < kApps; ++i) {
      Status s = store->submit(make_app(make_uuid_v4()));
      if (!s.ok()) {
        submit_error = s.error().code + ": " + s.error().message;
        break;
      }
    }
    submitter_done = true;
  });
  std::thread worker([&] {
    auto store = open_store(dir);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (store && acknowledged < kApps && std::chrono::steady_clock::now() < deadline) {
      auto due = store->next_due(wall_now_ms());
      if (!due.ok()) {
        worker_error = due.error().code + ": " + due.error().message;
        break;
      }
      if (!due.value()) {
        if (submitter_done && value_or_fail(store->pending_count()) == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        continue;
      }
      Status s = store->mark_done(due.value()->seq, "HN-" + std::to_string(acknowledged), "accepted");
      if (!s.ok()) {
        worker_error = s.error().code + ": " + s.error().message;
        break;
      }
      ++acknowledged;
    }
  });
  submitter.join();
  worker.join();
  EXPECT_EQ(submit_error, "");
  EXPECT_EQ(worker_error, "");
  EXPECT_EQ(acknowledged, kApps);
}

TEST(Store, WalStaysBounded) {
  TempDir dir;
  StoreOptions options;
  options.checkpoint_every_commits = 64;
  auto store = open_store(dir, options);
  ASSERT_TRUE(store);
  // Each commit appends every page it touched (two table leaves, four index pages…) to the WAL:
  // 800 submissions of ~3 KB would leave a WAL of well over 15 MB if nothing checkpointed it.
  for (int i = 0; i < 800; ++i) ASSERT_TRUE(store->submit(make_app(make_uuid_v4(), 2500)).ok());
  const auto wal = fs::file_size(dir.file("kiosk.db-wal"));
  EXPECT_LE(wal, 9u * 1024 * 1024) << "the WAL grew past its bound";
  std::cout << "[ measure  ] WAL after 800 submits: " << wal / 1024 << " KiB, db "
            << fs::file_size(dir.file("kiosk.db")) / 1024 << " KiB\n";
}

TEST(Store, SubmitLatency) {
  TempDir dir;
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  std::vector<double> ms;
  for (int i = 0; i < 300; ++i) {
    NewApplication app = make_app(make_uuid_v4(), 1000);
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(store->submit(app).ok());
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  const double p50 = ms[ms.size() / 2], p99 = ms[ms.size() * 99 / 100];
  std::cout << "[ measure  ] submit latency (WAL, synchronous=FULL, 1 KB body): p50 " << p50 << " ms, p99 " << p99
            << " ms, max " << ms.back() << " ms\n";
  RecordProperty("submit_p50_us", int(p50 * 1000));
  RecordProperty("submit_p99_us", int(p99 * 1000));
  EXPECT_LT(p99, 1000.0) << "a submission should not take a second on this machine";
}

// --- kill -9 ---------------------------------------------------------------------------------------------

int kill_rounds() {
  const char* env = std::getenv("ZHIDUI_KILL_ROUNDS");
  int rounds = env ? std::atoi(env) : 200;
  return rounds > 0 ? rounds : 200;
}

bool write_all(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += size_t(n);
  }
  return true;
}

// The child: opens the store like a kiosk start-up and submits until it is killed. A uuid is reported
// only after submit() returned: that is the moment the kiosk would say "submitted".
[[noreturn]] void submit_until_killed(const std::string& db_path, const std::string& key_path, int out_fd) {
  log::set_min_level(log::Level::error);
  auto store = Store::open(db_path, key_path);
  if (!store.ok()) {
    write_all(out_fd, "ERR open " + store.error().code + " " + store.error().message + "\n");
    _exit(3);
  }
  for (;;) {
    NewApplication app = make_app(make_uuid_v4());
    Status s = store.value()->submit(app);
    if (!s.ok()) {
      write_all(out_fd, "ERR submit " + s.error().code + " " + s.error().message + "\n");
      _exit(4);
    }
    if (!write_all(out_fd, app.uuid + "\n")) _exit(5);
  }
}

TEST(StoreKill, AcknowledgedSubmissionsSurviveKill9) {
  TempDir dir;
  const std::string db_path = dir.file("kiosk.db"), key_path = dir.file("field.key");
  const int rounds = kill_rounds();
  const unsigned seed = std::random_device{}();
  std::mt19937 rng(seed);
  // Mostly during the submit loop, sometimes during open (quick_check, migration, key creation).
  std::uniform_int_distribution<int> kill_after_us(0, 100'000);
  std::set<std::string> acknowledged;
  std::vector<std::string> child_errors;
  const auto started = std::chrono::steady_clock::now();

  for (int round = 0; round < rounds; ++round) {
    const std::string received = output_of_child_killed_after(
        [&](int fd) { submit_until_killed(db_path, key_path, fd); }, std::chrono::microseconds(kill_after_us(rng)));

    // Whole lines only: a line is written with one write() of < PIPE_BUF bytes, so it is all or nothing.
    size_t start = 0;
    for (size_t nl; (nl = received.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::string line = received.substr(start, nl - start);
      if (line.rfind("ERR", 0) == 0) child_errors.push_back(line);
      else EXPECT_TRUE(acknowledged.insert(line).second) << "uuid reported twice: " << line;
    }
    if (!child_errors.empty()) break;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_TRUE(child_errors.empty()) << child_errors.front();

  auto store = open_store(dir);
  ASSERT_TRUE(store);
  RawDb raw(db_path);
  EXPECT_EQ(raw.text("PRAGMA integrity_check"), "ok");
  int missing = 0, wrong_outbox = 0;
  for (const std::string& uuid : acknowledged) {
    auto app = store->application(uuid);
    if (!app.ok() || !app.value() || app.value()->personal.id_number != kCanaryId) ++missing;
    if (raw.count("SELECT count(*) FROM outbox WHERE uuid = ?1", &uuid) != 1) ++wrong_outbox;
  }
  EXPECT_EQ(missing, 0) << "acknowledged applications lost (seed " << seed << ")";
  EXPECT_EQ(wrong_outbox, 0) << "acknowledged applications without exactly one outbox row (seed " << seed << ")";
  const int64_t stored = raw.count("SELECT count(*) FROM applications");
  EXPECT_EQ(raw.count("SELECT count(*) FROM outbox"), stored) << "every stored application has one outbox row";
  EXPECT_EQ(raw.count("SELECT count(*) FROM applications a WHERE NOT EXISTS"
                      " (SELECT 1 FROM outbox o WHERE o.uuid = a.uuid)"),
            0);
  EXPECT_GE(stored, int64_t(acknowledged.size()));
  std::cout << "[ measure  ] kill -9: " << rounds << " rounds in " << seconds << " s, " << acknowledged.size()
            << " acknowledged, " << stored - int64_t(acknowledged.size())
            << " committed but never acknowledged (the ambiguous case), seed " << seed << "\n";
}

}  // namespace
}  // namespace zhidui::offline
