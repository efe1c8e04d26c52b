// enterprise_routes.cpp — the enterprise path of the kiosk (docs/platform-api.md, "Enterprises"):
//   GET  /api/v1/enterprises/{uscc}                        the register's record, legal rep's ID masked
//   POST /api/v1/enterprises/{uscc}/representative-check   {"id_number"} → is this the legal rep?
// The full ID number of the legal representative never leaves the platform: the kiosk sends the ID
// number of the card it read and gets one bit back. (A salted hash in the record was the alternative;
// an 18-character ID number whose region and birth date are guessable has too little entropy to
// survive an offline dictionary attack on a hash the kiosk holds, whereas the online check can be
// rate-limited and audited by the platform.)
#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "base/log.h"
#include "base/mask.h"
#include "tools/platform-sim/context.h"
#include "tools/platform-sim/enterprises.h"

namespace zhidui::platform_sim {
namespace {

// The path segment as sent; a lower-case code is malformed (the standard writes capitals).
std::string uscc_from_path(const httplib::Request& request) {
  return request.matches.size() > 1 ? std::string(request.matches[1]) : std::string();
}

bool is_id_number_shape(const std::string& s) {
  if (s.size() != 18) return false;
  if (!std::all_of(s.begin(), s.begin() + 17, [](unsigned char c) { return std::isdigit(c); })) return false;
  return std::isdigit(static_cast<unsigned char>(s[17])) || s[17] == 'X' || s[17] == 'x';
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  return s;
}

}  // namespace

int64_t RepresentativeCheckLimiter::blocked_for_s(const std::string& kiosk_id, const std::string& uscc, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = misses_.find(kiosk_id + "|" + uscc);
  if (it == misses_.end()) return 0;
  auto& times = it->second;
  times.erase(std::remove_if(times.begin(), times.end(), [&](int64_t t) { return now_ms - t >= kWindowMs; }),
              times.end());
  if (int(times.size()) < kMaxMisses) return 0;
  return std::max<int64_t>(1, (times.front() + kWindowMs - now_ms + 999) / 1000);
}

void RepresentativeCheckLimiter::record_miss(const std::string& kiosk_id, const std::string& uscc, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  misses_[kiosk_id + "|" + uscc].push_back(now_ms);
}

namespace {

// Answers 400/404/500 itself; the record when there is one.
std::optional<EnterpriseRecord> find_or_answer(SimContext& context, const std::string& uscc,
                                               httplib::Response& response) {
  if (!is_valid_uscc(uscc)) {
    send_error(response, 400, "invalid_uscc",
               "the path must carry an 18-character unified social credit code with a valid check character");
    return std::nullopt;
  }
  auto found = context.db->find_enterprise(uscc);
  if (!found) {
    context.counters.server_errors++;
    log::error("platform-sim", found.error().message);
    send_error(response, 500, "storage_error", "the platform could not read its register");
    return std::nullopt;
  }
  if (!*found) {
    send_error(response, 404, "not_found", "no enterprise with this unified social credit code");
    return std::nullopt;
  }
  return std::move(**found);
}

void handle_enterprise(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!require_kiosk(context, request, response)) return;
  auto record = find_or_answer(context, uscc_from_path(request), response);
  if (!record) return;
  log::info("platform-sim", "enterprise lookup " + record->uscc);
  send_json(response, 200,
            {{"uscc", record->uscc},
             {"name", record->name},
             {"type", record->type},
             {"status", record->status},
             {"status_text", std::string(enterprise_status_text(record->status))},
             {"region_code", record->region_code},
             {"registered_at", record->registered_at},
             {"legal_representative",
              {{"name", record->legal_rep_name}, {"id_number_masked", mask_id_number(record->legal_rep_id_number)}}}});
}

void handle_representative_check(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  if (!require_kiosk(context, request, response)) return;
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("id_number") || !body["id_number"].is_string())
    return send_error(response, 422, "invalid_body", R"(expected {"id_number": "<the card's ID number>"})");
  const std::string id_number = body["id_number"].get<std::string>();
  if (!is_id_number_shape(id_number))
    return send_error(response, 422, "invalid_field", "field 'id_number' must be 17 digits and a digit or X");
  const std::string kiosk_id = request.get_header_value("X-Kiosk-Id");
  if (int64_t wait_s = context.representative_limiter.blocked_for_s(kiosk_id, uscc_from_path(request), unix_now_ms())) {
    response.set_header("Retry-After", std::to_string(wait_s));
    return send_error(response, 429, "rate_limited", "too many representative checks that did not match; retry later");
  }
  auto record = find_or_answer(context, uscc_from_path(request), response);
  if (!record) return;
  const std::string expected = upper(record->legal_rep_id_number), given = upper(id_number);
  const bool match = expected.size() == given.size() &&
                     sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
  if (!match) context.representative_limiter.record_miss(kiosk_id, record->uscc, unix_now_ms());
  // Only the outcome is logged, never the number.
  log::info("platform-sim", "representative check " + record->uscc + " -> " + (match ? "match" : "no match"));
  send_json(response, 200, {{"uscc", record->uscc}, {"is_legal_representative", match}});
}

}  // namespace

void register_enterprise_routes(httplib::Server& server, SimContext& context) {
  SimContext* ctx = &context;
  // Any 1..64 characters in the segment, so that a malformed code gets a JSON 400, not the router's 404.
  server.Get(R"(/api/v1/enterprises/([^/]{1,64}))",
             [ctx](const auto& req, auto& res) { handle_enterprise(*ctx, req, res); });
  server.Post(R"(/api/v1/enterprises/([^/]{1,64})/representative-check)",
              [ctx](const auto& req, auto& res) { handle_representative_check(*ctx, req, res); });
}

}  // namespace zhidui::platform_sim
