// platform_lookup_test.cpp — the enterprise path and 进度查询 end to end: PlatformClient against the real
// platform-sim and its demo register (tools/platform-sim/enterprises.cpp): lookup by USCC, the legal
// representative check with the personas' ID numbers, progress by person and by receipt with the
// timeline the admin endpoint builds, and the register's USCCs checked with GB 32100's rule.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/uuid.h"
#include "offline/platform_client.h"
#include "tests/offline/platform_sim_process.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;
using testing::PlatformSimProcess;

constexpr const char* kKiosk = "kiosk-lookup-01";
// The demo register (docs/platform-api.md, "Demo enterprises").
constexpr const char* kYueluUscc = "91430104MA4L1A2B39";   // 张伟 is legal representative
constexpr const char* kXiangtanUscc = "91430302MA4P5C6D71";  // 李秀英
constexpr const char* kFuronUscc = "91430102MA4Q8E9F0C";    // 刘建国 (no persona): 张伟 is 经办人 at most
constexpr const char* kClosedUscc = "91430211MA4M7K8L9J";   // 注销
constexpr const char* kZhangWei = "430104199003070138";     // personas.cpp: with_check("43010419900307013")
constexpr const char* kLiXiuying = "430302196204150243";    // with_check("43030219620415024")

// GB 32100-2015 written out independently of the simulator's and the kiosk's code: weights 3^i mod 31,
// check = 31 - sum mod 31, 31 → '0'.
char uscc_check(std::string_view first17) {
  constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += int(kCharset.find(first17[i])) * kWeights[i];
  return kCharset[size_t((31 - sum % 31) % 31)];
}

// GB 11643-1999.
char id_check(std::string_view first17) {
  constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

TEST(DemoRegister, UsccsAndLegalRepresentativeIdNumbersCarryValidCheckCharacters) {
  for (std::string_view uscc : {kYueluUscc, kXiangtanUscc, kFuronUscc, kClosedUscc})
    EXPECT_EQ(uscc_check(uscc.substr(0, 17)), uscc[17]) << uscc;
  for (std::string_view id : {kZhangWei, kLiXiuying}) EXPECT_EQ(id_check(id.substr(0, 17)), id[17]) << id;
}

class PlatformLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(PlatformSimProcess::binary())) GTEST_SKIP() << "platform-sim not built";
    url_ = sim_.start({"--log-level", "warn"});
    ASSERT_FALSE(url_.empty()) << sim_.error();
    PlatformConfig c;
    c.base_url = url_;
    c.kiosk_id = kKiosk;
    c.token = sim_.token();
    c.total_timeout_ms = 5000;
    client_ = std::make_unique<PlatformClient>(c);
  }
  // Submits an application of `id_number` straight to the platform; returns {uuid, acceptance_no}.
  std::pair<std::string, std::string> submit(const std::string& id_number, const std::string& title) {
    const std::string uuid = make_uuid_v4();
    nlohmann::json body = nlohmann::json::parse(testing::sample_application_body(uuid, kKiosk, "cs-rlzy-ycxcybt",
                                                                                 "张伟", id_number));
    body["policy_title"] = title;
    SubmitResult r = client_->submit_application(uuid, body.dump());
    EXPECT_EQ(r.outcome, Outcome::done) << r.reason;
    return {uuid, r.acceptance_no};
  }
  testing::HttpReply advance(const std::string& uuid, const std::string& note) {
    return testing::http_request("POST", url_ + "/admin/applications/advance",
                                 {"Authorization: Bearer " + sim_.token(), "Content-Type: application/json"},
                                 nlohmann::json{{"uuid", uuid}, {"note", note}}.dump());
  }
  PlatformSimProcess sim_;
  std::string url_;
  std::unique_ptr<PlatformClient> client_;
};

TEST_F(PlatformLookupTest, EnterpriseRecordWithMaskedLegalRepresentative) {
  auto e = client_->lookup_enterprise(kYueluUscc);
  ASSERT_TRUE(e.ok()) << e.error().code << ": " << e.error().message;
  EXPECT_EQ(e->name, "长沙岳麓山智造科技有限公司");
  EXPECT_EQ(e->legal_rep_name, "张伟");
  EXPECT_EQ(e->legal_rep_id_masked, "4301**********0138");
  EXPECT_EQ(e->region_code, "430104");
  EXPECT_EQ(e->status, EnterpriseStatus::active);
  EXPECT_FALSE(e->type.empty());

  auto closed = client_->lookup_enterprise(kClosedUscc);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, EnterpriseStatus::deregistered);
}

TEST_F(PlatformLookupTest, UnknownMalformedAndUnauthorisedLookups) {
  // A valid code nobody registered.
  std::string unknown = "91430104MA4L1A2B4";
  unknown += uscc_check(unknown);
  auto missing = client_->lookup_enterprise(unknown);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "platform.not_found");
  // Right shape, wrong check character: the platform's 400.
  auto bad_check = client_->lookup_enterprise("91430104MA4L1A2B38");
  ASSERT_FALSE(bad_check.ok());
  EXPECT_EQ(bad_check.error().code, "platform.bad_request");
  // Wrong shape: refused before anything is sent (it would go into the URL).
  EXPECT_EQ(client_->lookup_enterprise("91430104MA4L1A2B3/../x").error().code, "platform.bad_request");
  PlatformConfig wrong = client_->config();
  wrong.token = "not-the-token";
  EXPECT_EQ(PlatformClient(wrong).lookup_enterprise(kYueluUscc).error().code, "platform.auth");
}

TEST_F(PlatformLookupTest, RepresentativeCheckAnswersForTheCardRead) {
  EXPECT_TRUE(client_->check_representative(kYueluUscc, kZhangWei).value());
  EXPECT_TRUE(client_->check_representative(kXiangtanUscc, kLiXiuying).value());
  EXPECT_FALSE(client_->check_representative(kFuronUscc, kZhangWei).value()) << "张伟 is 经办人 there";
  EXPECT_FALSE(client_->check_representative(kYueluUscc, kLiXiuying).value());
  EXPECT_EQ(client_->check_representative(kYueluUscc, "4301041990").error().code, "platform.bad_request");
}

TEST_F(PlatformLookupTest, RepeatedMissesAreRateLimitedPerKioskAndEnterprise) {
  // Someone trying ID numbers against an enterprise from a kiosk: five misses within a minute, then 429.
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(client_->check_representative(kFuronUscc, kZhangWei).value());
  auto blocked = client_->check_representative(kFuronUscc, kZhangWei);
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code, "platform.rate_limited");
  EXPECT_TRUE(client_->check_representative(kYueluUscc, kZhangWei).value()) << "another enterprise is not blocked";
  PlatformConfig other = client_->config();
  other.kiosk_id = "kiosk-lookup-02";
  EXPECT_FALSE(PlatformClient(other).check_representative(kFuronUscc, kZhangWei).value()) << "nor another kiosk";
}

TEST_F(PlatformLookupTest, ProgressByPersonAndByReceiptWithTimeline) {
  auto [first_uuid, first_no] = submit(kZhangWei, "长沙市一次性创业补贴");
  auto [second_uuid, second_no] = submit(kZhangWei, "长沙市创业担保贷款贴息");
  submit(kLiXiuying, "湘潭市高龄津贴");
  ASSERT_EQ(advance(first_uuid, "材料齐全，进入联审").status, 200);
  ASSERT_EQ(advance(first_uuid, "").status, 200);

  auto mine = client_->query_progress_by_person(kZhangWei);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  ASSERT_EQ(mine->size(), 2u) << "only this person's applications";
  EXPECT_EQ((*mine)[0].uuid, second_uuid) << "newest first";
  const ApplicationProgress& first = (*mine)[1];
  EXPECT_EQ(first.acceptance_no, first_no);
  EXPECT_EQ(first.policy_title, "长沙市一次性创业补贴");
  EXPECT_EQ(first.status, "approved");
  ASSERT_EQ(first.timeline.size(), 3u);
  EXPECT_EQ(first.timeline[0].status, "accepted");
  EXPECT_EQ(first.timeline[1].status, "joint_review");
  EXPECT_EQ(first.timeline[1].note, "材料齐全，进入联审");
  EXPECT_EQ(first.timeline[2].status, "approved");

  auto nobody = client_->query_progress_by_person("43080220010612046" + std::string(1, id_check("43080220010612046")));
  ASSERT_TRUE(nobody.ok());
  EXPECT_TRUE(nobody->empty());

  auto receipt = client_->query_progress_by_receipt(first_uuid, first_no);
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  EXPECT_EQ(receipt->status, "approved");
  EXPECT_EQ(receipt->timeline.size(), 3u);
  // Both must match: the uuid with another application's number is unknown.
  auto mixed = client_->query_progress_by_receipt(first_uuid, second_no);
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, "platform.not_found");
  EXPECT_EQ(client_->query_progress_by_receipt("not-a-uuid", first_no).error().code, "platform.bad_request");
}

TEST_F(PlatformLookupTest, TheIdNumberNeverAppearsInTheSimulatorsLog) {
  // Again with every log line the simulator can write.
  ASSERT_EQ(sim_.stop(), 0);
  url_ = sim_.start({"--log-level", "debug"});
  ASSERT_FALSE(url_.empty()) << sim_.error();
  PlatformConfig c = client_->config();
  c.base_url = url_;
  client_ = std::make_unique<PlatformClient>(c);
  submit(kZhangWei, "长沙市一次性创业补贴");
  ASSERT_TRUE(client_->query_progress_by_person(kZhangWei).ok());
  ASSERT_TRUE(client_->check_representative(kYueluUscc, kZhangWei).ok());
  ASSERT_TRUE(client_->lookup_enterprise(kYueluUscc).ok());
  EXPECT_EQ(sim_.stop(), 0);
  EXPECT_EQ(sim_.log_tail(1 << 20).find(kZhangWei), std::string::npos);
}

}  // namespace
}  // namespace zhidui::offline
