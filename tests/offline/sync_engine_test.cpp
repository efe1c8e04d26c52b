// sync_engine_test.cpp — offline/sync_engine.h against a fake platform in this file: acknowledgement,
// retries (503, 429 + Retry-After, auth), dead letters (422, max attempts), offline/online, per-
// application order, prompt stop even while a request hangs, and the backoff's bounds. One test runs
// against the real tools/platform-sim.
//
// The fake platform is a tiny HTTP/1.1 server on raw sockets rather than cpp-httplib: Debian's httplib
// is a compiled library whose build switches every includer must match (see tools/platform-sim/http.h),
// and the fake needs exact control over hanging and dropping connections anyway.
//
// Sections: fake platform · helpers · engine over HTTP · engine with a scripted uploader · backoff ·
// platform-sim.
#include "offline/sync_engine.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "base/uuid.h"
#include "offline/store.h"
#include "tests/offline/platform_sim_process.h"

#include "tests/offline/test_support.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// --- fake platform -------------------------------------------------------------------------------------

struct FakeRequest {
  std::string method, path, idempotency_key, body;
  Clock::time_point at;
};

struct FakeAnswer {
  int status = 201;
  std::string body;
  std::optional<int> retry_after_s;
  bool hang = false;  // read the request, never answer (until the client gives up or the fake stops)
  bool drop = false;  // read the request, close the connection without a word
};

FakeAnswer accepted(const std::string& acceptance_no) {
  return {201, R"({"acceptance_no":")" + acceptance_no + R"(","status":"accepted"})", std::nullopt, false, false};
}

// One connection at a time, "Connection: close" on every answer: simple, and plenty for these tests.
class FakePlatform {
 public:
  using Script = std::function<FakeAnswer(const FakeRequest& request, int index)>;

  explicit FakePlatform(Script script) : script_(std::move(script)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 16), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakePlatform() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<FakeRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  size_t request_count() {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      handle(fd);
      ::close(fd);
    }
  }

  // Reads until `pred(buffer)` or the peer closes / the fake stops. False when no more can come.
  bool read_until(int fd, std::string& buffer, const std::function<bool(const std::string&)>& pred) {
    char chunk[4096];
    while (!pred(buffer)) {
      if (stop_) return false;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      buffer.append(chunk, size_t(n));
    }
    return true;
  }

  void handle(int fd) {
    std::string in;
    if (!read_until(fd, in, [](const std::string& b) { return b.find("\r\n\r\n") != std::string::npos; })) return;
    const size_t header_end = in.find("\r\n\r\n") + 4;
    FakeRequest request;
    request.at = Clock::now();
    const std::string head = in.substr(0, header_end);
    request.method = head.substr(0, head.find(' '));
    request.path = head.substr(head.find(' ') + 1, head.find(' ', head.find(' ') + 1) - head.find(' ') - 1);
    std::string lower = head;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    auto header = [&](const std::string& name) -> std::string {
      size_t at = lower.find("\r\n" + name + ":");
      if (at == std::string::npos) return {};
      size_t start = at + 2 + name.size() + 1, end = head.find("\r\n", start);
      std::string v = head.substr(start, end - start);
      v.erase(0, v.find_first_not_of(' '));
      return v;
    };
    request.idempotency_key = header("idempotency-key");
    const size_t content_length = size_t(std::atoll(header("content-length").c_str()));
    if (!read_until(fd, in, [&](const std::string& b) { return b.size() >= header_end + content_length; })) return;
    request.body = in.substr(header_end, content_length);

    int index;
    {
      std::lock_guard lock(mutex_);
      index = int(requests_.size());
      requests_.push_back(request);
    }
    FakeAnswer answer = script_(request, index);
    if (answer.drop) return;
    if (answer.hang) {
      std::string ignored;
      read_until(fd, ignored, [](const std::string&) { return false; });  // until the client hangs up
      return;
    }
    std::string out = "HTTP/1.1 " + std::to_string(answer.status) + " X\r\nContent-Type: application/json\r\n" +
                      "Content-Length: " + std::to_string(answer.body.size()) + "\r\nConnection: close\r\n";
    if (answer.retry_after_s) out += "Retry-After: " + std::to_string(*answer.retry_after_s) + "\r\n";
    out += "\r\n" + answer.body;
    ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
  }

  Script script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<FakeRequest> requests_;
  std::thread thread_;
};

// --- helpers -------------------------------------------------------------------------------------------

// Events arrive on the worker thread; tests wait for them with a bound.
class EventLog {
 public:
  void operator()(const SyncEvent& e) {
    {
      std::lock_guard lock(mutex_);
      events_.push_back(e);
    }
    cv_.notify_all();
  }
  std::function<void(const SyncEvent&)> callback() {
    return [this](const SyncEvent& e) { (*this)(e); };
  }
  size_t count(SyncEvent::Kind kind) {
    std::lock_guard lock(mutex_);
    return size_t(std::count_if(events_.begin(), events_.end(), [&](const SyncEvent& e) { return e.kind == kind; }));
  }
  bool wait_for(SyncEvent::Kind kind, size_t n, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] {
      return size_t(std::count_if(events_.begin(), events_.end(), [&](const SyncEvent& e) { return e.kind == kind; })) >= n;
    });
  }
  std::vector<SyncEvent> all() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<SyncEvent> events_;
};

struct Kiosk {
  TempDir dir;
  std::unique_ptr<Store> store;  // the UI side's connection
  Kiosk() {
    auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    if (opened.ok()) store = std::move(opened).value();
  }
  // Returns the uuid; the body is what must reach the platform byte for byte.
  std::string submit(std::string* body_out = nullptr) {
    NewApplication app = made_up_application();
    app.upload_body = R"({"uuid":")" + app.uuid + R"(","policy_id":"hn-employment-subsidy"})";
    EXPECT_TRUE(store->submit(app).ok());
    if (body_out) *body_out = app.upload_body;
    return app.uuid;
  }
  SyncConfig config(const std::string& base_url) const {
    SyncConfig c;
    c.db_path = dir.file("kiosk.db");
    c.key_path = dir.file("field.key");
    c.platform.base_url = base_url;
    c.platform.kiosk_id = "kiosk-test-1";
    c.platform.token = "dev-token";
    c.platform.connect_timeout_ms = 1000;
    c.platform.total_timeout_ms = 2000;
    c.backoff_base_ms = 20;  // tests wait milliseconds, not minutes
    c.backoff_cap_ms = 100;
    c.offline_probe_cap_ms = 100;
    // The fake platform answers every path like POST /api/v1/applications; batches are tested against
    // platform-sim (sync_batch_test.cpp and the test at the end).
    c.batch_max_items = 1;
    return c;
  }
};

// --- engine over HTTP ------------------------------------------------------------------------------------

TEST(SyncEngine, UploadsWithIdempotencyKeyAndAcknowledges) {
  Kiosk kiosk;
  std::string body_a, body_b;
  const std::string a = kiosk.submit(&body_a), b = kiosk.submit(&body_b);
  FakePlatform platform([](const FakeRequest&, int i) { return accepted("HN-" + std::to_string(i)); });
  EventLog events;
  SyncEngine engine(kiosk.config(platform.base_url()), events.callback());
  engine.start();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::acknowledged, 2));
  engine.stop();

  auto requests = platform.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/api/v1/applications");
  EXPECT_EQ(requests[0].idempotency_key, a) << "oldest first";
  EXPECT_EQ(requests[0].body, body_a) << "the stored body, byte for byte";
  EXPECT_EQ(requests[1].idempotency_key, b);
  EXPECT_EQ(requests[1].body, body_b);

  auto all = events.all();
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all[0].kind, SyncEvent::Kind::online);
  EXPECT_EQ(all[1].kind, SyncEvent::Kind::acknowledged);
  EXPECT_EQ(all[1].uuid, a);
  EXPECT_EQ(all[1].acceptance_no, "HN-0");
  EXPECT_EQ(app_or_fail(*kiosk.store, a).acceptance_no, "HN-0");
  EXPECT_EQ(app_or_fail(*kiosk.store, b).acceptance_no, "HN-1");
  EXPECT_EQ(app_or_fail(*kiosk.store, b).status, "accepted");
  EXPECT_EQ(value_or_fail(kiosk.store->pending_count()), 0);
}

TEST(SyncEngine, RetriesA503WithTheSameKeyThenAcknowledges) {
  Kiosk kiosk;
  std::string body;
  const std::string uuid = kiosk.submit(&body);
  FakePlatform platform([](const FakeRequest&, int i) {
    if (i < 2) return FakeAnswer{503, R"({"error":"unavailable","message":"maintenance"})", std::nullopt, false, false};
    return accepted("HN-9");
  });
  EventLog events;
  SyncEngine engine(kiosk.config(platform.base_url()), events.callback());
  engine.start();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::acknowledged, 1));
  engine.stop();

  auto requests = platform.requests();
  ASSERT_EQ(requests.size(), 3u);
  for (const auto& r : requests) {
    EXPECT_EQ(r.idempotency_key, uuid);
    EXPECT_EQ(r.body, body);
  }
  EXPECT_EQ(events.count(SyncEvent::Kind::retry_scheduled), 2u);
  EXPECT_EQ(events.count(SyncEvent::Kind::offline), 0u) << "a 503 is an answer, not a network failure";
  auto retries = events.all();
  auto first_retry = std::find_if(retries.begin(), retries.end(),
                                  [](const SyncEvent& e) { return e.kind == SyncEvent::Kind::retry_scheduled; });
  EXPECT_NE(first_retry->reason.find("503"), std::string::npos) << first_retry->reason;
  EXPECT_EQ(app_or_fail(*kiosk.store, uuid).acceptance_no, "HN-9");
  auto done = value_or_fail(kiosk.store->outbox_entries(OutboxState::done));
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].attempts, 3);
}

TEST(SyncEngine, HonoursRetryAfter) {
  Kiosk kiosk;
  kiosk.submit();
  FakePlatform platform([](const FakeRequest&, int i) {
    if (i == 0) return FakeAnswer{429, R"({"error":"rate_limited"})", 1, false, false};
    return accepted("HN-1");
  });
  EventLog events;
  SyncEngine engine(kiosk.config(platform.base_url()), events.callback());  // backoff cap 100 ms
  engine.start();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::acknowledged, 1));
  engine.stop();
  auto requests = platform.requests();
  ASSERT_EQ(requests.size(), 2u);
  const auto gap = std::chrono::duration_cast<std::chrono::milliseconds>(requests[1].at - requests[0].at);
  EXPECT_GE(gap.count(), 950) << "Retry-After: 1 was not honoured";
  EXPECT_LT(gap.count(), 5000);
}

TEST(SyncEngine, A422IsADeadLetterWithTheReasonAndTheQueueGoesOn) {
  Kiosk kiosk;
  const std::string bad = kiosk.submit(), good = kiosk.submit();
  FakePlatform platform([&](const FakeRequest& r, int i) {
    if (r.idempotency_key == bad)
      return FakeAnswer{422, R"({"error":"body_invalid","message":"policy_id unknown"})", std::nullopt, false, false};
    return accepted("HN-OK");
  });
  EventLog events;
  SyncEngine engine(kiosk.config(platform.base_url()), events.callback());
  engine.start();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::dead, 1));
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::acknowledged, 1));
  engine.stop();

  auto all = events.all();
  auto dead = std::find_if(all.begin(), all.end(), [](const SyncEvent& e) { return e.kind == SyncEvent::Kind::dead; });
  ASSERT_NE(dead, all.end());
  EXPECT_EQ(dead->uuid, bad);
  EXPECT_NE(dead->reason.find("422"), std::string::npos) << dead->reason;
  EXPECT_NE(dead->reason.find("quarantine"), std::string::npos) << dead->reason;
  auto letters = value_or_fail(kiosk.store->outbox_entries(OutboxState::dead));
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].uuid, bad);
  EXPECT_NE(letters[0].last_error.find("policy_id unknown"), std::string::npos) << letters[0].last_error;
  EXPECT_EQ(platform.request_count(), 2u) << "a dead letter is not retried";
  EXPECT_TRUE(value_or_fail(kiosk.store->application(bad)).has_value()) << "personal data is never silently dropped";
}

TEST(SyncEngine, AuthFailureIsRetriedNotKilled) {
  Kiosk kiosk;
  const std::string uuid = kiosk.submit();
  FakePlatform platform([](const FakeRequest&, int i) {
    if (i < 2) return FakeAnswer{401, R"({"error":"unauthorized"})", std::nullopt, false, false};
    return accepted("HN-AUTH");
  });
  EventLog events;
  auto config = kiosk.config(platform.base_url());
  config.max_attempts = 1;  // even so: credentials may be refreshed, the application must wait
  SyncEngine engine(config, events.callback());
  engine.start();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::acknowledged, 1));
  engine.stop();
  EXPECT_EQ(events.count(SyncEvent::Kind::dead), 0u);
  EXPECT_EQ(events.count(SyncEvent::Kind::retry_scheduled), 2u);
  EXPECT_EQ(app_or_fail(*kiosk.store, uuid).acceptance_no, "HN-AUTH");
}

TEST(SyncEngine, GivesUpAfterMaxAttemptsWhenThePlatformKeepsFailing) {
  Kiosk kiosk;
  const std::string uuid = kiosk.submit();
  FakePlatform platform([](const FakeRequest&, int) { return FakeAnswer{500, "{}", std::nullopt, false, false}; });
  EventLog events;
  auto config = kiosk.config(platform.base_url());
  config.max_attempts = 3;
  SyncEngine engine(config, events.callback());
  engine.start();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::dead, 1));
  engine.stop();
  EXPECT_EQ(platform.request_count(), 3u);
  auto letters = value_or_fail(kiosk.store->outbox_entries(OutboxState::dead));
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].attempts, 3);
  EXPECT_NE(letters[0].last_error.find("gave up after 3 attempts"), std::string::npos) << letters[0].last_error;
}

TEST(SyncEngine, NetworkFailuresGoOfflineThenOnlineWithoutKillingEntries) {
  Kiosk kiosk;
  const std::string uuid = kiosk.submit();
  // Four dropped connections (no HTTP answer at all), then the platform is back.
  FakePlatform platform([](const FakeRequest&, int i) {
    if (i < 4) return FakeAnswer{0, "", std::nullopt, false, true};
    return accepted("HN-BACK");
  });
  EventLog events;
  auto config = kiosk.config(platform.base_url());
  config.max_attempts = 2;  // an outage alone must not turn entries into dead letters
  SyncEngine engine(config, events.callback());
  engine.start();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::acknowledged, 1));
  engine.stop();
  EXPECT_EQ(events.count(SyncEvent::Kind::dead), 0u);
  EXPECT_EQ(events.count(SyncEvent::Kind::offline), 1u) << "offline once, on the transition";
  EXPECT_EQ(events.count(SyncEvent::Kind::online), 1u);
  auto all = events.all();
  EXPECT_EQ(all.front().kind, SyncEvent::Kind::offline);
  EXPECT_EQ(all.back().kind, SyncEvent::Kind::acknowledged);
  EXPECT_EQ(app_or_fail(*kiosk.store, uuid).acceptance_no, "HN-BACK");
}

TEST(SyncEngine, StopsPromptlyWhileARequestHangs) {
  Kiosk kiosk;
  kiosk.submit();
  FakePlatform platform([](const FakeRequest&, int) { return FakeAnswer{0, "", std::nullopt, true, false}; });
  EventLog events;
  auto config = kiosk.config(platform.base_url());
  config.platform.total_timeout_ms = 1500;
  SyncEngine engine(config, events.callback());
  engine.start();
  const auto deadline = Clock::now() + 5s;
  while (platform.request_count() == 0 && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  ASSERT_EQ(platform.request_count(), 1u) << "the request never arrived";
  const auto t0 = Clock::now();
  engine.stop();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  EXPECT_LE(took.count(), 1500 + 500) << "stop waited longer than the request's total timeout";
  EXPECT_EQ(value_or_fail(kiosk.store->pending_count()), 1) << "the hung entry stays pending";
}

TEST(SyncEngine, StopsPromptlyWhenIdleAndWakesOnSubmit) {
  Kiosk kiosk;
  FakePlatform platform([](const FakeRequest&, int i) { return accepted("HN-" + std::to_string(i)); });
  EventLog events;
  auto config = kiosk.config(platform.base_url());
  config.idle_wait_cap_ms = 30000;  // only wake() can make it look sooner
  SyncEngine engine(config, events.callback());
  engine.start();
  std::this_thread::sleep_for(100ms);  // let it fall asleep on an empty outbox
  kiosk.submit();
  const auto t0 = Clock::now();
  engine.wake();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::acknowledged, 1, 3s)) << "wake() did not start the upload";
  EXPECT_LT(Clock::now() - t0, 2s);

  std::this_thread::sleep_for(50ms);
  const auto t1 = Clock::now();
  engine.stop();
  EXPECT_LT(Clock::now() - t1, 500ms) << "an idle engine must stop at once";
}

// --- engine with a scripted uploader -----------------------------------------------------------------------

TEST(SyncEngine, KeepsOrderPerApplicationWhileOthersOvertake) {
  Kiosk kiosk;
  const std::string a = kiosk.submit();
  ASSERT_TRUE(kiosk.store->enqueue(a, "rating", R"({"level":5})").ok());
  const std::string b = kiosk.submit();
  ASSERT_TRUE(kiosk.store->enqueue(b, "rating", R"({"level":4})").ok());

  std::mutex mutex;
  std::vector<std::string> sent;  // "<uuid>/<kind>" in the order the engine sent them
  auto factory = [&](const PlatformConfig&) -> Uploader {
    return [&](const OutboxEntry& entry) {
      std::lock_guard lock(mutex);
      sent.push_back(entry.uuid + "/" + entry.kind);
      SubmitResult r;
      const bool b_finished = std::count(sent.begin(), sent.end(), b + "/rating") > 0;
      if (entry.uuid == a && entry.kind == "application" && !b_finished) {
        // A's submission is stuck until all of B went through: the test only ends if B can overtake.
        r.outcome = Outcome::retry;
        r.http_status = 503;
        return r;
      }
      r.outcome = Outcome::done;
      r.http_status = 201;
      r.acceptance_no = "N-" + std::to_string(sent.size());
      return r;
    };
  };
  EventLog events;
  SyncEngine engine(kiosk.config("http://unused.invalid"), events.callback(), factory);
  engine.start();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::acknowledged, 2));  // the two applications (ratings are silent)
  for (int i = 0; i < 500 && value_or_fail(kiosk.store->pending_count()) > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  engine.stop();
  EXPECT_EQ(value_or_fail(kiosk.store->pending_count()), 0);

  std::lock_guard lock(mutex);
  auto pos = [&](const std::string& what) { return std::find(sent.begin(), sent.end(), what) - sent.begin(); };
  const auto last_a_app = sent.rend() - std::find(sent.rbegin(), sent.rend(), a + "/application") - 1;
  EXPECT_EQ(sent.front(), a + "/application") << "the oldest entry goes first";
  EXPECT_LT(last_a_app, pos(a + "/rating")) << "A's rating went before A's submission was acknowledged";
  EXPECT_LT(pos(b + "/application"), pos(b + "/rating"));
  EXPECT_GE(std::count(sent.begin(), sent.end(), a + "/application"), 2);
  for (const std::string& once : {a + "/rating", b + "/application", b + "/rating"})
    EXPECT_EQ(std::count(sent.begin(), sent.end(), once), 1) << once;
}

TEST(SyncEngine, BacklogDrainsAtOnceWhenTheNetworkComesBack) {
  Kiosk kiosk;
  const std::string a = kiosk.submit(), b = kiosk.submit();
  std::atomic<int> calls{0};
  auto factory = [&](const PlatformConfig&) -> Uploader {
    return [&](const OutboxEntry& entry) {
      SubmitResult r;
      if (calls++ < 2) {
        // The network is down; A's next try comes after ~1 s, B's only after 60 s.
        r.outcome = Outcome::retry;
        r.reason = "transport: connection refused";
        r.retry_after_s = entry.uuid == a ? 1 : 60;
        return r;
      }
      r.outcome = Outcome::done;
      r.http_status = 201;
      r.acceptance_no = "HN-" + entry.uuid.substr(0, 4);
      return r;
    };
  };
  EventLog events;
  SyncEngine engine(kiosk.config("http://unused.invalid"), events.callback(), factory);
  engine.start();
  const bool both = events.wait_for(SyncEvent::Kind::acknowledged, 2, 10s);
  engine.stop();
  ASSERT_TRUE(both) << "B waited out its backoff although the network was back";
  EXPECT_EQ(events.count(SyncEvent::Kind::offline), 1u);
  EXPECT_EQ(events.count(SyncEvent::Kind::online), 1u);
  EXPECT_EQ(app_or_fail(*kiosk.store, b).acceptance_no, "HN-" + b.substr(0, 4));
}

TEST(SyncEngine, BareSuccessWithoutAcceptanceNumberIsNotAcknowledged) {
  Kiosk kiosk;
  const std::string uuid = kiosk.submit();
  std::atomic<int> calls{0};
  auto factory = [&](const PlatformConfig&) -> Uploader {
    return [&](const OutboxEntry&) {
      SubmitResult r;
      r.outcome = Outcome::done;
      r.http_status = 201;
      if (calls++ > 0) r.acceptance_no = "HN-REAL";
      return r;
    };
  };
  EventLog events;
  SyncEngine engine(kiosk.config("http://unused.invalid"), events.callback(), factory);
  engine.start();
  ASSERT_TRUE(events.wait_for(SyncEvent::Kind::acknowledged, 1));
  engine.stop();
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(app_or_fail(*kiosk.store, uuid).acceptance_no, "HN-REAL");
}

// --- backoff -------------------------------------------------------------------------------------------

TEST(SyncEngine, BackoffStaysWithinCapWithFullJitter) {
  const int64_t base = 2000, cap = 300000;
  for (int attempts = 0; attempts <= 70; ++attempts) {
    const int64_t ceiling = std::min<int64_t>(cap, attempts < 40 ? base << attempts : cap);
    int64_t lo = INT64_MAX, hi = 0;
    for (int i = 0; i < 400; ++i) {
      const int64_t d = retry_delay_ms(attempts, base, cap, std::nullopt);
      ASSERT_GE(d, 0);
      ASSERT_LE(d, ceiling) << "attempts " << attempts;
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    EXPECT_LT(lo, ceiling / 4) << "full jitter reaches down towards 0 (attempts " << attempts << ")";
    EXPECT_GT(hi, ceiling * 3 / 4) << "full jitter reaches up towards the ceiling (attempts " << attempts << ")";
  }
}

TEST(SyncEngine, BackoffHonoursRetryAfterWithinTheScheduleBound) {
  for (int i = 0; i < 200; ++i) {
    EXPECT_GE(retry_delay_ms(0, 2000, 300000, 1), 1000);
    EXPECT_GE(retry_delay_ms(3, 20, 100, 1), 1000) << "Retry-After wins over a smaller cap";
    EXPECT_GE(retry_delay_ms(0, 2000, 300000, 600), 600000);
  }
  EXPECT_EQ(retry_delay_ms(0, 2000, 300000, 10L * 24 * 3600), kMaxScheduleAheadMs)
      << "a huge Retry-After is clamped so the store never sees a delay it would treat as a clock jump";
  EXPECT_LE(retry_delay_ms(80, 2000, 100LL * 24 * 3600 * 1000, std::nullopt), kMaxScheduleAheadMs);
  EXPECT_EQ(retry_delay_ms(5, 0, 0, std::nullopt), 0);
}

// --- platform-sim ----------------------------------------------------------------------------------------

TEST(SyncEngine, DrainsToTheRealPlatformSimExactlyOnce) {
  if (!fs::exists(testing::PlatformSimProcess::binary())) GTEST_SKIP() << "platform-sim not built";
  testing::PlatformSimProcess sim;
  const std::string url = sim.start();
  if (url.empty()) GTEST_SKIP() << "platform-sim did not start (still being written?): " << sim.error();

  Kiosk kiosk;
  std::vector<std::string> uuids;
  for (int i = 0; i < 20; ++i) {
    NewApplication app;
    app.uuid = make_uuid_v4();
    app.policy_id = "hn-employment-subsidy";
    app.policy_title = "一次性创业补贴";
    app.created_at = "2025-01-01T08:00:00Z";
    app.personal = {"测试用户", "430102199001011234", "长沙", "13800000000", "6222000000001234"};
    app.upload_body = testing::sample_application_body(app.uuid, "kiosk-test-1");
    ASSERT_TRUE(kiosk.store->submit(app).ok());
    uuids.push_back(app.uuid);
  }
  EventLog events;
  auto config = kiosk.config(url);
  config.platform.token = sim.token();
  config.batch_max_items = 8;  // the real platform takes batches: 20 entries go in a few requests
  SyncEngine engine(config, events.callback());
  engine.start();
  const bool drained = events.wait_for(SyncEvent::Kind::acknowledged, uuids.size(), 20s);
  engine.stop();
  for (const auto& e : events.all())
    if (e.kind == SyncEvent::Kind::dead) ADD_FAILURE() << "dead letter from platform-sim: " << e.reason;
  ASSERT_TRUE(drained) << "acknowledged " << events.count(SyncEvent::Kind::acknowledged) << " of " << uuids.size();
  EXPECT_EQ(testing::count_platform_applications(sim.db_path()), (long long)uuids.size());
  for (const auto& uuid : uuids) {
    EXPECT_EQ(testing::count_platform_applications(sim.db_path(), uuid), 1) << uuid;
    EXPECT_FALSE(app_or_fail(*kiosk.store, uuid).acceptance_no.empty());
  }
}

}  // namespace
}  // namespace zhidui::offline
