// db_register.cpp — PlatformDb's enterprise register and progress query (进度查询); the schema is in
// db.cpp (version 4). Statements are prepared per call: these are rare, human-paced requests.
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "tools/platform-sim/db.h"

namespace zhidui::platform_sim {
namespace {

std::string text_at(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  return text ? std::string(reinterpret_cast<const char*>(text), size_t(sqlite3_column_bytes(stmt, column)))
              : std::string();
}

void bind_string(sqlite3_stmt* stmt, int index, const std::string& value) {
  sqlite3_bind_text(stmt, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
}

// Finalizes a per-call statement whatever path leaves the scope.
struct OwnedStatement {
  sqlite3_stmt* stmt = nullptr;
  ~OwnedStatement() { sqlite3_finalize(stmt); }
};

// The kiosk puts the policy's title into the body it uploads; the progress answer repeats it so that
// a kiosk with an older catalog can still name the policy.
std::string policy_title_of(const std::string& body) {
  auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return {};
  auto it = doc.find("policy_title");
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

constexpr const char* kProgressColumns =
    "SELECT uuid, acceptance_no, policy_id, submitted_at, received_at, status, body FROM applications ";

}  // namespace

Result<std::optional<EnterpriseRecord>> PlatformDb::find_enterprise(const std::string& uscc) {
  std::lock_guard lock(mutex_);
  OwnedStatement q;
  if (sqlite3_prepare_v2(db_,
                         "SELECT uscc, name, legal_rep_name, legal_rep_id_number, region_code, type, status,"
                         " registered_at FROM enterprises WHERE uscc = ?1",
                         -1, &q.stmt, nullptr) != SQLITE_OK)
    return sqlite_error("prepare enterprise lookup");
  bind_string(q.stmt, 1, uscc);
  int rc = sqlite3_step(q.stmt);
  if (rc == SQLITE_DONE) return std::optional<EnterpriseRecord>();
  if (rc != SQLITE_ROW) return sqlite_error("enterprise lookup");
  EnterpriseRecord e;
  std::string* fields[] = {&e.uscc, &e.name, &e.legal_rep_name, &e.legal_rep_id_number,
                           &e.region_code, &e.type, &e.status, &e.registered_at};
  for (int i = 0; i < 8; ++i) *fields[i] = text_at(q.stmt, i);
  return std::optional<EnterpriseRecord>(std::move(e));
}

Status PlatformDb::seed_enterprises(const std::vector<EnterpriseRecord>& records) {
  std::lock_guard lock(mutex_);
  OwnedStatement ins;
  if (sqlite3_prepare_v2(db_,
                         "INSERT OR IGNORE INTO enterprises (uscc, name, legal_rep_name, legal_rep_id_number,"
                         " region_code, type, status, registered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                         -1, &ins.stmt, nullptr) != SQLITE_OK)
    return sqlite_error("prepare enterprise seed");
  for (const auto& e : records) {
    const std::string* fields[] = {&e.uscc, &e.name, &e.legal_rep_name, &e.legal_rep_id_number,
                                   &e.region_code, &e.type, &e.status, &e.registered_at};
    for (int i = 0; i < 8; ++i) bind_string(ins.stmt, i + 1, *fields[i]);
    int rc = sqlite3_step(ins.stmt);
    sqlite3_reset(ins.stmt);
    if (rc != SQLITE_DONE) return sqlite_error("seed enterprises");
  }
  return Ok{};
}

// `app_row` is positioned on a row of kProgressColumns; mutex_ is held.
Result<ProgressRow> PlatformDb::progress_row_locked(sqlite3_stmt* app_row) {
  ProgressRow row;
  row.uuid = text_at(app_row, 0);
  row.acceptance_no = text_at(app_row, 1);
  row.policy_id = text_at(app_row, 2);
  row.submitted_at = text_at(app_row, 3);
  const std::string received_at = text_at(app_row, 4);
  row.status = text_at(app_row, 5);
  row.policy_title = policy_title_of(text_at(app_row, 6));
  row.timeline.push_back({"accepted", received_at, ""});  // acceptance is not a status change
  OwnedStatement q;
  if (sqlite3_prepare_v2(db_, "SELECT status, changed_at, note FROM status_changes WHERE uuid = ?1 ORDER BY seq", -1,
                         &q.stmt, nullptr) != SQLITE_OK)
    return sqlite_error("prepare timeline");
  bind_string(q.stmt, 1, row.uuid);
  int rc;
  while ((rc = sqlite3_step(q.stmt)) == SQLITE_ROW)
    row.timeline.push_back({text_at(q.stmt, 0), text_at(q.stmt, 1), text_at(q.stmt, 2)});
  if (rc != SQLITE_DONE) return sqlite_error("timeline");
  return row;
}

Result<std::vector<ProgressRow>> PlatformDb::progress_for_person(const std::string& id_number, int64_t limit) {
  std::lock_guard lock(mutex_);
  OwnedStatement q;
  const std::string sql = std::string(kProgressColumns) +
                          "WHERE applicant_id_number = ?1 OR applicant_id_number = lower(?1) "
                          "ORDER BY received_at DESC, rowid DESC LIMIT ?2";
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &q.stmt, nullptr) != SQLITE_OK)
    return sqlite_error("prepare progress query");
  bind_string(q.stmt, 1, id_number);
  sqlite3_bind_int64(q.stmt, 2, limit);
  std::vector<ProgressRow> rows;
  int rc;
  while ((rc = sqlite3_step(q.stmt)) == SQLITE_ROW) {
    auto row = progress_row_locked(q.stmt);
    if (!row) return row.error();
    rows.push_back(std::move(*row));
  }
  if (rc != SQLITE_DONE) return sqlite_error("progress query");
  return rows;
}

Result<std::optional<ProgressRow>> PlatformDb::progress_for_receipt(const std::string& uuid,
                                                                   const std::string& acceptance_no) {
  std::lock_guard lock(mutex_);
  OwnedStatement q;
  const std::string sql = std::string(kProgressColumns) + "WHERE uuid = ?1 AND acceptance_no = ?2";
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &q.stmt, nullptr) != SQLITE_OK)
    return sqlite_error("prepare receipt query");
  bind_string(q.stmt, 1, uuid);
  bind_string(q.stmt, 2, acceptance_no);
  int rc = sqlite3_step(q.stmt);
  if (rc == SQLITE_DONE) return std::optional<ProgressRow>();
  if (rc != SQLITE_ROW) return sqlite_error("receipt query");
  auto row = progress_row_locked(q.stmt);
  if (!row) return row.error();
  return std::optional<ProgressRow>(std::move(*row));
}

}  // namespace zhidui::platform_sim
