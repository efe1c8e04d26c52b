// store.cpp — see store.h.
//
// Sections: statements and errors · schema and migrations · open · writes (submit, enqueue, mark_*) ·
// reads · key rotation · move_aside_corrupt.
//
// Every write runs inside BEGIN IMMEDIATE … COMMIT (the write lock is taken up front, so the
// busy_timeout applies instead of a read-to-write upgrade failing with SQLITE_BUSY), and returns only
// after COMMIT, which with WAL + synchronous=FULL has synced the WAL. Personal values are sealed
// before the transaction starts, so the write lock is held for database work only.
#include "offline/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <limits>
#include <string_view>

#include "base/clock.h"
#include "base/fs.h"
#include "base/log.h"
#include "base/sensitive.h"
#include "base/uuid.h"
#include "offline/field_cipher.h"
#include "offline/key_rotation.h"

namespace zhidui::offline {

void PersonalFields::wipe() {
  zhidui::wipe(name);
  zhidui::wipe(id_number);
  zhidui::wipe(address);
  zhidui::wipe(phone);
  zhidui::wipe(bank_account);
}

namespace {

constexpr const char* kComponent = "store";
constexpr size_t kMaxReasonBytes = 500;

// --- statements and errors -----------------------------------------------------------------------------

// Reasons come from the platform or from curl; keep them short and valid to store as text.
std::string clip_reason(const std::string& reason) {
  if (reason.size() <= kMaxReasonBytes) return reason;
  size_t cut = kMaxReasonBytes;
  while (cut > 0 && (static_cast<unsigned char>(reason[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return reason.substr(0, cut) + "…";
}

// The stable error codes of store.h, from SQLite's result code.
Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  std::string detail = std::string(what) + ": " + sqlite3_errstr(rc);
  if (db != nullptr && sqlite3_errcode(db) != SQLITE_OK) {
    const char* msg = sqlite3_errmsg(db);
    if (msg != nullptr && std::strcmp(msg, sqlite3_errstr(rc)) != 0) detail += std::string(" (") + msg + ")";
  }
  switch (primary) {
    case SQLITE_FULL:
      return make_error("store.disk_full",
                        "the disk or the store's size bound is full; nothing of this write was kept — " + detail);
    case SQLITE_IOERR:
      return make_error("store.io", "the disk reported an I/O error; nothing of this write was kept — " + detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return make_error("store.corrupt", "the database file is damaged — " + detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return make_error("store.busy", "the database stayed locked by another connection — " + detail);
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return make_error("store.io", "the database file cannot be opened for writing — " + detail);
    case SQLITE_CONSTRAINT:
      return make_error("store.constraint", detail);
    default:
      return make_error("store.sqlite", detail);
  }
}

class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }
  int prepare(sqlite3* db, std::string_view sql) {
    return sqlite3_prepare_v3(db, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  }
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// One use of a cached statement. Resetting when the use ends keeps the statement from holding a read
// transaction open and drops its bound (sealed) bytes.
class Use {
 public:
  explicit Use(const Statement& s) : stmt_(s.get()) { assert(stmt_ != nullptr && "statement was not prepared"); }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  ~Use() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Use& bind(int i, int64_t v) { return note(sqlite3_bind_int64(stmt_, i, v)); }
  Use& bind_text(int i, std::string_view v) {
    return note(sqlite3_bind_text(stmt_, i, v.data(), int(v.size()), SQLITE_TRANSIENT));
  }
  Use& bind_blob(int i, std::string_view v) {
    return note(sqlite3_bind_blob(stmt_, i, v.data(), int(v.size()), SQLITE_TRANSIENT));
  }
  Use& bind_null(int i) { return note(sqlite3_bind_null(stmt_, i)); }
  int step() { return bind_rc_ != SQLITE_OK ? bind_rc_ : sqlite3_step(stmt_); }
  int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, size_t(sqlite3_column_bytes(stmt_, col))) : std::string();
  }
  std::string blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, size_t(sqlite3_column_bytes(stmt_, col))) : std::string();
  }

 private:
  Use& note(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
    return *this;
  }
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

const char* state_name(OutboxState s) {
  switch (s) {
    case OutboxState::pending: return "pending";
    case OutboxState::done: return "done";
    case OutboxState::dead: return "dead";
  }
  return "pending";
}

OutboxState state_from_name(const std::string& s) {
  if (s == "done") return OutboxState::done;
  if (s == "dead") return OutboxState::dead;
  assert(s == "pending" && "outbox.state has a CHECK constraint");
  return OutboxState::pending;
}

// --- schema and migrations ----------------------------------------------------------------------------
//
// Migrations are numbered from 1 and never edited once shipped: a kiosk in the field upgrades by
// running the ones it has not recorded in schema_version. Add a new one at the end.

constexpr std::array<const char*, 3> kMigrations = {
    // 1: applications and their outbox.
    R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value BLOB NOT NULL
);
CREATE TABLE applications (
  uuid          TEXT PRIMARY KEY NOT NULL,
  seq           INTEGER NOT NULL UNIQUE,            -- local submission order
  policy_id     TEXT NOT NULL,
  policy_title  TEXT NOT NULL,
  created_at    TEXT NOT NULL,                      -- data only (kiosk clocks drift)
  status        TEXT NOT NULL DEFAULT 'submitted',
  acceptance_no TEXT NOT NULL DEFAULT '',
  name          BLOB NOT NULL,                      -- sealed: applications/<column>/<uuid>
  id_number     BLOB NOT NULL,
  address       BLOB NOT NULL,
  phone         BLOB NOT NULL,
  bank_account  BLOB NOT NULL
);
CREATE TABLE outbox (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: the sending order
  uuid            TEXT NOT NULL REFERENCES applications(uuid),
  kind            TEXT NOT NULL,
  body            BLOB NOT NULL,                     -- sealed: outbox/body/<uuid>/<kind>
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,        -- wall-clock "not before", see store.h
  last_error      TEXT NOT NULL DEFAULT '',
  updated_at      TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE state = 'pending';
CREATE INDEX outbox_by_uuid ON outbox (uuid, seq);
)sql",
    // 2: 进度查询 offline — a keyed blind index of the ID number (filled for older rows by
    // backfill_person_index once the key is loaded) and each application's local status history,
    // seeded from what older rows know.
    R"sql(
ALTER TABLE applications ADD COLUMN person_index BLOB;  -- FieldCipher::blind_index of the ID number
CREATE INDEX applications_by_person ON applications (person_index) WHERE person_index IS NOT NULL;
CREATE TABLE status_history (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  uuid          TEXT NOT NULL REFERENCES applications(uuid),
  status        TEXT NOT NULL,
  acceptance_no TEXT NOT NULL DEFAULT '',
  source        TEXT NOT NULL CHECK (source IN ('kiosk', 'platform')),
  at            TEXT NOT NULL                       -- data only
);
CREATE INDEX status_history_by_uuid ON status_history (uuid, id);
INSERT INTO status_history (uuid, status, source, at)
  SELECT uuid, 'submitted', 'kiosk', created_at FROM applications ORDER BY seq;
INSERT INTO status_history (uuid, status, acceptance_no, source, at)
  SELECT a.uuid, a.status, a.acceptance_no, 'platform',
         coalesce((SELECT max(o.updated_at) FROM outbox o WHERE o.uuid = a.uuid AND o.kind = 'application'),
                  a.created_at)
  FROM applications a WHERE a.acceptance_no <> '' ORDER BY a.seq;
)sql",
    // 3: the generation of the field key the database is sealed with (offline/key_rotation.h): 1 until
    // the first rotation. As a migration, so that a program that knows only generation 1 refuses a
    // store it cannot read as "store.schema_newer" rather than blaming the key file.
    R"sql(
INSERT OR IGNORE INTO meta (key, value) VALUES ('key_generation', 1);
)sql",
};

constexpr const char* kPersonIndexPurpose = "idnumber";

constexpr const char* kKeyCheckPlaintext = "zhidui field key check v1";

std::string key_check_ad() { return FieldCipher::associated_data("meta", "value", "key_check"); }

bool opens_key_check(const FieldCipher& cipher, const std::string& sealed_key_check) {
  auto opened = cipher.open(sealed_key_check, key_check_ad());
  return opened.ok() && opened.value() == kKeyCheckPlaintext;
}

std::string app_ad(std::string_view column, const std::string& uuid) {
  return FieldCipher::associated_data("applications", column, uuid);
}

std::string body_ad(const std::string& uuid, const std::string& kind) {
  return FieldCipher::associated_data("outbox", "body", uuid + "/" + kind);
}

// The blind index of an ID number as stored: the card writes a capital X, a typed one may not.
// Empty for an application without an ID number (NULL in the column means "not computed yet").
std::string person_index_of(const FieldCipher& cipher, std::string_view id_number) {
  std::string normalised(id_number);
  while (!normalised.empty() && normalised.back() == ' ') normalised.pop_back();
  if (normalised.empty()) return {};
  for (char& c : normalised) if (c == 'x') c = 'X';
  std::string index = cipher.blind_index(kPersonIndexPurpose, normalised);
  zhidui::wipe(normalised);
  return index;
}

// Creates the database file with mode 0600 when absent (SQLite would use 0644, and gives the -wal
// and -shm files the mode of the database), then syncs the directory so that the new name is durable.
Status precreate_db_file(const std::string& db_path) {
  int fd = ::open(db_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Ok{};
    return make_error("store.io", "cannot create database file " + db_path + ": " + std::strerror(errno));
  }
  ::close(fd);
  return fs::fsync_parent_dir(db_path, "store.io");
}

}  // namespace

// --- the connection ----------------------------------------------------------------------------------

struct Store::Impl {
  sqlite3* db = nullptr;
  std::unique_ptr<FieldCipher> cipher;
  std::string key_path;
  StoreOptions options;
  int commits_since_checkpoint = 0;

  Statement begin, commit, rollback;
  Statement app_exists, insert_app, insert_outbox;
  Statement next_due, next_due_time;
  Statement outbox_done, app_acknowledged, outbox_retry, outbox_dead, outbox_requeue, outbox_reschedule;
  Statement select_app, count_pending, count_states, list_entries;
  Statement finished_before, delete_outbox_of, delete_app;
  Statement update_status, save_cursor, read_cursor;
  Statement history_submitted, history_acknowledged, history_pulled, select_history, delete_history_of;
  Statement apps_of_person, next_due_of_kind;

  ~Impl() {
    // Statements are finalised by their destructors, which run after this body; close_v2 defers
    // the close until then.
    if (db != nullptr) sqlite3_close_v2(db);
  }

  Status exec(const char* sql, std::string_view what) {
    char* msg = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) return sqlite_error(db, rc, what);
    return Ok{};
  }

  void rollback_if_open() {
    if (sqlite3_get_autocommit(db) == 0) {
      Use use(rollback);
      int rc = use.step();
      if (rc != SQLITE_DONE) log::error(kComponent, std::string("ROLLBACK failed: ") + sqlite3_errstr(rc));
    }
  }

  // Runs `body` inside BEGIN IMMEDIATE … COMMIT. Returns after COMMIT, or after ROLLBACK with the error.
  template <class Body>
  Status write_transaction(std::string_view what, Body&& body) {
    assert(sqlite3_get_autocommit(db) != 0 && "write transactions do not nest");
    {
      Use use(begin);
      int rc = use.step();
      if (rc != SQLITE_DONE) return sqlite_error(db, rc, std::string(what) + " (BEGIN IMMEDIATE)");
    }
    Status status = body();
    if (!status.ok()) {
      rollback_if_open();
      return status;
    }
    int rc;
    {
      Use use(commit);
      rc = use.step();
    }
    if (rc != SQLITE_DONE) {
      Error error = sqlite_error(db, rc, std::string(what) + " (COMMIT)");
      rollback_if_open();
      return error;
    }
    after_commit();
    return Ok{};
  }

  void after_commit() {
    if (options.checkpoint_every_commits <= 0) return;
    if (++commits_since_checkpoint < options.checkpoint_every_commits) return;
    commits_since_checkpoint = 0;
    Status s = checkpoint_passive();
    if (!s.ok()) log::warn(kComponent, "WAL checkpoint: " + s.error().message);
  }

  Status checkpoint_passive() {
    int wal_frames = 0, checkpointed = 0;
    int rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &checkpointed);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) return sqlite_error(db, rc, "WAL checkpoint");
    return Ok{};
  }

  // A statement that must affect exactly one row (a pending entry named by seq).
  Status step_one_change(Use& use, std::string_view what) {
    int rc = use.step();
    if (rc != SQLITE_DONE) return sqlite_error(db, rc, what);
    if (sqlite3_changes(db) != 1) return make_error("store.not_found", std::string(what) + ": no such pending entry");
    return Ok{};
  }

  // The application's acceptance number and status, and the history event, for the entry `seq` just
  // marked done (nothing for entries of other kinds). Inside a write transaction.
  Status record_acknowledgement(int64_t seq, const std::string& acceptance_no, const std::string& platform_status,
                                const std::string& now) {
    const std::string status = platform_status.empty() ? "accepted" : platform_status;
    {
      Use use(app_acknowledged);
      use.bind(1, seq).bind_text(2, acceptance_no).bind_text(3, status);
      int rc = use.step();
      if (rc != SQLITE_DONE) return sqlite_error(db, rc, "recording the acceptance number");
    }
    Use use(history_acknowledged);
    use.bind(1, seq).bind_text(2, status).bind_text(3, acceptance_no).bind_text(4, now);
    int rc = use.step();
    if (rc != SQLITE_DONE) return sqlite_error(db, rc, "recording the acknowledgement in the history");
    return Ok{};
  }

  // What the database says about its key: the sealed key check (absent until the first key is stored),
  // whether it holds applications, and the key generation it committed.
  struct KeyFacts {
    std::optional<std::string> key_check;
    bool has_applications = false;
    uint8_t generation = kFieldFormatV1;
  };

  Status configure();
  Status quick_check();
  Status migrate();
  Result<KeyFacts> read_key_facts();
  Status settle_interrupted_rotation();
  Status load_key();
  Status backfill_person_index();
  Status reseal_applications(const FieldCipher& next, KeyRotationReport& report);
  Status reseal_outbox(const FieldCipher& next, KeyRotationReport& report);
  Status record_key_generation(const FieldCipher& next, KeyRotationReport& report);
  Status check_all_resealed(uint8_t generation);
  Status prepare_transaction_statements();
  Status prepare_statements();
  Result<std::optional<OutboxEntry>> next_due_once(int64_t now_ms, bool& skipped_unreadable);
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

// --- open -----------------------------------------------------------------------------------------------

Status Store::Impl::configure() {
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  if (options.exclusive) {
    // Before the first read, so that the first read takes the lock. Other connections keep a shared
    // lock for as long as they are open: waiting longer than a moment would not free it.
    if (auto s = exec("PRAGMA locking_mode=EXCLUSIVE", "taking the store for this connection alone"); !s.ok()) return s;
    sqlite3_busy_timeout(db, 1000);
  }
  {
    // journal_mode answers with the mode now in force; anything but "wal" means WAL is unavailable.
    Statement wal;
    int rc = wal.prepare(db, "PRAGMA journal_mode=WAL");
    if (rc != SQLITE_OK) return sqlite_error(db, rc, "setting WAL mode");
    Use use(wal);
    rc = use.step();
    if (rc != SQLITE_ROW) return sqlite_error(db, rc, "setting WAL mode");
    if (use.text(0) != "wal") return make_error("store.sqlite", "the database refused WAL mode: " + use.text(0));
  }
  if (auto s = exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                    "PRAGMA secure_delete=ON; PRAGMA wal_autocheckpoint=1000; PRAGMA journal_size_limit=8388608;",
                    "configuring the connection");
      !s.ok())
    return s;
  if (options.max_db_bytes > 0) {
    int64_t page_size = 4096;
    {
      Statement ps;
      if (ps.prepare(db, "PRAGMA page_size") == SQLITE_OK) {
        Use use(ps);
        if (use.step() == SQLITE_ROW) page_size = use.int64(0);
      }
    }
    int64_t pages = std::max<int64_t>(1, options.max_db_bytes / page_size);
    std::string sql = "PRAGMA max_page_count=" + std::to_string(pages);
    if (auto s = exec(sql.c_str(), "bounding the database size"); !s.ok()) return s;
  }
  return Ok{};
}

Status Store::Impl::quick_check() {
  Statement check;
  int rc = check.prepare(db, "PRAGMA quick_check");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "quick_check");
  Use use(check);
  std::string first_problem;
  int problems = 0;
  while ((rc = use.step()) == SQLITE_ROW) {
    std::string line = use.text(0);
    if (line == "ok") continue;
    if (problems++ == 0) first_problem = line;
  }
  if (rc != SQLITE_DONE) return sqlite_error(db, rc, "quick_check");
  if (problems > 0)
    return make_error("store.corrupt", "the database failed PRAGMA quick_check with " + std::to_string(problems) +
                                           " problem(s), first: " + first_problem +
                                           " — move it aside (move_aside_corrupt) and start a new one");
  return Ok{};
}

Status Store::Impl::migrate() {
  // The whole check-and-apply runs under the write lock, so two connections opening at once (the UI's
  // and the sync worker's) cannot both apply a migration.
  return write_transaction("migrating the schema", [&]() -> Status {
    if (auto s = exec("CREATE TABLE IF NOT EXISTS schema_version ("
                      " version INTEGER PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)",
                      "creating schema_version");
        !s.ok())
      return s;
    int64_t current = 0;
    {
      Statement q;
      int rc = q.prepare(db, "SELECT coalesce(max(version), 0) FROM schema_version");
      if (rc != SQLITE_OK) return sqlite_error(db, rc, "reading schema_version");
      Use use(q);
      rc = use.step();
      if (rc != SQLITE_ROW) return sqlite_error(db, rc, "reading schema_version");
      current = use.int64(0);
    }
    if (current > int64_t(kMigrations.size()))
      return make_error("store.schema_newer", "the database is at schema version " + std::to_string(current) +
                                                  ", newer than this program knows (" +
                                                  std::to_string(kMigrations.size()) + "); refusing to touch it");
    for (int64_t version = current + 1; version <= int64_t(kMigrations.size()); ++version) {
      if (auto s = exec(kMigrations[size_t(version - 1)], "migration " + std::to_string(version)); !s.ok()) return s;
      Statement record;
      int rc = record.prepare(db, "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)");
      if (rc != SQLITE_OK) return sqlite_error(db, rc, "recording a migration");
      Use use(record);
      use.bind(1, version).bind_text(2, clock::now_iso_utc());
      rc = use.step();
      if (rc != SQLITE_DONE) return sqlite_error(db, rc, "recording a migration");
      log::info(kComponent, "applied schema migration " + std::to_string(version));
    }
    return Ok{};
  });
}

Result<Store::Impl::KeyFacts> Store::Impl::read_key_facts() {
  Statement q;
  int rc = q.prepare(db, "SELECT (SELECT value FROM meta WHERE key = 'key_check'),"
                         " EXISTS (SELECT 1 FROM applications),"
                         " coalesce((SELECT value FROM meta WHERE key = 'key_generation'), 1)");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "reading the key check");
  Use use(q);
  rc = use.step();
  if (rc != SQLITE_ROW) return sqlite_error(db, rc, "reading the key check");
  KeyFacts facts;
  if (!use.is_null(0)) facts.key_check = use.blob(0);
  facts.has_applications = use.int64(1) != 0;
  const int64_t generation = use.int64(2);
  if (generation < 1 || generation > kLastKeyGeneration)
    return make_error("key.generation", "the database names field key generation " + use.text(2) +
                                            ", which does not exist (1 to " + std::to_string(kLastKeyGeneration) + ")");
  facts.generation = uint8_t(generation);
  return facts;
}

// A <key>.next beside the key file is a rotation that did not finish (key_rotation.h). Under the write
// lock, so that of two connections opening at once only one acts and the other sees its outcome.
Status Store::Impl::settle_interrupted_rotation() {
  if (!next_key_exists(key_path)) return Ok{};
  return write_transaction("settling an interrupted key rotation", [&]() -> Status {
    auto facts = read_key_facts();
    if (!facts.ok()) return facts.error();
    return settle_key_files(key_path, facts.value().generation, [&](const FieldCipher& candidate) {
      return facts.value().key_check && opens_key_check(candidate, *facts.value().key_check);
    });
  });
}

Status Store::Impl::load_key() {
  if (auto s = settle_interrupted_rotation(); !s.ok()) return s;
  // A database that already holds sealed values must get its own key back, never a fresh one: a new
  // key would make every stored application unreadable. So the key may be created only while the
  // database has neither a key check nor any application.
  auto facts = read_key_facts();
  if (!facts.ok()) return facts.error();
  std::optional<std::string> key_check = facts.value().key_check;
  const bool has_applications = facts.value().has_applications;
  const bool sealed_data_exists = key_check.has_value() || has_applications;
  auto loaded = FieldCipher::from_key_file(
      key_path, sealed_data_exists ? KeyFileMode::must_exist : KeyFileMode::create_if_absent, facts.value().generation);
  if (!loaded.ok()) {
    if (loaded.error().code == "key.missing")
      return make_error("key.missing", loaded.error().message +
                                           "; the database already holds data sealed with that key — restore the "
                                           "key file (a new key would make it unreadable)");
    return loaded.error();
  }
  cipher = std::move(loaded).value();

  if (!key_check) {
    const std::string sealed = cipher->seal(kKeyCheckPlaintext, key_check_ad());
    Status s = write_transaction("storing the key check", [&]() -> Status {
      Statement ins;
      int rc = ins.prepare(db, "INSERT OR IGNORE INTO meta (key, value) VALUES ('key_check', ?1)");
      if (rc != SQLITE_OK) return sqlite_error(db, rc, "storing the key check");
      Use use(ins);
      use.bind_blob(1, sealed);
      rc = use.step();
      if (rc != SQLITE_DONE) return sqlite_error(db, rc, "storing the key check");
      return Ok{};
    });
    if (!s.ok()) return s;
    // Another connection may have stored its check first; verify against what is there now.
    Statement q;
    int rc = q.prepare(db, "SELECT value FROM meta WHERE key = 'key_check'");
    if (rc != SQLITE_OK) return sqlite_error(db, rc, "reading the key check");
    Use use(q);
    rc = use.step();
    if (rc != SQLITE_ROW) return sqlite_error(db, rc, "reading the key check");
    key_check = use.blob(0);
  }
  if (!opens_key_check(*cipher, *key_check))
    return make_error("store.wrong_key", "the field key file " + key_path +
                                             " is not the key this database was written with");
  return Ok{};
}

// Rows written before migration 2 get their blind index here: it needs the key, which the migration
// (plain SQL, run before the key is loaded) does not have. One transaction; nothing to do afterwards.
Status Store::Impl::backfill_person_index() {
  std::vector<std::pair<std::string, std::string>> missing;  // uuid, sealed id_number
  {
    Statement q;
    int rc = q.prepare(db, "SELECT uuid, id_number FROM applications WHERE person_index IS NULL");
    if (rc != SQLITE_OK) return sqlite_error(db, rc, "finding rows without a person index");
    Use use(q);
    while ((rc = use.step()) == SQLITE_ROW) missing.emplace_back(use.text(0), use.blob(1));
    if (rc != SQLITE_DONE) return sqlite_error(db, rc, "finding rows without a person index");
  }
  if (missing.empty()) return Ok{};
  Statement update;
  int rc = update.prepare(db, "UPDATE applications SET person_index = ?2 WHERE uuid = ?1 AND person_index IS NULL");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "preparing the person index backfill");
  int64_t unreadable = 0;
  Status s = write_transaction("indexing older applications", [&]() -> Status {
    for (const auto& [uuid, sealed] : missing) {
      auto id_number = cipher->open(sealed, app_ad("id_number", uuid));
      if (!id_number.ok()) {
        ++unreadable;  // stays NULL: not findable by person, and tried again at the next start
        continue;
      }
      std::string plain = std::move(id_number).value();
      const std::string index = person_index_of(*cipher, plain);
      zhidui::wipe(plain);
      Use use(update);
      use.bind_text(1, uuid).bind_blob(2, index);
      int rc = use.step();
      if (rc != SQLITE_DONE) return sqlite_error(db, rc, "storing a person index");
    }
    return Ok{};
  });
  if (!s.ok()) return s;
  log::info(kComponent, "indexed " + std::to_string(missing.size() - size_t(unreadable)) + " older application(s)" +
                            (unreadable ? " (" + std::to_string(unreadable) + " unreadable)" : std::string()));
  return Ok{};
}

namespace {
struct StatementSql {
  Statement* stmt;
  const char* sql;
};

Status prepare_all(sqlite3* db, std::initializer_list<StatementSql> entries) {
  for (const StatementSql& e : entries) {
    int rc = e.stmt->prepare(db, e.sql);
    if (rc != SQLITE_OK) return sqlite_error(db, rc, std::string("preparing: ") + e.sql);
  }
  return Ok{};
}
}  // namespace

// Needed before the migrations run (they are write transactions).
Status Store::Impl::prepare_transaction_statements() {
  return prepare_all(db, {{&begin, "BEGIN IMMEDIATE"}, {&commit, "COMMIT"}, {&rollback, "ROLLBACK"}});
}

// The rest name the tables, so they are prepared after the migrations.
Status Store::Impl::prepare_statements() {
  return prepare_all(db, {
      {&app_exists, "SELECT 1 FROM applications WHERE uuid = ?1"},
      {&insert_app,
       "INSERT INTO applications (uuid, seq, policy_id, policy_title, created_at, status, name, id_number,"
       " address, phone, bank_account, person_index) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM"
       " applications), ?2, ?3, ?4, 'submitted', ?5, ?6, ?7, ?8, ?9, ?10)"},
      {&history_submitted,
       "INSERT INTO status_history (uuid, status, source, at) VALUES (?1, 'submitted', 'kiosk', ?2)"},
      // ?1 seq of the entry just marked done: only an application's own entry is an acknowledgement.
      {&history_acknowledged,
       "INSERT INTO status_history (uuid, status, acceptance_no, source, at)"
       " SELECT uuid, ?2, ?3, 'platform', ?4 FROM outbox WHERE seq = ?1 AND kind = 'application'"},
      {&history_pulled,
       "INSERT INTO status_history (uuid, status, acceptance_no, source, at)"
       " SELECT uuid, ?2, acceptance_no, 'platform', ?3 FROM applications WHERE uuid = ?1"},
      {&select_history,
       "SELECT status, acceptance_no, source, at FROM status_history WHERE uuid = ?1 ORDER BY id"},
      {&delete_history_of, "DELETE FROM status_history WHERE uuid = ?1"},
      {&apps_of_person,
       "SELECT a.uuid, a.policy_id, a.policy_title, a.created_at, a.status, a.acceptance_no,"
       " coalesce((SELECT o.state FROM outbox o WHERE o.uuid = a.uuid AND o.kind = 'application'"
       " ORDER BY o.seq LIMIT 1), 'pending'),"
       " coalesce((SELECT h.at FROM status_history h WHERE h.uuid = a.uuid ORDER BY h.id DESC LIMIT 1), a.created_at)"
       " FROM applications a WHERE a.person_index = ?1 ORDER BY a.seq DESC"},
      // As next_due, for one kind and up to ?4 entries (?3 the kind).
      {&next_due_of_kind,
       "SELECT o.seq, o.uuid, o.kind, o.body, o.attempts, o.next_attempt_ms FROM outbox o"
       " WHERE o.state = 'pending' AND o.kind = ?3 AND (o.next_attempt_ms <= ?1 OR o.next_attempt_ms > ?1 + ?2)"
       " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.uuid = o.uuid AND e.state = 'pending' AND e.seq < o.seq)"
       " ORDER BY o.seq LIMIT ?4"},
      {&insert_outbox,
       "INSERT INTO outbox (uuid, kind, body, state, attempts, next_attempt_ms, last_error, updated_at)"
       " VALUES (?1, ?2, ?3, 'pending', 0, 0, '', ?4)"},
      // ?1 now, ?2 kMaxScheduleAheadMs. An entry waits while an earlier entry of its application is
      // pending; a not-before further ahead than the bound is a clock that went back: due now.
      {&next_due,
       "SELECT o.seq, o.uuid, o.kind, o.body, o.attempts, o.next_attempt_ms FROM outbox o"
       " WHERE o.state = 'pending' AND (o.next_attempt_ms <= ?1 OR o.next_attempt_ms > ?1 + ?2)"
       " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.uuid = o.uuid AND e.state = 'pending' AND e.seq < o.seq)"
       " ORDER BY o.seq LIMIT 1"},
      {&next_due_time,
       "SELECT min(CASE WHEN o.next_attempt_ms > ?1 + ?2 THEN ?1 ELSE o.next_attempt_ms END) FROM outbox o"
       " WHERE o.state = 'pending'"
       " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.uuid = o.uuid AND e.state = 'pending' AND e.seq < o.seq)"},
      {&outbox_done,
       "UPDATE outbox SET state = 'done', attempts = attempts + 1, last_error = '', updated_at = ?2"
       " WHERE seq = ?1 AND state = 'pending'"},
      {&app_acknowledged,
       "UPDATE applications SET acceptance_no = ?2, status = ?3"
       " WHERE uuid = (SELECT uuid FROM outbox WHERE seq = ?1 AND kind = 'application')"},
      {&outbox_retry,
       "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?2, last_error = ?3, updated_at = ?4"
       " WHERE seq = ?1 AND state = 'pending'"},
      {&outbox_dead,
       "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?2, updated_at = ?3"
       " WHERE seq = ?1 AND state = 'pending'"},
      {&outbox_requeue,
       "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_ms = 0, updated_at = ?2"
       " WHERE seq = ?1 AND state = 'dead'"},
      {&outbox_reschedule,
       "UPDATE outbox SET next_attempt_ms = ?1 WHERE state = 'pending' AND next_attempt_ms > ?1"},
      {&select_app,
       "SELECT uuid, seq, policy_id, policy_title, created_at, status, acceptance_no, name, id_number, address,"
       " phone, bank_account FROM applications WHERE uuid = ?1"},
      {&count_pending, "SELECT count(*) FROM outbox WHERE state = 'pending'"},
      {&count_states,
       "SELECT coalesce(sum(state = 'pending'), 0), coalesce(sum(state = 'done'), 0),"
       " coalesce(sum(state = 'dead'), 0) FROM outbox"},
      // ?1 the cutoff as ISO text (utc_iso_at): every entry done, the last one done before it.
      {&finished_before,
       "SELECT a.uuid FROM applications a WHERE a.acceptance_no <> ''"
       " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.uuid = a.uuid AND o.state <> 'done')"
       " AND (SELECT max(o.updated_at) FROM outbox o WHERE o.uuid = a.uuid) < ?1"},
      {&update_status, "UPDATE applications SET status = ?2 WHERE uuid = ?1 AND acceptance_no <> ''"},
      {&save_cursor, "INSERT OR REPLACE INTO meta (key, value) VALUES ('status_cursor', ?1)"},
      {&read_cursor, "SELECT value FROM meta WHERE key = 'status_cursor'"},
      {&delete_outbox_of, "DELETE FROM outbox WHERE uuid = ?1"},
      {&delete_app, "DELETE FROM applications WHERE uuid = ?1"},
      {&list_entries,
       "SELECT seq, uuid, kind, state, attempts, next_attempt_ms, last_error, updated_at FROM outbox"
       " WHERE ?1 IS NULL OR state = ?1 ORDER BY seq LIMIT ?2"},
  });
}

Result<std::unique_ptr<Store>> Store::open(const std::string& db_path, const std::string& key_path) {
  return open(db_path, key_path, StoreOptions{});
}

Result<std::unique_ptr<Store>> Store::open(const std::string& db_path, const std::string& key_path,
                                           const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->key_path = key_path;
  if (auto s = precreate_db_file(db_path); !s.ok()) return s.error();
  int rc = sqlite3_open_v2(db_path.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                           nullptr);
  if (rc != SQLITE_OK) return sqlite_error(impl->db, rc, "opening " + db_path);
  for (auto step : {&Impl::configure, &Impl::quick_check, &Impl::prepare_transaction_statements, &Impl::migrate,
                    &Impl::prepare_statements}) {
    Status s = (impl.get()->*step)();
    if (!s.ok()) {
      if (s.error().code == "store.corrupt")
        log::error(kComponent, "database " + db_path + " is corrupt: " + s.error().message);
      return s.error();
    }
  }
  if (auto s = impl->load_key(); !s.ok()) return s.error();
  if (auto s = impl->backfill_person_index(); !s.ok()) return s.error();
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

// --- writes --------------------------------------------------------------------------------------------

Status Store::submit(const NewApplication& app) {
  Impl& m = *impl_;
  if (!is_uuid(app.uuid)) return make_error("store.invalid", "application uuid is not a lower-case UUID");
  if (app.upload_body.empty()) return make_error("store.invalid", "application has an empty upload body");

  const PersonalFields& p = app.personal;
  const std::string name = m.cipher->seal(p.name, app_ad("name", app.uuid));
  const std::string id_number = m.cipher->seal(p.id_number, app_ad("id_number", app.uuid));
  const std::string address = m.cipher->seal(p.address, app_ad("address", app.uuid));
  const std::string phone = m.cipher->seal(p.phone, app_ad("phone", app.uuid));
  const std::string bank_account = m.cipher->seal(p.bank_account, app_ad("bank_account", app.uuid));
  const std::string body = m.cipher->seal(app.upload_body, body_ad(app.uuid, "application"));
  const std::string person_index = person_index_of(*m.cipher, p.id_number);
  const std::string now = clock::now_iso_utc();

  return m.write_transaction("submitting an application", [&]() -> Status {
    {
      Use use(m.app_exists);
      use.bind_text(1, app.uuid);
      int rc = use.step();
      if (rc == SQLITE_ROW)
        return make_error("store.duplicate", "an application with uuid " + app.uuid + " is already stored");
      if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "checking for a duplicate uuid");
    }
    {
      Use use(m.insert_app);
      use.bind_text(1, app.uuid).bind_text(2, app.policy_id).bind_text(3, app.policy_title).bind_text(4, app.created_at);
      use.bind_blob(5, name).bind_blob(6, id_number).bind_blob(7, address).bind_blob(8, phone).bind_blob(9, bank_account);
      use.bind_blob(10, person_index);
      int rc = use.step();
      if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "inserting the application");
    }
    {
      Use use(m.history_submitted);
      use.bind_text(1, app.uuid).bind_text(2, app.created_at.empty() ? now : app.created_at);
      int rc = use.step();
      if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "recording the submission in the history");
    }
    {
      Use use(m.insert_outbox);
      use.bind_text(1, app.uuid).bind_text(2, "application").bind_blob(3, body).bind_text(4, now);
      int rc = use.step();
      if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "inserting the outbox entry");
    }
    return Ok{};
  });
}

Result<int64_t> Store::enqueue(const std::string& uuid, const std::string& kind, const std::string& body) {
  Impl& m = *impl_;
  if (kind.empty() || body.empty()) return make_error("store.invalid", "outbox entry needs a kind and a body");
  const std::string sealed = m.cipher->seal(body, body_ad(uuid, kind));
  const std::string now = clock::now_iso_utc();
  int64_t seq = 0;
  Status s = m.write_transaction("enqueueing an outbox entry", [&]() -> Status {
    {
      Use use(m.app_exists);
      use.bind_text(1, uuid);
      int rc = use.step();
      if (rc == SQLITE_DONE) return make_error("store.not_found", "no application with uuid " + uuid);
      if (rc != SQLITE_ROW) return sqlite_error(m.db, rc, "looking up the application");
    }
    Use use(m.insert_outbox);
    use.bind_text(1, uuid).bind_text(2, kind).bind_blob(3, sealed).bind_text(4, now);
    int rc = use.step();
    if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "inserting the outbox entry");
    seq = sqlite3_last_insert_rowid(m.db);
    return Ok{};
  });
  if (!s.ok()) return s.error();
  return seq;
}

Status Store::mark_done(int64_t seq, const std::string& acceptance_no, const std::string& platform_status) {
  Impl& m = *impl_;
  const std::string now = clock::now_iso_utc();
  return m.write_transaction("marking an entry done", [&]() -> Status {
    {
      Use use(m.outbox_done);
      use.bind(1, seq).bind_text(2, now);
      if (auto s = m.step_one_change(use, "marking an entry done"); !s.ok()) return s;
    }
    return m.record_acknowledgement(seq, acceptance_no, platform_status, now);
  });
}

Status Store::mark_done_many(const std::vector<Acknowledgement>& acknowledgements) {
  Impl& m = *impl_;
  if (acknowledgements.empty()) return Ok{};
  const std::string now = clock::now_iso_utc();
  return m.write_transaction("marking entries done", [&]() -> Status {
    for (const Acknowledgement& ack : acknowledgements) {
      {
        Use use(m.outbox_done);
        use.bind(1, ack.seq).bind_text(2, now);
        if (auto s = m.step_one_change(use, "marking an entry done"); !s.ok()) return s;
      }
      if (auto s = m.record_acknowledgement(ack.seq, ack.acceptance_no, ack.platform_status, now); !s.ok()) return s;
    }
    return Ok{};
  });
}

Status Store::mark_retry(int64_t seq, int64_t next_attempt_ms, const std::string& reason) {
  Impl& m = *impl_;
  const std::string now = clock::now_iso_utc();
  return m.write_transaction("scheduling a retry", [&]() -> Status {
    Use use(m.outbox_retry);
    use.bind(1, seq).bind(2, next_attempt_ms).bind_text(3, clip_reason(reason)).bind_text(4, now);
    return m.step_one_change(use, "scheduling a retry");
  });
}

Status Store::mark_dead(int64_t seq, const std::string& reason) {
  Impl& m = *impl_;
  const std::string now = clock::now_iso_utc();
  Status s = m.write_transaction("marking an entry dead", [&]() -> Status {
    Use use(m.outbox_dead);
    use.bind(1, seq).bind_text(2, clip_reason(reason)).bind_text(3, now);
    return m.step_one_change(use, "marking an entry dead");
  });
  if (s.ok()) log::warn(kComponent, "outbox entry " + std::to_string(seq) + " is a dead letter: " + clip_reason(reason));
  return s;
}

Status Store::requeue_dead(int64_t seq) {
  Impl& m = *impl_;
  const std::string now = clock::now_iso_utc();
  return m.write_transaction("requeueing a dead letter", [&]() -> Status {
    Use use(m.outbox_requeue);
    use.bind(1, seq).bind_text(2, now);
    int rc = use.step();
    if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "requeueing a dead letter");
    if (sqlite3_changes(m.db) != 1) return make_error("store.not_found", "no dead outbox entry " + std::to_string(seq));
    return Ok{};
  });
}

Status Store::reschedule_pending_now(int64_t now_ms) {
  Impl& m = *impl_;
  return m.write_transaction("rescheduling pending entries", [&]() -> Status {
    Use use(m.outbox_reschedule);
    use.bind(1, now_ms);
    int rc = use.step();
    if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "rescheduling pending entries");
    return Ok{};
  });
}

Status Store::checkpoint() { return impl_->checkpoint_passive(); }

Status Store::apply_status_updates(const std::vector<ApplicationStatusUpdate>& updates,
                                   const std::string& next_cursor) {
  Impl& m = *impl_;
  if (next_cursor.empty()) return make_error("store.invalid", "a status page always ends with a cursor");
  return m.write_transaction("recording status changes", [&]() -> Status {
    const std::string now = clock::now_iso_utc();
    for (const auto& update : updates) {
      {
        Use use(m.update_status);
        use.bind_text(1, update.uuid).bind_text(2, update.status);
        int rc = use.step();
        if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "recording a status change");
      }
      if (sqlite3_changes(m.db) != 1) continue;  // not an acknowledged application of this store
      Use use(m.history_pulled);
      use.bind_text(1, update.uuid).bind_text(2, update.status).bind_text(3, update.changed_at.empty() ? now : update.changed_at);
      int rc = use.step();
      if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "recording a status change in the history");
    }
    Use use(m.save_cursor);
    use.bind_text(1, next_cursor);
    int rc = use.step();
    if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "saving the status cursor");
    return Ok{};
  });
}

Result<std::string> Store::status_cursor() {
  Impl& m = *impl_;
  Use use(m.read_cursor);
  int rc = use.step();
  if (rc == SQLITE_DONE) return std::string();
  if (rc != SQLITE_ROW) return sqlite_error(m.db, rc, "reading the status cursor");
  return use.text(0);
}

Result<int64_t> Store::purge_finished(int older_than_days, int64_t now_ms) {
  Impl& m = *impl_;
  if (older_than_days < 0) return make_error("store.invalid", "retention must be zero or more days");
  const int64_t cutoff_ms = now_ms - int64_t(older_than_days) * 86'400'000;
  const std::string cutoff = clock::iso_utc_at(std::time_t(cutoff_ms / 1000));
  int64_t purged = 0;
  Status s = m.write_transaction("purging finished applications", [&]() -> Status {
    std::vector<std::string> uuids;
    {
      Use use(m.finished_before);
      use.bind_text(1, cutoff);
      int rc;
      while ((rc = use.step()) == SQLITE_ROW) uuids.push_back(use.text(0));
      if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "finding finished applications");
    }
    for (const std::string& uuid : uuids) {
      // Outbox rows first: they reference the application.
      for (const Statement* statement : {&m.delete_outbox_of, &m.delete_history_of, &m.delete_app}) {
        Use use(*statement);
        use.bind_text(1, uuid);
        int rc = use.step();
        if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "purging an application");
      }
    }
    purged = int64_t(uuids.size());
    return Ok{};
  });
  if (!s.ok()) return s.error();
  if (purged > 0) {
    // The WAL still holds the frames written when these applications arrived (sealed, but their
    // retention is over too). TRUNCATE copies everything back (secure_delete has zeroed the freed
    // cells) and empties the WAL. BUSY means a reader holds an old snapshot: the next one will do.
    int rc = sqlite3_wal_checkpoint_v2(m.db, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    if (rc != SQLITE_OK) log::warn(kComponent, std::string("checkpoint after purge: ") + sqlite3_errstr(rc));
    log::info(kComponent, "purged " + std::to_string(purged) + " finished application(s)");
  }
  return purged;
}

// --- reads ---------------------------------------------------------------------------------------------

Result<std::optional<OutboxEntry>> Store::Impl::next_due_once(int64_t now_ms, bool& skipped_unreadable) {
  skipped_unreadable = false;
  OutboxEntry entry;
  std::string sealed;
  {
    Use use(next_due);
    use.bind(1, now_ms).bind(2, kMaxScheduleAheadMs);
    int rc = use.step();
    if (rc == SQLITE_DONE) return std::optional<OutboxEntry>();
    if (rc != SQLITE_ROW) return sqlite_error(db, rc, "reading the next due entry");
    entry.seq = use.int64(0);
    entry.uuid = use.text(1);
    entry.kind = use.text(2);
    sealed = use.blob(3);
    entry.attempts = int(use.int64(4));
    entry.next_attempt_ms = use.int64(5);
  }
  auto body = cipher->open(sealed, body_ad(entry.uuid, entry.kind));
  if (!body.ok()) {
    // A body that cannot be opened can never be sent; leaving it pending would block the queue for
    // ever. It becomes a dead letter (kept, visible) and the queue goes on.
    skipped_unreadable = true;
    const std::string now = clock::now_iso_utc();
    Status s = write_transaction("marking an unreadable entry dead", [&]() -> Status {
      Use use(outbox_dead);
      use.bind(1, entry.seq).bind_text(2, "stored body cannot be opened: " + body.error().message).bind_text(3, now);
      return step_one_change(use, "marking an unreadable entry dead");
    });
    if (!s.ok()) return s.error();
    log::error(kComponent, "outbox entry " + std::to_string(entry.seq) + " has an unreadable body; now a dead letter");
    return std::optional<OutboxEntry>();
  }
  entry.body = std::move(body).value();
  return std::optional<OutboxEntry>(std::move(entry));
}

Result<std::optional<OutboxEntry>> Store::next_due(int64_t now_ms) {
  for (;;) {
    bool skipped = false;
    auto r = impl_->next_due_once(now_ms, skipped);
    if (!r.ok() || !skipped) return r;
  }
}

Result<std::optional<int64_t>> Store::ms_until_next_due(int64_t now_ms) {
  Impl& m = *impl_;
  Use use(m.next_due_time);
  use.bind(1, now_ms).bind(2, kMaxScheduleAheadMs);
  int rc = use.step();
  if (rc != SQLITE_ROW) return sqlite_error(m.db, rc, "reading the next due time");
  if (use.is_null(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(std::max<int64_t>(0, use.int64(0) - now_ms));
}

Result<std::optional<StoredApplication>> Store::application(const std::string& uuid) {
  Impl& m = *impl_;
  StoredApplication app;
  std::array<std::string, 5> sealed;
  {
    Use use(m.select_app);
    use.bind_text(1, uuid);
    int rc = use.step();
    if (rc == SQLITE_DONE) return std::optional<StoredApplication>();
    if (rc != SQLITE_ROW) return sqlite_error(m.db, rc, "reading an application");
    app.uuid = use.text(0);
    app.seq = use.int64(1);
    app.policy_id = use.text(2);
    app.policy_title = use.text(3);
    app.created_at = use.text(4);
    app.status = use.text(5);
    app.acceptance_no = use.text(6);
    for (int i = 0; i < 5; ++i) sealed[size_t(i)] = use.blob(7 + i);
  }
  const std::array<std::pair<const char*, std::string*>, 5> columns = {{
      {"name", &app.personal.name},
      {"id_number", &app.personal.id_number},
      {"address", &app.personal.address},
      {"phone", &app.personal.phone},
      {"bank_account", &app.personal.bank_account},
  }};
  for (size_t i = 0; i < columns.size(); ++i) {
    auto opened = m.cipher->open(sealed[i], app_ad(columns[i].first, uuid));
    if (!opened.ok()) {
      app.personal.wipe();
      return make_error(opened.error().code,
                        "application " + uuid + ", column " + columns[i].first + ": " + opened.error().message);
    }
    *columns[i].second = std::move(opened).value();
  }
  return std::optional<StoredApplication>(std::move(app));
}

Result<std::vector<OutboxEntry>> Store::next_due_batch(int64_t now_ms, const std::string& kind, size_t max) {
  Impl& m = *impl_;
  for (;;) {
    std::vector<OutboxEntry> entries;
    std::vector<std::string> sealed;
    {
      Use use(m.next_due_of_kind);
      use.bind(1, now_ms).bind(2, kMaxScheduleAheadMs).bind_text(3, kind).bind(4, int64_t(max));
      int rc;
      while ((rc = use.step()) == SQLITE_ROW) {
        OutboxEntry entry;
        entry.seq = use.int64(0);
        entry.uuid = use.text(1);
        entry.kind = use.text(2);
        sealed.push_back(use.blob(3));
        entry.attempts = int(use.int64(4));
        entry.next_attempt_ms = use.int64(5);
        entries.push_back(std::move(entry));
      }
      if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "reading due entries");
    }
    bool skipped = false;
    for (size_t i = 0; i < entries.size(); ++i) {
      auto body = m.cipher->open(sealed[i], body_ad(entries[i].uuid, entries[i].kind));
      if (body.ok()) {
        entries[i].body = std::move(body).value();
        continue;
      }
      // As in next_due: an unopenable body would block its application for ever; a dead letter instead.
      skipped = true;
      const std::string now = clock::now_iso_utc();
      Status s = m.write_transaction("marking an unreadable entry dead", [&]() -> Status {
        Use use(m.outbox_dead);
        use.bind(1, entries[i].seq).bind_text(2, "stored body cannot be opened: " + body.error().message).bind_text(3, now);
        return m.step_one_change(use, "marking an unreadable entry dead");
      });
      if (!s.ok()) return s.error();
      log::error(kComponent, "outbox entry " + std::to_string(entries[i].seq) + " has an unreadable body; now a dead letter");
    }
    if (!skipped) return entries;
    for (auto& e : entries) zhidui::wipe(e.body);  // read again without the dead ones
  }
}

Result<std::vector<LocalProgress>> Store::applications_for_person(const std::string& id_number) {
  Impl& m = *impl_;
  const std::string index = person_index_of(*m.cipher, id_number);
  if (index.empty()) return std::vector<LocalProgress>();
  Use use(m.apps_of_person);
  use.bind_blob(1, index);
  std::vector<LocalProgress> out;
  int rc;
  while ((rc = use.step()) == SQLITE_ROW) {
    LocalProgress p;
    p.uuid = use.text(0);
    p.policy_id = use.text(1);
    p.policy_title = use.text(2);
    p.created_at = use.text(3);
    p.status = use.text(4);
    p.acceptance_no = use.text(5);
    p.upload = state_from_name(use.text(6));
    p.last_update_at = use.text(7);
    out.push_back(std::move(p));
  }
  if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "listing a person's applications");
  return out;
}

Result<std::vector<LocalStatusEvent>> Store::application_progress(const std::string& uuid) {
  Impl& m = *impl_;
  Use use(m.select_history);
  use.bind_text(1, uuid);
  std::vector<LocalStatusEvent> out;
  int rc;
  while ((rc = use.step()) == SQLITE_ROW) out.push_back({use.text(0), use.text(1), use.text(2), use.text(3)});
  if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "reading an application's history");
  return out;
}

Result<int64_t> Store::pending_count() {
  Impl& m = *impl_;
  Use use(m.count_pending);
  int rc = use.step();
  if (rc != SQLITE_ROW) return sqlite_error(m.db, rc, "counting pending entries");
  return use.int64(0);
}

Result<OutboxCounts> Store::outbox_counts() {
  Impl& m = *impl_;
  Use use(m.count_states);
  int rc = use.step();
  if (rc != SQLITE_ROW) return sqlite_error(m.db, rc, "counting outbox entries");
  return OutboxCounts{use.int64(0), use.int64(1), use.int64(2)};
}

Result<std::vector<OutboxInfo>> Store::outbox_entries(std::optional<OutboxState> state, int limit) {
  Impl& m = *impl_;
  Use use(m.list_entries);
  if (state) use.bind_text(1, state_name(*state));
  else use.bind_null(1);
  use.bind(2, limit);
  std::vector<OutboxInfo> out;
  int rc;
  while ((rc = use.step()) == SQLITE_ROW) {
    OutboxInfo info;
    info.seq = use.int64(0);
    info.uuid = use.text(1);
    info.kind = use.text(2);
    info.state = state_from_name(use.text(3));
    info.attempts = int(use.int64(4));
    info.next_attempt_ms = use.int64(5);
    info.last_error = use.text(6);
    info.updated_at = use.text(7);
    out.push_back(std::move(info));
  }
  if (rc != SQLITE_DONE) return sqlite_error(m.db, rc, "listing outbox entries");
  return out;
}

Result<int> Store::schema_version() {
  Impl& m = *impl_;
  Statement q;
  int rc = q.prepare(m.db, "SELECT coalesce(max(version), 0) FROM schema_version");
  if (rc != SQLITE_OK) return sqlite_error(m.db, rc, "reading schema_version");
  Use use(q);
  rc = use.step();
  if (rc != SQLITE_ROW) return sqlite_error(m.db, rc, "reading schema_version");
  return int(use.int64(0));
}

// --- key rotation ----------------------------------------------------------------------------------------
//
// The protocol and its crash cases are in key_rotation.h. The re-sealing reads rows in rowid pages of
// kRotationPageRows, so that memory stays bounded whatever the store holds (upload bodies carry signature
// images), and updates each row by rowid inside the one transaction.

namespace {

constexpr std::array<const char*, 5> kPersonalColumns = {"name", "id_number", "address", "phone", "bank_account"};
constexpr int64_t kRotationPageRows = 256;

Error unreadable_value(const std::string& where, const Error& why) {
  return make_error("store.unreadable", where + " cannot be opened with the current key (" + why.message +
                                            "); nothing was rotated: a rotation re-seals every value or none");
}

}  // namespace

Status Store::Impl::reseal_applications(const FieldCipher& next, KeyRotationReport& report) {
  Statement page, update;
  int rc = page.prepare(db, "SELECT rowid, uuid, name, id_number, address, phone, bank_account FROM applications"
                            " WHERE rowid > ?1 ORDER BY rowid LIMIT ?2");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "preparing the re-sealing of applications");
  rc = update.prepare(db, "UPDATE applications SET name = ?2, id_number = ?3, address = ?4, phone = ?5,"
                          " bank_account = ?6, person_index = ?7 WHERE rowid = ?1");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "preparing the re-sealing of applications");

  struct Row {
    int64_t rowid = 0;
    std::string uuid;
    std::array<std::string, kPersonalColumns.size()> sealed;
  };
  int64_t after = std::numeric_limits<int64_t>::min();
  for (;;) {
    std::vector<Row> rows;
    {
      Use use(page);
      use.bind(1, after).bind(2, kRotationPageRows);
      while ((rc = use.step()) == SQLITE_ROW) {
        Row row{use.int64(0), use.text(1), {}};
        for (size_t i = 0; i < row.sealed.size(); ++i) row.sealed[i] = use.blob(int(2 + i));
        rows.push_back(std::move(row));
      }
      if (rc != SQLITE_DONE) return sqlite_error(db, rc, "reading applications to re-seal");
    }
    if (rows.empty()) return Ok{};
    for (const Row& row : rows) {
      std::array<std::string, kPersonalColumns.size()> resealed;
      std::string person_index;
      for (size_t i = 0; i < kPersonalColumns.size(); ++i) {
        const std::string ad = app_ad(kPersonalColumns[i], row.uuid);
        auto opened = cipher->open(row.sealed[i], ad);
        if (!opened.ok())
          return unreadable_value("application " + row.uuid + ", column " + kPersonalColumns[i], opened.error());
        std::string plain = std::move(opened).value();
        resealed[i] = next.seal(plain, ad);
        if (std::string_view(kPersonalColumns[i]) == "id_number") person_index = person_index_of(next, plain);
        zhidui::wipe(plain);
      }
      Use use(update);
      use.bind(1, row.rowid);
      for (size_t i = 0; i < resealed.size(); ++i) use.bind_blob(int(2 + i), resealed[i]);
      use.bind_blob(7, person_index);
      if ((rc = use.step()) != SQLITE_DONE) return sqlite_error(db, rc, "re-sealing an application");
      report.values_resealed += int64_t(resealed.size());
      report.indexes_recomputed += 1;
    }
    after = rows.back().rowid;
  }
}

Status Store::Impl::reseal_outbox(const FieldCipher& next, KeyRotationReport& report) {
  Statement page, update;
  int rc = page.prepare(db, "SELECT seq, uuid, kind, body FROM outbox WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "preparing the re-sealing of the outbox");
  rc = update.prepare(db, "UPDATE outbox SET body = ?2 WHERE seq = ?1");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "preparing the re-sealing of the outbox");

  struct Row {
    int64_t seq = 0;
    std::string uuid, kind, sealed;
  };
  int64_t after = std::numeric_limits<int64_t>::min();
  for (;;) {
    std::vector<Row> rows;
    {
      Use use(page);
      use.bind(1, after).bind(2, kRotationPageRows);
      while ((rc = use.step()) == SQLITE_ROW) rows.push_back({use.int64(0), use.text(1), use.text(2), use.blob(3)});
      if (rc != SQLITE_DONE) return sqlite_error(db, rc, "reading outbox entries to re-seal");
    }
    if (rows.empty()) return Ok{};
    for (const Row& row : rows) {
      const std::string ad = body_ad(row.uuid, row.kind);
      auto opened = cipher->open(row.sealed, ad);
      if (!opened.ok()) return unreadable_value("outbox entry " + std::to_string(row.seq) + " (body)", opened.error());
      std::string plain = std::move(opened).value();
      const std::string resealed = next.seal(plain, ad);
      zhidui::wipe(plain);
      Use use(update);
      use.bind(1, row.seq).bind_blob(2, resealed);
      if ((rc = use.step()) != SQLITE_DONE) return sqlite_error(db, rc, "re-sealing an outbox entry");
      report.values_resealed += 1;
    }
    after = rows.back().seq;
  }
}

// The key check under the new key and the generation beside it: from this commit on, only the new key
// opens the database (what settle_key_files decides by).
Status Store::Impl::record_key_generation(const FieldCipher& next, KeyRotationReport& report) {
  Statement update;
  int rc = update.prepare(db, "INSERT OR REPLACE INTO meta (key, value)"
                              " VALUES ('key_check', ?1), ('key_generation', ?2)");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "recording the new key generation");
  Use use(update);
  use.bind_blob(1, next.seal(kKeyCheckPlaintext, key_check_ad())).bind(2, next.generation());
  if ((rc = use.step()) != SQLITE_DONE) return sqlite_error(db, rc, "recording the new key generation");
  report.values_resealed += 1;
  return Ok{};
}

// Before COMMIT: no sealed value may still carry another generation's version byte (a row the pages
// missed would be lost with the old key).
Status Store::Impl::check_all_resealed(uint8_t generation) {
  Statement q;
  int rc = q.prepare(db,
                     "SELECT (SELECT count(*) FROM applications WHERE substr(name, 1, 1) <> ?1"
                     " OR substr(id_number, 1, 1) <> ?1 OR substr(address, 1, 1) <> ?1 OR substr(phone, 1, 1) <> ?1"
                     " OR substr(bank_account, 1, 1) <> ?1)"
                     " + (SELECT count(*) FROM outbox WHERE substr(body, 1, 1) <> ?1)"
                     " + (SELECT count(*) FROM meta WHERE key = 'key_check' AND substr(value, 1, 1) <> ?1)");
  if (rc != SQLITE_OK) return sqlite_error(db, rc, "checking the re-sealing");
  Use use(q);
  const char version = char(generation);
  use.bind_blob(1, std::string_view(&version, 1));
  if ((rc = use.step()) != SQLITE_ROW) return sqlite_error(db, rc, "checking the re-sealing");
  if (use.int64(0) != 0)
    return make_error("store.sqlite", std::to_string(use.int64(0)) +
                                          " row(s) still hold values of another key generation after re-sealing;"
                                          " nothing was rotated");
  return Ok{};
}

Result<KeyRotationReport> Store::rotate_key(const KeyRotationOptions& options) {
  Impl& m = *impl_;
  auto reached = [&](KeyRotationStep step) {
    if (options.after_step) options.after_step(step);
  };
  if (!m.options.exclusive)
    return make_error("store.not_exclusive", "a key rotation needs the store to itself: open it with "
                                             "StoreOptions::exclusive, with the kiosk stopped");
  const uint8_t current = m.cipher->generation();
  if (current >= kLastKeyGeneration)
    return make_error("key.generation", "the field key is at generation " + std::to_string(current) +
                                            ", the last one a sealed value can name; it cannot be rotated again");
  const std::unique_ptr<FieldCipher> next = FieldCipher::generate(uint8_t(current + 1));
  if (auto s = write_next_key(*next, m.key_path); !s.ok()) return s.error();
  reached(KeyRotationStep::next_key_written);

  KeyRotationReport report;
  report.generation = next->generation();
  Status resealed = m.write_transaction("rotating the field key", [&]() -> Status {
    if (auto s = m.reseal_applications(*next, report); !s.ok()) return s;
    if (auto s = m.reseal_outbox(*next, report); !s.ok()) return s;
    if (auto s = m.record_key_generation(*next, report); !s.ok()) return s;
    if (auto s = m.check_all_resealed(next->generation()); !s.ok()) return s;
    reached(KeyRotationStep::values_resealed);
    return Ok{};
  });
  if (resealed.ok()) reached(KeyRotationStep::committed);
  // Success or not, the database now decides which key file stays (a COMMIT that reported a disk error
  // may still have reached the disk): load_key settles the files as an open would, and loads the key of
  // the generation that was committed.
  if (auto s = m.load_key(); !s.ok()) return s.error();
  if (!resealed.ok()) return resealed.error();
  reached(KeyRotationStep::key_replaced);

  // The WAL still holds every page as the old key sealed it; TRUNCATE copies the new pages back
  // (secure_delete zeroes what they replace) and empties it. Nobody else reads: this cannot be busy.
  int rc = sqlite3_wal_checkpoint_v2(m.db, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  if (rc != SQLITE_OK) log::warn(kComponent, std::string("checkpoint after key rotation: ") + sqlite3_errstr(rc));
  log::info(kComponent, "rotated the field key to generation " + std::to_string(report.generation) + ": " +
                            std::to_string(report.values_resealed) + " values re-sealed, " +
                            std::to_string(report.indexes_recomputed) + " indexes recomputed");
  return report;
}

// --- move_aside_corrupt ----------------------------------------------------------------------------------

namespace {

// rename() that refuses to replace an existing target (renameat2 RENAME_NOREPLACE, or link+unlink on
// file systems without it): moving a corrupt file aside must never destroy an earlier one.
int rename_no_replace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  if (::link(from.c_str(), to.c_str()) != 0) return -1;
  return ::unlink(from.c_str());
}

bool exists(const std::string& path) {
  struct stat st{};
  return ::lstat(path.c_str(), &st) == 0;
}

}  // namespace

Status move_aside_corrupt(const std::string& db_path) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  // Pick a base name none of whose three files exists yet (two moves within one second get -2, -3…).
  std::string base;
  for (int n = 1;; ++n) {
    base = db_path + ".corrupt-" + stamp + (n > 1 ? "-" + std::to_string(n) : "");
    if (!exists(base) && !exists(base + "-wal") && !exists(base + "-shm")) break;
    if (n > 1000) return make_error("store.io", "cannot find a free name to move " + db_path + " aside");
  }
  bool moved_any = false;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string from = db_path + suffix;
    if (!exists(from)) continue;
    if (rename_no_replace(from, base + suffix) != 0)
      return make_error("store.io", "cannot move " + from + " aside to " + base + suffix + ": " + std::strerror(errno));
    moved_any = true;
  }
  if (!moved_any) return make_error("store.not_found", "no database at " + db_path + " to move aside");
  if (auto synced = fs::fsync_parent_dir(db_path, "store.io"); !synced)
    log::warn(kComponent, "moved the corrupt database aside but could not sync its folder: " + synced.error().message);
  log::warn(kComponent, "moved the corrupt database " + db_path + " aside to " + base);
  return Ok{};
}

}  // namespace zhidui::offline
