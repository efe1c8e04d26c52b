// platform_response.cpp — see platform_response.h. Bodies are parsed with nlohmann::json without
// exceptions (a malformed body is "discarded", never thrown), and only short printable excerpts of
// what the platform says reach a reason, which goes to logs and the technician panel.
#include "offline/platform_response.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "kiosk/base/uuid.h"

namespace zhidui::offline {
namespace {

nlohmann::json parse_untrusted(std::string_view body) {
  return nlohmann::json::parse(body.begin(), body.end(), /*callback=*/nullptr, /*allow_exceptions=*/false);
}

std::string string_member(const nlohmann::json& doc, const char* key) {
  if (!doc.is_object()) return {};
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string printable_excerpt(std::string_view text, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < text.size() && out.size() < max_bytes;) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > text.size() || out.size() + len > max_bytes) break;
    bool valid = true;
    for (size_t k = 1; k < len; ++k) valid = valid && (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    if (!valid) break;
    if (len == 1 && (c < 0x20 || c == 0x7f)) out += ' ';
    else out.append(text.substr(i, len));
    i += len;
  }
  return out;
}

bool has_control_chars(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

std::string http_reason(long http_status, std::string_view body) {
  std::string reason = "HTTP " + std::to_string(http_status);
  nlohmann::json doc = parse_untrusted(body);
  std::string code = printable_excerpt(string_member(doc, "error"), 64);
  std::string message = printable_excerpt(string_member(doc, "message"), 240);
  if (!code.empty()) reason += " " + code;
  if (!message.empty()) reason += ": " + message;
  return reason;
}

namespace {

constexpr size_t kMaxChangesPerPage = 1000;

bool usable_acceptance_no(const std::string& text) {
  return !text.empty() && text.size() <= kMaxAcceptanceNoBytes && !has_control_chars(text) &&
         printable_excerpt(text, kMaxAcceptanceNoBytes) == text;
}

bool usable_status(const std::string& text) {
  return !text.empty() && text.size() <= 32 &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

Error bad_page(const std::string& why) { return make_error("platform.bad_status_page", why); }

}  // namespace

bool is_valid_status_cursor(std::string_view cursor) {
  return !cursor.empty() && cursor.size() <= 64 && std::all_of(cursor.begin(), cursor.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '_' || c == '.' || c == '-';
         });
}

Result<StatusPage> read_status_page(std::string_view body) {
  nlohmann::json doc = parse_untrusted(body);
  if (!doc.is_object()) return bad_page("the status page is not a JSON object");
  auto changes = doc.find("changes");
  if (changes == doc.end() || !changes->is_array()) return bad_page("the status page has no \"changes\" array");
  if (changes->size() > kMaxChangesPerPage) return bad_page("the status page has too many changes");
  StatusPage page;
  page.cursor = string_member(doc, "cursor");
  if (!is_valid_status_cursor(page.cursor)) return bad_page("the status page has no usable cursor");
  auto more = doc.find("more");
  page.more = more != doc.end() && more->is_boolean() && more->get<bool>();
  for (const auto& item : *changes) {
    StatusChange change;
    change.uuid = string_member(item, "uuid");
    change.acceptance_no = string_member(item, "acceptance_no");
    change.status = string_member(item, "status");
    change.changed_at = printable_excerpt(string_member(item, "changed_at"), 40);
    if (!is_uuid(change.uuid)) return bad_page("a status change has no valid uuid");
    if (!usable_acceptance_no(change.acceptance_no)) return bad_page("a status change has no usable acceptance number");
    if (!usable_status(change.status)) return bad_page("a status change has no usable status");
    page.changes.push_back(std::move(change));
  }
  return page;
}

namespace {

// The outcome class of an answer that is not a 2xx (docs/store-and-sync.md §5).
SubmitResult classify_failure(long s, std::string_view body) {
  SubmitResult result;
  result.http_status = s;
  result.reason = http_reason(s, body);
  if (s == 408 || s == 409 || s == 429 || (s >= 500 && s < 600)) {
    result.outcome = Outcome::retry;
  } else if (s == 400 || s == 422) {
    result.outcome = Outcome::quarantine;
  } else if (s == 401 || s == 403) {
    result.outcome = Outcome::auth;
  } else if (s == 404 || s == 405) {
    // Not a verdict on this application: the URL (or a proxy in between) is wrong. Rejecting would
    // turn one misconfiguration into a whole queue of refused applications; retrying keeps them.
    result.outcome = Outcome::retry;
    result.reason += " (endpoint not found: check the platform URL)";
  } else if (s >= 400 && s < 500) {
    result.outcome = Outcome::rejected;
  } else {
    result.outcome = Outcome::retry;  // 1xx/3xx: we follow no redirects; nothing was acknowledged
    result.reason = "unexpected " + result.reason;
  }
  return result;
}

}  // namespace

SubmitResult classify_submit_answer(long http_status, std::string_view body) {
  if (http_status < 200 || http_status >= 300) return classify_failure(http_status, body);
  SubmitResult result;
  result.http_status = http_status;
  nlohmann::json doc = parse_untrusted(body);
  std::string acceptance_no = string_member(doc, "acceptance_no");
  // Printable and whole: it is shown on screen, printed on the receipt and stored.
  if (!usable_acceptance_no(acceptance_no)) {
    result.outcome = Outcome::retry;
    result.reason = "2xx without acceptance number";
    return result;
  }
  result.outcome = Outcome::done;
  result.acceptance_no = std::move(acceptance_no);
  result.platform_status = printable_excerpt(string_member(doc, "status"), 64);
  return result;
}

SubmitResult classify_rating_answer(long http_status, std::string_view body) {
  if (http_status < 200 || http_status >= 300) return classify_failure(http_status, body);
  SubmitResult result;
  result.http_status = http_status;
  if (string_member(parse_untrusted(body), "status") != "rated") {
    result.outcome = Outcome::retry;
    result.reason = "2xx without a rating acknowledgement";
    return result;
  }
  result.outcome = Outcome::done;
  result.platform_status = "rated";
  return result;
}

HealthResult read_health_answer(long http_status, std::string_view body) {
  HealthResult health;
  nlohmann::json doc = parse_untrusted(body);
  health.ok = http_status == 200 && string_member(doc, "status") == "ok";
  health.version = printable_excerpt(string_member(doc, "version"), 64);
  return health;
}

}  // namespace zhidui::offline
