// store.h — the kiosk's durable SQLite store: applications and their outbox (docs/store-and-sync.md).
//
// Contract kept here:
//  - submit() writes the application and its outbox entry in ONE transaction (BEGIN IMMEDIATE,
//    WAL, synchronous=FULL) and returns only after COMMIT: only then may anything say "submitted".
//  - Personal values and the upload body (which carries them) are encrypted with XChaCha20-Poly1305
//    (offline/field_cipher.h), bound to table, column and row; the key lives outside the database.
//  - The outbox is ordered by a local sequence number; wall-clock times are data only.
//  - 进度查询 offline: each application carries a keyed blind index of its ID number
//    (FieldCipher::blind_index, a BLAKE2b under a key derived from the field key), so that a person's
//    applications are found without decrypting any row and without the number in clear; and a local
//    status history (submitted, acknowledged with the acceptance number, pulled status changes).
//    A key rotation must recompute the index (it is derived from the key).
//  - Key rotation (rotate_key, offline/key_rotation.h): every sealed value and keyed index moves to a new
//    key in one transaction; the key files follow what the database committed, also after a crash.
// One Store per thread: the UI side and the sync worker each open their own on the same file.
//
// What next_attempt_ms means: a wall-clock "not before" in Unix milliseconds, so that it keeps its
// meaning across a restart or a reboot (a monotonic clock restarts at boot). Because kiosk clocks
// drift and get set, a value more than kMaxScheduleAheadMs ahead of `now` is treated as due now: a
// clock set back a year delays nothing by more than that bound, and a clock set forward only makes
// retries come early. The sync engine never schedules further ahead than kMaxScheduleAheadMs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "offline/key_rotation.h"

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

// An outbox row without its body (the body carries personal data): the technician's queue view.
struct OutboxInfo {
  int64_t seq = 0;
  std::string uuid;
  std::string kind;
  OutboxState state = OutboxState::pending;
  int attempts = 0;
  int64_t next_attempt_ms = 0;
  std::string last_error;   // the platform's or the transport's reason; never personal data
  std::string updated_at;   // ISO 8601 UTC, data only
};

// The platform's progress on one application (进度查询), from the status pull.
struct ApplicationStatusUpdate {
  std::string uuid;
  std::string status;      // e.g. joint_review, approved, paid
  std::string changed_at;  // the platform's time, data only; empty: the kiosk's clock when recorded
};

// One application of the person at the kiosk, as this kiosk last knew it (进度查询 when offline).
// No personal value: found through the blind index of the ID number.
struct LocalProgress {
  std::string uuid;
  std::string policy_id;
  std::string policy_title;
  std::string created_at;
  std::string status;          // "submitted" until acknowledged, then the platform's last known status
  std::string acceptance_no;   // empty until acknowledged
  OutboxState upload = OutboxState::pending;  // the application's own upload: pending, done or dead
  std::string last_update_at;  // the time of the latest history event
};

// One event of an application's local history, oldest first: "submitted" (queued here, source
// "kiosk"), the acknowledgement ("accepted" or the status the platform answered, with the acceptance
// number) and each status change the pull brought (source "platform").
struct LocalStatusEvent {
  std::string status;
  std::string acceptance_no;
  std::string source;  // kiosk | platform
  std::string at;      // ISO 8601 UTC: the platform's time for pulled changes, else this kiosk's clock
};

// An acknowledgement of one entry, for mark_done_many.
struct Acknowledgement {
  int64_t seq = 0;
  std::string acceptance_no;
  std::string platform_status;
};

struct OutboxCounts {
  int64_t pending = 0;
  int64_t done = 0;
  int64_t dead = 0;
};

struct StoreOptions {
  // Refuse new submissions (Error "store.disk_full") once the database would grow past this many
  // bytes; 0 = only the disk's own limit. A bound well below the disk size keeps room for the WAL.
  int64_t max_db_bytes = 0;
  // After this many commits on this connection, run a PASSIVE WAL checkpoint (besides SQLite's own
  // wal_autocheckpoint) so that the WAL stays bounded even when autocheckpoints lose to readers.
  int checkpoint_every_commits = 256;
  // This connection alone (locking_mode=EXCLUSIVE), for maintenance with the kiosk stopped: open fails
  // with "store.busy" while any other connection has the store open (an open connection keeps a shared
  // lock, so it answers within a second instead of the usual busy timeout), and no other connection can
  // open it until this one is closed. Key rotation needs it.
  bool exclusive = false;
};

// See "What next_attempt_ms means" above: one hour.
inline constexpr int64_t kMaxScheduleAheadMs = 3'600'000;

class Store {
 public:
  // Opens (creating if needed) the database at db_path, with the 32-byte field key at key_path
  // (created with mode 0600 on first start when absent).
  // Error codes: "store.corrupt" (quick_check failed or not a database: see move_aside_corrupt),
  // "store.wrong_key" (the key file does not belong to this database), "store.schema_newer",
  // "key.missing" (the database holds data but its key file is gone: never silently replaced),
  // "key.permissions", "key.size", "key.generation" (the database names no valid key generation),
  // "key.rotation_unresolved" (an interrupted rotation left <key>.next, and neither key file opens the
  // database: see key_rotation.h), "store.io", "store.busy", "store.sqlite". When a rotation was
  // interrupted, open finishes or undoes it first (key_rotation.h).
  static Result<std::unique_ptr<Store>> open(const std::string& db_path, const std::string& key_path);
  static Result<std::unique_ptr<Store>> open(const std::string& db_path, const std::string& key_path,
                                             const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Error codes: "store.duplicate" (the uuid exists; nothing written), "store.invalid" (not a UUID,
  // empty body), "store.disk_full", "store.io", "store.busy", "store.sqlite". On any error nothing of
  // the application is written. One ambiguity remains, as with any database: when the disk fails
  // inside COMMIT ("store.io"), the commit may still have reached it. Submitting the same
  // NewApplication again (same uuid) is safe: "store.duplicate" then means the first one was kept.
  Status submit(const NewApplication& app);
  // A further outbox entry for an existing application (e.g. its rating, kind "rating"); it is sent
  // only after every earlier pending entry of the same application. Returns the entry's seq.
  Result<int64_t> enqueue(const std::string& uuid, const std::string& kind, const std::string& body);

  // The oldest pending entry whose next attempt is due at now_ms (per-application order kept:
  // an entry never overtakes an earlier pending entry of the same application).
  Result<std::optional<OutboxEntry>> next_due(int64_t now_ms);
  // Milliseconds until the next pending entry is due (nullopt when nothing is pending).
  Result<std::optional<int64_t>> ms_until_next_due(int64_t now_ms);
  // Each mark_* records the outcome of one upload attempt (attempts + 1) of a pending entry;
  // "store.not_found" when seq names no pending entry. mark_done also stores the acceptance number and
  // status on the application (kind "application").
  Status mark_done(int64_t seq, const std::string& acceptance_no, const std::string& platform_status);
  // mark_done for several entries in ONE transaction (the answers of a batch upload): all or none.
  Status mark_done_many(const std::vector<Acknowledgement>& acknowledgements);
  // Up to `max` due pending entries of `kind`, in seq order, each the earliest pending entry of its
  // application (so a batch keeps the per-application order next_due keeps). Unreadable bodies become
  // dead letters, as in next_due.
  Result<std::vector<OutboxEntry>> next_due_batch(int64_t now_ms, const std::string& kind, size_t max);
  Status mark_retry(int64_t seq, int64_t next_attempt_ms, const std::string& reason);
  Status mark_dead(int64_t seq, const std::string& reason);
  // The technician's "send again" for a dead letter: pending, due now, attempts reset.
  Status requeue_dead(int64_t seq);
  // Makes every pending entry due at now_ms (the network came back: drain the backlog now rather
  // than wait out each entry's backoff). Attempts are kept.
  Status reschedule_pending_now(int64_t now_ms);

  Result<std::optional<StoredApplication>> application(const std::string& uuid);
  Result<int64_t> pending_count();
  Result<OutboxCounts> outbox_counts();
  // Outbox rows in seq order, optionally only those in `state`, at most `limit`.
  Result<std::vector<OutboxInfo>> outbox_entries(std::optional<OutboxState> state, int limit = 1000);
  // 进度查询 offline: the applications submitted at this kiosk by the person with this ID number
  // (newest first), found through the keyed blind index — no row is decrypted and the number is not
  // stored in clear. Purged applications (retention) are gone from here too.
  Result<std::vector<LocalProgress>> applications_for_person(const std::string& id_number);
  // The local history of one application, oldest first (empty when unknown).
  Result<std::vector<LocalStatusEvent>> application_progress(const std::string& uuid);

  // The migration version the database is at.
  Result<int> schema_version();
  // Runs a PASSIVE checkpoint now (also done automatically, see StoreOptions).
  Status checkpoint();

  // Records a page of the platform's status changes and the cursor that follows it, in ONE
  // transaction, so the cursor never gets ahead of what was stored. Only acknowledged applications
  // change (one not known here — purged, or never sent from this store — is skipped); changes apply in
  // the order given. Error codes: "store.invalid" (empty cursor), "store.busy", "store.io", "store.sqlite".
  Status apply_status_updates(const std::vector<ApplicationStatusUpdate>& updates, const std::string& next_cursor);
  // The cursor to send as `since` on the next pull; empty before the first.
  Result<std::string> status_cursor();

  // Retention (docs/store-and-sync.md): deletes every application whose outbox entries are all done
  // and the last of which was acknowledged more than `older_than_days` days before `now_ms` (wall-clock
  // Unix ms), with its outbox rows — its personal columns and upload bodies go with the rows.
  // Pending and dead entries keep their application, whatever their age. secure_delete zeroes the
  // freed bytes, and a TRUNCATE checkpoint afterwards (best effort: skipped while another connection
  // reads) clears the WAL's older copies. A clock set back purges nothing early; a clock set forward
  // only shortens the retention of applications the platform already holds. Returns how many
  // applications were purged. Error codes: "store.invalid" (negative days), "store.busy", "store.io",
  // "store.sqlite". May wait up to the busy timeout for readers: call it from the sync worker or at
  // start-up, not from the UI thread.
  Result<int64_t> purge_finished(int older_than_days, int64_t now_ms);

  // Moves the store to a new random field key, following key_rotation.h: every personal column, upload
  // body and the key check re-sealed, every ID-number index recomputed, the new generation recorded, all
  // in one transaction; then the key file replaced and the WAL checkpointed (TRUNCATE) so that the
  // old ciphertexts leave it too. Needs a connection opened with StoreOptions::exclusive. No row is added
  // or removed. Re-seals every value or none: a value the current key cannot open stops the rotation
  // before anything is committed. Error codes: "store.not_exclusive", "store.unreadable" (names the row and
  // column; nothing rotated), "key.generation" (the last generation, 255, is in use), "key.exists",
  // "key.io", "key.rotation_unresolved", "store.disk_full", "store.io", "store.busy", "store.sqlite". After
  // an error the store is still under whichever key the database committed, and the key file matches it
  // (or the next open makes it match).
  Result<KeyRotationReport> rotate_key(const KeyRotationOptions& options = {});

  struct Impl;
 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Start-up's answer to "store.corrupt": renames <db>, <db>-wal and <db>-shm (those that exist) to
// <db>.corrupt-<UTC timestamp>[-wal|-shm] — the pair still opens together in the sqlite3 shell for
// recovery — never overwriting and never deleting anything. No connection may be open on db_path.
Status move_aside_corrupt(const std::string& db_path);

}  // namespace zhidui::offline
