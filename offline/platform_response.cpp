// platform_response.cpp — see platform_response.h. Bodies are parsed with nlohmann::json without
// exceptions (a malformed body is "discarded", never thrown), and only short printable excerpts of
// what the platform says reach a reason, which goes to logs and the technician panel.
#include "offline/platform_response.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "base/mask.h"
#include "base/sensitive.h"
#include "base/uuid.h"

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

// ---- lookups: enterprise, representative, progress ---------------------------------------------------

namespace zhidui::offline {
namespace {

constexpr size_t kMaxProgressApplications = 200;
constexpr size_t kMaxTimelineSteps = 100;
constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

Error bad_answer(const std::string& why) { return make_error("platform.bad_answer", why); }

// A text the kiosk shows or stores as it came: whole, printable UTF-8 of at most max_bytes.
bool printable_field(const std::string& text, size_t max_bytes) {
  return text.size() <= max_bytes && !has_control_chars(text) && printable_excerpt(text, max_bytes) == text;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

EnterpriseStatus enterprise_status_from(const std::string& code) {
  if (code == "active") return EnterpriseStatus::active;
  if (code == "deregistered") return EnterpriseStatus::deregistered;
  if (code == "revoked") return EnterpriseStatus::revoked;
  return EnterpriseStatus::other;
}

Result<ApplicationProgress> read_progress_object(const nlohmann::json& item) {
  if (!item.is_object()) return bad_answer("an application in the progress answer is not an object");
  ApplicationProgress p;
  p.uuid = string_member(item, "uuid");
  p.acceptance_no = string_member(item, "acceptance_no");
  p.policy_id = string_member(item, "policy_id");
  p.policy_title = string_member(item, "policy_title");
  p.submitted_at = string_member(item, "submitted_at");
  p.status = string_member(item, "status");
  if (!is_uuid(p.uuid)) return bad_answer("an application in the progress answer has no valid uuid");
  if (!usable_acceptance_no(p.acceptance_no)) return bad_answer("an application has no usable acceptance number");
  if (!usable_status(p.status)) return bad_answer("an application has no usable status");
  if (!printable_field(p.policy_id, 128) || !printable_field(p.policy_title, 300) || !printable_field(p.submitted_at, 40))
    return bad_answer("an application has an unprintable or oversized policy or time field");
  auto timeline = item.find("timeline");
  if (timeline == item.end() || !timeline->is_array()) return bad_answer("an application has no timeline array");
  if (timeline->size() > kMaxTimelineSteps) return bad_answer("an application's timeline is too long");
  for (const auto& step_json : *timeline) {
    TimelineStep step{string_member(step_json, "status"), string_member(step_json, "at"),
                      string_member(step_json, "note")};
    if (!usable_status(step.status)) return bad_answer("a timeline step has no usable status");
    if (!printable_field(step.at, 40) || !printable_field(step.note, 600))
      return bad_answer("a timeline step has an unprintable or oversized time or note");
    p.timeline.push_back(std::move(step));
  }
  return p;
}

}  // namespace

bool is_uscc_shape(std::string_view code) {
  return code.size() == 18 && std::all_of(code.begin(), code.end(), [](char c) {
           return kUsccCharset.find(c) != std::string_view::npos;
         });
}

bool is_id_number_shape(std::string_view id) {
  return id.size() == 18 && all_digits(id.substr(0, 17)) && (std::isdigit(static_cast<unsigned char>(id[17])) || id[17] == 'X');
}

Error lookup_http_error(long s, std::string_view body) {
  const std::string reason = http_reason(s, body);
  if (s == 404) return make_error("platform.not_found", reason);
  if (s == 400 || s == 422) return make_error("platform.bad_request", reason);
  if (s == 401 || s == 403) return make_error("platform.auth", reason);
  if (s == 429) return make_error("platform.rate_limited", reason);
  return make_error("platform.http", reason);
}

Result<EnterpriseInfo> read_enterprise_answer(std::string_view body, std::string_view expected_uscc) {
  nlohmann::json doc = parse_untrusted(body);
  if (!doc.is_object()) return bad_answer("the enterprise record is not a JSON object");
  EnterpriseInfo e;
  e.uscc = string_member(doc, "uscc");
  if (e.uscc != expected_uscc) return bad_answer("the enterprise record names another enterprise than asked");
  e.name = string_member(doc, "name");
  e.type = string_member(doc, "type");
  e.status_code = string_member(doc, "status");
  e.region_code = string_member(doc, "region_code");
  e.registered_at = string_member(doc, "registered_at");
  if (e.name.empty() || !printable_field(e.name, 300)) return bad_answer("the enterprise record has no usable name");
  if (!printable_field(e.type, 200) || !printable_field(e.registered_at, 40))
    return bad_answer("the enterprise record has an unprintable or oversized type or date");
  if (!usable_status(e.status_code)) return bad_answer("the enterprise record has no usable status");
  if (e.region_code.size() != 6 || !all_digits(e.region_code))
    return bad_answer("the enterprise record has no 6-digit region code");
  e.status = enterprise_status_from(e.status_code);
  auto rep = doc.find("legal_representative");
  if (rep == doc.end() || !rep->is_object()) return bad_answer("the enterprise record has no legal representative");
  e.legal_rep_name = string_member(*rep, "name");
  e.legal_rep_id_masked = string_member(*rep, "id_number_masked");
  if (e.legal_rep_name.empty() || !printable_field(e.legal_rep_name, 100))
    return bad_answer("the enterprise record has no usable legal representative name");
  if (!printable_field(e.legal_rep_id_masked, 40)) return bad_answer("the legal representative's masked ID is unusable");
  // A platform that sends the number in full must not make the kiosk show or keep it.
  if (e.legal_rep_id_masked.find('*') == std::string::npos) {
    std::string masked = mask_id_number(e.legal_rep_id_masked);
    zhidui::wipe(e.legal_rep_id_masked);
    e.legal_rep_id_masked = std::move(masked);
  }
  return e;
}

Result<bool> read_representative_answer(std::string_view body, std::string_view expected_uscc) {
  nlohmann::json doc = parse_untrusted(body);
  if (!doc.is_object()) return bad_answer("the representative check answer is not a JSON object");
  auto uscc = doc.find("uscc");
  if (uscc != doc.end() && (!uscc->is_string() || uscc->get<std::string>() != expected_uscc))
    return bad_answer("the representative check answers for another enterprise than asked");
  auto verdict = doc.find("is_legal_representative");
  if (verdict == doc.end() || !verdict->is_boolean())
    return bad_answer("the representative check answer has no boolean is_legal_representative");
  return verdict->get<bool>();
}

Result<std::vector<ApplicationProgress>> read_progress_list(std::string_view body) {
  nlohmann::json doc = parse_untrusted(body);
  if (!doc.is_object()) return bad_answer("the progress answer is not a JSON object");
  auto list = doc.find("applications");
  if (list == doc.end() || !list->is_array()) return bad_answer("the progress answer has no \"applications\" array");
  if (list->size() > kMaxProgressApplications) return bad_answer("the progress answer has too many applications");
  std::vector<ApplicationProgress> out;
  for (const auto& item : *list) {
    auto p = read_progress_object(item);
    if (!p.ok()) return p.error();
    out.push_back(std::move(p).value());
  }
  return out;
}

Result<ApplicationProgress> read_progress_item(std::string_view body, std::string_view expected_uuid,
                                               std::string_view expected_acceptance_no) {
  auto p = read_progress_object(parse_untrusted(body));
  if (!p.ok()) return p.error();
  if (p->uuid != expected_uuid || p->acceptance_no != expected_acceptance_no)
    return bad_answer("the progress answer names another application than asked");
  return p;
}

// ---- batch -------------------------------------------------------------------------------------------

std::vector<SubmitResult> read_batch_answer(std::string_view body, const std::vector<std::string>& keys) {
  std::vector<SubmitResult> out(keys.size());
  for (auto& r : out) {
    r.outcome = Outcome::retry;
    r.http_status = 200;
    r.reason = "the batch answer does not account for this item";
  }
  nlohmann::json doc = parse_untrusted(body);
  auto results = doc.is_object() ? doc.find("results") : doc.end();
  if (!doc.is_object() || results == doc.end() || !results->is_array()) {
    for (auto& r : out) r.reason = "the batch answer is not {\"results\": [...]}";
    return out;
  }
  std::vector<int> seen(keys.size(), 0);
  std::vector<const nlohmann::json*> found(keys.size(), nullptr);
  for (const auto& item : *results) {
    const std::string key = string_member(item, "key");
    auto at = std::find(keys.begin(), keys.end(), key);
    if (key.empty() || at == keys.end()) continue;  // not ours: ignored
    const size_t i = size_t(at - keys.begin());
    ++seen[i];
    found[i] = &item;
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (seen[i] > 1) {
      out[i].reason = "the batch answer accounts for this item twice";
      continue;
    }
    if (!found[i]) continue;
    const nlohmann::json& item = *found[i];
    auto status = item.find("status");
    auto response = item.find("response");
    if (status == item.end() || !status->is_number_integer() || response == item.end()) {
      out[i].reason = "the batch answer's item has no status or response";
      continue;
    }
    const long item_status = long(status->get<int64_t>());
    if (item_status < 100 || item_status > 599) {
      out[i].reason = "the batch answer's item has an impossible status";
      continue;
    }
    out[i] = classify_submit_answer(item_status, response->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    auto replayed = item.find("replayed");
    out[i].replayed = replayed != item.end() && replayed->is_boolean() && replayed->get<bool>();
  }
  return out;
}

}  // namespace zhidui::offline
