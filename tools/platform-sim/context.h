// context.h — what every request handler of the simulator shares: options, the database, the
// catalog, the fault plan, the set of idempotency keys in flight and the counters behind /admin/stats.
#pragma once

#include <atomic>
#include <map>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/platform-sim/catalog.h"
#include "tools/platform-sim/db.h"
#include "tools/platform-sim/faults.h"
#include "tools/platform-sim/http.h"

namespace zhidui::platform_sim {

struct SimOptions {
  std::string host = "127.0.0.1";
  int port = 8470;
  std::string db_path = "var/platform.db";
  std::string port_file;
  std::string catalog_path;
  std::string token = "dev-token";
  std::string admin_token;  // empty = same as token
  std::vector<std::string> faults;
  uint64_t seed = 0;  // 0 = random
  int threads = 32;
  std::string tls_cert;  // PEM certificate chain; with tls_key, serve HTTPS instead of HTTP
  std::string tls_key;   // PEM private key of tls_cert
  std::string tls_client_ca;  // PEM CA file: with it, every client must present a certificate it signed
};

// Keys whose request is being handled right now; a second request with the same key gets 409.
class InFlightKeys {
 public:
  bool try_add(const std::string& key);
  void remove(const std::string& key);
  size_t size();

 private:
  std::mutex mutex_;
  std::unordered_set<std::string> keys_;
};

// Negative answers of the representative check per kiosk and enterprise: after kMaxMisses within
// kWindowMs the check answers 429, so a kiosk cannot be used to try ID numbers against an enterprise.
class RepresentativeCheckLimiter {
 public:
  static constexpr int kMaxMisses = 5;
  static constexpr int64_t kWindowMs = 60'000;
  // Seconds to wait when the limit is reached, else 0.
  int64_t blocked_for_s(const std::string& kiosk_id, const std::string& uscc, int64_t now_ms);
  void record_miss(const std::string& kiosk_id, const std::string& uscc, int64_t now_ms);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<int64_t>> misses_;
};

struct Counters {
  std::atomic<int64_t> submit_requests{0};
  std::atomic<int64_t> created{0};
  std::atomic<int64_t> replayed{0};
  std::atomic<int64_t> key_reused{0};
  std::atomic<int64_t> in_flight_conflicts{0};
  std::atomic<int64_t> unauthorized{0};
  std::atomic<int64_t> invalid{0};
  std::atomic<int64_t> faults_injected{0};
  std::atomic<int64_t> server_errors{0};
  std::atomic<int64_t> batch_requests{0};
  std::atomic<int64_t> lookups{0};  // enterprise, representative and progress queries
};

// Fleet view: the last heartbeat of each kiosk, kept in memory (a kiosk reports again within a minute).
struct FleetRegistry {
  struct Entry {
    nlohmann::json heartbeat;  // as the kiosk sent it (no personal data: states, counts, versions)
    int64_t received_ms = 0;   // the simulator's steady clock
  };
  std::mutex mutex;
  std::map<std::string, Entry> kiosks;
};

struct SimContext {
  SimOptions options;
  FleetRegistry fleet;
  std::unique_ptr<PlatformDb> db;
  std::unique_ptr<CatalogSource> catalog;
  std::unique_ptr<FaultPlan> faults;
  InFlightKeys in_flight;
  RepresentativeCheckLimiter representative_limiter;
  Counters counters;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> last_purge_ms{0};
};

// Installs every route, the JSON error handler, the exception handler and the request logger.
void register_routes(httplib::Server& server, SimContext& context);

// GET /api/v1/applications/status and POST /admin/applications/advance (status_routes.cpp).
void register_status_routes(httplib::Server& server, SimContext& context);
void register_rating_routes(httplib::Server& server, SimContext& context);

// GET /api/v1/enterprises/{uscc}, POST …/representative-check (enterprise_routes.cpp).
void register_enterprise_routes(httplib::Server& server, SimContext& context);
// POST /api/v1/progress/query, GET /api/v1/applications/{uuid}/progress (progress_routes.cpp).
void register_progress_routes(httplib::Server& server, SimContext& context);
// POST /api/v1/kiosks/heartbeat, GET /api/v1/fleet, GET /fleet (fleet_routes.cpp).
void register_fleet_routes(httplib::Server& server, SimContext& context);

// POST /api/v1/applications (submit.cpp).
void handle_submit(SimContext& context, const httplib::Request& request, httplib::Response& response);
// POST /api/v1/applications/batch (batch.cpp).
void handle_batch_submit(SimContext& context, const httplib::Request& request, httplib::Response& response);

// One application of a submission or a batch item, once the request passed authentication, headers,
// the in-flight check and the fault plan: replay, 422 for a reused key, validation, the one-transaction
// store (submit.cpp). `answer` is exactly what POST /api/v1/applications answers.
struct ItemAnswer {
  StoredResponse answer;
  bool replayed = false;
  bool committed = false;  // created or replayed: the platform holds the application
};
ItemAnswer submit_one(SimContext& context, const std::string& key, const std::string& kiosk_id,
                      const std::string& body);
// submit_one in two halves, so that a batch can store all its new applications in one transaction
// (PlatformDb::accept_many) between them: prepare_item answers what needs no write (replay, reused
// key, invalid body) or fills the application to store; finish_item turns the store's verdict into
// the answer.
struct PreparedItem {
  std::optional<ItemAnswer> answer;  // decided without storing
  NewApplication app;                // else: to store
};
PreparedItem prepare_item(SimContext& context, const std::string& key, const std::string& kiosk_id,
                          const std::string& body);
ItemAnswer finish_item(SimContext& context, const std::string& key, const std::string& kiosk_id,
                       const Result<AcceptResult>& accepted);
// The 201 body of a new or replayed application.
StoredResponse accepted_response(const Assigned& assigned);

// Shared helpers (routes.cpp).
void send_json(httplib::Response& response, int status, const nlohmann::json& body);
void send_error(httplib::Response& response, int status, const std::string& code, const std::string& message);
bool has_bearer_token(const httplib::Request& request, const std::string& token);
// The kiosk token and X-Kiosk-Id of the lookup endpoints; false after answering 401 or 400.
bool require_kiosk(SimContext& context, const httplib::Request& request, httplib::Response& response);
// Sleeps up to `ms`, waking early when the server stops.
void sleep_unless_stopping(const SimContext& context, int64_t ms);

}  // namespace zhidui::platform_sim
