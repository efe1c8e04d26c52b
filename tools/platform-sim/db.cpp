// db.cpp — see db.h. Schema version 4 (PRAGMA user_version): 1 applications and idempotency, 2 status
// changes, 3 ratings (好差评), 4 the enterprise register, notes on status changes and the applicant index
// of the progress query.
#include "tools/platform-sim/db.h"

#include <sqlite3.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "base/clock.h"
#include "base/uuid.h"

namespace zhidui::platform_sim {
namespace {

constexpr int kSchemaVersion = 4;

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE applications (
  uuid                TEXT PRIMARY KEY,          -- the kiosk's id = Idempotency-Key: one row per uuid, ever
  application_id      TEXT NOT NULL UNIQUE,      -- the platform's own record id
  acceptance_no       TEXT NOT NULL UNIQUE,      -- HN + yyyymmdd (Beijing) + 6-digit daily sequence
  policy_id           TEXT NOT NULL,
  applicant_name      TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL,
  kiosk_id            TEXT NOT NULL,
  submitted_at        TEXT NOT NULL,             -- kiosk's clock, data only
  received_at         TEXT NOT NULL,             -- platform's clock
  status              TEXT NOT NULL,
  body                TEXT NOT NULL,             -- exact bytes received
  body_sha256         TEXT NOT NULL
);
CREATE TABLE idempotency_keys (
  key             TEXT PRIMARY KEY,
  body_sha256     TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body   TEXT NOT NULL,
  created_at_ms   INTEGER NOT NULL
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at_ms);
CREATE TABLE acceptance_sequences (
  day        TEXT PRIMARY KEY,
  last_value INTEGER NOT NULL
);
)sql";

// Version 2: every status change after acceptance, numbered; the number is the kiosks' pull cursor.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE status_changes (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: the cursor of GET .../status
  uuid       TEXT NOT NULL REFERENCES applications(uuid),
  kiosk_id   TEXT NOT NULL,
  status     TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
CREATE INDEX status_changes_by_kiosk ON status_changes(kiosk_id, seq);
)sql";

constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE ratings (
  uuid        TEXT PRIMARY KEY REFERENCES applications(uuid),
  kiosk_id    TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  level       INTEGER NOT NULL,
  reasons     TEXT NOT NULL,
  comment     TEXT NOT NULL,
  received_at TEXT NOT NULL
);
)sql";

constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE enterprises (
  uscc                TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  legal_rep_name      TEXT NOT NULL,
  legal_rep_id_number TEXT NOT NULL,             -- never sent; masked or compared only
  region_code         TEXT NOT NULL,
  type                TEXT NOT NULL,
  status              TEXT NOT NULL,             -- active | deregistered | revoked
  registered_at       TEXT NOT NULL
);
ALTER TABLE status_changes ADD COLUMN note TEXT NOT NULL DEFAULT '';
CREATE INDEX applications_by_applicant ON applications(applicant_id_number);
)sql";

// Resets a cached statement when the scope ends, whatever path leaves it.
struct StatementScope {
  sqlite3_stmt* stmt;
  ~StatementScope() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

std::string column_text(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  return text ? std::string(reinterpret_cast<const char*>(text), size_t(sqlite3_column_bytes(stmt, column)))
              : std::string();
}

void bind_text(sqlite3_stmt* stmt, int index, const std::string& value) {
  sqlite3_bind_text(stmt, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
}

// Rolls back unless committed, so an early return inside a transaction leaves nothing half-done.
struct Transaction {
  sqlite3* db;
  bool done = false;
  ~Transaction() {
    if (!done) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
};

}  // namespace

int64_t unix_now_ms() { return clock::wall_ms(); }

std::string utc_now_iso() { return clock::iso_utc_ms_at(clock::wall_ms()); }

std::string china_date_yyyymmdd() { return clock::format_china(clock::wall_ms() / 1000, "%Y%m%d"); }

PlatformDb::PlatformDb(sqlite3* db) : db_(db) {}

PlatformDb::~PlatformDb() {
  for (sqlite3_stmt* s : statements_) sqlite3_finalize(s);
  sqlite3_close(db_);
}

Error PlatformDb::sqlite_error(const char* what) const {
  return make_error("platform_db.sqlite", std::string(what) + ": " + sqlite3_errmsg(db_));
}

Status PlatformDb::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return make_error("platform_db.sqlite", text);
  }
  return Ok{};
}

Result<sqlite3_stmt*> PlatformDb::prepare(const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
    return sqlite_error("prepare");
  statements_.push_back(stmt);
  return stmt;
}

Result<std::unique_ptr<PlatformDb>> PlatformDb::open(const std::string& path) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return make_error("platform_db.mkdir", "cannot create " + parent.string() + ": " + ec.message());

  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  std::unique_ptr<PlatformDb> db(new PlatformDb(raw));
  if (rc != SQLITE_OK) return db->sqlite_error(("open " + path).c_str());
  sqlite3_busy_timeout(raw, 5000);  // another process (a test reading the file) may hold a lock briefly

  if (auto s = db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"); !s)
    return s.error();
  if (auto s = db->migrate(); !s) return s.error();

  auto find_key = db->prepare("SELECT body_sha256, response_status, response_body FROM idempotency_keys WHERE key=?1");
  auto find_app = db->prepare(
      "SELECT application_id, acceptance_no, status, received_at, body_sha256 FROM applications WHERE uuid=?1");
  auto bump = db->prepare(
      "INSERT INTO acceptance_sequences(day, last_value) VALUES (?1, 1) "
      "ON CONFLICT(day) DO UPDATE SET last_value = last_value + 1 RETURNING last_value");
  auto insert_app = db->prepare(
      "INSERT INTO applications(uuid, application_id, acceptance_no, policy_id, applicant_name, "
      "applicant_id_number, kiosk_id, submitted_at, received_at, status, body, body_sha256) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  auto insert_key = db->prepare(
      "INSERT INTO idempotency_keys(key, body_sha256, response_status, response_body, created_at_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  for (auto* r : {&find_key, &find_app, &bump, &insert_app, &insert_key})
    if (!r->ok()) return r->error();
  db->find_key_ = *find_key;
  db->find_app_ = *find_app;
  db->bump_sequence_ = *bump;
  db->insert_app_ = *insert_app;
  db->insert_key_ = *insert_key;
  return db;
}

Status PlatformDb::migrate() {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &stmt, nullptr) != SQLITE_OK)
    return sqlite_error("read schema version");
  int version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  if (version < 0) return sqlite_error("read schema version");
  if (version > kSchemaVersion)
    return make_error("platform_db.version", "database schema version " + std::to_string(version) +
                                                 " is newer than this platform-sim (" +
                                                 std::to_string(kSchemaVersion) + ")");
  if (version == kSchemaVersion) return Ok{};
  // Each step in its own transaction, from the file's version up (0 = a new file).
  const std::pair<int, const char*> steps[] = {{1, kSchemaV1}, {2, kSchemaV2}, {3, kSchemaV3}, {4, kSchemaV4}};
  for (auto [to, sql] : steps) {
    if (version >= to) continue;
    if (auto s = exec("BEGIN IMMEDIATE"); !s) return s;
    Transaction tx{db_};
    if (auto s = exec(sql); !s) return s;
    if (auto s = exec(("PRAGMA user_version=" + std::to_string(to)).c_str()); !s) return s;
    if (auto s = exec("COMMIT"); !s) return s;
    tx.done = true;
  }
  return Ok{};
}

// ---- status progression (accepted → joint_review → approved → paid) ----------------------------------

const std::vector<std::string>& status_progression() {
  static const std::vector<std::string> steps = {"accepted", "joint_review", "approved", "paid"};
  return steps;
}

Result<std::string> PlatformDb::advance_status(const std::string& uuid, const std::string& note, Decision decision) {
  std::lock_guard lock(mutex_);
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return s.error();
  Transaction tx{db_};
  sqlite3_stmt* stmt = nullptr;
  std::string current, kiosk_id;
  if (sqlite3_prepare_v2(db_, "SELECT status, kiosk_id FROM applications WHERE uuid = ?1", -1, &stmt, nullptr) !=
      SQLITE_OK)
    return sqlite_error("prepare advance");
  bind_text(stmt, 1, uuid);
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) current = column_text(stmt, 0), kiosk_id = column_text(stmt, 1);
  sqlite3_finalize(stmt);
  if (rc == SQLITE_DONE) return make_error("platform_db.not_found", "no application with this uuid");
  if (rc != SQLITE_ROW) return sqlite_error("read status");
  const auto& steps = status_progression();
  auto at = std::find(steps.begin(), steps.end(), current);
  std::string next;
  if (decision == Decision::advance) {
    if (current == "returned") next = "accepted";
    else if (at == steps.end() || at + 1 == steps.end())
      return make_error("platform_db.final_status", "status '" + current + "' has no next step");
    else next = *(at + 1);
  } else {
    if (current != "accepted" && current != "joint_review")
      return make_error("platform_db.not_allowed", "a decision is taken while accepted or under joint review, not '" +
                                                       current + "'");
    if (note.empty()) return make_error("platform_db.not_allowed", "a refusal or a return needs its reason as note");
    next = decision == Decision::reject ? "rejected" : "returned";
  }
  const std::string now = utc_now_iso();
  for (const char* sql : {"UPDATE applications SET status = ?2 WHERE uuid = ?1",
                          "INSERT INTO status_changes(uuid, status, kiosk_id, changed_at, note) VALUES (?1, ?2, ?3, ?4, ?5)"}) {
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) return sqlite_error("prepare advance");
    bind_text(stmt, 1, uuid);
    bind_text(stmt, 2, next);
    if (sqlite3_bind_parameter_count(stmt) >= 3) {
      bind_text(stmt, 3, kiosk_id);
      bind_text(stmt, 4, now);
      bind_text(stmt, 5, note);
    }
    rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return sqlite_error("advance status");
  }
  if (auto s = exec("COMMIT"); !s) return s.error();
  tx.done = true;
  return next;
}

Result<std::vector<StatusChangeRow>> PlatformDb::status_changes(const std::string& kiosk_id, int64_t after_seq,
                                                               int64_t limit) {
  std::lock_guard lock(mutex_);
  sqlite3_stmt* stmt = nullptr;
  const char* sql =
      "SELECT c.seq, c.uuid, a.acceptance_no, c.status, c.changed_at FROM status_changes c"
      " JOIN applications a ON a.uuid = c.uuid WHERE c.kiosk_id = ?1 AND c.seq > ?2 ORDER BY c.seq LIMIT ?3";
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) return sqlite_error("prepare status changes");
  bind_text(stmt, 1, kiosk_id);
  sqlite3_bind_int64(stmt, 2, after_seq);
  sqlite3_bind_int64(stmt, 3, limit);
  std::vector<StatusChangeRow> rows;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    rows.push_back({sqlite3_column_int64(stmt, 0), column_text(stmt, 1), column_text(stmt, 2), column_text(stmt, 3),
                    column_text(stmt, 4)});
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return sqlite_error("status changes");
  return rows;
}

Result<KeyLookup> PlatformDb::lookup_key(const std::string& key, const std::string& body_sha256) {
  std::lock_guard lock(mutex_);
  StatementScope scope{find_key_};
  bind_text(find_key_, 1, key);
  int rc = sqlite3_step(find_key_);
  if (rc == SQLITE_DONE) return KeyLookup{};
  if (rc != SQLITE_ROW) return sqlite_error("look up idempotency key");
  KeyLookup found;
  if (column_text(find_key_, 0) != body_sha256) {
    found.kind = KeyLookup::Kind::different_body;
    return found;
  }
  found.kind = KeyLookup::Kind::same_body;
  found.response.status = sqlite3_column_int(find_key_, 1);
  found.response.body = column_text(find_key_, 2);
  return found;
}

Result<std::string> PlatformDb::next_acceptance_no(const std::string& day) {
  StatementScope scope{bump_sequence_};
  bind_text(bump_sequence_, 1, day);
  if (sqlite3_step(bump_sequence_) != SQLITE_ROW) return sqlite_error("next acceptance number");
  int64_t value = sqlite3_column_int64(bump_sequence_, 0);
  char buf[48];
  std::snprintf(buf, sizeof buf, "HN%s%06lld", day.c_str(), static_cast<long long>(value));
  return std::string(buf);
}

Result<AcceptResult> PlatformDb::accept(const NewApplication& app, const ResponseBuilder& build) {
  auto results = accept_many({&app}, build);
  if (results.empty()) return make_error("platform_db.sqlite", "no result");
  return std::move(results.front());
}

std::vector<Result<AcceptResult>> PlatformDb::accept_many(const std::vector<const NewApplication*>& apps,
                                                          const ResponseBuilder& build) {
  std::lock_guard lock(mutex_);
  auto all_failed = [&](const Error& error) { return std::vector<Result<AcceptResult>>(apps.size(), error); };
  if (auto s = exec("BEGIN IMMEDIATE"); !s) return all_failed(s.error());
  Transaction tx{db_};
  std::vector<Result<AcceptResult>> results;
  results.reserve(apps.size());
  for (const NewApplication* app : apps) {
    // A savepoint per application: one that fails leaves nothing behind, the others stay.
    if (auto s = exec("SAVEPOINT item"); !s) return all_failed(s.error());
    auto result = accept_locked(*app, build);
    if (!result) (void)exec("ROLLBACK TO item");  // the item's own error is what counts
    if (auto s = exec("RELEASE item"); !s) return all_failed(s.error());
    results.push_back(std::move(result));
  }
  // One COMMIT (one fsync) for the lot; nothing is answered before it returned.
  if (auto s = exec("COMMIT"); !s) return all_failed(s.error());
  tx.done = true;
  return results;
}

// Inside an open transaction, mutex_ held. Writes nothing unless it returns `created`; a failed insert
// may leave partial rows, which the caller's savepoint rolls back.
Result<AcceptResult> PlatformDb::accept_locked(const NewApplication& app, const ResponseBuilder& build) {

  {  // The key may have been stored since lookup_key() (by another process on the same file).
    StatementScope scope{find_key_};
    bind_text(find_key_, 1, app.uuid);
    int rc = sqlite3_step(find_key_);
    if (rc == SQLITE_ROW) {
      AcceptResult result;
      if (column_text(find_key_, 0) != app.body_sha256) {
        result.kind = AcceptResult::Kind::key_reused;
        return result;
      }
      result.kind = AcceptResult::Kind::replayed;
      result.response = {sqlite3_column_int(find_key_, 1), column_text(find_key_, 2)};
      return result;
    }
    if (rc != SQLITE_DONE) return sqlite_error("look up idempotency key");
  }
  {  // The idempotency record expired but the application is forever: answer from its row.
    StatementScope scope{find_app_};
    bind_text(find_app_, 1, app.uuid);
    int rc = sqlite3_step(find_app_);
    if (rc == SQLITE_ROW) {
      AcceptResult result;
      if (column_text(find_app_, 4) != app.body_sha256) {
        result.kind = AcceptResult::Kind::key_reused;
        return result;
      }
      Assigned existing{app.uuid, column_text(find_app_, 0), column_text(find_app_, 1), column_text(find_app_, 2),
                        column_text(find_app_, 3)};
      result.kind = AcceptResult::Kind::replayed;
      result.response = build(existing);
      result.acceptance_no = existing.acceptance_no;
      return result;
    }
    if (rc != SQLITE_DONE) return sqlite_error("look up application");
  }

  auto acceptance_no = next_acceptance_no(china_date_yyyymmdd());
  if (!acceptance_no) return acceptance_no.error();
  Assigned assigned{app.uuid, make_uuid_v4(), *acceptance_no, "accepted", utc_now_iso()};
  StoredResponse response = build(assigned);

  {
    StatementScope scope{insert_app_};
    const std::string* values[] = {&app.uuid,         &assigned.application_id, &assigned.acceptance_no,
                                   &app.policy_id,    &app.applicant_name,      &app.applicant_id_number,
                                   &app.kiosk_id,     &app.submitted_at,        &assigned.received_at,
                                   &assigned.status,  &app.body,                &app.body_sha256};
    for (int i = 0; i < 12; ++i) bind_text(insert_app_, i + 1, *values[i]);
    if (sqlite3_step(insert_app_) != SQLITE_DONE) return sqlite_error("insert application");
  }
  {
    StatementScope scope{insert_key_};
    bind_text(insert_key_, 1, app.uuid);
    bind_text(insert_key_, 2, app.body_sha256);
    sqlite3_bind_int(insert_key_, 3, response.status);
    bind_text(insert_key_, 4, response.body);
    sqlite3_bind_int64(insert_key_, 5, unix_now_ms());
    if (sqlite3_step(insert_key_) != SQLITE_DONE) return sqlite_error("insert idempotency record");
  }
  return AcceptResult{AcceptResult::Kind::created, std::move(response), assigned.acceptance_no};
}

Result<std::vector<ApplicationRow>> PlatformDb::list_applications(const std::string& uuid_filter, int64_t limit) {
  std::lock_guard lock(mutex_);
  sqlite3_stmt* stmt = nullptr;
  const char* sql =
      "SELECT uuid, application_id, acceptance_no, policy_id, applicant_name, applicant_id_number, kiosk_id, "
      "submitted_at, received_at, status FROM applications WHERE (?1 = '' OR uuid = ?1) "
      "ORDER BY rowid LIMIT ?2";
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) return sqlite_error("prepare list");
  bind_text(stmt, 1, uuid_filter);
  sqlite3_bind_int64(stmt, 2, limit);
  std::vector<ApplicationRow> rows;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    ApplicationRow row;
    std::string* fields[] = {&row.uuid,     &row.application_id,      &row.acceptance_no, &row.policy_id,
                             &row.applicant_name, &row.applicant_id_number, &row.kiosk_id,
                             &row.submitted_at, &row.received_at, &row.status};
    for (int i = 0; i < 10; ++i) *fields[i] = column_text(stmt, i);
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return sqlite_error("list applications");
  return rows;
}

Result<DbStats> PlatformDb::stats() {
  std::lock_guard lock(mutex_);
  DbStats stats;
  for (auto [sql, out] : {std::pair{"SELECT COUNT(*) FROM applications", &stats.applications},
                          std::pair{"SELECT COUNT(*) FROM idempotency_keys", &stats.idempotency_records}}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) return sqlite_error("prepare stats");
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW) return sqlite_error("stats");
  }
  return stats;
}

Result<int64_t> PlatformDb::purge_expired_keys() {
  std::lock_guard lock(mutex_);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, "DELETE FROM idempotency_keys WHERE created_at_ms < ?1", -1, &stmt, nullptr) !=
      SQLITE_OK)
    return sqlite_error("prepare purge");
  sqlite3_bind_int64(stmt, 1, unix_now_ms() - kKeyRetentionDays * 24 * 3600 * 1000);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return sqlite_error("purge idempotency records");
  return int64_t(sqlite3_changes(db_));
}

}  // namespace zhidui::platform_sim

namespace zhidui::platform_sim {

Result<PlatformDb::RatingOutcome> PlatformDb::store_rating(const RatingRow& rating) {
  std::lock_guard lock(mutex_);  // one connection shared by the handler threads
  auto check = prepare("SELECT body_sha256 FROM ratings WHERE uuid = ?1");
  if (!check) return check.error();
  {
    StatementScope scope{*check};
    bind_text(*check, 1, rating.uuid);
    int rc = sqlite3_step(*check);
    if (rc == SQLITE_ROW)
      return column_text(*check, 0) == rating.body_sha256 ? RatingOutcome::replayed : RatingOutcome::conflict;
    if (rc != SQLITE_DONE) return sqlite_error("reading a rating");
  }
  auto app = prepare("SELECT 1 FROM applications WHERE uuid = ?1");
  if (!app) return app.error();
  {
    StatementScope scope{*app};
    bind_text(*app, 1, rating.uuid);
    int rc = sqlite3_step(*app);
    if (rc == SQLITE_DONE) return RatingOutcome::unknown_application;
    if (rc != SQLITE_ROW) return sqlite_error("finding the rated application");
  }
  auto insert = prepare(
      "INSERT INTO ratings (uuid, kiosk_id, body_sha256, level, reasons, comment, received_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert) return insert.error();
  StatementScope scope{*insert};
  bind_text(*insert, 1, rating.uuid);
  bind_text(*insert, 2, rating.kiosk_id);
  bind_text(*insert, 3, rating.body_sha256);
  sqlite3_bind_int(*insert, 4, rating.level);
  bind_text(*insert, 5, rating.reasons);
  bind_text(*insert, 6, rating.comment);
  bind_text(*insert, 7, utc_now_iso());
  if (sqlite3_step(*insert) != SQLITE_DONE) return sqlite_error("storing a rating");
  return RatingOutcome::stored;
}

}  // namespace zhidui::platform_sim
