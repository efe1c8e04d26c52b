// platform_client.cpp — see platform_client.h; the contract is docs/platform-api.md and the outcome
// classes are docs/store-and-sync.md §5.
//
// Index: curl setup · configuration check · client certificate · one exchange (perform) · submit · health · status pull · catalog ·
// batch upload · lookups (enterprise, representative, progress)
//
// Every answer of the platform is untrusted input: bodies are capped (kMaxApiResponseBytes) here and
// read by the pure functions of offline/platform_response.h (fuzzed by tests/offline).
#include "offline/platform_client.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/sensitive.h"
#include "base/uuid.h"
#include "offline/platform_response.h"
#include "zhidui_build_paths.h"

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

// ---- configuration check ---------------------------------------------------------------------------

// Loopback by name or literal only: resolving a name here would make the decision depend on DNS.
bool is_loopback_host(const std::string& host) {
  if (iequals(host, "localhost")) return true;
  if (iequals(host, "[::1]") || host == "::1") return true;
  in_addr v4{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

// The scheme and host of `url` as curl itself will read them.
struct UrlParts {
  std::string scheme, host;
};

Result<UrlParts> parse_url(const std::string& url) {
  CURLU* handle = curl_url();
  if (!handle) return make_error("platform.bad_url", "out of memory parsing the platform URL");
  UrlParts parts;
  bool ok = curl_url_set(handle, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK;
  for (auto [part, out] : {std::pair{CURLUPART_SCHEME, &parts.scheme}, std::pair{CURLUPART_HOST, &parts.host}}) {
    char* text = nullptr;
    if (ok && curl_url_get(handle, part, &text, 0) == CURLUE_OK && text) *out = text;
    else ok = false;
    curl_free(text);
  }
  curl_url_cleanup(handle);
  if (!ok) return make_error("platform.bad_url", "the platform URL is not a valid absolute URL");
  std::transform(parts.scheme.begin(), parts.scheme.end(), parts.scheme.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return parts;
}

// The base64 text of one pin without its "sha256//" prefix, or an error.
Result<std::string> normalised_pin(const std::string& pin) {
  std::string_view text = pin;
  if (text.rfind("sha256//", 0) == 0) text.remove_prefix(8);
  // A SHA-256 digest is 32 bytes: 43 base64 characters and one '=' of padding.
  const bool well_formed = text.size() == 44 && text.back() == '=' &&
                           std::all_of(text.begin(), text.end() - 1, [](unsigned char c) {
                             return std::isalnum(c) || c == '+' || c == '/';
                           });
  if (!well_formed)
    return make_error("platform.bad_pin", "a public-key pin is not the base64 SHA-256 of a public key (44 characters)");
  return std::string(text);
}

// "sha256//A;sha256//B" for CURLOPT_PINNEDPUBLICKEY; empty when there are no pins.
Result<std::string> pinned_key_option(const std::vector<std::string>& pins) {
  std::string option;
  for (const auto& pin : pins) {
    auto base64 = normalised_pin(pin);
    if (!base64.ok()) return base64.error();
    option += (option.empty() ? "sha256//" : ";sha256//") + base64.value();
  }
  return option;
}

}  // namespace

Status check_platform_config(const PlatformConfig& config) {
  auto parts = parse_url(config.base_url);
  if (!parts.ok()) return parts.error();
  if (parts->scheme != "https" && parts->scheme != "http")
    return make_error("platform.bad_url", "the platform URL must start with https:// (got " + parts->scheme + "://)");
  if (parts->scheme == "http" && !config.allow_insecure_http && !is_loopback_host(parts->host))
    return make_error("platform.insecure_http",
                      "refusing plain http:// to " + parts->host +
                          ": the token and personal data would travel unencrypted; use https:// "
                          "(allow_insecure_http is for lab networks only)");
  if (auto pins = pinned_key_option(config.pinned_sha256); !pins.ok()) return pins.error();
  return check_client_credentials(config);
}

// ---- client certificate ------------------------------------------------------------------------------

namespace {

// The mode of the regular file at `path`, opened for reading as curl will open it. Links are followed:
// what matters is who can read the file curl reads. O_NONBLOCK: a FIFO put there must not hang a request.
Result<mode_t> readable_file_mode(const std::string& path, const char* code, const std::string& what) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return make_error(code, "cannot open the " + what + " " + path + ": " + std::strerror(errno));
  struct stat st {};
  const int rc = ::fstat(fd, &st);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return make_error(code, "cannot inspect the " + what + " " + path + ": " + std::strerror(err));
  if (!S_ISREG(st.st_mode)) return make_error(code, "the " + what + " " + path + " is not a regular file");
  return mode_t(st.st_mode);
}

}  // namespace

Status check_client_credentials(const PlatformConfig& config) {
  if (config.client_cert.empty() && config.client_key.empty()) return Ok{};
  // Half a pair is never sent as "no client certificate": the platform would refuse it anyway, and the
  // technician must learn which half is missing.
  if (config.client_key.empty())
    return make_error("platform.client_cert",
                      "a client certificate is configured without its private key (give both, or neither)");
  if (config.client_cert.empty())
    return make_error("platform.client_key",
                      "a client private key is configured without its certificate (give both, or neither)");
  if (auto cert = readable_file_mode(config.client_cert, "platform.client_cert", "client certificate"); !cert.ok())
    return cert.error();
  auto key = readable_file_mode(config.client_key, "platform.client_key", "client private key");
  if (!key.ok()) return key.error();
  if ((key.value() & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", unsigned(key.value() & 07777));
    return make_error("platform.client_key_permissions",
                      "the client private key " + config.client_key + " has mode " + mode +
                          ": whoever can read it can pose as this kiosk; it must be readable by its owner only "
                          "(chmod 600 " + config.client_key + ")");
  }
  return Ok{};
}

namespace {

// ---- one exchange ------------------------------------------------------------------------------------

struct Exchange {
  std::optional<Error> config_error;  // the request was not sent: check_platform_config refused it
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
  if (Status checked = check_platform_config(config); !checked.ok()) {
    ex.config_error = checked.error();
    ex.transport = CURLE_BAD_FUNCTION_ARGUMENT;
    ex.transport_message = "configuration: " + checked.error().message;
    return ex;
  }
  auto pinned_keys = pinned_key_option(config.pinned_sha256);
  assert(pinned_keys.ok() && "check_platform_config accepted the pins");

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
  // In addition to the CA, never instead of it: a pin mismatch fails the handshake (CURLE_SSL_PINNEDPUBKEYNOTMATCH).
  if (!pinned_keys.value().empty()) set(CURLOPT_PINNEDPUBLICKEY, pinned_keys.value().c_str());
  set(CURLOPT_SSLVERSION, long(CURL_SSLVERSION_TLSv1_2));
  if (!config.client_cert.empty()) {
    // Mutual TLS (check_platform_config accepted the pair and the key's permissions). An empty passphrase
    // rather than none: OpenSSL would otherwise prompt on a terminal for an encrypted key; this way such
    // a key fails the handshake like any unusable certificate.
    set(CURLOPT_SSLCERT, config.client_cert.c_str());
    set(CURLOPT_SSLCERTTYPE, "PEM");
    set(CURLOPT_SSLKEY, config.client_key.c_str());
    set(CURLOPT_SSLKEYTYPE, "PEM");
    set(CURLOPT_KEYPASSWD, "");
  }
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

  const std::string_view verb(method);
  if (verb == "POST" || verb == "PUT") {
    assert(body && "POST and PUT need a body");
    set(CURLOPT_POST, 1L);
    set(CURLOPT_POSTFIELDS, body->data());
    set(CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body->size()));
    // The handle is reused: the custom verb must be reset for the next POST or GET.
    set(CURLOPT_CUSTOMREQUEST, verb == "PUT" ? "PUT" : nullptr);
  } else {
    set(CURLOPT_CUSTOMREQUEST, nullptr);
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

PlatformClient::PlatformClient(PlatformConfig config) : config_(std::move(config)), impl_(std::make_unique<Impl>()) {
  init_curl_once();
  impl_->easy = curl_easy_init();
}

PlatformClient::~PlatformClient() {
  if (impl_ && impl_->easy) curl_easy_cleanup(impl_->easy);
}

// ---- submit ------------------------------------------------------------------------------------------

SubmitResult PlatformClient::submit_application(const std::string& uuid, const std::string& body) {
  return send_keyed(uuid, "POST", "/api/v1/applications", body, classify_submit_answer);
}

SubmitResult PlatformClient::submit_rating(const std::string& uuid, const std::string& body) {
  return send_keyed(uuid, "PUT", "/api/v1/applications/" + uuid + "/rating", body, classify_rating_answer);
}

SubmitResult PlatformClient::send_keyed(const std::string& uuid, const char* method, const std::string& path,
                                        const std::string& body,
                                        SubmitResult (*classify)(long, std::string_view)) {
  SubmitResult result;
  if (!is_uuid(uuid)) {
    // Our own bug: the key is made once by the kiosk. Sending it would only earn a 400.
    result.outcome = Outcome::quarantine;
    result.reason = "idempotency key is not a lower-case UUID";
    return result;
  }
  Exchange ex = impl_->perform(config_, method, path, {"Idempotency-Key: " + uuid, "Content-Type: application/json"},
                               &body, kMaxApiResponseBytes);
  result.http_status = ex.status;
  result.retry_after_s = ex.retry_after_s;
  result.replayed = ex.replayed;

  if (ex.config_error) {
    // Not sent: the configuration is refused. Kept for retry, so fixing the settings loses nothing.
    result.outcome = Outcome::retry;
    result.reason = "configuration: " + printable_excerpt(ex.config_error->message);
    return result;
  }
  if (ex.transport != CURLE_OK) {
    // No complete answer. The platform may or may not have committed: only a retry with the same key
    // can tell, and it is safe.
    result.outcome = Outcome::retry;
    result.reason = "transport: " + printable_excerpt(ex.transport_message);
    return result;
  }
  SubmitResult classified = classify(ex.status, ex.body);
  result.outcome = classified.outcome;
  result.acceptance_no = std::move(classified.acceptance_no);
  result.platform_status = std::move(classified.platform_status);
  result.reason = std::move(classified.reason);
  return result;
}

// ---- health ------------------------------------------------------------------------------------------

Result<HealthResult> PlatformClient::health() {
  Exchange ex = impl_->perform(config_, "GET", "/api/v1/health", {}, nullptr, kMaxApiResponseBytes);
  if (ex.config_error) return *ex.config_error;
  if (ex.transport != CURLE_OK)
    return make_error("platform.transport", printable_excerpt(ex.transport_message));
  return read_health_answer(ex.status, ex.body);
}

// ---- heartbeat ---------------------------------------------------------------------------------------

Status PlatformClient::send_heartbeat(const std::string& body) {
  Exchange ex = impl_->perform(config_, "POST", "/api/v1/kiosks/heartbeat", {"Content-Type: application/json"}, &body,
                               kMaxApiResponseBytes);
  if (ex.config_error) return *ex.config_error;
  if (ex.transport != CURLE_OK) return make_error("platform.transport", printable_excerpt(ex.transport_message));
  if (ex.status == 401 || ex.status == 403) return make_error("platform.auth", http_reason(ex.status, ex.body));
  if (ex.status != 204 && ex.status != 200) return make_error("platform.http", http_reason(ex.status, ex.body));
  return Ok{};
}

// ---- status pull ------------------------------------------------------------------------------------

Result<StatusPage> PlatformClient::pull_status(const std::string& cursor, int limit) {
  if (!cursor.empty() && !is_valid_status_cursor(cursor))
    return make_error("platform.bad_cursor", "the stored status cursor is not one the platform could have sent");
  const std::string path = "/api/v1/applications/status?limit=" + std::to_string(std::clamp(limit, 1, 500)) +
                           (cursor.empty() ? std::string() : "&since=" + cursor);
  Exchange ex = impl_->perform(config_, "GET", path, {}, nullptr, kMaxApiResponseBytes);
  if (ex.config_error) return *ex.config_error;
  if (ex.transport != CURLE_OK) return make_error("platform.transport", printable_excerpt(ex.transport_message));
  if (ex.status == 401 || ex.status == 403) return make_error("platform.auth", http_reason(ex.status, ex.body));
  if (ex.status != 200) return make_error("platform.http", http_reason(ex.status, ex.body));
  return read_status_page(ex.body);
}

// ---- catalog -----------------------------------------------------------------------------------------

Result<CatalogFetch> PlatformClient::fetch_catalog(const std::string& etag) {
  std::vector<std::string> headers;
  if (!etag.empty()) {
    if (has_control_chars(etag)) return make_error("platform.bad_etag", "cached ETag contains control characters");
    headers.push_back("If-None-Match: " + etag);
  }
  Exchange ex = impl_->perform(config_, "GET", "/api/v1/catalog", headers, nullptr, kMaxCatalogResponseBytes);
  if (ex.config_error) return *ex.config_error;
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

// ---- batch upload -----------------------------------------------------------------------------------

namespace zhidui::offline {

BatchSubmitResult PlatformClient::submit_application_batch(const std::vector<BatchItem>& items) {
  assert(items.size() <= kMaxBatchItems && "the sync engine sends at most kMaxBatchItems per batch");
  BatchSubmitResult batch;
  batch.items.resize(items.size());
  std::vector<std::string> keys;
  std::vector<size_t> sent;  // index in `items` of each key sent
  nlohmann::json request = {{"items", nlohmann::json::array()}};
  for (size_t i = 0; i < items.size(); ++i) {
    if (!is_uuid(items[i].uuid)) {
      batch.items[i].outcome = Outcome::quarantine;
      batch.items[i].reason = "idempotency key is not a lower-case UUID";
      continue;
    }
    // The body travels as a string: its bytes are the single upload's, so the platform's idempotency
    // record (a hash of those bytes) is the same whichever way the application arrives.
    request["items"].push_back({{"key", items[i].uuid}, {"body", items[i].body}});
    keys.push_back(items[i].uuid);
    sent.push_back(i);
  }
  if (keys.empty()) return batch;
  const std::string body = request.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  Exchange ex = impl_->perform(config_, "POST", "/api/v1/applications/batch", {"Content-Type: application/json"},
                               &body, kMaxApiResponseBytes);
  auto for_every_sent = [&](const SubmitResult& common) {
    for (size_t i : sent) batch.items[i] = common;
  };
  if (ex.config_error || ex.transport != CURLE_OK) {
    SubmitResult common;
    common.outcome = Outcome::retry;
    common.reason = ex.config_error ? "configuration: " + printable_excerpt(ex.config_error->message)
                                    : "transport: " + printable_excerpt(ex.transport_message);
    // A transfer cut after the status line (a dropped answer) has no usable answer either: like no answer.
    common.http_status = 0;
    common.retry_after_s = ex.retry_after_s;
    for_every_sent(common);
    return batch;
  }
  if (ex.status == 404 || ex.status == 405 || ex.status == 400 || ex.status == 413 || ex.status == 422) {
    // An older platform without the route, or one that refuses our batch as a whole: nothing of it was
    // stored. Single uploads still work (and a batch-format bug must not dead-letter applications).
    batch.use_single_uploads = true;
    batch.reason = http_reason(ex.status, ex.body);
    batch.items.clear();
    return batch;
  }
  if (ex.status != 200) {
    SubmitResult common = classify_submit_answer(ex.status, ex.body);
    common.retry_after_s = ex.retry_after_s;
    if (common.outcome == Outcome::done || common.outcome == Outcome::rejected) {
      // A 2xx other than 200, or another 4xx, is not a batch answer: nothing can be concluded per item.
      common.outcome = Outcome::retry;
      common.acceptance_no.clear();
      common.reason = "unexpected answer to a batch: " + http_reason(ex.status, ex.body);
    }
    for_every_sent(common);
    return batch;
  }
  std::vector<SubmitResult> results = read_batch_answer(ex.body, keys);
  for (size_t k = 0; k < sent.size(); ++k) batch.items[sent[k]] = std::move(results[k]);
  return batch;
}

// ---- lookups ------------------------------------------------------------------------------------------

namespace {

Result<std::string> lookup_body(const Exchange& ex) {
  if (ex.config_error) return *ex.config_error;
  if (ex.transport != CURLE_OK) return make_error("platform.transport", printable_excerpt(ex.transport_message));
  if (ex.status != 200) return lookup_http_error(ex.status, ex.body);
  return ex.body;
}

std::string id_number_body(const std::string& id_number) {
  return nlohmann::json{{"id_number", id_number}}.dump();
}

// Uppercases a trailing x (the card chip writes X; a typed one may not).
std::string normalised_id_number(std::string id_number) {
  if (id_number.size() == 18 && id_number[17] == 'x') id_number[17] = 'X';
  return id_number;
}

}  // namespace

Result<EnterpriseInfo> PlatformClient::lookup_enterprise(const std::string& uscc) {
  if (!is_uscc_shape(uscc))
    return make_error("platform.bad_request", "a unified social credit code is 18 characters of 0-9 and A-Y");
  Exchange ex = impl_->perform(config_, "GET", "/api/v1/enterprises/" + uscc, {}, nullptr, kMaxApiResponseBytes);
  auto body = lookup_body(ex);
  if (!body.ok()) return body.error();
  return read_enterprise_answer(body.value(), uscc);
}

Result<bool> PlatformClient::check_representative(const std::string& uscc, const std::string& id_number) {
  if (!is_uscc_shape(uscc))
    return make_error("platform.bad_request", "a unified social credit code is 18 characters of 0-9 and A-Y");
  std::string id = normalised_id_number(id_number);
  if (!is_id_number_shape(id)) {
    zhidui::wipe(id);
    return make_error("platform.bad_request", "an ID number is 17 digits and a digit or X");
  }
  std::string body = id_number_body(id);
  Exchange ex = impl_->perform(config_, "POST", "/api/v1/enterprises/" + uscc + "/representative-check",
                               {"Content-Type: application/json"}, &body, kMaxApiResponseBytes);
  zhidui::wipe(id);
  zhidui::wipe(body);
  auto answer = lookup_body(ex);
  if (!answer.ok()) return answer.error();
  return read_representative_answer(answer.value(), uscc);
}

Result<std::vector<ApplicationProgress>> PlatformClient::query_progress_by_person(const std::string& id_number) {
  std::string id = normalised_id_number(id_number);
  if (!is_id_number_shape(id)) {
    zhidui::wipe(id);
    return make_error("platform.bad_request", "an ID number is 17 digits and a digit or X");
  }
  std::string body = id_number_body(id);
  Exchange ex = impl_->perform(config_, "POST", "/api/v1/progress/query", {"Content-Type: application/json"}, &body,
                               kMaxApiResponseBytes);
  zhidui::wipe(id);
  zhidui::wipe(body);
  auto answer = lookup_body(ex);
  if (!answer.ok()) return answer.error();
  return read_progress_list(answer.value());
}

Result<ApplicationProgress> PlatformClient::query_progress_by_receipt(const std::string& uuid,
                                                                     const std::string& acceptance_no) {
  if (!is_uuid(uuid)) return make_error("platform.bad_request", "the receipt's id is not a lower-case UUID");
  if (acceptance_no.empty() || acceptance_no.size() > kMaxAcceptanceNoBytes)
    return make_error("platform.bad_request", "the receipt carries no usable acceptance number");
  // The number came from a scanned QR: escaped, so that it cannot add parameters or break the URL.
  char* escaped = curl_easy_escape(nullptr, acceptance_no.c_str(), int(acceptance_no.size()));
  if (!escaped) return make_error("platform.bad_request", "the acceptance number cannot be put into a URL");
  const std::string path = "/api/v1/applications/" + uuid + "/progress?no=" + escaped;
  curl_free(escaped);
  Exchange ex = impl_->perform(config_, "GET", path, {}, nullptr, kMaxApiResponseBytes);
  auto answer = lookup_body(ex);
  if (!answer.ok()) return answer.error();
  return read_progress_item(answer.value(), uuid, acceptance_no);
}

}  // namespace zhidui::offline
