// submit.cpp — POST /api/v1/applications: authentication, the idempotency protocol, validation, the
// one-transaction store, and where each injected fault strikes (docs/platform-api.md).
//
// Order of checks, and why:
//   1. bearer token (401)               — nothing about the request is trusted before this
//   2. Idempotency-Key, X-Kiosk-Id, Content-Type (400)
//   3. the key is not already in flight (409): a retry racing its own first attempt must wait
//   4. faults are decided; delays and pre-commit faults strike here
//   5. a known key answers from its record (replay) or refuses a different body (422) — before the
//      body is validated, so a replay never depends on today's validation rules
//   6. validation (400 invalid JSON / 422 fields), then ONE transaction stores application + record
//   7. post-commit faults mangle or drop the response that was just committed
// Never log the body, a name or an ID number: only the key, the kiosk and the outcome.
#include <algorithm>
#include <cassert>
#include <cctype>
#include <optional>

#include "base/log.h"
#include "base/uuid.h"
#include "tools/platform-sim/connection.h"
#include "tools/platform-sim/context.h"
#include "tools/platform-sim/submit_parts.h"

namespace zhidui::platform_sim {
namespace {

constexpr int64_t kPurgeIntervalMs = 3600 * 1000;

struct Rejection {
  int status;
  std::string code;
  std::string message;  // names the field, never echoes its value (it may be personal data)
};

// 17 digits and a check character (digit or X). The checksum is the platform's business in real
// life; the simulator checks the shape only, so test people with made-up numbers still pass.
bool is_id_number_shape(const std::string& s) {
  if (s.size() != 18) return false;
  for (size_t i = 0; i < 17; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return std::isdigit(static_cast<unsigned char>(s[17])) || s[17] == 'X' || s[17] == 'x';
}

std::optional<Rejection> require_string(const nlohmann::json& object, const char* field, const std::string& path,
                                        size_t max_bytes, std::string& out) {
  auto it = object.find(field);
  if (it == object.end()) return Rejection{422, "missing_field", "missing field '" + path + "'"};
  if (!it->is_string()) return Rejection{422, "invalid_field", "field '" + path + "' must be a string"};
  out = it->get<std::string>();
  if (out.empty()) return Rejection{422, "invalid_field", "field '" + path + "' must not be empty"};
  if (out.size() > max_bytes)
    return Rejection{422, "invalid_field", "field '" + path + "' is longer than " + std::to_string(max_bytes) + " bytes"};
  return std::nullopt;
}

// Parses and checks the body; fills `app` on success.
std::optional<Rejection> validate(const std::string& body, const std::string& key, const std::string& kiosk_header,
                                  NewApplication& app) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    // Only the position: the parser's own message quotes the last token read, which may be part of
    // a name or an ID number.
    return Rejection{400, "invalid_json", "body is not valid JSON (error near byte " + std::to_string(e.byte) + ")"};
  }
  if (!doc.is_object()) return Rejection{422, "invalid_application", "body must be a JSON object"};

  std::string uuid;
  if (auto r = require_string(doc, "uuid", "uuid", 36, uuid)) return r;
  if (lower(uuid) != key)
    return Rejection{422, "uuid_mismatch", "field 'uuid' must equal the Idempotency-Key header"};
  if (auto r = require_string(doc, "policy_id", "policy_id", 128, app.policy_id)) return r;

  auto applicant = doc.find("applicant");
  if (applicant == doc.end()) return Rejection{422, "missing_field", "missing field 'applicant'"};
  if (!applicant->is_object()) return Rejection{422, "invalid_field", "field 'applicant' must be an object"};
  if (auto r = require_string(*applicant, "name", "applicant.name", 256, app.applicant_name)) return r;
  if (auto r = require_string(*applicant, "id_number", "applicant.id_number", 18, app.applicant_id_number)) return r;
  if (!is_id_number_shape(app.applicant_id_number))
    return Rejection{422, "invalid_field", "field 'applicant.id_number' must be 17 digits and a digit or X"};

  auto form = doc.find("form");
  if (form == doc.end()) return Rejection{422, "missing_field", "missing field 'form'"};
  if (!form->is_object()) return Rejection{422, "invalid_field", "field 'form' must be an object"};
  if (auto r = require_string(doc, "submitted_at", "submitted_at", 64, app.submitted_at)) return r;
  if (auto r = require_string(doc, "kiosk_id", "kiosk_id", 128, app.kiosk_id)) return r;
  if (app.kiosk_id != kiosk_header)
    return Rejection{422, "kiosk_id_mismatch", "field 'kiosk_id' must equal the X-Kiosk-Id header"};
  app.uuid = key;
  app.body = body;
  return std::nullopt;
}


void purge_now_and_then(SimContext& context) {
  int64_t now = unix_now_ms(), last = context.last_purge_ms.load();
  if (now - last < kPurgeIntervalMs || !context.last_purge_ms.compare_exchange_strong(last, now)) return;
  auto purged = context.db->purge_expired_keys();
  if (!purged) log::warn("platform-sim", "purge of idempotency records failed: " + purged.error().message);
  else if (*purged > 0) log::info("platform-sim", "purged " + std::to_string(*purged) + " idempotency records");
}

void send_answer(httplib::Response& response, const StoredResponse& answer) {
  response.status = answer.status;
  response.set_content(answer.body, "application/json");
}

StoredResponse error_answer(int status, const std::string& code, const std::string& message) {
  return {status, nlohmann::json{{"error", code}, {"message", message}}.dump()};
}

}  // namespace

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

bool is_json_content_type(const std::string& value) {
  std::string media = lower(value.substr(0, value.find(';')));
  media.erase(std::remove_if(media.begin(), media.end(), [](unsigned char c) { return std::isspace(c); }),
              media.end());
  return media == "application/json";
}

// A response the client must never see in full: headers with a Content-Length, then the connection
// closes before the first body byte (the provider refuses to write).
static void send_headers_then_close(httplib::Response& response, int status, size_t promised_length) {
  response.status = status;
  response.set_content_provider(promised_length, "application/json",
                                [](size_t, size_t, httplib::DataSink&) { return false; });
}

// Pre-commit faults: the request ends here and nothing was stored.
void strike_before_commit(SimContext& context, const FaultRule& fault, const httplib::Request& request,
                          httplib::Response& response, const std::function<void()>& release_keys) {
  switch (fault.kind) {
    case FaultKind::reset:
    case FaultKind::hang: {
      int fd = find_request_socket(request);
      if (fault.kind == FaultKind::hang) wait_for_peer_to_leave(fd, context.stopping, fault.max_ms);
      // The client learns of the closed connection at once and may retry before this handler
      // returns: the key must no longer look in flight by then.
      release_keys();
      if (fd >= 0) {
        abort_connection(fd);
      } else {
        log::warn("platform-sim", "connection socket not found; closing after the headers instead");
      }
      send_headers_then_close(response, 500, 64);
      return;
    }
    case FaultKind::status_5xx:
      send_error(response, fault.status, "injected_fault", "simulated platform failure");
      return;
    case FaultKind::status_429:
      if (fault.retry_after_s >= 0) response.set_header("Retry-After", std::to_string(fault.retry_after_s));
      send_error(response, 429, "rate_limited", "too many requests, retry later");
      return;
    default:
      assert(false && "strike_before_commit called with a post-commit fault");
  }
}

// Post-commit faults act on the response of a request whose effect is durable.
void strike_after_commit(const FaultRule& fault, const StoredResponse& stored, httplib::Response& response) {
  switch (fault.kind) {
    case FaultKind::drop_after_commit:
      send_headers_then_close(response, stored.status, stored.body.size());
      return;
    case FaultKind::garbage_body:
      response.status = stored.status;
      response.set_content("<html><body>502 Bad Gateway\x01\xfe</body></html>", "application/json");
      return;
    case FaultKind::truncated_body:
      response.status = stored.status;
      response.set_content(stored.body.substr(0, stored.body.size() / 2), "application/json");
      return;
    default:
      assert(false && "strike_after_commit called with a pre-commit fault");
  }
}

StoredResponse accepted_response(const Assigned& a) {
  nlohmann::json body = {{"application_id", a.application_id},
                         {"acceptance_no", a.acceptance_no},
                         {"status", a.status},
                         {"received_at", a.received_at},
                         {"uuid", a.uuid}};
  return {201, body.dump()};
}

PreparedItem prepare_item(SimContext& context, const std::string& key, const std::string& kiosk_id,
                          const std::string& body) {
  PreparedItem item;
  purge_now_and_then(context);
  item.app.body_sha256 = sha256_hex(body);
  auto known = context.db->lookup_key(key, item.app.body_sha256);
  if (!known) {
    context.counters.server_errors++;
    log::error("platform-sim", known.error().message);
    item.answer = ItemAnswer{error_answer(500, "storage_error", "the platform could not read its records")};
    return item;
  }
  if (known->kind == KeyLookup::Kind::different_body) {
    context.counters.key_reused++;
    log::warn("platform-sim", "submit key=" + key + " kiosk=" + kiosk_id + " -> 422 key reused with another body");
    item.answer = ItemAnswer{error_answer(422, "idempotency_key_reused", "this Idempotency-Key was used before with a different body")};
    return item;
  }
  if (known->kind == KeyLookup::Kind::same_body) {
    item.answer = ItemAnswer{known->response, /*replayed=*/true, /*committed=*/true};
    context.counters.replayed++;
    log::info("platform-sim", "submit key=" + key + " kiosk=" + kiosk_id + " -> " +
                                  std::to_string(known->response.status) + " (replayed)");
    return item;
  }
  if (auto rejection = validate(body, key, kiosk_id, item.app)) {
    context.counters.invalid++;
    log::info("platform-sim", "submit key=" + key + " -> " + std::to_string(rejection->status) + " " + rejection->code);
    item.answer = ItemAnswer{error_answer(rejection->status, rejection->code, rejection->message)};
  }
  return item;
}

ItemAnswer finish_item(SimContext& context, const std::string& key, const std::string& kiosk_id,
                       const Result<AcceptResult>& accepted) {
  ItemAnswer item;
  if (!accepted) {
    context.counters.server_errors++;
    log::error("platform-sim", accepted.error().message);
    item.answer = error_answer(500, "storage_error", "the platform could not store the application");
    return item;
  }
  if (accepted->kind == AcceptResult::Kind::key_reused) {
    context.counters.key_reused++;
    item.answer = error_answer(422, "idempotency_key_reused", "this Idempotency-Key was used before with a different body");
    return item;
  }
  item.answer = accepted->response;
  item.replayed = accepted->kind == AcceptResult::Kind::replayed;
  item.committed = true;
  if (item.replayed) context.counters.replayed++;
  else context.counters.created++;
  log::info("platform-sim", "submit key=" + key + " kiosk=" + kiosk_id + " -> " + std::to_string(item.answer.status) +
                                (item.replayed ? " (replayed)" : " (created)"));
  return item;
}

ItemAnswer submit_one(SimContext& context, const std::string& key, const std::string& kiosk_id,
                      const std::string& body) {
  PreparedItem prepared = prepare_item(context, key, kiosk_id, body);
  if (prepared.answer) return std::move(*prepared.answer);
  return finish_item(context, key, kiosk_id, context.db->accept(prepared.app, accepted_response));
}

void handle_submit(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  context.counters.submit_requests++;
  if (!has_bearer_token(request, context.options.token)) {
    context.counters.unauthorized++;
    response.set_header("WWW-Authenticate", "Bearer");
    return send_error(response, 401, "unauthorized", "missing or wrong bearer token");
  }
  std::string key = lower(request.get_header_value("Idempotency-Key"));
  std::string kiosk_id = request.get_header_value("X-Kiosk-Id");
  if (key.empty() || !is_uuid(key) || kiosk_id.empty() || !is_json_content_type(request.get_header_value("Content-Type"))) {
    context.counters.invalid++;
    if (key.empty()) return send_error(response, 400, "missing_idempotency_key", "header Idempotency-Key is required");
    if (!is_uuid(key))
      return send_error(response, 400, "malformed_idempotency_key", "header Idempotency-Key must be a UUID");
    if (kiosk_id.empty()) return send_error(response, 400, "missing_kiosk_id", "header X-Kiosk-Id is required");
    return send_error(response, 400, "unsupported_content_type", "Content-Type must be application/json");
  }

  InFlightGuard in_flight(context.in_flight, key);
  if (!in_flight.acquired()) {
    context.counters.in_flight_conflicts++;
    log::info("platform-sim", "submit key=" + key + " -> 409 (same key in flight)");
    return send_error(response, 409, "request_in_progress",
                      "a request with this Idempotency-Key is being processed; retry later");
  }

  FaultDecision decision = context.faults->decide();
  if (decision.delay_ms > 0) sleep_unless_stopping(context, decision.delay_ms);
  if (decision.has_fault) {
    context.counters.faults_injected++;
    log::info("platform-sim", "submit key=" + key + ": injecting " + std::string(fault_kind_name(decision.fault.kind)));
    if (!acts_after_commit(decision.fault.kind)) return strike_before_commit(context, decision.fault, request, response, [&] { in_flight.release(); });
  }

  ItemAnswer item = submit_one(context, key, kiosk_id, request.body);
  if (!item.committed) return send_answer(response, item.answer);
  const StoredResponse& answer = item.answer;
  const bool replayed = item.replayed;
  if (replayed) response.set_header("Idempotent-Replayed", "true");
  if (decision.has_fault) return strike_after_commit(decision.fault, answer, response);
  response.status = answer.status;
  response.set_content(answer.body, "application/json");
}

}  // namespace zhidui::platform_sim
