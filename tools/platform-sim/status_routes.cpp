// status_routes.cpp — status progression of applications (进度查询): the kiosks' cursor pull
// GET /api/v1/applications/status and the admin endpoint that moves an application one step along
// accepted → joint_review → approved → paid (docs/platform-api.md).
#include <charconv>

#include "base/log.h"
#include "base/uuid.h"
#include "tools/platform-sim/catalog.h"
#include "tools/platform-sim/context.h"

namespace zhidui::platform_sim {
namespace {

constexpr int64_t kDefaultPageSize = 100;
constexpr int64_t kMaxPageSize = 500;

// A whole, non-negative decimal number; false for anything else (so a cursor is never guessed at).
bool parse_count(const std::string& text, int64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && out >= 0;
}

void handle_status_pull(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!has_bearer_token(request, context.options.token)) {
    context.counters.unauthorized++;
    response.set_header("WWW-Authenticate", "Bearer");
    return send_error(response, 401, "unauthorized", "missing or wrong bearer token");
  }
  const std::string kiosk_id = request.get_header_value("X-Kiosk-Id");
  if (kiosk_id.empty()) return send_error(response, 400, "missing_kiosk_id", "header X-Kiosk-Id is required");
  int64_t since = 0, limit = kDefaultPageSize;
  if (const std::string text = request.get_param_value("since"); !text.empty() && !parse_count(text, since))
    return send_error(response, 400, "invalid_cursor", "since must be a cursor returned by this endpoint");
  if (request.has_param("limit") && (!parse_count(request.get_param_value("limit"), limit) || limit < 1))
    return send_error(response, 400, "invalid_limit", "limit must be a whole number from 1");
  limit = std::min(limit, kMaxPageSize);

  // One more than asked: tells whether another page follows without a second query.
  auto rows = context.db->status_changes(kiosk_id, since, limit + 1);
  if (!rows) return send_error(response, 500, "storage_error", rows.error().message);
  const bool more = int64_t(rows->size()) > limit;
  if (more) rows->pop_back();
  auto changes = nlohmann::json::array();
  int64_t cursor = since;
  for (const auto& row : *rows) {
    changes.push_back({{"uuid", row.uuid},
                       {"acceptance_no", row.acceptance_no},
                       {"status", row.status},
                       {"changed_at", row.changed_at}});
    cursor = row.seq;
  }
  send_json(response, 200, {{"changes", changes}, {"cursor", std::to_string(cursor)}, {"more", more}});
}

void handle_admin_advance(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!has_bearer_token(request, context.options.admin_token.empty() ? context.options.token
                                                                     : context.options.admin_token)) {
    response.set_header("WWW-Authenticate", "Bearer");
    return send_error(response, 401, "unauthorized", "admin endpoints need Authorization: Bearer <admin token>");
  }
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("uuid") || !body["uuid"].is_string() ||
      !is_uuid(body["uuid"].get<std::string>()))
    return send_error(response, 400, "invalid_body", R"(expected {"uuid": "<application uuid>"})");
  const std::string uuid = body["uuid"].get<std::string>();
  // An optional note for the timeline of the progress query (e.g. 材料齐全，进入联审).
  std::string note;
  if (auto n = body.find("note"); n != body.end() && n->is_string()) note = n->get<std::string>().substr(0, 500);
  // "decision": "advance" (default), "reject" (不予受理/未通过) or "return" (需补正), the last two with a note.
  PlatformDb::Decision decision = PlatformDb::Decision::advance;
  if (auto d = body.find("decision"); d != body.end()) {
    if (*d == "reject") decision = PlatformDb::Decision::reject;
    else if (*d == "return") decision = PlatformDb::Decision::send_back;
    else if (*d != "advance") return send_error(response, 400, "invalid_body", "decision is advance, reject or return");
  }
  auto next = context.db->advance_status(uuid, note, decision);
  if (!next) {
    if (next.error().code == "platform_db.not_found") return send_error(response, 404, "not_found", "no such application");
    if (next.error().code == "platform_db.final_status")
      return send_error(response, 409, "final_status", next.error().message);
    if (next.error().code == "platform_db.not_allowed")
      return send_error(response, 409, "not_allowed", next.error().message);
    return send_error(response, 500, "storage_error", next.error().message);
  }
  log::info("platform-sim", "application " + uuid + " is now " + *next);
  send_json(response, 200, {{"uuid", uuid}, {"status", *next}});
}

}  // namespace

void register_status_routes(httplib::Server& server, SimContext& context) {
  SimContext* ctx = &context;
  server.Get("/api/v1/applications/status",
             [ctx](const auto& req, auto& res) { handle_status_pull(*ctx, req, res); });
  server.Post("/admin/applications/advance",
              [ctx](const auto& req, auto& res) { handle_admin_advance(*ctx, req, res); });
}

}  // namespace zhidui::platform_sim

// ---- ratings (好差评) ------------------------------------------------------------------------------------
// PUT /api/v1/applications/{uuid}/rating: one rating per application, idempotent by the application's
// uuid (PUT of the same body again is answered as before; another body is 422, a kiosk bug).
namespace zhidui::platform_sim {
namespace {

void handle_rating(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!has_bearer_token(request, context.options.token)) {
    context.counters.unauthorized++;
    response.set_header("WWW-Authenticate", "Bearer");
    return send_error(response, 401, "unauthorized", "missing or wrong bearer token");
  }
  const std::string uuid = request.matches.size() > 1 ? std::string(request.matches[1]) : std::string();
  if (!is_uuid(uuid)) return send_error(response, 400, "invalid_uuid", "the path must name an application uuid");
  const std::string kiosk_id = request.get_header_value("X-Kiosk-Id");
  if (kiosk_id.empty()) return send_error(response, 400, "missing_kiosk_id", "header X-Kiosk-Id is required");
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("level") || !body["level"].is_number_integer())
    return send_error(response, 422, "invalid_body", "level (1..5) is required");
  const int level = body["level"].get<int>();
  if (level < 1 || level > 5) return send_error(response, 422, "invalid_level", "level must be 1..5");
  std::string reasons, comment;
  if (auto r = body.find("reasons"); r != body.end()) {
    if (!r->is_array()) return send_error(response, 422, "invalid_reasons", "reasons must be a list of texts");
    for (const auto& item : *r) {
      if (!item.is_string()) return send_error(response, 422, "invalid_reasons", "reasons must be a list of texts");
      reasons += (reasons.empty() ? "" : "|") + item.get<std::string>();
    }
  }
  if (auto c = body.find("comment"); c != body.end() && c->is_string()) comment = c->get<std::string>();
  // The national rules for 好差评: a poor rating (不满意, 非常不满意) must say why.
  if (level <= 2 && reasons.empty() && comment.empty())
    return send_error(response, 422, "reason_required", "ratings of 1 or 2 need reasons or a comment");

  PlatformDb::RatingRow row{uuid, kiosk_id, sha256_hex(request.body), reasons, comment, level};
  auto stored = context.db->store_rating(row);
  if (!stored) return send_error(response, 500, "storage_error", stored.error().message);
  using O = PlatformDb::RatingOutcome;
  switch (*stored) {
    case O::unknown_application:
      // Ordering per application puts the submission first; a rating for an unknown application is
      // retried by the kiosk until the submission has landed.
      return send_error(response, 409, "unknown_application", "no application with this uuid yet");
    case O::conflict:
      return send_error(response, 422, "rating_conflict", "this application already has a different rating");
    case O::replayed:
      response.set_header("Idempotent-Replayed", "true");
      [[fallthrough]];
    case O::stored:
      log::info("platform-sim", "rating " + std::to_string(level) + " for application " + uuid);
      return send_json(response, 200, {{"uuid", uuid}, {"status", "rated"}});
  }
}

}  // namespace

void register_rating_routes(httplib::Server& server, SimContext& context) {
  SimContext* ctx = &context;
  server.Put(R"(/api/v1/applications/([0-9a-f-]{36})/rating)",
             [ctx](const auto& req, auto& res) { handle_rating(*ctx, req, res); });
}

}  // namespace zhidui::platform_sim
