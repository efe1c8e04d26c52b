// platform_client.cpp — see platform_client.h; the contract is docs/platform-api.md and the outcome
// classes are docs/store-and-sync.md §5.
//
// Index: curl setup · one exchange (perform) · reading untrusted answers · submit · health · catalog
//
// Every answer of the platform is untrusted input: bodies are capped (kMaxApiResponseBytes), parsed
// with nlohmann::json without exceptions, and only short, printable excerpts of the platform's own
// error message reach `reason` (which goes to logs and the technician panel).
#include "offline/platform_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <mutex>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/base/uuid.h"

namespace zhidui::offline {
namespace {

// ---- curl setup ------------------------------------------------------------------------------------

std::once_flag g_curl_global_once;
CURLcode g_curl_global_status = CURLE_OK;

void init_curl_once() {
  // curl_global_init is not thread-safe and must run before any easy handle exists.
  std::call_once(g_curl_global_once, [] { g_curl_global_status = curl_global_init(CURL_GLOBAL_DEFAULT); });
}

constexpr long kMaxRetryAfterS = 24 * 3600;  // a larger Retry-After is a broken peer, not advice
constexpr size_t kMaxReasonBytes = 300;

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// ---- one exchange ------------------------------------------------------------------------------------

struct Exchange {
  CURLcode transport = CURLE_OK;
  std::string transport_message;
  long status = 0;
  std::string body;
  size_t body_limit = kMaxApiResponseBytes;
  bool body_too_large = false;
  std::string etag;
  bool replayed = false;
  std::optional<long> retry_after_s;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  size_t n = size * count;
  if (ex->body.size() + n > ex->body_limit) {
    ex->body_too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  ex->body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after 100 Continue, say): forget the last one
    ex->etag.clear();
    ex->replayed = false;
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string_view name = trim(line.substr(0, colon)), value = trim(line.substr(colon + 1));
  if (iequals(name, "ETag")) ex->etag = std::string(value.substr(0, 256));
  if (iequals(name, "Idempotent-Replayed")) ex->replayed = iequals(value, "true");
  return n;
}

}  // namespace

struct PlatformClient::Impl {
  CURL* easy = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};

  Exchange perform(const PlatformConfig& config, const char* method, const std::string& path,
                   const std::vector<std::string>& extra_headers, const std::string* body, size_t body_limit);
};

namespace {

// Collects the first failing curl_easy_setopt, so that a request is never sent with a security
// option silently missing.
struct OptionSetter {
  CURL* easy;
  CURLcode first_failure = CURLE_OK;
  template <class T>
  void operator()(CURLoption option, T value) {
    CURLcode rc = curl_easy_setopt(easy, option, value);
    if (rc != CURLE_OK && first_failure == CURLE_OK) first_failure = rc;
  }
};

}  // namespace

Exchange PlatformClient::Impl::perform(const PlatformConfig& config, const char* method, const std::string& path,
                                       const std::vector<std::string>& extra_headers, const std::string* body,
                                       size_t body_limit) {
  Exchange ex;
  ex.body_limit = body_limit;
  if (!easy || g_curl_global_status != CURLE_OK) {
    ex.transport = CURLE_FAILED_INIT;
    ex.transport_message = "libcurl could not be initialised";
    return ex;
  }
  if (has_control_chars(config.token) || has_control_chars(config.kiosk_id) || has_control_chars(config.base_url)) {
    ex.transport = CURLE_BAD_FUNCTION_ARGUMENT;
    ex.transport_message = "configuration: base_url, kiosk_id or token contains control characters";
    return ex;
  }

  // Reset drops the last request's options but keeps the connection cache, so keep-alive still works.
  curl_easy_reset(easy);
  error_buffer[0] = '\0';
  const std::string url = config.base_url + path;
  OptionSetter set{easy};
  set(CURLOPT_URL, url.c_str());
  set(CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we are one thread among many
  // curl reads 0 as "no limit": a zero or negative setting falls back to the defaults, never to forever.
  const PlatformConfig defaults;
  auto positive_or = [](long value, long fallback) { return value > 0 ? value : fallback; };
  set(CURLOPT_CONNECTTIMEOUT_MS, positive_or(config.connect_timeout_ms, defaults.connect_timeout_ms));
  set(CURLOPT_TIMEOUT_MS, positive_or(config.total_timeout_ms, defaults.total_timeout_ms));
  set(CURLOPT_LOW_SPEED_LIMIT, positive_or(config.low_speed_limit_bytes, defaults.low_speed_limit_bytes));
  set(CURLOPT_LOW_SPEED_TIME, positive_or(config.low_speed_time_s, defaults.low_speed_time_s));
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  if (!config.ca_file.empty()) set(CURLOPT_CAINFO, config.ca_file.c_str());
  set(CURLOPT_SSLVERSION, long(CURL_SSLVERSION_TLSv1_2));
  set(CURLOPT_PROXY, "");  // ignore http_proxy & co.: the hall's network is configured, not inherited
  set(CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 0L);
  set(CURLOPT_TCP_KEEPALIVE, 1L);
  set(CURLOPT_USERAGENT, "zhidui-kiosk/" ZHIDUI_VERSION);
  set(CURLOPT_ERRORBUFFER, error_buffer);
  set(CURLOPT_WRITEFUNCTION, on_body);
  set(CURLOPT_WRITEDATA, &ex);
  set(CURLOPT_HEADERFUNCTION, on_header);
  set(CURLOPT_HEADERDATA, &ex);

  curl_slist* headers = nullptr;
  auto add_header = [&headers](const std::string& h) {
    if (curl_slist* grown = curl_slist_append(headers, h.c_str())) headers = grown;
  };
  if (!config.token.empty()) add_header("Authorization: Bearer " + config.token);
  if (!config.kiosk_id.empty()) add_header("X-Kiosk-Id: " + config.kiosk_id);
  add_header("Accept: application/json");
  add_header("Expect:");  // no 100-continue round trip: bodies are small
  for (const auto& h : extra_headers) add_header(h);
  set(CURLOPT_HTTPHEADER, headers);

  if (std::string_view(method) == "POST") {
    assert(body && "POST needs a body");
    set(CURLOPT_POST, 1L);
    set(CURLOPT_POSTFIELDS, body->data());
    set(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body->size()));
  } else {
    set(CURLOPT_HTTPGET, 1L);
  }

  if (set.first_failure != CURLE_OK) {
    ex.transport = set.first_failure;
    ex.transport_message = std::string("curl option refused: ") + curl_easy_strerror(set.first_failure);
  } else {
    ex.transport = curl_easy_perform(easy);
    if (ex.transport != CURLE_OK)
      ex.transport_message = error_buffer[0] ? error_buffer : curl_easy_strerror(ex.transport);
    if (ex.body_too_large)
      ex.transport_message = "response larger than " + std::to_string(body_limit) + " bytes";
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &ex.status);
    curl_off_t retry_after = 0;
    if (curl_easy_getinfo(easy, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK && retry_after > 0)
      ex.retry_after_s = long(std::min<curl_off_t>(retry_after, kMaxRetryAfterS));
  }
  // The slist is referenced by the handle until the next reset; clear it before freeing.
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  return ex;
}

namespace {

// ---- reading untrusted answers ------------------------------------------------------------------------

// Keeps printable ASCII and whole UTF-8 sequences, cut to `max_bytes` on a character boundary.
std::string printable_excerpt(std::string_view text, size_t max_bytes = kMaxReasonBytes) {
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

nlohmann::json parse_untrusted(const std::string& body) {
  return nlohmann::json::parse(body, /*callback=*/nullptr, /*allow_exceptions=*/false);
}

std::string string_member(const nlohmann::json& doc, const char* key) {
  if (!doc.is_object()) return {};
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "HTTP 422 idempotency_key_reused: this Idempotency-Key was used before…" from a platform error body
// {"error": code, "message": text}; just "HTTP 422" when the body says nothing usable.
std::string http_reason(long status, const std::string& body) {
  std::string reason = "HTTP " + std::to_string(status);
  nlohmann::json doc = parse_untrusted(body);
  std::string code = printable_excerpt(string_member(doc, "error"), 64);
  std::string message = printable_excerpt(string_member(doc, "message"), 240);
  if (!code.empty()) reason += " " + code;
  if (!message.empty()) reason += ": " + message;
  return reason;
}

}  // namespace

PlatformClient::PlatformClient(PlatformConfig config) : config_(std::move(config)), impl_(std::make_unique<Impl>()) {
  init_curl_once();
  impl_->easy = curl_easy_init();
}

PlatformClient::~PlatformClient() {
  if (impl_ && impl_->easy) curl_easy_cleanup(impl_->easy);
}

// ---- submit ------------------------------------------------------------------------------------------

SubmitResult PlatformClient::submit_application(const std::string& uuid, const std::string& body) {
  SubmitResult result;
  if (!is_uuid(uuid)) {
    // Our own bug: the key is made once by the kiosk. Sending it would only earn a 400.
    result.outcome = Outcome::quarantine;
    result.reason = "idempotency key is not a lower-case UUID";
    return result;
  }
  Exchange ex = impl_->perform(config_, "POST", "/api/v1/applications",
                               {"Idempotency-Key: " + uuid, "Content-Type: application/json"}, &body,
                               kMaxApiResponseBytes);
  result.http_status = ex.status;
  result.retry_after_s = ex.retry_after_s;
  result.replayed = ex.replayed;

  if (ex.transport != CURLE_OK) {
    // No complete answer. The platform may or may not have committed: only a retry with the same key
    // can tell, and it is safe.
    result.outcome = Outcome::retry;
    result.reason = "transport: " + printable_excerpt(ex.transport_message);
    return result;
  }
  const long s = ex.status;
  if (s >= 200 && s < 300) {
    nlohmann::json doc = parse_untrusted(ex.body);
    std::string acceptance_no = string_member(doc, "acceptance_no");
    if (acceptance_no.empty() || acceptance_no.size() > 64 || has_control_chars(acceptance_no)) {
      result.outcome = Outcome::retry;
      result.reason = "2xx without acceptance number";
      return result;
    }
    result.outcome = Outcome::done;
    result.acceptance_no = acceptance_no;
    result.platform_status = printable_excerpt(string_member(doc, "status"), 64);
    return result;
  }
  result.reason = http_reason(s, ex.body);
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

// ---- health ------------------------------------------------------------------------------------------

Result<HealthResult> PlatformClient::health() {
  Exchange ex = impl_->perform(config_, "GET", "/api/v1/health", {}, nullptr, kMaxApiResponseBytes);
  if (ex.transport != CURLE_OK)
    return make_error("platform.transport", printable_excerpt(ex.transport_message));
  HealthResult health;
  nlohmann::json doc = parse_untrusted(ex.body);
  health.ok = ex.status == 200 && string_member(doc, "status") == "ok";
  health.version = printable_excerpt(string_member(doc, "version"), 64);
  return health;
}

// ---- catalog -----------------------------------------------------------------------------------------

Result<CatalogFetch> PlatformClient::fetch_catalog(const std::string& etag) {
  std::vector<std::string> headers;
  if (!etag.empty()) {
    if (has_control_chars(etag)) return make_error("platform.bad_etag", "cached ETag contains control characters");
    headers.push_back("If-None-Match: " + etag);
  }
  Exchange ex = impl_->perform(config_, "GET", "/api/v1/catalog", headers, nullptr, kMaxCatalogResponseBytes);
  if (ex.body_too_large)
    return make_error("platform.bad_catalog", "catalog larger than " + std::to_string(kMaxCatalogResponseBytes) + " bytes");
  if (ex.transport != CURLE_OK)
    return make_error("platform.transport", printable_excerpt(ex.transport_message));
  CatalogFetch fetch;
  if (ex.status == 304) {
    fetch.not_modified = true;
    fetch.etag = ex.etag.empty() ? etag : ex.etag;
    return fetch;
  }
  if (ex.status == 401 || ex.status == 403) return make_error("platform.auth", http_reason(ex.status, ex.body));
  if (ex.status != 200) return make_error("platform.http", http_reason(ex.status, ex.body));
  if (!nlohmann::json::accept(ex.body)) return make_error("platform.bad_catalog", "catalog body is not JSON");
  fetch.body = std::move(ex.body);
  fetch.etag = has_control_chars(ex.etag) ? std::string() : ex.etag;
  return fetch;
}

}  // namespace zhidui::offline
