// batch.cpp — POST /api/v1/applications/batch: up to kMaxBatchItems applications in one request, each
// with its own idempotency key, answered item by item (docs/platform-api.md, "Batch").
//
// Each item is exactly what POST /api/v1/applications would carry: the key, and the body as a JSON
// *string* holding the very bytes of the single request. The idempotency record hashes those bytes,
// so an application first tried alone and retried in a batch (or the other way round) is one and the
// same request to the platform: the same answer, never a second application.
// All or nothing per item, not per batch: the new applications of a batch are stored in one
// transaction with a savepoint each (PlatformDb::accept_many) — an item that fails leaves nothing,
// the others stay, and the batch costs one commit — and each result is the status and body the single
// endpoint would have answered.
//
// Faults: one decision per batch request, after authentication and parsing — pre-commit faults end
// the whole request before any item is stored, post-commit faults mangle the answer after every item
// was handled.
#include <memory>
#include <vector>

#include "base/log.h"
#include "base/uuid.h"
#include "tools/platform-sim/context.h"
#include "tools/platform-sim/submit_parts.h"

namespace zhidui::platform_sim {
namespace {

constexpr size_t kMaxBatchItems = 100;

const char* outcome_of(const ItemAnswer& item) {
  if (item.committed) return item.replayed ? "duplicate" : "accepted";
  const int s = item.answer.status;
  return (s == 409 || s == 429 || s >= 500) ? "retry" : "rejected";
}

nlohmann::json item_result(const std::string& key, const ItemAnswer& item) {
  auto response = nlohmann::json::parse(item.answer.body, nullptr, /*allow_exceptions=*/false);
  return {{"key", key},
          {"status", item.answer.status},
          {"outcome", outcome_of(item)},
          {"replayed", item.replayed},
          {"response", response.is_discarded() ? nlohmann::json::object() : response}};
}

ItemAnswer item_error(int status, const std::string& code, const std::string& message) {
  ItemAnswer item;
  item.answer = {status, nlohmann::json{{"error", code}, {"message", message}}.dump()};
  return item;
}

}  // namespace

void handle_batch_submit(SimContext& context, const httplib::Request& request, httplib::Response& response) {
  context.counters.batch_requests++;
  if (!has_bearer_token(request, context.options.token)) {
    context.counters.unauthorized++;
    response.set_header("WWW-Authenticate", "Bearer");
    return send_error(response, 401, "unauthorized", "missing or wrong bearer token");
  }
  const std::string kiosk_id = request.get_header_value("X-Kiosk-Id");
  if (kiosk_id.empty()) return send_error(response, 400, "missing_kiosk_id", "header X-Kiosk-Id is required");
  if (!is_json_content_type(request.get_header_value("Content-Type")))
    return send_error(response, 400, "unsupported_content_type", "Content-Type must be application/json");
  auto doc = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return send_error(response, 400, "invalid_json", "body is not valid JSON");
  auto items = doc.is_object() ? doc.find("items") : doc.end();
  if (!doc.is_object() || items == doc.end() || !items->is_array() || items->empty())
    return send_error(response, 422, "invalid_batch", R"(expected {"items": [{"key": "<uuid>", "body": "<json text>"}, ...]})");
  if (items->size() > kMaxBatchItems)
    return send_error(response, 422, "batch_too_large",
                      "at most " + std::to_string(kMaxBatchItems) + " items per batch");

  FaultDecision decision = context.faults->decide();
  if (decision.delay_ms > 0) sleep_unless_stopping(context, decision.delay_ms);
  if (decision.has_fault) {
    context.counters.faults_injected++;
    log::info("platform-sim", "batch of " + std::to_string(items->size()) + ": injecting " +
                                  std::string(fault_kind_name(decision.fault.kind)));
    if (!acts_after_commit(decision.fault.kind))
      return strike_before_commit(context, decision.fault, request, response, [] {});
  }

  // Keys stay in flight until the whole answer is built: a retry of one of them racing this batch
  // gets 409, as with the single endpoint.
  std::vector<std::unique_ptr<InFlightGuard>> guards;
  std::vector<std::string> keys(items->size());
  std::vector<ItemAnswer> answers(items->size());
  std::vector<size_t> to_store;          // indexes of the items whose application is new
  std::vector<PreparedItem> prepared;    // parallel to to_store
  for (size_t i = 0; i < items->size(); ++i) {
    const auto& entry = (*items)[i];
    context.counters.submit_requests++;
    if (entry.is_object() && entry.contains("key") && entry["key"].is_string()) keys[i] = lower(entry["key"].get<std::string>());
    if (!is_uuid(keys[i])) {
      context.counters.invalid++;
      answers[i] = item_error(400, "malformed_idempotency_key", "item 'key' must be a UUID");
      continue;
    }
    if (!entry.contains("body") || !entry["body"].is_string()) {
      context.counters.invalid++;
      answers[i] = item_error(400, "invalid_item", "item 'body' must be the application's JSON text, as a string");
      continue;
    }
    auto guard = std::make_unique<InFlightGuard>(context.in_flight, keys[i]);
    if (!guard->acquired()) {
      context.counters.in_flight_conflicts++;
      answers[i] = item_error(409, "request_in_progress", "a request with this Idempotency-Key is being processed; retry later");
      continue;
    }
    guards.push_back(std::move(guard));
    PreparedItem item = prepare_item(context, keys[i], kiosk_id, entry["body"].get_ref<const std::string&>());
    if (item.answer) {
      answers[i] = std::move(*item.answer);
      continue;
    }
    to_store.push_back(i);
    prepared.push_back(std::move(item));
  }
  // Every new application in one transaction, a savepoint each: one commit for the batch.
  std::vector<const NewApplication*> apps;
  for (const PreparedItem& item : prepared) apps.push_back(&item.app);
  std::vector<Result<AcceptResult>> stored =
      apps.empty() ? std::vector<Result<AcceptResult>>() : context.db->accept_many(apps, accepted_response);
  for (size_t k = 0; k < to_store.size(); ++k)
    answers[to_store[k]] = finish_item(context, keys[to_store[k]], kiosk_id, stored[k]);

  auto results = nlohmann::json::array();
  int committed = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    committed += answers[i].committed;
    results.push_back(item_result(keys[i], answers[i]));
  }
  log::info("platform-sim", "batch kiosk=" + kiosk_id + ": " + std::to_string(results.size()) + " item(s), " +
                                std::to_string(committed) + " held");
  const StoredResponse answer{200, nlohmann::json{{"results", results}}.dump(-1, ' ', false,
                                                                            nlohmann::json::error_handler_t::replace)};
  if (decision.has_fault) return strike_after_commit(decision.fault, answer, response);
  response.status = answer.status;
  response.set_content(answer.body, "application/json");
}

}  // namespace zhidui::platform_sim
