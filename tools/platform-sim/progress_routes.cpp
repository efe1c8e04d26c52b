// progress_routes.cpp — 进度查询 (docs/platform-api.md, "Progress"):
//   POST /api/v1/progress/query {"id_number"}               a person's applications, with timelines
//   GET  /api/v1/applications/{uuid}/progress?no=<acceptance_no>   one application, from its receipt QR
// The ID number travels in a POST body, never in a URL (URLs end up in access logs). The receipt route
// needs the uuid AND the acceptance number to match: a guessed or scraped uuid alone tells nothing, and
// a mismatch is the same 404 as an unknown uuid.
#include <cctype>

#include "base/log.h"
#include "base/uuid.h"
#include "tools/platform-sim/context.h"

namespace zhidui::platform_sim {
namespace {

constexpr int64_t kMaxApplicationsPerPerson = 50;

bool is_id_number_shape(const std::string& s) {
  if (s.size() != 18) return false;
  for (size_t i = 0; i < 17; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return std::isdigit(static_cast<unsigned char>(s[17])) || s[17] == 'X' || s[17] == 'x';
}

nlohmann::json progress_json(const ProgressRow& row) {
  auto timeline = nlohmann::json::array();
  for (const auto& step : row.timeline) timeline.push_back({{"status", step.status}, {"at", step.at}, {"note", step.note}});
  return {{"uuid", row.uuid},         {"acceptance_no", row.acceptance_no}, {"policy_id", row.policy_id},
          {"policy_title", row.policy_title}, {"submitted_at", row.submitted_at}, {"status", row.status},
          {"timeline", timeline}};
}

void handle_query(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!require_kiosk(context, request, response)) return;
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("id_number") || !body["id_number"].is_string())
    return send_error(response, 422, "invalid_body", R"(expected {"id_number": "<the card's ID number>"})");
  std::string id_number = body["id_number"].get<std::string>();
  if (!is_id_number_shape(id_number))
    return send_error(response, 422, "invalid_field", "field 'id_number' must be 17 digits and a digit or X");
  if (id_number[17] == 'x') id_number[17] = 'X';
  auto rows = context.db->progress_for_person(id_number, kMaxApplicationsPerPerson);
  if (!rows) {
    context.counters.server_errors++;
    log::error("platform-sim", rows.error().message);
    return send_error(response, 500, "storage_error", "the platform could not read its records");
  }
  auto list = nlohmann::json::array();
  for (const auto& row : *rows) list.push_back(progress_json(row));
  log::info("platform-sim", "progress query -> " + std::to_string(list.size()) + " application(s)");
  send_json(response, 200, {{"applications", list}});
}

void handle_receipt(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!require_kiosk(context, request, response)) return;
  const std::string uuid = request.matches.size() > 1 ? std::string(request.matches[1]) : std::string();
  const std::string acceptance_no = request.get_param_value("no");
  if (!is_uuid(uuid)) return send_error(response, 400, "invalid_uuid", "the path must name an application uuid");
  if (acceptance_no.empty() || acceptance_no.size() > 64)
    return send_error(response, 400, "invalid_acceptance_no", "query parameter 'no' (the acceptance number) is required");
  auto row = context.db->progress_for_receipt(uuid, acceptance_no);
  if (!row) {
    context.counters.server_errors++;
    log::error("platform-sim", row.error().message);
    return send_error(response, 500, "storage_error", "the platform could not read its records");
  }
  if (!*row) return send_error(response, 404, "not_found", "no application with this uuid and acceptance number");
  send_json(response, 200, progress_json(**row));
}

}  // namespace

void register_progress_routes(httplib::Server& server, SimContext& context) {
  SimContext* ctx = &context;
  server.Post("/api/v1/progress/query", [ctx](const auto& req, auto& res) { handle_query(*ctx, req, res); });
  server.Get(R"(/api/v1/applications/([0-9a-fA-F-]{36})/progress)",
             [ctx](const auto& req, auto& res) { handle_receipt(*ctx, req, res); });
}

}  // namespace zhidui::platform_sim
