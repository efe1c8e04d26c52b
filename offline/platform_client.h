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

#include "kiosk/base/result.h"

namespace zhidui::offline {

struct PlatformConfig {
  std::string base_url;        // e.g. http://127.0.0.1:8470 (no trailing slash)
  std::string kiosk_id;        // sent as X-Kiosk-Id
  std::string token;           // per-kiosk bearer token
  std::string ca_file;         // optional CA bundle for HTTPS
  long connect_timeout_ms = 5000;
  long total_timeout_ms = 20000;
  long low_speed_limit_bytes = 1;   // abort when slower than this…
  long low_speed_time_s = 10;       // …for this long
};

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
  // GET /api/v1/health. An error only when no HTTP answer arrived; a non-200 answer is ok == false.
  Result<HealthResult> health();
  // GET /api/v1/catalog with If-None-Match: <etag> when `etag` is not empty. Error codes:
  // "platform.transport" (no answer), "platform.auth" (401/403), "platform.http" (another status
  // than 200/304), "platform.bad_catalog" (not JSON, or too large), "platform.bad_etag".
  // Thread: like every call here, only on the thread that owns this client.
  Result<CatalogFetch> fetch_catalog(const std::string& etag);

  const PlatformConfig& config() const { return config_; }

 private:
  struct Impl;
  PlatformConfig config_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhidui::offline
