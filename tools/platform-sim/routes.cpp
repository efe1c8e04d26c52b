// routes.cpp — the simulator's routes except the submission itself (submit.cpp): health, catalog,
// the admin endpoints, and the JSON error/exception handling every route relies on.
//
// Index: helpers · health · catalog · admin · register_routes
#include <sodium.h>

#include <chrono>
#include <thread>

#include "base/log.h"
#include "tools/platform-sim/context.h"
#include "zhidui_build_paths.h"

namespace zhidui::platform_sim {

// ---- helpers -------------------------------------------------------------------------------------

bool InFlightKeys::try_add(const std::string& key) {
  std::lock_guard lock(mutex_);
  return keys_.insert(key).second;
}

void InFlightKeys::remove(const std::string& key) {
  std::lock_guard lock(mutex_);
  keys_.erase(key);
}

size_t InFlightKeys::size() {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  // `replace` keeps a stray invalid byte from throwing inside a handler.
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& response, int status, const std::string& code, const std::string& message) {
  send_json(response, status, {{"error", code}, {"message", message}});
}

bool has_bearer_token(const httplib::Request& request, const std::string& token) {
  const std::string header = request.get_header_value("Authorization");
  const std::string expected = "Bearer " + token;
  // Constant time for equal lengths, so the token cannot be guessed byte by byte from timings.
  return header.size() == expected.size() && sodium_memcmp(header.data(), expected.data(), header.size()) == 0;
}

bool require_kiosk(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  context.counters.lookups++;
  if (!has_bearer_token(request, context.options.token)) {
    context.counters.unauthorized++;
    response.set_header("WWW-Authenticate", "Bearer");
    send_error(response, 401, "unauthorized", "missing or wrong bearer token");
    return false;
  }
  if (request.get_header_value("X-Kiosk-Id").empty()) {
    send_error(response, 400, "missing_kiosk_id", "header X-Kiosk-Id is required");
    return false;
  }
  return true;
}

void sleep_unless_stopping(const SimContext& context, int64_t ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!context.stopping.load() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::min(std::chrono::milliseconds(20),
                                         std::chrono::duration_cast<std::chrono::milliseconds>(
                                             deadline - std::chrono::steady_clock::now()) +
                                             std::chrono::milliseconds(1)));
}

namespace {

const std::string& admin_token(const SimContext& context) {
  return context.options.admin_token.empty() ? context.options.token : context.options.admin_token;
}

bool require_admin(const SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (has_bearer_token(request, admin_token(context))) return true;
  response.set_header("WWW-Authenticate", "Bearer");
  send_error(response, 401, "unauthorized", "admin endpoints need Authorization: Bearer <admin token>");
  return false;
}

// ---- health --------------------------------------------------------------------------------------

void handle_health(const httplib::Request&, httplib::Response& response) {
  send_json(response, 200, {{"status", "ok"}, {"version", ZHIDUI_VERSION}, {"time", utc_now_iso()}});
}

// ---- catalog -------------------------------------------------------------------------------------

void handle_catalog(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  CatalogSnapshot catalog = context.catalog->current();
  response.set_header("ETag", catalog.etag);
  response.set_header("Cache-Control", "no-cache");  // always revalidate: a kiosk must see a new policy
  if (request.has_header("If-None-Match") && if_none_match_hits(request.get_header_value("If-None-Match"), catalog.etag)) {
    response.status = 304;
    return;
  }
  response.status = 200;
  response.set_content(catalog.body, "application/json");
}

// ---- admin ---------------------------------------------------------------------------------------

void handle_admin_applications(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!require_admin(context, request, response)) return;
  int64_t limit = 100000;
  if (request.has_param("limit")) {
    try {
      limit = std::stoll(request.get_param_value("limit"));
    } catch (...) {
      return send_error(response, 400, "invalid_limit", "limit must be a whole number");
    }
  }
  auto rows = context.db->list_applications(request.get_param_value("uuid"), limit);
  if (!rows) return send_error(response, 500, "storage_error", rows.error().message);
  auto list = nlohmann::json::array();
  for (const auto& r : *rows) {
    list.push_back({{"uuid", r.uuid},
                    {"application_id", r.application_id},
                    {"acceptance_no", r.acceptance_no},
                    {"policy_id", r.policy_id},
                    {"applicant", {{"name", r.applicant_name}, {"id_number", r.applicant_id_number}}},
                    {"kiosk_id", r.kiosk_id},
                    {"submitted_at", r.submitted_at},
                    {"received_at", r.received_at},
                    {"status", r.status}});
  }
  send_json(response, 200, {{"count", list.size()}, {"applications", list}});
}

void handle_admin_stats(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!require_admin(context, request, response)) return;
  auto stats = context.db->stats();
  if (!stats) return send_error(response, 500, "storage_error", stats.error().message);
  const Counters& c = context.counters;
  send_json(response, 200,
            {{"applications", stats->applications},
             {"idempotency_records", stats->idempotency_records},
             {"in_flight", context.in_flight.size()},
             {"requests",
              {{"submit", c.submit_requests.load()},
               {"created", c.created.load()},
               {"replayed", c.replayed.load()},
               {"key_reused", c.key_reused.load()},
               {"in_flight_conflicts", c.in_flight_conflicts.load()},
               {"unauthorized", c.unauthorized.load()},
               {"invalid", c.invalid.load()},
               {"faults_injected", c.faults_injected.load()},
               {"server_errors", c.server_errors.load()},
               {"batch", c.batch_requests.load()},
               {"lookups", c.lookups.load()}}},
             {"faults", context.faults->describe()}});
}

void handle_admin_get_faults(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!require_admin(context, request, response)) return;
  send_json(response, 200, {{"faults", context.faults->describe()}});
}

// Body: {"faults": ["drop_after_commit:first=1", …], "mode": "replace" | "add"} (replace by default;
// an empty list clears every rule). Nothing changes unless every rule parses.
void handle_admin_set_faults(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!require_admin(context, request, response)) return;
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object() || !body.contains("faults") || !body["faults"].is_array())
    return send_error(response, 400, "invalid_body", R"(expected {"faults": ["KIND:KEY=VALUE", ...]})");
  std::string mode = body.value("mode", std::string("replace"));
  if (mode != "replace" && mode != "add")
    return send_error(response, 400, "invalid_mode", "mode must be \"replace\" or \"add\"");
  std::vector<FaultRule> rules;
  for (const auto& spec : body["faults"]) {
    if (!spec.is_string()) return send_error(response, 400, "invalid_body", "every fault must be a string");
    auto rule = parse_fault_rule(spec.get<std::string>());
    if (!rule) return send_error(response, 400, "invalid_fault", rule.error().message);
    rules.push_back(std::move(*rule));
  }
  if (mode == "replace") {
    context.faults->replace(std::move(rules));
  } else {
    for (auto& r : rules) context.faults->add(std::move(r));
  }
  log::info("platform-sim", "faults now: " + context.faults->describe().dump());
  send_json(response, 200, {{"faults", context.faults->describe()}});
}

std::string error_code_for(int status) {
  switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    default: return status >= 500 ? "server_error" : "http_" + std::to_string(status);
  }
}

}  // namespace

// ---- register_routes -----------------------------------------------------------------------------

void register_routes(httplib::Server& server, SimContext& context) {
  SimContext* ctx = &context;
  server.Get("/api/v1/health", handle_health);
  server.Get("/api/v1/catalog", [ctx](const auto& req, auto& res) { handle_catalog(*ctx, req, res); });
  server.Post("/api/v1/applications", [ctx](const auto& req, auto& res) { handle_submit(*ctx, req, res); });
  server.Post("/api/v1/applications/batch",
              [ctx](const auto& req, auto& res) { handle_batch_submit(*ctx, req, res); });
  register_enterprise_routes(server, context);
  register_progress_routes(server, context);
  register_fleet_routes(server, context);
  register_status_routes(server, context);
  register_rating_routes(server, context);
  server.Get("/admin/applications", [ctx](const auto& req, auto& res) { handle_admin_applications(*ctx, req, res); });
  server.Get("/admin/stats", [ctx](const auto& req, auto& res) { handle_admin_stats(*ctx, req, res); });
  server.Get("/admin/faults", [ctx](const auto& req, auto& res) { handle_admin_get_faults(*ctx, req, res); });
  server.Post("/admin/faults", [ctx](const auto& req, auto& res) { handle_admin_set_faults(*ctx, req, res); });

  // Every error the library produces itself (404, 413, a malformed request) still answers JSON.
  // cpp-httplib calls this for every status >= 400, ours included: fill only empty bodies.
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty() || res.content_provider_) return httplib::Server::HandlerResponse::Unhandled;
    send_error(res, res.status, error_code_for(res.status), "HTTP " + std::to_string(res.status));
    return httplib::Server::HandlerResponse::Handled;
  }));
  // Last line of defence: no exception escapes a handler thread.
  server.set_exception_handler([ctx](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    ctx->counters.server_errors++;
    log::error("platform-sim", req.method + " " + req.path + ": " + what);
    send_error(res, 500, "server_error", "internal error");
  });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    log::debug("platform-sim", req.method + " " + req.path + " -> " + std::to_string(res.status));
  });
}

}  // namespace zhidui::platform_sim
