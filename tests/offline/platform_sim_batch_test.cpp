// platform_sim_batch_test.cpp — POST /api/v1/applications/batch on platform-sim, by hand-made requests:
// per-item answers equal to the single endpoint's (new, replayed, refused), all or nothing per item,
// a key twice in one batch, and an application first sent alone then in a batch being one request.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "base/uuid.h"
#include "tests/offline/platform_sim_process.h"

namespace zhidui::testing {
namespace {

constexpr const char* kKiosk = "k-batch";

class PlatformSimBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(PlatformSimProcess::binary())) GTEST_SKIP() << "platform-sim not built";
    ASSERT_FALSE(sim_.start({"--log-level", "warn"}).empty()) << sim_.error();
  }
  std::vector<std::string> headers() const {
    return {"Authorization: Bearer " + sim_.token(), "X-Kiosk-Id: " + std::string(kKiosk),
            "Content-Type: application/json"};
  }
  HttpReply batch(const nlohmann::json& items) {
    return http_request("POST", sim_.base_url() + "/api/v1/applications/batch", headers(),
                        nlohmann::json{{"items", items}}.dump());
  }
  HttpReply single(const std::string& uuid, const std::string& body) {
    auto h = headers();
    h.push_back("Idempotency-Key: " + uuid);
    return http_request("POST", sim_.base_url() + "/api/v1/applications", h, body);
  }
  PlatformSimProcess sim_;
};

TEST_F(PlatformSimBatchTest, EachItemIsAnsweredLikeTheSingleEndpoint) {
  const std::string a = make_uuid_v4(), b = make_uuid_v4(), c = make_uuid_v4();
  const std::string body_a = sample_application_body(a, kKiosk), body_c = sample_application_body(c, kKiosk);
  auto reply = batch({{{"key", a}, {"body", body_a}},
                      {{"key", a}, {"body", body_a}},
                      {{"key", b}, {"body", R"({"uuid":")" + b + R"("})"}},
                      {{"key", "not-a-key"}, {"body", "{}"}},
                      {{"key", c}, {"body", body_c}}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto results = nlohmann::json::parse(reply.body)["results"];
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0]["status"], 201);
  EXPECT_EQ(results[0]["outcome"], "accepted");
  EXPECT_EQ(results[1]["status"], 409) << "the same key twice in one batch";
  EXPECT_EQ(results[2]["status"], 422);
  EXPECT_EQ(results[2]["response"]["error"], "missing_field");
  EXPECT_EQ(results[3]["status"], 400);
  EXPECT_EQ(results[4]["status"], 201);
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 2) << "the refused items left nothing";

  // The same application alone afterwards is a replay with the batch's acceptance number.
  auto again = single(a, body_a);
  EXPECT_EQ(again.status, 201);
  EXPECT_TRUE(again.has_header("Idempotent-Replayed: true"));
  EXPECT_EQ(nlohmann::json::parse(again.body)["acceptance_no"], results[0]["response"]["acceptance_no"]);
  // And in a batch again, with other bytes: the key was used with another body.
  auto reused = batch({{{"key", a}, {"body", body_a + " "}}});
  EXPECT_EQ(nlohmann::json::parse(reused.body)["results"][0]["status"], 422);
}

TEST_F(PlatformSimBatchTest, AnApplicationFirstSentAloneIsADuplicateInABatch) {
  const std::string a = make_uuid_v4();
  const std::string body = sample_application_body(a, kKiosk);
  auto first = single(a, body);
  ASSERT_EQ(first.status, 201);
  auto reply = batch({{{"key", a}, {"body", body}}});
  ASSERT_EQ(reply.status, 200);
  auto result = nlohmann::json::parse(reply.body)["results"][0];
  EXPECT_EQ(result["outcome"], "duplicate");
  EXPECT_EQ(result["replayed"], true);
  EXPECT_EQ(result["response"]["acceptance_no"], nlohmann::json::parse(first.body)["acceptance_no"]);
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 1);
}

TEST_F(PlatformSimBatchTest, BatchLevelErrors) {
  EXPECT_EQ(batch(nlohmann::json::array()).status, 422);
  nlohmann::json too_many = nlohmann::json::array();
  for (int i = 0; i < 101; ++i) too_many.push_back({{"key", make_uuid_v4()}, {"body", "{}"}});
  EXPECT_EQ(batch(too_many).status, 422);
  auto unauthorised = http_request("POST", sim_.base_url() + "/api/v1/applications/batch",
                                   {"X-Kiosk-Id: k", "Content-Type: application/json"}, R"({"items":[]})");
  EXPECT_EQ(unauthorised.status, 401);
  auto not_json = http_request("POST", sim_.base_url() + "/api/v1/applications/batch", headers(), "{items");
  EXPECT_EQ(not_json.status, 400);
}

TEST_F(PlatformSimBatchTest, ADropAfterCommitLosesTheAnswerNotTheApplications) {
  ASSERT_EQ(sim_.set_faults({"drop_after_commit:first=1"}).status, 200);
  const std::string a = make_uuid_v4(), b = make_uuid_v4();
  nlohmann::json items = {{{"key", a}, {"body", sample_application_body(a, kKiosk)}},
                          {{"key", b}, {"body", sample_application_body(b, kKiosk)}}};
  auto lost = batch(items);
  EXPECT_EQ(lost.curl_code, 18) << "headers, then the connection closed before the body";
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 2);
  auto retried = batch(items);
  ASSERT_EQ(retried.status, 200);
  auto results = nlohmann::json::parse(retried.body)["results"];
  EXPECT_EQ(results[0]["outcome"], "duplicate");
  EXPECT_EQ(results[1]["outcome"], "duplicate");
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 2);
}

}  // namespace
}  // namespace zhidui::testing
