// platform_client.h — the kiosk's side of the HTTP contract with the central platform
// (docs/platform-api.md), over libcurl. Blocking calls: only the sync worker thread makes them,
// never the UI thread. One PlatformClient per thread (it owns one curl easy handle, reused so the
// connection is kept alive).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace zhidui::offline {

struct PlatformConfig {
  std::string base_url;        // e.g. https://platform.example:8470 (no trailing slash)
  std::string kiosk_id;        // sent as X-Kiosk-Id
  std::string token;           // per-kiosk bearer token
  std::string ca_file;         // optional CA bundle for HTTPS (else the system's); verification is always on
  // Optional public-key pins: base64 SHA-256 of the server's SubjectPublicKeyInfo, with or without a
  // "sha256//" prefix. When not empty, the server's key must match one of them as well as the CA.
  std::vector<std::string> pinned_sha256;
  // Optional mutual TLS: this kiosk's client certificate (PEM, may carry its chain) and its private key
  // (PEM, unencrypted: nobody is at the kiosk to type a passphrase). Both or neither. The key file must
  // be readable by its owner only; it is checked before every request, so a key that became readable by
  // others stops the uploads (kept queued) rather than being used. An addition to the token, never
  // instead of it.
  std::string client_cert;
  std::string client_key;
  // Plain http:// is refused for anything but loopback (127.0.0.0/8, ::1, localhost) — the token and
  // personal data would cross the hall's network in clear — unless this is set (lab use only).
  bool allow_insecure_http = false;
  long connect_timeout_ms = 5000;
  long total_timeout_ms = 20000;
  long low_speed_limit_bytes = 1;   // abort when slower than this…
  long low_speed_time_s = 10;       // …for this long
};

// Checks what can be checked without the network: the URL parses, its scheme is https (or http to
// loopback, or allow_insecure_http), the pins are well-formed, the client certificate and key (when
// given) pass check_client_credentials. Every request checks this first.
// Error codes: "platform.bad_url", "platform.insecure_http", "platform.bad_pin", and those below.
Status check_platform_config(const PlatformConfig& config);

// The client certificate and key files of mutual TLS: both or neither, both readable regular files, the
// key readable by its owner only (no group or other permission bits at all, like the field key).
// Error codes: "platform.client_cert" (given without a key, or unreadable), "platform.client_key" (given
// without a certificate, or unreadable), "platform.client_key_permissions" (group or others have access).
Status check_client_credentials(const PlatformConfig& config);

// What the sync engine should do with an outbox entry after one attempt (docs/store-and-sync.md §5).
enum class Outcome : uint8_t {
  done,        // 2xx with the platform's acceptance number: acknowledged
  retry,       // network error, timeout, 408, 409, 429, 5xx, or a 2xx without a usable body; also
               // 404/405 (a wrong URL is configuration, not a verdict) and 1xx/3xx (no redirects)
  quarantine,  // 400/422: our body or our key misuse — a bug; stop retrying, alert the technician
  rejected,    // other 4xx: the platform refused the application; keep it visible with the reason
  auth,        // 401/403: credentials must be refreshed
};

struct SubmitResult {
  Outcome outcome = Outcome::retry;
  long http_status = 0;              // 0 when no HTTP response arrived
  std::string acceptance_no;         // set when outcome == done
  std::string platform_status;       // e.g. "accepted"
  std::string reason;                // platform's or transport's explanation (no personal data)
  std::optional<long> retry_after_s; // from Retry-After
  bool replayed = false;             // the platform answered from its idempotency record
};

struct HealthResult {
  bool ok = false;
  std::string version;
};

// GET /api/v1/catalog, revalidated with the ETag of the copy the kiosk already has.
struct CatalogFetch {
  bool not_modified = false;  // 304: keep the cached copy; body is empty
  std::string body;           // the catalog JSON (checked to be JSON, not checked against a schema)
  std::string etag;           // to send next time; the same one when not_modified
};

// One status change of an application this kiosk submitted (GET /api/v1/applications/status).
struct StatusChange {
  std::string uuid;
  std::string acceptance_no;
  std::string status;      // accepted | joint_review | approved | paid (or a later, unknown one)
  std::string changed_at;  // the platform's clock, data only
};

// One page of status changes, oldest first. `cursor` is opaque: store it once the changes are applied
// and send it as the next `since`; it equals the one sent when nothing changed.
struct StatusPage {
  std::vector<StatusChange> changes;
  std::string cursor;
  bool more = false;  // another page follows at once
};

// ---- enterprise path (GET /api/v1/enterprises/{uscc}, POST …/representative-check) ----

enum class EnterpriseStatus : uint8_t { active /* 存续 */, deregistered /* 注销 */, revoked /* 吊销 */, other };

// The register's record of an enterprise. The legal representative's ID number never comes in full:
// whether the person at the kiosk is the legal representative is asked with check_representative.
struct EnterpriseInfo {
  std::string uscc;                 // as asked (the answer must name the same one)
  std::string name;                 // 单位名称
  std::string type;                 // the register's wording, e.g. 有限责任公司（自然人独资）
  EnterpriseStatus status = EnterpriseStatus::other;
  std::string status_code;          // the platform's code: active | deregistered | revoked | …
  std::string region_code;          // 6 digits, e.g. 430104
  std::string registered_at;        // YYYY-MM-DD, may be empty
  std::string legal_rep_name;       // public register data; mask it for display
  std::string legal_rep_id_masked;  // e.g. 4301**********0138 (masked here again if the platform did not)
};

// ---- progress (进度查询) ----

struct TimelineStep {
  std::string status;  // accepted | joint_review | approved | paid | … ([a-z_]{1,32})
  std::string at;      // the platform's ISO 8601 UTC time, data only
  std::string note;    // the department's note, may be empty
};

struct ApplicationProgress {
  std::string uuid;
  std::string acceptance_no;
  std::string policy_id;
  std::string policy_title;  // may be empty (then look it up in the catalog)
  std::string submitted_at;  // the submitting kiosk's clock
  std::string status;        // the latest status
  std::vector<TimelineStep> timeline;  // oldest first; starts with "accepted"
};

// ---- batch upload (POST /api/v1/applications/batch) ----

struct BatchItem {
  std::string uuid;  // the Idempotency-Key of the application
  std::string body;  // the exact bytes its single upload would carry
};

struct BatchSubmitResult {
  // The platform cannot take batches (404/405: an older platform; 400/413/422 on the batch itself):
  // nothing was stored by this request, send the items one by one. `items` is empty then.
  bool use_single_uploads = false;
  std::string reason;              // why, when use_single_uploads
  std::vector<SubmitResult> items;  // otherwise one per item, in the order given
};

inline constexpr size_t kMaxBatchItems = 100;  // the platform's limit per batch request

// Largest response body accepted: a bigger one is treated as garbage (an error or a retry), so a
// broken or hostile peer cannot make the kiosk allocate without bound.
inline constexpr size_t kMaxApiResponseBytes = size_t(1) << 20;      // submissions, health
inline constexpr size_t kMaxCatalogResponseBytes = size_t(16) << 20;  // the catalog

class PlatformClient {
 public:
  explicit PlatformClient(PlatformConfig config);
  ~PlatformClient();
  PlatformClient(const PlatformClient&) = delete;
  PlatformClient& operator=(const PlatformClient&) = delete;

  // POST /api/v1/applications with Idempotency-Key: <uuid>. `body` must be byte-identical on every
  // attempt for the same uuid.
  SubmitResult submit_application(const std::string& uuid, const std::string& body);
  // PUT /api/v1/applications/{uuid}/rating (好差评), keyed by the application's uuid: one rating each.
  SubmitResult submit_rating(const std::string& uuid, const std::string& body);
  // GET /api/v1/health. An error only when no HTTP answer arrived ("platform.transport") or the
  // configuration is refused (see check_platform_config); a non-200 answer is ok == false.
  Result<HealthResult> health();
  // GET /api/v1/catalog with If-None-Match: <etag> when `etag` is not empty. Error codes:
  // "platform.transport" (no answer), a check_platform_config code, "platform.auth" (401/403), "platform.http" (another status
  // than 200/304), "platform.bad_catalog" (not JSON, or too large), "platform.bad_etag".
  // Thread: like every call here, only on the thread that owns this client.
  Result<CatalogFetch> fetch_catalog(const std::string& etag);

  // GET /api/v1/applications/status?since=<cursor>&limit=<n>; an empty cursor starts at the first
  // change. Error codes: "platform.transport", a check_platform_config code, "platform.bad_cursor"
  // (the cursor is not one the platform could have sent), "platform.auth", "platform.http",
  // "platform.bad_status_page" (the answer is malformed: nothing of it may be applied).
  Result<StatusPage> pull_status(const std::string& cursor, int limit = 100);

  // POST /api/v1/applications/batch with up to kMaxBatchItems items. Each item's outcome is classified
  // exactly like submit_application's (a batch-level 401, 429, 5xx or transport failure applies to
  // every item). An item the answer does not account for is `retry`. Items with a malformed uuid are
  // `quarantine` and not sent.
  BatchSubmitResult submit_application_batch(const std::vector<BatchItem>& items);

  // The lookups below share their error codes: a check_platform_config code, "platform.transport" (no
  // answer), "platform.not_found" (404), "platform.bad_request" (400/422: e.g. a malformed code),
  // "platform.auth" (401/403), "platform.rate_limited" (429), "platform.http" (another status),
  // "platform.bad_answer" (the 200 answer is malformed or names something else than asked).

  // GET /api/v1/enterprises/{uscc}. A uscc that is not 18 code characters is "platform.bad_request"
  // without a request (the check character is the kiosk's validator's business).
  Result<EnterpriseInfo> lookup_enterprise(const std::string& uscc);
  // POST /api/v1/enterprises/{uscc}/representative-check {"id_number"}: true when the person whose ID
  // number this is is the enterprise's legal representative (法定代表人); false: 经办人 at most.
  Result<bool> check_representative(const std::string& uscc, const std::string& id_number);
  // POST /api/v1/progress/query {"id_number"}: the person's applications, newest first. The ID number
  // goes in the body, never in a URL.
  Result<std::vector<ApplicationProgress>> query_progress_by_person(const std::string& id_number);
  // GET /api/v1/applications/{uuid}/progress?no=<acceptance_no>, from a receipt QR: both must match
  // ("platform.not_found" otherwise).
  Result<ApplicationProgress> query_progress_by_receipt(const std::string& uuid, const std::string& acceptance_no);

  // The kiosk's heartbeat for the fleet view (POST /api/v1/kiosks/heartbeat; 204). Errors:
  // platform.transport, platform.auth, platform.http.
  Status send_heartbeat(const std::string& body);

  const PlatformConfig& config() const { return config_; }

 private:
  SubmitResult send_keyed(const std::string& uuid, const char* method, const std::string& path,
                          const std::string& body, SubmitResult (*classify)(long, std::string_view));

  struct Impl;
  PlatformConfig config_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhidui::offline
