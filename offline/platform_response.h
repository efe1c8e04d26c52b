// platform_response.h — reading the platform's answers: pure functions, no I/O, so that every byte
// sequence a hostile or broken peer could send can be fed to them directly (tests/offline fuzz them).
// PlatformClient calls these on each answer it receives; the outcome classes are
// docs/store-and-sync.md §5.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

#include "offline/platform_client.h"

namespace zhidui::offline {

inline constexpr size_t kMaxReasonBytes = 300;
inline constexpr size_t kMaxAcceptanceNoBytes = 64;

// Keeps printable ASCII and whole, well-formed UTF-8 sequences (control characters become spaces),
// stopping at the first malformed byte and at `max_bytes` on a character boundary.
std::string printable_excerpt(std::string_view text, size_t max_bytes = kMaxReasonBytes);
bool has_control_chars(std::string_view text);

// "HTTP 422 idempotency_key_reused: this Idempotency-Key was used before…" from a platform error body
// {"error": code, "message": text}; just "HTTP 422" when the body says nothing usable.
std::string http_reason(long http_status, std::string_view body);

// The verdict on an answer to POST /api/v1/applications that did arrive (http_status > 0): outcome,
// acceptance_no, platform_status and reason; http_status is copied. `done` only for a 2xx whose body
// is a JSON object with a non-empty, printable string "acceptance_no" of at most
// kMaxAcceptanceNoBytes; any other 2xx is `retry` (the platform may have committed: the retry with the
// same key returns its record).
SubmitResult classify_submit_answer(long http_status, std::string_view body);
// The same for PUT /api/v1/applications/{uuid}/rating: `done` only for a 2xx body {"status": "rated"}.
SubmitResult classify_rating_answer(long http_status, std::string_view body);

// A cursor of the status pull: 1 to 64 characters of [0-9A-Za-z_.-] (safe in a query string as is).
bool is_valid_status_cursor(std::string_view cursor);

// The 200 answer of GET /api/v1/applications/status. All or nothing: one malformed change (not a
// UUID, an unusable acceptance number, a status that is not 1..32 of [a-z_]) or a bad cursor makes the
// whole page "platform.bad_status_page", so the cursor never moves past a change that was not applied.
Result<StatusPage> read_status_page(std::string_view body);

// The error of a lookup answer that is not 200 (codes: see PlatformClient's lookups).
Error lookup_http_error(long http_status, std::string_view body);

// The 200 answer of GET /api/v1/enterprises/{uscc}: "platform.bad_answer" unless it is an object
// naming `expected_uscc` with a printable name, a 6-digit region code and a status code; a legal-rep
// ID number that arrives unmasked is masked here.
Result<EnterpriseInfo> read_enterprise_answer(std::string_view body, std::string_view expected_uscc);
// The 200 answer of the representative check: a JSON boolean "is_legal_representative" (nothing else
// counts as yes) and, when present, "uscc" equal to the one asked.
Result<bool> read_representative_answer(std::string_view body, std::string_view expected_uscc);
// The 200 answer of the progress query by person: {"applications": [...]}, all or nothing.
Result<std::vector<ApplicationProgress>> read_progress_list(std::string_view body);
// The 200 answer of the receipt query: one application, which must be the uuid and number asked.
Result<ApplicationProgress> read_progress_item(std::string_view body, std::string_view expected_uuid,
                                               std::string_view expected_acceptance_no);

// The 200 answer of POST /api/v1/applications/batch for the items sent with `keys` (in order): one
// SubmitResult per key, classified like classify_submit_answer (item status and response). A key the
// answer does not account for, or accounts for twice, is `retry`.
std::vector<SubmitResult> read_batch_answer(std::string_view body, const std::vector<std::string>& keys);

// A USCC's shape as the client checks it before it goes into a URL: 18 characters of the code's
// alphabet (0-9, A-H J-N P-R T U W-Y).
bool is_uscc_shape(std::string_view code);
// An ID number's shape: 17 digits and a digit or X.
bool is_id_number_shape(std::string_view id_number);

// GET /api/v1/health: ok only for 200 with {"status": "ok"}.
HealthResult read_health_answer(long http_status, std::string_view body);

}  // namespace zhidui::offline
