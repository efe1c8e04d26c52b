// platform_lookup_parse_test.cpp — the readers of the enterprise, representative, progress and batch
// answers (offline/platform_response.h) on well-formed, malformed and lying answers: a platform (or
// something in between) that names another enterprise or application than asked, sends the legal
// representative's ID number in full, says "yes" in a form that is not a JSON true, or acknowledges
// items that were never sent.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "offline/platform_response.h"

namespace zhidui::offline {
namespace {

constexpr const char* kUscc = "91430104MA4L1A2B39";
constexpr const char* kUuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
constexpr const char* kOtherUuid = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

std::string enterprise_body(const std::string& uscc = kUscc, const std::string& masked = "4301**********0138") {
  return R"({"uscc":")" + uscc +
         R"(","name":"长沙岳麓山智造科技有限公司","type":"有限责任公司（自然人独资）","status":"active",)"
         R"("status_text":"存续","region_code":"430104","registered_at":"2019-03-12",)"
         R"("legal_representative":{"name":"张伟","id_number_masked":")" + masked + R"("}})";
}

std::string progress_item(const std::string& uuid = kUuid, const std::string& no = "HN20261125000001",
                          const std::string& status = "joint_review") {
  return R"({"uuid":")" + uuid + R"(","acceptance_no":")" + no +
         R"(","policy_id":"cs-rlzy-ycxcybt","policy_title":"长沙市一次性创业补贴","submitted_at":"2026-11-25T01:00:00Z",)"
         R"("status":")" + status +
         R"(","timeline":[{"status":"accepted","at":"2026-11-25T01:00:01Z","note":""},)"
         R"({"status":"joint_review","at":"2026-11-25T02:00:00Z","note":"材料齐全，进入联审"}]})";
}

TEST(EnterpriseAnswer, ReadsTheRecord) {
  auto e = read_enterprise_answer(enterprise_body(), kUscc);
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->name, "长沙岳麓山智造科技有限公司");
  EXPECT_EQ(e->status, EnterpriseStatus::active);
  EXPECT_EQ(e->region_code, "430104");
  EXPECT_EQ(e->legal_rep_name, "张伟");
  EXPECT_EQ(e->legal_rep_id_masked, "4301**********0138");
  EXPECT_EQ(e->type, "有限责任公司（自然人独资）");
}

TEST(EnterpriseAnswer, DeregisteredAndUnknownStatusesAreKept) {
  std::string body = enterprise_body();
  body.replace(body.find("\"active\""), 8, "\"deregistered\"");
  EXPECT_EQ(read_enterprise_answer(body, kUscc)->status, EnterpriseStatus::deregistered);
  body.replace(body.find("\"deregistered\""), 14, "\"liquidating\"");
  auto e = read_enterprise_answer(body, kUscc);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->status, EnterpriseStatus::other);
  EXPECT_EQ(e->status_code, "liquidating");
}

TEST(EnterpriseAnswer, AnotherEnterpriseThanAskedIsRefused) {
  auto e = read_enterprise_answer(enterprise_body("91430302MA4P5C6D71"), kUscc);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "platform.bad_answer");
}

TEST(EnterpriseAnswer, AFullIdNumberFromThePlatformIsMaskedHere) {
  auto e = read_enterprise_answer(enterprise_body(kUscc, "430104199003070138"), kUscc);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->legal_rep_id_masked.find("19900307"), std::string::npos) << e->legal_rep_id_masked;
  EXPECT_NE(e->legal_rep_id_masked.find('*'), std::string::npos);
}

TEST(EnterpriseAnswer, MalformedRecordsAreRefused) {
  for (const std::string& body : std::vector<std::string>{
           "", "null", "[]", R"({"uscc":"91430104MA4L1A2B39"})",
           R"({"uscc":"91430104MA4L1A2B39","name":"","status":"active","region_code":"430104","legal_representative":{"name":"张伟"}})",
           R"({"uscc":"91430104MA4L1A2B39","name":"X","status":"active","region_code":"4301","legal_representative":{"name":"张伟"}})",
           R"({"uscc":"91430104MA4L1A2B39","name":"X","status":"Active!","region_code":"430104","legal_representative":{"name":"张伟"}})",
           R"({"uscc":"91430104MA4L1A2B39","name":"X\u0007","status":"active","region_code":"430104","legal_representative":{"name":"张伟"}})",
           R"({"uscc":"91430104MA4L1A2B39","name":"X","status":"active","region_code":"430104"})",
       }) {
    auto e = read_enterprise_answer(body, kUscc);
    EXPECT_FALSE(e.ok()) << body;
    if (!e.ok()) {
      EXPECT_EQ(e.error().code, "platform.bad_answer");
    }
  }
}

TEST(RepresentativeAnswer, OnlyAJsonTrueIsYes) {
  EXPECT_TRUE(read_representative_answer(R"({"uscc":"91430104MA4L1A2B39","is_legal_representative":true})", kUscc).value());
  EXPECT_FALSE(read_representative_answer(R"({"is_legal_representative":false})", kUscc).value());
  for (const char* body : {R"({"is_legal_representative":"true"})", R"({"is_legal_representative":1})",
                           R"({"is_legal_representative":null})", R"({})", "true", "",
                           R"({"uscc":"91430302MA4P5C6D71","is_legal_representative":true})",
                           R"({"uscc":7,"is_legal_representative":true})"}) {
    auto r = read_representative_answer(body, kUscc);
    EXPECT_FALSE(r.ok()) << body;
  }
}

TEST(ProgressAnswer, ReadsTheListWithTimelines) {
  auto list = read_progress_list(R"({"applications":[)" + progress_item() + "," +
                                 progress_item(kOtherUuid, "HN20261125000002", "accepted") + "]}");
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].policy_title, "长沙市一次性创业补贴");
  ASSERT_EQ((*list)[0].timeline.size(), 2u);
  EXPECT_EQ((*list)[0].timeline[1].note, "材料齐全，进入联审");
  EXPECT_EQ((*list)[1].status, "accepted");
  auto empty = read_progress_list(R"({"applications":[]})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ProgressAnswer, OneBadApplicationRefusesTheWholeAnswer) {
  std::string bad_uuid = progress_item("not-a-uuid");
  std::string bad_status = progress_item(kUuid, "HN1", "Joint Review");
  std::string bad_no = progress_item(kUuid, "");
  std::string bad_step = progress_item();
  bad_step.replace(bad_step.find(R"("status":"accepted")"), 19, R"("status":"ACCEPTED")");
  for (const std::string& item : {bad_uuid, bad_status, bad_no, bad_step}) {
    auto list = read_progress_list(R"({"applications":[)" + progress_item() + "," + item + "]}");
    EXPECT_FALSE(list.ok()) << item;
  }
  for (const char* body : {"", "[]", R"({"applications":{}})", R"({"applications":[1]})"})
    EXPECT_FALSE(read_progress_list(body).ok()) << body;
}

TEST(ProgressAnswer, TheReceiptAnswerMustBeTheApplicationAsked) {
  EXPECT_TRUE(read_progress_item(progress_item(), kUuid, "HN20261125000001").ok());
  auto other = read_progress_item(progress_item(kOtherUuid), kUuid, "HN20261125000001");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "platform.bad_answer");
  EXPECT_FALSE(read_progress_item(progress_item(), kUuid, "HN20261125000009").ok());
}

TEST(LookupErrors, StatusesMapToStableCodes) {
  EXPECT_EQ(lookup_http_error(404, R"({"error":"not_found","message":"no enterprise"})").code, "platform.not_found");
  EXPECT_EQ(lookup_http_error(400, "").code, "platform.bad_request");
  EXPECT_EQ(lookup_http_error(422, "").code, "platform.bad_request");
  EXPECT_EQ(lookup_http_error(401, "").code, "platform.auth");
  EXPECT_EQ(lookup_http_error(429, "").code, "platform.rate_limited");
  EXPECT_EQ(lookup_http_error(503, "").code, "platform.http");
}

TEST(Shapes, UsccAndIdNumber) {
  EXPECT_TRUE(is_uscc_shape(kUscc));
  EXPECT_FALSE(is_uscc_shape("91430104MA4L1A2B3"));
  EXPECT_FALSE(is_uscc_shape("91430104MA4L1A2BI9")) << "I is not in the code's alphabet";
  EXPECT_FALSE(is_uscc_shape("91430104ma4l1a2b39"));
  EXPECT_FALSE(is_uscc_shape("91430104MA4L1A2B3/"));
  EXPECT_TRUE(is_id_number_shape("43030219620415024X"));
  EXPECT_FALSE(is_id_number_shape("43030219620415024x"));
  EXPECT_FALSE(is_id_number_shape("4303021962041502"));
}

// ---- batch -------------------------------------------------------------------------------------------

std::string accepted_item(const std::string& key, const std::string& no, bool replayed = false) {
  return R"({"key":")" + key + R"(","status":201,"outcome":")" + (replayed ? "duplicate" : "accepted") +
         R"(","replayed":)" + (replayed ? "true" : "false") + R"(,"response":{"acceptance_no":")" + no +
         R"(","status":"accepted","uuid":")" + key + R"("}})";
}

TEST(BatchAnswer, EachItemIsClassifiedLikeASingleUpload) {
  const std::string third = "3b241101-e2bb-4255-8caf-4136c566a962";
  const std::string body = R"({"results":[)" + accepted_item(kUuid, "HN1") + "," +
                           accepted_item(kOtherUuid, "HN2", true) + R"(,{"key":")" + third +
                           R"(","status":422,"outcome":"rejected","response":{"error":"missing_field","message":"missing field 'form'"}}]})";
  auto results = read_batch_answer(body, {kUuid, kOtherUuid, third});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].outcome, Outcome::done);
  EXPECT_EQ(results[0].acceptance_no, "HN1");
  EXPECT_FALSE(results[0].replayed);
  EXPECT_EQ(results[1].outcome, Outcome::done);
  EXPECT_TRUE(results[1].replayed);
  EXPECT_EQ(results[2].outcome, Outcome::quarantine);
  EXPECT_NE(results[2].reason.find("missing_field"), std::string::npos);
}

TEST(BatchAnswer, ResultsInAnotherOrderStillMatchByKey) {
  auto results = read_batch_answer(R"({"results":[)" + accepted_item(kOtherUuid, "HN2") + "," +
                                       accepted_item(kUuid, "HN1") + "]}",
                                   {kUuid, kOtherUuid});
  EXPECT_EQ(results[0].acceptance_no, "HN1");
  EXPECT_EQ(results[1].acceptance_no, "HN2");
}

TEST(BatchAnswer, ALyingOrBrokenAnswerAcknowledgesNothingItDoesNotAccountFor) {
  const std::vector<std::string> keys = {kUuid, kOtherUuid};
  // Results for keys never sent, a key twice, an acceptance without a number, a 2xx item status of
  // another kind, garbage.
  const std::string stranger = accepted_item("3b241101-e2bb-4255-8caf-4136c566a962", "HN9");
  for (const std::string& body : std::vector<std::string>{
           R"({"results":[)" + stranger + "]}",
           R"({"results":[)" + accepted_item(kUuid, "HN1") + "," + accepted_item(kUuid, "HN3") + "]}",
           R"({"results":[{"key":")" + std::string(kUuid) + R"(","status":201,"response":{"status":"accepted"}}]})",
           R"({"results":[{"key":")" + std::string(kUuid) + R"(","status":"201","response":{"acceptance_no":"HN1"}}]})",
           R"({"results":[{"key":")" + std::string(kUuid) + R"(","status":201}]})",
           R"({"results":[{"key":")" + std::string(kUuid) + R"(","status":2010,"response":{"acceptance_no":"HN1"}}]})",
           R"({"results":{}})", "", "[]", "<html>502</html>"}) {
    auto results = read_batch_answer(body, keys);
    ASSERT_EQ(results.size(), keys.size());
    EXPECT_NE(results[0].outcome, Outcome::done) << body;
    EXPECT_NE(results[1].outcome, Outcome::done) << body;
    EXPECT_TRUE(results[0].acceptance_no.empty());
  }
}

}  // namespace
}  // namespace zhidui::offline
