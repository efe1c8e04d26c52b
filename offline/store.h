// store.h — the kiosk's durable SQLite store: applications and their outbox (docs/store-and-sync.md).
//
// Contract kept here:
//  - submit() writes the application and its outbox entry in ONE transaction (BEGIN IMMEDIATE,
//    WAL, synchronous=FULL) and returns only after COMMIT: only then may anything say "submitted".
//  - Personal values and the upload body (which carries them) are encrypted with XChaCha20-Poly1305
//    (offline/field_cipher.h), bound to table, column and row; the key lives outside the database.
//  - The outbox is ordered by a local sequence number; wall-clock times are data only.
// One Store per thread: the UI side and the sync worker each open their own on the same file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/base/result.h"

namespace zhidui::offline {

// Personal values of one application; every member is encrypted at rest.
struct PersonalFields {
  std::string name;
  std::string id_number;
  std::string address;
  std::string phone;
  std::string bank_account;
  void wipe();
};

struct NewApplication {
  std::string uuid;          // made once by the kiosk; the Idempotency-Key forever
  std::string policy_id;
  std::string policy_title;
  std::string created_at;    // ISO 8601 UTC, data only
  PersonalFields personal;
  std::string upload_body;   // exact JSON bytes sent on every attempt (encrypted at rest)
};

struct StoredApplication {
  std::string uuid;
  int64_t seq = 0;
  std::string policy_id;
  std::string policy_title;
  std::string created_at;
  std::string status;         // "submitted" until acknowledged, then the platform's status
  std::string acceptance_no;  // empty until the platform acknowledged it
  PersonalFields personal;    // decrypted
};

struct OutboxEntry {
  int64_t seq = 0;
  std::string uuid;
  std::string kind;          // "application"
  std::string body;          // decrypted upload body
  int attempts = 0;
  int64_t next_attempt_ms = 0;
};

enum class OutboxState : uint8_t { pending, done, dead };

class Store {
 public:
  // Opens (creating if needed) the database at db_path, with the 32-byte field key at key_path
  // (created with mode 0600 on first start when absent).
  static Result<std::unique_ptr<Store>> open(const std::string& db_path, const std::string& key_path);
  ~Store();

  Status submit(const NewApplication& app);

  // The oldest pending entry whose next attempt is due at now_ms (per-application order kept:
  // an entry never overtakes an earlier pending entry of the same application).
  Result<std::optional<OutboxEntry>> next_due(int64_t now_ms);
  // Milliseconds until the next pending entry is due (nullopt when nothing is pending).
  Result<std::optional<int64_t>> ms_until_next_due(int64_t now_ms);
  Status mark_done(int64_t seq, const std::string& acceptance_no, const std::string& platform_status);
  Status mark_retry(int64_t seq, int64_t next_attempt_ms, const std::string& reason);
  Status mark_dead(int64_t seq, const std::string& reason);

  Result<std::optional<StoredApplication>> application(const std::string& uuid);
  Result<int64_t> pending_count();

  struct Impl;
 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhidui::offline
