// db.h — the platform simulator's SQLite file: applications, idempotency records, acceptance numbers.
//
// Invariant the whole simulator exists to demonstrate: exactly one row per application UUID, whatever
// the faults. The application row and its idempotency record (key, sha256 of the body, the stored
// response) are written in ONE transaction (BEGIN IMMEDIATE; WAL, synchronous=FULL), and the uuid is
// the primary key, so even a retry that arrives after its idempotency record expired cannot create a
// second application: it is answered from the application row.
// One connection, guarded by a mutex: handler threads take turns (the simulator is not a benchmark).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "tools/platform-sim/enterprises.h"

struct sqlite3;
struct sqlite3_stmt;

namespace zhidui::platform_sim {

// Idempotency records are kept at least this long (docs/platform-api.md): a kiosk may stay offline
// for days, far beyond the 24 hours of payment APIs.
constexpr int64_t kKeyRetentionDays = 30;

struct StoredResponse {
  int status = 0;
  std::string body;
};

struct NewApplication {
  std::string uuid;  // == Idempotency-Key, lower case
  std::string body;  // exact bytes received
  std::string body_sha256;
  std::string policy_id;
  std::string applicant_name;
  std::string applicant_id_number;
  std::string kiosk_id;
  std::string submitted_at;
};

// What the platform assigned to a new application; the response is built from it.
struct Assigned {
  std::string uuid;
  std::string application_id;
  std::string acceptance_no;
  std::string status;
  std::string received_at;
};

struct KeyLookup {
  enum class Kind : uint8_t { unknown, same_body, different_body };
  Kind kind = Kind::unknown;
  StoredResponse response;  // when same_body
};

struct AcceptResult {
  enum class Kind : uint8_t { created, replayed, key_reused };
  Kind kind = Kind::created;
  StoredResponse response;  // created / replayed
  std::string acceptance_no;
};

struct ApplicationRow {
  std::string uuid, application_id, acceptance_no, policy_id, applicant_name, applicant_id_number, kiosk_id,
      submitted_at, received_at, status;
};

// One status change after acceptance; seq is the kiosks' pull cursor.
struct StatusChangeRow {
  int64_t seq = 0;
  std::string uuid, acceptance_no, status, changed_at;
};

// accepted → joint_review → approved → paid (docs/platform-api.md).
const std::vector<std::string>& status_progression();

// One step of an application's timeline (进度查询): acceptance first, then every status change.
struct ProgressStepRow {
  std::string status, at, note;
};

// An application as the progress query shows it: no personal data.
struct ProgressRow {
  std::string uuid, acceptance_no, policy_id, policy_title, submitted_at, status;
  std::vector<ProgressStepRow> timeline;  // oldest first
};

struct DbStats {
  int64_t applications = 0;
  int64_t idempotency_records = 0;
};

class PlatformDb {
 public:
  using ResponseBuilder = std::function<StoredResponse(const Assigned&)>;

  // Creates parent folders and the schema; refuses a file with a newer schema version.
  static Result<std::unique_ptr<PlatformDb>> open(const std::string& path);
  ~PlatformDb();
  PlatformDb(const PlatformDb&) = delete;
  PlatformDb& operator=(const PlatformDb&) = delete;

  // Outside a transaction: is this key known, and with which body?
  Result<KeyLookup> lookup_key(const std::string& key, const std::string& body_sha256);

  // One transaction: re-check the key and the uuid, assign the acceptance number, store the
  // application and the idempotency record holding `build(assigned)`, commit.
  Result<AcceptResult> accept(const NewApplication& app, const ResponseBuilder& build);
  // accept() for several applications in ONE transaction with a savepoint each (a batch): every
  // application is all or nothing on its own, and the whole lot costs one commit. One result per
  // application, in order; a failed COMMIT fails them all (nothing was stored).
  std::vector<Result<AcceptResult>> accept_many(const std::vector<const NewApplication*>& apps,
                                                const ResponseBuilder& build);

  Result<std::vector<ApplicationRow>> list_applications(const std::string& uuid_filter, int64_t limit);
  Result<DbStats> stats();
  // Deletes idempotency records older than the retention; returns how many.
  Result<int64_t> purge_expired_keys();

  // What a department decides about an application.
  enum class Decision { advance, reject, send_back };
  // Records a decision in one transaction and returns the new status: advance moves one step along
  // status_progression() (a returned application, supplemented, is accepted again); reject (不予受理 /
  // 未通过) and send_back (需补正) apply while accepted or under joint review and need the reason as
  // `note`. Errors "platform_db.not_found", "platform_db.final_status", "platform_db.not_allowed".
  Result<std::string> advance_status(const std::string& uuid, const std::string& note = {},
                                     Decision decision = Decision::advance);
  // Status changes of the applications submitted by `kiosk_id`, with seq > after_seq, oldest first.
  Result<std::vector<StatusChangeRow>> status_changes(const std::string& kiosk_id, int64_t after_seq, int64_t limit);

  // The enterprise register (db_register.cpp). Unknown: nullopt.
  Result<std::optional<EnterpriseRecord>> find_enterprise(const std::string& uscc);
  // Inserts the demo register's records that are not there yet (start-up).
  Status seed_enterprises(const std::vector<EnterpriseRecord>& records);
  // 进度查询 (db_register.cpp): the applications of the person with this ID number, newest first, at
  // most `limit`; and the one application named by its uuid AND acceptance number (nullopt unless both
  // match, so a guessed uuid tells nothing).
  Result<std::vector<ProgressRow>> progress_for_person(const std::string& id_number, int64_t limit);
  Result<std::optional<ProgressRow>> progress_for_receipt(const std::string& uuid, const std::string& acceptance_no);

  // 好差评: one rating per application. The same body again is a replay; another body is a conflict.
  struct RatingRow {
    std::string uuid, kiosk_id, body_sha256, reasons, comment;
    int level = 0;
  };
  enum class RatingOutcome { stored, replayed, conflict, unknown_application };
  Result<RatingOutcome> store_rating(const RatingRow& rating);

 private:
  explicit PlatformDb(sqlite3* db);
  Status exec(const char* sql);
  Result<sqlite3_stmt*> prepare(const char* sql);
  Status migrate();
  Result<std::string> next_acceptance_no(const std::string& day);
  Error sqlite_error(const char* what) const;
  Result<ProgressRow> progress_row_locked(sqlite3_stmt* app_row);
  Result<AcceptResult> accept_locked(const NewApplication& app, const ResponseBuilder& build);

  std::mutex mutex_;
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;  // finalized on close
  sqlite3_stmt* find_key_ = nullptr;
  sqlite3_stmt* find_app_ = nullptr;
  sqlite3_stmt* bump_sequence_ = nullptr;
  sqlite3_stmt* insert_app_ = nullptr;
  sqlite3_stmt* insert_key_ = nullptr;
};

// Time helpers shared by the simulator.
std::string utc_now_iso();             // 2025-01-31T08:00:00.123Z
std::string china_date_yyyymmdd();     // the date in Beijing time (UTC+8), for acceptance numbers
int64_t unix_now_ms();

}  // namespace zhidui::platform_sim
