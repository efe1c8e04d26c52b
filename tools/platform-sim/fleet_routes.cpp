// fleet_routes.cpp — the fleet view: every kiosk posts a heartbeat (version, device states, queue depth,
// last sync, free disk); the simulator keeps the last one per kiosk and shows them as JSON and as a small
// HTML page, flagging a kiosk whose heartbeat is older than the staleness threshold (?stale_after=
// seconds, default 180: three missed one-minute heartbeats).
#include <chrono>
#include <sstream>

#include "base/log.h"
#include "tools/platform-sim/context.h"

namespace zhidui::platform_sim {

namespace {

constexpr size_t kMaxHeartbeatBytes = 16 * 1024;
constexpr int64_t kDefaultStaleSeconds = 180;

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// ok, warning or error from what the kiosk reports; paused when it says it does not serve (暂停服务);
// stale when it stopped reporting.
std::string health_of(const nlohmann::json& hb, bool stale) {
  if (stale) return "stale";
  if (auto service = hb.find("service"); service != hb.end() && service->is_object() &&
                                         !service->value("in_service", true))
    return "paused";
  std::string health = "ok";
  if (auto devices = hb.find("devices"); devices != hb.end() && devices->is_object())
    for (const auto& [name, d] : devices->items()) {
      const std::string severity = d.is_object() ? d.value("severity", "") : "";
      if (severity == "error") return "error";
      if (severity == "warning") health = "warning";
    }
  if (auto queue = hb.find("queue"); queue != hb.end() && queue->is_object()) {
    if (queue->value("dead", 0) > 0) return "error";
    if (queue->value("pending", 0) > 100) health = "warning";
  }
  if (hb.value("free_disk_mb", int64_t(1) << 40) < 500) health = "warning";
  return health;
}

nlohmann::json fleet_json(SimContext& context, int64_t stale_after_s) {
  const int64_t now = steady_ms();
  auto list = nlohmann::json::array();
  std::lock_guard lock(context.fleet.mutex);
  for (const auto& [id, entry] : context.fleet.kiosks) {
    const int64_t age_s = (now - entry.received_ms) / 1000;
    const bool stale = now - entry.received_ms > stale_after_s * 1000;
    list.push_back({{"kiosk_id", id}, {"seconds_since_heartbeat", age_s}, {"health", health_of(entry.heartbeat, stale)},
                    {"heartbeat", entry.heartbeat}});
  }
  return {{"kiosks", list}, {"stale_after_seconds", stale_after_s}};
}

int64_t stale_after(const httplib::Request& request) {
  const std::string v = request.get_param_value("stale_after");
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return kDefaultStaleSeconds;
  return std::max<int64_t>(1, std::stoll(v));
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

void handle_heartbeat(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!require_kiosk(context, request, response)) return;
  if (request.body.size() > kMaxHeartbeatBytes)
    return send_error(response, 413, "too_large", "a heartbeat is at most 16 KiB");
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("version") || !body["version"].is_string())
    return send_error(response, 422, "invalid_body", R"(expected {"version": "…", "devices": {…}, "queue": {…}, …})");
  const std::string kiosk = request.get_header_value("X-Kiosk-Id");
  {
    std::lock_guard lock(context.fleet.mutex);
    context.fleet.kiosks[kiosk] = {std::move(body), steady_ms()};
  }
  response.status = 204;
}

void handle_fleet_html(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  const nlohmann::json fleet = fleet_json(context, stale_after(request));
  std::ostringstream o;
  o << "<!doctype html><meta charset=utf-8><meta http-equiv=refresh content=30><title>zhidui fleet</title>"
       "<style>body{font-family:sans-serif}td,th{padding:4px 10px;text-align:left}"
       ".ok{color:#145228}.warning{color:#6B3A00}.error,.stale,.paused{color:#8E1414;font-weight:bold}</style>"
       "<h1>Kiosks (" << fleet["kiosks"].size() << ")</h1><table><tr><th>kiosk<th>health<th>paused because<th>last heartbeat"
       "<th>version<th>queue pending / dead<th>last sync<th>free disk<th>devices not ok</tr>";
  for (const auto& k : fleet["kiosks"]) {
    const auto& hb = k["heartbeat"];
    const std::string health = k["health"];
    std::string devices;
    if (hb.contains("devices") && hb["devices"].is_object())
      for (const auto& [name, d] : hb["devices"].items())
        if (d.is_object() && d.value("severity", "ok") != "ok")
          devices += name + ": " + d.value("state", "?") + " " + d.value("code", "") + "; ";
    const auto queue = hb.value("queue", nlohmann::json::object());
    const auto service = hb.value("service", nlohmann::json::object());
    const std::string paused = service.is_object() ? service.value("paused_because", "") : "";
    o << "<tr><td>" << html_escape(k["kiosk_id"]) << "<td class=" << health << ">" << health << "<td>"
      << html_escape(paused) << "<td>"
      << k["seconds_since_heartbeat"].get<int64_t>() << " s ago<td>" << html_escape(hb.value("version", ""))
      << "<td>" << queue.value("pending", 0) << " / " << queue.value("dead", 0) << "<td>"
      << html_escape(hb.value("last_sync_at", "")) << "<td>" << hb.value("free_disk_mb", int64_t(0)) << " MB<td>"
      << html_escape(devices) << "</tr>";
  }
  o << "</table>";
  response.set_content(o.str(), "text/html; charset=utf-8");
}

}  // namespace

void register_fleet_routes(httplib::Server& server, SimContext& context) {
  SimContext* ctx = &context;
  server.Post("/api/v1/kiosks/heartbeat", [ctx](const auto& req, auto& res) { handle_heartbeat(*ctx, req, res); });
  server.Get("/api/v1/fleet", [ctx](const auto& req, auto& res) { send_json(res, 200, fleet_json(*ctx, stale_after(req))); });
  server.Get("/fleet", [ctx](const auto& req, auto& res) { handle_fleet_html(*ctx, req, res); });
}

}  // namespace zhidui::platform_sim
