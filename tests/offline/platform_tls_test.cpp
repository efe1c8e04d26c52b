// platform_tls_test.cpp — PlatformClient over HTTPS to the real platform-sim (--tls-cert/--tls-key):
// verification against a throwaway CA, hostname checks, sha256 public-key pins, and the refusal of
// plain http:// to anything but loopback. The CA and the server certificate (for IP 127.0.0.1 only)
// are made once per run with the `openssl` command in a temp folder (tests/offline/test_pki.h); nothing
// is ever disabled to make a test pass. Mutual TLS: platform_mtls_test.cpp.
#include <gtest/gtest.h>

#include "base/uuid.h"
#include "offline/platform_client.h"
#include "tests/offline/platform_sim_process.h"
#include "tests/offline/test_pki.h"

namespace zhidui::offline {
namespace {

using testing::PlatformSimProcess;
using testing::TestPki;

constexpr const char* kKiosk = "kiosk-tls-001";

class PlatformTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new TestPki();
    if (!pki_->make()) return;
    sim_ = new PlatformSimProcess();
    if (sim_->start({"--tls-cert", pki_->server_cert, "--tls-key", pki_->server_key, "--log-level", "warn"}).empty())
      pki_->error = "platform-sim did not start with TLS: " + sim_->error();
  }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
    if (pki_) pki_->remove();
    delete pki_;
    pki_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(pki_ && pki_->error.empty()) << (pki_ ? pki_->error : "no PKI"); }

  static std::string https_url(const std::string& host = "127.0.0.1") {
    return "https://" + host + ":" + std::to_string(sim_->port());
  }
  static PlatformConfig config(const std::string& url) {
    PlatformConfig c;
    c.base_url = url;
    c.kiosk_id = kKiosk;
    c.token = sim_->token();
    c.ca_file = pki_->ca_cert;
    c.connect_timeout_ms = 2000;
    c.total_timeout_ms = 5000;
    return c;
  }

  static TestPki* pki_;
  static PlatformSimProcess* sim_;
};
TestPki* PlatformTlsTest::pki_ = nullptr;
PlatformSimProcess* PlatformTlsTest::sim_ = nullptr;

TEST_F(PlatformTlsTest, TheTestCaVerifiesThePlatformAndSubmitIsDone) {
  PlatformClient client(config(https_url()));
  auto health = client.health();
  ASSERT_TRUE(health.ok()) << health.error().message;
  EXPECT_TRUE(health->ok);

  const std::string uuid = make_uuid_v4();
  SubmitResult first = client.submit_application(uuid, testing::sample_application_body(uuid, kKiosk));
  EXPECT_EQ(first.outcome, Outcome::done) << first.reason;
  EXPECT_FALSE(first.acceptance_no.empty());
  // The same handle again: the TLS connection is reused and the retry is answered as a replay.
  SubmitResult again = client.submit_application(uuid, testing::sample_application_body(uuid, kKiosk));
  EXPECT_EQ(again.outcome, Outcome::done) << again.reason;
  EXPECT_EQ(again.acceptance_no, first.acceptance_no);
  EXPECT_TRUE(again.replayed);
}

TEST_F(PlatformTlsTest, WithoutTheCaTheHandshakeFails) {
  PlatformConfig c = config(https_url());
  c.ca_file.clear();  // the system's CAs do not know the test CA
  PlatformClient client(c);
  auto health = client.health();
  ASSERT_FALSE(health.ok());
  EXPECT_EQ(health.error().code, "platform.transport");
  EXPECT_NE(health.error().message.find("certificate"), std::string::npos) << health.error().message;

  const std::string uuid = make_uuid_v4();
  SubmitResult r = client.submit_application(uuid, testing::sample_application_body(uuid, kKiosk));
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_EQ(r.http_status, 0);
  EXPECT_EQ(testing::count_platform_applications(sim_->db_path(), uuid), 0) << "nothing may pass an unverified peer";
}

TEST_F(PlatformTlsTest, AHostnameTheCertificateDoesNotNameFails) {
  // localhost reaches the same server, but the certificate names only IP 127.0.0.1.
  PlatformClient client(config(https_url("localhost")));
  auto health = client.health();
  ASSERT_FALSE(health.ok());
  EXPECT_EQ(health.error().code, "platform.transport");
  EXPECT_NE(health.error().message.find("match"), std::string::npos) << health.error().message;
}

TEST_F(PlatformTlsTest, AMatchingPinSucceedsWithOrWithoutItsPrefix) {
  for (const std::string& pin : {pki_->server_pin, "sha256//" + pki_->server_pin}) {
    PlatformConfig c = config(https_url());
    c.pinned_sha256 = {pki_->other_pin, pin};  // any one of the pins may match (key rollover)
    PlatformClient client(c);
    auto health = client.health();
    ASSERT_TRUE(health.ok()) << health.error().message;
    EXPECT_TRUE(health->ok);
  }
}

TEST_F(PlatformTlsTest, AWrongPinFailsWithATransportError) {
  PlatformConfig c = config(https_url());
  c.pinned_sha256 = {pki_->other_pin};
  PlatformClient client(c);
  auto health = client.health();
  ASSERT_FALSE(health.ok());
  EXPECT_EQ(health.error().code, "platform.transport");
  EXPECT_NE(health.error().message.find("pinned"), std::string::npos) << health.error().message;

  const std::string uuid = make_uuid_v4();
  SubmitResult r = client.submit_application(uuid, testing::sample_application_body(uuid, kKiosk));
  EXPECT_EQ(r.outcome, Outcome::retry);
  EXPECT_EQ(r.http_status, 0);
  EXPECT_NE(r.reason.find("transport"), std::string::npos) << r.reason;
  EXPECT_EQ(testing::count_platform_applications(sim_->db_path(), uuid), 0);
}

TEST_F(PlatformTlsTest, APinNeverReplacesTheCa) {
  PlatformConfig c = config(https_url());
  c.ca_file.clear();
  c.pinned_sha256 = {pki_->server_pin};
  PlatformClient client(c);
  EXPECT_FALSE(client.health().ok()) << "a matching pin must not stand in for chain verification";
}

TEST_F(PlatformTlsTest, AMalformedPinIsAConfigurationError) {
  PlatformConfig c = config(https_url());
  c.pinned_sha256 = {"not-a-pin"};
  PlatformClient client(c);
  auto health = client.health();
  ASSERT_FALSE(health.ok());
  EXPECT_EQ(health.error().code, "platform.bad_pin");
}

TEST_F(PlatformTlsTest, PlainHttpToTheTlsPortGetsNoAcknowledgement) {
  PlatformClient client(config("http://127.0.0.1:" + std::to_string(sim_->port())));
  const std::string uuid = make_uuid_v4();
  SubmitResult r = client.submit_application(uuid, testing::sample_application_body(uuid, kKiosk));
  EXPECT_NE(r.outcome, Outcome::done);
}

// ---- plain http:// only to loopback -----------------------------------------------------------------

TEST(PlatformConfigCheck, PlainHttpIsAllowedToLoopbackOnly) {
  for (const char* url : {"http://127.0.0.1:8470", "http://127.3.2.1", "http://localhost:1", "http://LOCALHOST",
                          "http://[::1]:8470", "https://platform.example.cn", "https://10.0.0.5:8443"}) {
    PlatformConfig c;
    c.base_url = url;
    EXPECT_TRUE(check_platform_config(c).ok()) << url;
  }
  for (const char* url : {"http://10.0.0.5:8470", "http://platform.example.cn", "http://localhost.example.cn",
                          "http://127.0.0.1.example.cn", "http://[::2]", "http://0.0.0.0"}) {
    PlatformConfig c;
    c.base_url = url;
    Status s = check_platform_config(c);
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_EQ(s.error().code, "platform.insecure_http") << url;
    c.allow_insecure_http = true;
    EXPECT_TRUE(check_platform_config(c).ok()) << url << " with allow_insecure_http";
  }
  for (const char* url : {"", "not a url", "ftp://127.0.0.1/", "file:///etc/passwd", "127.0.0.1:8470"}) {
    PlatformConfig c;
    c.base_url = url;
    Status s = check_platform_config(c);
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_EQ(s.error().code, "platform.bad_url") << url;
  }
}

TEST(PlatformConfigCheck, ARefusedUrlIsNeverContacted) {
  PlatformConfig c;
  c.base_url = "http://192.0.2.1:8470";  // TEST-NET-1: nothing answers there
  c.connect_timeout_ms = 200;
  PlatformClient client(c);
  auto health = client.health();
  ASSERT_FALSE(health.ok());
  EXPECT_EQ(health.error().code, "platform.insecure_http");
  EXPECT_NE(health.error().message.find("https://"), std::string::npos) << "the message says what to do";

  auto catalog = client.fetch_catalog("");
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.error().code, "platform.insecure_http");

  const std::string uuid = make_uuid_v4();
  SubmitResult r = client.submit_application(uuid, "{}");
  EXPECT_EQ(r.outcome, Outcome::retry) << "kept for when the configuration is fixed";
  EXPECT_EQ(r.http_status, 0);
  EXPECT_NE(r.reason.find("configuration"), std::string::npos) << r.reason;

  c.allow_insecure_http = true;
  PlatformClient lab_client(c);
  auto lab = lab_client.health();
  ASSERT_FALSE(lab.ok());
  EXPECT_EQ(lab.error().code, "platform.transport") << "allowed, so it was tried (and nothing answered)";
}

TEST(PlatformSimTls, ACertificateWithoutItsKeyIsAUsageError) {
  PlatformSimProcess sim;
  EXPECT_TRUE(sim.start({"--tls-cert", "/nonexistent.crt"}).empty());
  EXPECT_NE(sim.error().find("status"), std::string::npos) << sim.error();
  EXPECT_TRUE(sim.start({"--tls-cert", "/nonexistent.crt", "--tls-key", "/nonexistent.key"}).empty())
      << "an unreadable certificate must stop the start, not fall back to plain HTTP";
}

}  // namespace
}  // namespace zhidui::offline
