// platform_client_test.cpp — offline::PlatformClient (libcurl) against the real platform-sim: every
// outcome class of docs/store-and-sync.md §5, each injected fault, timeouts that hold when the peer
// hangs, the catalog's ETag, and exactly-once under a few hundred faulty submissions.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "base/uuid.h"
#include "offline/platform_client.h"
#include "tests/offline/platform_sim_process.h"

namespace zhidui::offline {
namespace {

using nlohmann::json;
using testing::PlatformSimProcess;
using testing::sample_application_body;

constexpr const char* kKiosk = "kiosk-zz-007";

class PlatformClientTest : public ::testing::Test {
 protected:
  // Starts the platform with `args` and makes a client for it.
  bool start(const std::vector<std::string>& args = {}) {
    std::string url = sim_.start(args);
    if (url.empty()) {
      ADD_FAILURE() << sim_.error();
      return false;
    }
    config_.base_url = url;
    config_.kiosk_id = kKiosk;
    config_.token = sim_.token();
    config_.connect_timeout_ms = 2000;
    config_.total_timeout_ms = 5000;
    client_ = std::make_unique<PlatformClient>(config_);
    return true;
  }
  std::string admin_acceptance_no(const std::string& uuid) {
    json doc = json::parse(sim_.admin_get("/admin/applications?uuid=" + uuid).body, nullptr, false);
    if (!doc.is_object() || doc["count"] != 1) return "(" + doc.dump() + ")";
    return doc["applications"][0]["acceptance_no"];
  }
  long long rows(const std::string& uuid = {}) { return testing::count_platform_applications(sim_.db_path(), uuid); }

  PlatformSimProcess sim_;  // declared first: destroyed after the client, so its connection closes first
  PlatformConfig config_;
  std::unique_ptr<PlatformClient> client_;
};

TEST_F(PlatformClientTest, HealthReportsOkAndVersion) {
  ASSERT_TRUE(start());
  auto health = client_->health();
  ASSERT_TRUE(health.ok()) << health.error().message;
  EXPECT_TRUE(health->ok);
  EXPECT_FALSE(health->version.empty());
}

TEST_F(PlatformClientTest, HealthOfAStoppedPlatformIsATransportError) {
  ASSERT_TRUE(start());
  sim_.kill_hard();
  auto health = client_->health();
  ASSERT_FALSE(health.ok());
  EXPECT_EQ(health.error().code, "platform.transport");
}

TEST_F(PlatformClientTest, SubmitIsDoneWithAnAcceptanceNumberAndTheRetryIsAReplay) {
  ASSERT_TRUE(start());
  const std::string uuid = make_uuid_v4(), body = sample_application_body(uuid, kKiosk);
  SubmitResult first = client_->submit_application(uuid, body);
  ASSERT_EQ(first.outcome, Outcome::done) << first.reason;
  EXPECT_EQ(first.http_status, 201);
  EXPECT_FALSE(first.replayed);
  EXPECT_EQ(first.platform_status, "accepted");
  EXPECT_EQ(first.acceptance_no, admin_acceptance_no(uuid));

  SubmitResult again = client_->submit_application(uuid, body);
  ASSERT_EQ(again.outcome, Outcome::done) << again.reason;
  EXPECT_TRUE(again.replayed);
  EXPECT_EQ(again.acceptance_no, first.acceptance_no);
  EXPECT_EQ(rows(), 1);
  EXPECT_EQ(json::parse(sim_.admin_get("/admin/applications").body)["count"], 1);
}

TEST_F(PlatformClientTest, SameKeyWithAnotherBodyIsQuarantined) {
  ASSERT_TRUE(start());
  const std::string uuid = make_uuid_v4();
  ASSERT_EQ(client_->submit_application(uuid, sample_application_body(uuid, kKiosk)).outcome, Outcome::done);
  SubmitResult misuse = client_->submit_application(uuid, sample_application_body(uuid, kKiosk, "other-policy"));
  EXPECT_EQ(misuse.outcome, Outcome::quarantine);
  EXPECT_EQ(misuse.http_status, 422);
  EXPECT_NE(misuse.reason.find("idempotency_key_reused"), std::string::npos) << misuse.reason;
  EXPECT_EQ(rows(), 1);
}

TEST_F(PlatformClientTest, InvalidBodyIsQuarantinedAndAKeyThatIsNoUuidIsNeverSent) {
  ASSERT_TRUE(start());
  const std::string uuid = make_uuid_v4();
  SubmitResult invalid = client_->submit_application(uuid, "{\"uuid\":\"" + uuid + "\"}");
  EXPECT_EQ(invalid.outcome, Outcome::quarantine);
  EXPECT_EQ(invalid.http_status, 422);
  EXPECT_NE(invalid.reason.find("missing field"), std::string::npos) << invalid.reason;

  SubmitResult bad_key = client_->submit_application("ABC", sample_application_body("ABC", kKiosk));
  EXPECT_EQ(bad_key.outcome, Outcome::quarantine);
  EXPECT_EQ(bad_key.http_status, 0);
  EXPECT_EQ(json::parse(sim_.admin_get("/admin/stats").body)["requests"]["submit"], 1);
}

TEST_F(PlatformClientTest, WrongTokenIsAuth) {
  ASSERT_TRUE(start({"--token", "right-token"}));
  PlatformConfig wrong = config_;
  wrong.token = "wrong-token";
  PlatformClient client(wrong);
  const std::string uuid = make_uuid_v4();
  SubmitResult r = client.submit_application(uuid, sample_application_body(uuid, kKiosk));
  EXPECT_EQ(r.outcome, Outcome::auth);
  EXPECT_EQ(r.http_status, 401);
  EXPECT_EQ(rows(), 0);
}

TEST_F(PlatformClientTest, DropAfterCommitIsRetriedIntoTheSameAcceptanceNumber) {
  ASSERT_TRUE(start({"--fault", "drop_after_commit:first=1"}));
  const std::string uuid = make_uuid_v4(), body = sample_application_body(uuid, kKiosk);
  SubmitResult lost = client_->submit_application(uuid, body);
  EXPECT_EQ(lost.outcome, Outcome::retry) << "a response that never arrived is not an acknowledgement";
  EXPECT_NE(lost.reason.find("transport"), std::string::npos) << lost.reason;
  EXPECT_TRUE(lost.acceptance_no.empty());
  EXPECT_EQ(rows(uuid), 1) << "yet the platform committed";

  SubmitResult retry = client_->submit_application(uuid, body);
  ASSERT_EQ(retry.outcome, Outcome::done) << retry.reason;
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.acceptance_no, admin_acceptance_no(uuid));
  EXPECT_EQ(rows(), 1);
}

TEST_F(PlatformClientTest, Status429IsRetryWithRetryAfter) {
  ASSERT_TRUE(start({"--fault", "status_429:first=1,retry_after=7"}));
  const std::string uuid = make_uuid_v4(), body = sample_application_body(uuid, kKiosk);
  SubmitResult limited = client_->submit_application(uuid, body);
  EXPECT_EQ(limited.outcome, Outcome::retry);
  EXPECT_EQ(limited.http_status, 429);
  ASSERT_TRUE(limited.retry_after_s.has_value());
  EXPECT_EQ(*limited.retry_after_s, 7);
  EXPECT_EQ(rows(), 0);
  EXPECT_EQ(client_->submit_application(uuid, body).outcome, Outcome::done);
}

TEST_F(PlatformClientTest, Status5xxIsRetry) {
  ASSERT_TRUE(start({"--fault", "status_5xx:first=1", "--fault", "status_5xx:first=1,status=500"}));
  const std::string uuid = make_uuid_v4(), body = sample_application_body(uuid, kKiosk);
  SubmitResult unavailable = client_->submit_application(uuid, body);
  EXPECT_EQ(unavailable.outcome, Outcome::retry);
  EXPECT_EQ(unavailable.http_status, 503);
  EXPECT_FALSE(unavailable.retry_after_s.has_value());
  SubmitResult broken = client_->submit_application(uuid, body);
  EXPECT_EQ(broken.outcome, Outcome::retry);
  EXPECT_EQ(broken.http_status, 500);
  EXPECT_EQ(client_->submit_application(uuid, body).outcome, Outcome::done);
  EXPECT_EQ(rows(), 1);
}

TEST_F(PlatformClientTest, GarbageOrTruncated2xxIsRetryNotDone) {
  ASSERT_TRUE(start({"--fault", "garbage_body:first=1", "--fault", "truncated_body:first=1"}));
  const std::string uuid = make_uuid_v4(), body = sample_application_body(uuid, kKiosk);
  SubmitResult garbage = client_->submit_application(uuid, body);
  EXPECT_EQ(garbage.outcome, Outcome::retry);
  EXPECT_EQ(garbage.http_status, 201);
  EXPECT_EQ(garbage.reason, "2xx without acceptance number");
  EXPECT_TRUE(garbage.acceptance_no.empty());

  SubmitResult truncated = client_->submit_application(uuid, body);
  EXPECT_EQ(truncated.outcome, Outcome::retry);
  EXPECT_EQ(truncated.reason, "2xx without acceptance number");

  SubmitResult done = client_->submit_application(uuid, body);
  ASSERT_EQ(done.outcome, Outcome::done) << done.reason;
  EXPECT_EQ(done.acceptance_no, admin_acceptance_no(uuid));
  EXPECT_EQ(rows(), 1);
}

TEST_F(PlatformClientTest, SameKeyInFlightIs409Retry) {
  ASSERT_TRUE(start({"--fault", "delay_ms:first=1,min=1000,max=1000"}));
  const std::string uuid = make_uuid_v4(), body = sample_application_body(uuid, kKiosk);
  auto slow = std::async(std::launch::async, [&] { return client_->submit_application(uuid, body); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  PlatformClient second(config_);  // one client per thread
  SubmitResult racing = second.submit_application(uuid, body);
  EXPECT_EQ(racing.outcome, Outcome::retry);
  EXPECT_EQ(racing.http_status, 409);
  SubmitResult first = slow.get();
  EXPECT_EQ(first.outcome, Outcome::done) << first.reason;
  EXPECT_EQ(rows(), 1);
}

TEST_F(PlatformClientTest, HangEndsWithinTheTotalTimeout) {
  ASSERT_TRUE(start({"--fault", "hang:first=1"}));
  config_.total_timeout_ms = 1500;
  PlatformClient client(config_);
  const std::string uuid = make_uuid_v4();
  auto began = std::chrono::steady_clock::now();
  SubmitResult r = client.submit_application(uuid, sample_application_body(uuid, kKiosk));
  auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_EQ(r.http_status, 0);
  EXPECT_GE(took.count(), 1400);
  EXPECT_LT(took.count(), 3000) << "the total timeout (1.5 s) must bound the call";
  EXPECT_EQ(rows(), 0);
}

TEST_F(PlatformClientTest, WrongEndpointIsRetryNotRejection) {
  ASSERT_TRUE(start());
  PlatformConfig misconfigured = config_;
  misconfigured.base_url += "/wrong-prefix";
  PlatformClient client(misconfigured);
  const std::string uuid = make_uuid_v4();
  SubmitResult r = client.submit_application(uuid, sample_application_body(uuid, kKiosk));
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_EQ(r.http_status, 404);
}

TEST_F(PlatformClientTest, CatalogIsRevalidatedWithItsEtag) {
  const std::string catalog_path = sim_.dir() + "/catalog.json";
  std::ofstream(catalog_path) << R"({"catalog_version":"a","policies":[]})";
  ASSERT_TRUE(start({"--catalog", catalog_path}));

  auto first = client_->fetch_catalog("");
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->not_modified);
  EXPECT_EQ(first->body, R"({"catalog_version":"a","policies":[]})");
  ASSERT_FALSE(first->etag.empty());

  auto second = client_->fetch_catalog(first->etag);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_TRUE(second->not_modified);
  EXPECT_TRUE(second->body.empty());
  EXPECT_EQ(second->etag, first->etag);

  std::ofstream(catalog_path, std::ios::trunc) << R"({"catalog_version":"b","policies":[{"id":"new"}]})";
  auto third = client_->fetch_catalog(first->etag);
  ASSERT_TRUE(third.ok()) << third.error().message;
  EXPECT_FALSE(third->not_modified);
  EXPECT_NE(third->etag, first->etag);
  EXPECT_NE(third->body.find("\"b\""), std::string::npos);
}

// Exactly once under faults: a few hundred applications, each retried until done, through dropped
// responses (after commit) and resets (before commit). The platform must hold exactly N rows, and
// every acceptance number the client saw must be the one the platform stored.
TEST_F(PlatformClientTest, HundredsOfFaultySubmissionsLeaveExactlyOneRowEach) {
  ASSERT_TRUE(start({"--fault", "drop_after_commit:p=0.2", "--fault", "reset:p=0.05", "--seed", "20240501",
                     "--log-level", "warn"}));
  constexpr int kApplications = 500;
  constexpr int kMaxAttempts = 30;
  std::map<std::string, std::string> acknowledged;  // uuid -> acceptance number
  int retries = 0;
  for (int i = 0; i < kApplications; ++i) {
    const std::string uuid = make_uuid_v4(), body = sample_application_body(uuid, kKiosk);
    SubmitResult r;
    for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
      r = client_->submit_application(uuid, body);
      if (r.outcome != Outcome::retry) break;
      ++retries;
    }
    ASSERT_EQ(r.outcome, Outcome::done) << "application " << i << ": " << r.reason;
    acknowledged[uuid] = r.acceptance_no;
  }
  EXPECT_GT(retries, kApplications / 10) << "the faults must actually have fired";

  EXPECT_EQ(rows(), kApplications);
  json list = json::parse(sim_.admin_get("/admin/applications").body);
  ASSERT_EQ(list["count"], kApplications);
  std::set<std::string> numbers;
  for (const auto& app : list["applications"]) {
    auto it = acknowledged.find(app["uuid"]);
    ASSERT_NE(it, acknowledged.end()) << "the platform holds an application nobody submitted";
    EXPECT_EQ(it->second, app["acceptance_no"]);
    numbers.insert(app["acceptance_no"].get<std::string>());
  }
  EXPECT_EQ(numbers.size(), size_t(kApplications));
}

// ---- answers platform-sim would never give ----------------------------------------------------------

// A one-thread HTTP server that answers the n-th connection with the n-th canned response (raw bytes,
// Connection: close), for hostile or unusual answers.
class CannedServer {
 public:
  explicit CannedServer(std::vector<std::string> responses) : responses_(std::move(responses)) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && listen(listen_fd_, 8) == 0 &&
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~CannedServer() {
    stop_ = true;
    thread_.join();
    close(listen_fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  static std::string response(const std::string& status_line, const std::string& body,
                              const std::string& extra_headers = "") {
    return "HTTP/1.1 " + status_line + "\r\nContent-Type: application/json\r\nConnection: close\r\n" +
           extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  }

 private:
  void run() {
    for (const auto& canned : responses_) {
      int fd = -1;
      while (fd < 0 && !stop_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (poll(&p, 1, 50) > 0) fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      }
      if (fd < 0) return;
      read_request(fd);
      for (size_t sent = 0; sent < canned.size();) {
        ssize_t n = send(fd, canned.data() + sent, canned.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += size_t(n);
      }
      shutdown(fd, SHUT_WR);
      char drain[256];
      while (recv(fd, drain, sizeof drain, 0) > 0) {
      }
      close(fd);
    }
  }
  // Reads the headers and a Content-Length body, so the client sees its request consumed.
  static void read_request(int fd) {
    std::string data;
    char buf[4096];
    size_t header_end = std::string::npos;
    size_t wanted = 0;
    while (true) {
      if (header_end == std::string::npos && (header_end = data.find("\r\n\r\n")) != std::string::npos) {
        std::string headers = data.substr(0, header_end);
        for (auto& c : headers) c = char(std::tolower(static_cast<unsigned char>(c)));
        size_t at = headers.find("content-length:");
        wanted = header_end + 4 + (at == std::string::npos ? 0 : std::stoul(headers.substr(at + 15)));
      }
      if (header_end != std::string::npos && data.size() >= wanted) return;
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, size_t(n));
    }
  }

  std::vector<std::string> responses_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(PlatformClientHostile, UnusableAnswersAreNeverDoneAndNeverCrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string long_message = std::string(5000, 'x');
  std::vector<std::string> canned = {
      CannedServer::response("201 Created", R"({"acceptance_no": 123})"),
      CannedServer::response("201 Created", deep),
      CannedServer::response("201 Created", "{\"acceptance_no\": \"HN\xff\xfe\"}"),
      CannedServer::response("201 Created", R"({"acceptance_no": "HN1\n2"})"),
      CannedServer::response("200 OK", R"({"acceptance_no": ")" + std::string(2 << 20, '1') + "\"}"),
      CannedServer::response("302 Found", "", "Location: http://example.invalid/\r\n"),
      CannedServer::response("503 Service Unavailable", "{}", "Retry-After: 99999999\r\n"),
      CannedServer::response("422 Unprocessable Entity",
                             R"({"error": "bad\u0007code", "message": ")" + long_message + "\"}"),
      CannedServer::response("418 I'm a teapot", R"({"error": "teapot", "message": "policy closed"})"),
      CannedServer::response("201 Created", R"({"acceptance_no": "HN20250101000001", "status": "accepted"})"),
  };
  CannedServer server(canned);
  PlatformConfig config;
  config.base_url = server.url();
  config.kiosk_id = kKiosk;
  config.token = "t";
  config.total_timeout_ms = 5000;
  PlatformClient client(config);
  const std::string uuid = make_uuid_v4(), body = sample_application_body(uuid, kKiosk);

  for (const char* what : {"number", "deep nesting", "invalid UTF-8", "control character"}) {
    SubmitResult r = client.submit_application(uuid, body);
    EXPECT_EQ(r.outcome, Outcome::retry) << what;
    EXPECT_EQ(r.reason, "2xx without acceptance number") << what;
  }
  SubmitResult huge = client.submit_application(uuid, body);
  EXPECT_EQ(huge.outcome, Outcome::retry);
  EXPECT_NE(huge.reason.find("larger than"), std::string::npos) << huge.reason;

  SubmitResult redirect = client.submit_application(uuid, body);
  EXPECT_EQ(redirect.outcome, Outcome::retry) << "redirects are not followed, nor acknowledged";
  EXPECT_EQ(redirect.http_status, 302);

  SubmitResult unavailable = client.submit_application(uuid, body);
  EXPECT_EQ(unavailable.outcome, Outcome::retry);
  ASSERT_TRUE(unavailable.retry_after_s.has_value());
  EXPECT_EQ(*unavailable.retry_after_s, 24 * 3600) << "an absurd Retry-After is capped";

  SubmitResult invalid = client.submit_application(uuid, body);
  EXPECT_EQ(invalid.outcome, Outcome::quarantine);
  EXPECT_LT(invalid.reason.size(), 400u) << "the platform's message is cut short";
  EXPECT_EQ(invalid.reason.find('\a'), std::string::npos) << "control characters never reach the log";

  SubmitResult refused = client.submit_application(uuid, body);
  EXPECT_EQ(refused.outcome, Outcome::rejected);
  EXPECT_EQ(refused.http_status, 418);
  EXPECT_EQ(refused.reason, "HTTP 418 teapot: policy closed");

  SubmitResult done = client.submit_application(uuid, body);
  EXPECT_EQ(done.outcome, Outcome::done) << done.reason;
  EXPECT_EQ(done.acceptance_no, "HN20250101000001");
}

}  // namespace
}  // namespace zhidui::offline
