// platform_mtls_test.cpp — mutual TLS end to end: the real platform-sim started with --tls-client-ca
// demands a client certificate signed by the test CA, and PlatformClient (PlatformConfig::client_cert /
// client_key) presents one. A kiosk with the right certificate is acknowledged; without one, or with one
// from another CA, the handshake fails, the outcome is `retry` and the sync engine keeps the application
// queued (nothing is lost, nothing reaches the platform) until the certificate is there. A private key
// that others can read is refused before any connection is made. Certificates are made at test time
// with the `openssl` command (tests/offline/test_pki.h) in a temp folder.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "base/uuid.h"
#include "offline/platform_client.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "tests/offline/platform_sim_process.h"
#include "tests/offline/test_pki.h"
#include "tests/offline/test_support.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ClientCertificate;
using testing::PlatformSimProcess;
using testing::TestPki;

constexpr const char* kKiosk = "kiosk-mtls-001";

std::string code_of(const Status& s) { return s.ok() ? "ok" : s.error().code; }

class PlatformMtlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new TestPki();
    if (!pki_->make()) return;
    client_ = new ClientCertificate(pki_->make_client("kiosk-mtls-001"));
    stranger_ = new ClientCertificate(pki_->make_client("stranger", /*by_other_ca=*/true));
    if (!pki_->error.empty()) return;
    sim_ = new PlatformSimProcess();
    if (sim_->start({"--tls-cert", pki_->server_cert, "--tls-key", pki_->server_key, "--tls-client-ca", pki_->ca_cert,
                     "--log-level", "warn"})
            .empty())
      pki_->error = "platform-sim did not start with --tls-client-ca: " + sim_->error();
  }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
    if (pki_) pki_->remove();
    delete pki_;
    delete client_;
    delete stranger_;
    pki_ = nullptr;
    client_ = stranger_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(pki_ && pki_->error.empty()) << (pki_ ? pki_->error : "no PKI"); }

  static std::string https_url() { return "https://127.0.0.1:" + std::to_string(sim_->port()); }
  // The server is verified as always; the client presents `certificate` (none when empty).
  static PlatformConfig config(const ClientCertificate& certificate) {
    PlatformConfig c;
    c.base_url = https_url();
    c.kiosk_id = kKiosk;
    c.token = sim_->token();
    c.ca_file = pki_->ca_cert;
    c.client_cert = certificate.cert;
    c.client_key = certificate.key;
    c.connect_timeout_ms = 2000;
    c.total_timeout_ms = 5000;
    return c;
  }
  static SubmitResult submit(PlatformClient& client, const std::string& uuid) {
    return client.submit_application(uuid, testing::sample_application_body(uuid, kKiosk));
  }
  // A platform that asks for a client certificate ends the handshake before reading a request: the
  // client sees a transport failure, the submission is retried, and nothing reaches the platform.
  static void expect_refused_at_the_handshake(PlatformClient& client) {
    auto health = client.health();
    ASSERT_FALSE(health.ok());
    EXPECT_EQ(health.error().code, "platform.transport") << health.error().message;

    const std::string uuid = make_uuid_v4();
    SubmitResult r = submit(client, uuid);
    EXPECT_EQ(r.outcome, Outcome::retry) << r.reason;
    EXPECT_EQ(r.http_status, 0) << "no HTTP answer: the platform never read the request";
    EXPECT_EQ(r.reason.rfind("transport: ", 0), 0u) << r.reason;
    EXPECT_EQ(testing::count_platform_applications(sim_->db_path(), uuid), 0);
  }

  static TestPki* pki_;
  static ClientCertificate* client_;
  static ClientCertificate* stranger_;
  static PlatformSimProcess* sim_;
};
TestPki* PlatformMtlsTest::pki_ = nullptr;
ClientCertificate* PlatformMtlsTest::client_ = nullptr;
ClientCertificate* PlatformMtlsTest::stranger_ = nullptr;
PlatformSimProcess* PlatformMtlsTest::sim_ = nullptr;

// ---- the handshake ------------------------------------------------------------------------------------

TEST_F(PlatformMtlsTest, AKioskWithItsClientCertificateIsAcknowledged) {
  PlatformClient client(config(*client_));
  auto health = client.health();
  ASSERT_TRUE(health.ok()) << health.error().message;
  EXPECT_TRUE(health->ok);

  const std::string uuid = make_uuid_v4();
  SubmitResult first = submit(client, uuid);
  EXPECT_EQ(first.outcome, Outcome::done) << first.reason;
  EXPECT_FALSE(first.acceptance_no.empty());
  EXPECT_EQ(testing::count_platform_applications(sim_->db_path(), uuid), 1);
  // Again on the same handle (the connection and its client certificate are reused): a replay.
  SubmitResult again = submit(client, uuid);
  EXPECT_EQ(again.outcome, Outcome::done) << again.reason;
  EXPECT_EQ(again.acceptance_no, first.acceptance_no);
  EXPECT_TRUE(again.replayed);
}

TEST_F(PlatformMtlsTest, TheTokenIsStillRequiredWithAClientCertificate) {
  PlatformConfig c = config(*client_);
  c.token = "not-the-token";
  PlatformClient client(c);
  const std::string uuid = make_uuid_v4();
  SubmitResult r = submit(client, uuid);
  EXPECT_EQ(r.outcome, Outcome::auth) << r.reason;
  EXPECT_EQ(r.http_status, 401);
  EXPECT_EQ(testing::count_platform_applications(sim_->db_path(), uuid), 0);
}

TEST_F(PlatformMtlsTest, WithoutAClientCertificateTheHandshakeFailsAndTheSubmissionIsRetried) {
  PlatformClient client(config({}));
  expect_refused_at_the_handshake(client);
}

TEST_F(PlatformMtlsTest, ACertificateFromAnotherCaFailsLikeNone) {
  PlatformClient client(config(*stranger_));
  expect_refused_at_the_handshake(client);
}

TEST_F(PlatformMtlsTest, AClientCertificateIsHarmlessWhereThePlatformAsksForNone) {
  // Mutual TLS is an optional layer: a kiosk set up for it still talks to a platform without it.
  PlatformSimProcess plain_tls;
  ASSERT_FALSE(
      plain_tls.start({"--tls-cert", pki_->server_cert, "--tls-key", pki_->server_key, "--log-level", "warn"}).empty())
      << plain_tls.error();
  PlatformConfig c = config(*client_);
  c.base_url = "https://127.0.0.1:" + std::to_string(plain_tls.port());
  PlatformClient client(c);
  const std::string uuid = make_uuid_v4();
  SubmitResult r = submit(client, uuid);
  EXPECT_EQ(r.outcome, Outcome::done) << r.reason;
  EXPECT_EQ(testing::count_platform_applications(plain_tls.db_path(), uuid), 1);
}

// ---- the sync engine: refused now, delivered once the certificate is there ------------------------------

TEST_F(PlatformMtlsTest, TheSyncEngineKeepsTheApplicationQueuedUntilTheCertificateIsThere) {
  TempDir dir;
  auto opened = Store::open(dir.file("kiosk.db"), dir.file("field.key"));
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  std::unique_ptr<Store> store = std::move(opened).value();
  NewApplication app = made_up_application();
  app.upload_body = testing::sample_application_body(app.uuid, kKiosk);
  ASSERT_TRUE(store->submit(app).ok());

  std::mutex mutex;
  std::condition_variable cv;
  std::vector<SyncEvent> events;
  auto on_event = [&](const SyncEvent& e) {
    {
      std::lock_guard lock(mutex);
      events.push_back(e);
    }
    cv.notify_all();
  };
  auto count = [&](SyncEvent::Kind kind) {
    return std::count_if(events.begin(), events.end(), [&](const SyncEvent& e) { return e.kind == kind; });
  };
  auto sync_config = [&](const ClientCertificate& certificate) {
    SyncConfig c;
    c.db_path = dir.file("kiosk.db");
    c.key_path = dir.file("field.key");
    c.platform = config(certificate);
    c.backoff_base_ms = 20;  // tests wait milliseconds, not minutes
    c.backoff_cap_ms = 100;
    c.offline_probe_cap_ms = 100;
    c.max_attempts = 2;  // a refused handshake is no answer from the platform: never a dead letter
    return c;
  };

  {
    SyncEngine without(sync_config({}), on_event);
    without.start();
    std::unique_lock lock(mutex);
    const bool retried = cv.wait_for(lock, 10s, [&] { return count(SyncEvent::Kind::retry_scheduled) >= 3; });
    lock.unlock();
    without.stop();
    ASSERT_TRUE(retried) << "three attempts without a client certificate";
  }
  EXPECT_EQ(count(SyncEvent::Kind::offline), 1) << "a refused handshake reads as the platform being unreachable";
  EXPECT_EQ(count(SyncEvent::Kind::dead), 0);
  EXPECT_EQ(count(SyncEvent::Kind::acknowledged), 0);
  auto pending = value_or_fail(store->outbox_entries(OutboxState::pending));
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].uuid, app.uuid);
  EXPECT_GE(pending[0].attempts, 3) << "past max_attempts, and still pending";
  EXPECT_NE(pending[0].last_error.find("transport"), std::string::npos) << pending[0].last_error;
  EXPECT_TRUE(app_or_fail(*store, app.uuid).acceptance_no.empty());
  EXPECT_EQ(testing::count_platform_applications(sim_->db_path(), app.uuid), 0);

  {
    SyncEngine with(sync_config(*client_), on_event);
    with.start();
    std::unique_lock lock(mutex);
    const bool acknowledged = cv.wait_for(lock, 10s, [&] { return count(SyncEvent::Kind::acknowledged) >= 1; });
    lock.unlock();
    with.stop();
    ASSERT_TRUE(acknowledged) << "delivered once the certificate is configured";
  }
  EXPECT_FALSE(app_or_fail(*store, app.uuid).acceptance_no.empty());
  EXPECT_EQ(testing::count_platform_applications(sim_->db_path(), app.uuid), 1);
  EXPECT_TRUE(value_or_fail(store->outbox_entries(OutboxState::pending)).empty());
}

// ---- the key and the certificate are checked before anything is sent ----------------------------------

// A loopback port that listens but never accepts: a connection attempt would show as a pending one.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  bool was_contacted() const {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST_F(PlatformMtlsTest, AKeyOthersCanReadIsRefusedBeforeAnyConnection) {
  const std::string exposed = pki_->dir + "/exposed.key";
  fs::copy_file(client_->key, exposed, fs::copy_options::overwrite_existing);
  ASSERT_EQ(::chmod(exposed.c_str(), 0644), 0);
  SilentListener listener;
  PlatformConfig c = config(*client_);
  c.client_key = exposed;
  c.base_url = listener.url();

  Status checked = check_platform_config(c);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, "platform.client_key_permissions");
  EXPECT_NE(checked.error().message.find("mode 0644"), std::string::npos) << checked.error().message;
  EXPECT_NE(checked.error().message.find("chmod 600 " + exposed), std::string::npos) << checked.error().message;

  PlatformClient client(c);
  auto health = client.health();
  ASSERT_FALSE(health.ok());
  EXPECT_EQ(health.error().code, "platform.client_key_permissions");
  const std::string uuid = make_uuid_v4();
  SubmitResult r = submit(client, uuid);
  EXPECT_EQ(r.outcome, Outcome::retry) << "kept for when the key is fixed";
  EXPECT_EQ(r.http_status, 0);
  EXPECT_EQ(r.reason.rfind("configuration: the client private key", 0), 0u) << r.reason;
  EXPECT_FALSE(listener.was_contacted()) << "the key was refused before a connection was opened";

  // Group access alone is refused too; owner-only read is enough.
  ASSERT_EQ(::chmod(exposed.c_str(), 0640), 0);
  EXPECT_EQ(code_of(check_platform_config(c)), "platform.client_key_permissions");
  ASSERT_EQ(::chmod(exposed.c_str(), 0400), 0);
  EXPECT_EQ(code_of(check_platform_config(c)), "ok");
}

TEST_F(PlatformMtlsTest, HalfAPairOrAMissingFileIsAConfigurationError) {
  SilentListener listener;
  PlatformConfig cert_only = config(*client_);
  cert_only.base_url = listener.url();
  cert_only.client_key.clear();
  Status s = check_platform_config(cert_only);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "platform.client_cert");
  EXPECT_NE(s.error().message.find("without its private key"), std::string::npos) << s.error().message;
  PlatformClient client(cert_only);
  SubmitResult r = submit(client, make_uuid_v4());
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_EQ(r.reason.rfind("configuration: ", 0), 0u) << r.reason;

  PlatformConfig key_only = config(*client_);
  key_only.client_cert.clear();
  EXPECT_EQ(code_of(check_platform_config(key_only)), "platform.client_key");

  PlatformConfig missing_key = config(*client_);
  missing_key.client_key = pki_->dir + "/absent.key";
  Status absent = check_platform_config(missing_key);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, "platform.client_key");
  EXPECT_NE(absent.error().message.find("absent.key"), std::string::npos) << absent.error().message;

  PlatformConfig folder_cert = config(*client_);
  folder_cert.client_cert = pki_->dir;  // not a regular file
  EXPECT_EQ(code_of(check_platform_config(folder_cert)), "platform.client_cert");
  EXPECT_FALSE(listener.was_contacted());
}

// ---- platform-sim's flag ------------------------------------------------------------------------------

TEST_F(PlatformMtlsTest, PlatformSimRefusesAClientCaItCannotUse) {
  PlatformSimProcess sim;
  EXPECT_TRUE(sim.start({"--tls-client-ca", pki_->ca_cert}).empty()) << "client certificates need TLS";
  EXPECT_NE(sim.log_tail().find("--tls-client-ca needs --tls-cert"), std::string::npos) << sim.log_tail();
  for (const std::string& bad : {pki_->dir + "/absent.crt", pki_->server_key}) {
    EXPECT_TRUE(
        sim.start({"--tls-cert", pki_->server_cert, "--tls-key", pki_->server_key, "--tls-client-ca", bad}).empty())
        << bad << ": never a server that demands certificates and trusts none, nor a fallback to no client check";
    EXPECT_NE(sim.log_tail().find("cannot use --tls-client-ca " + bad), std::string::npos) << sim.log_tail();
  }
}

}  // namespace
}  // namespace zhidui::offline
