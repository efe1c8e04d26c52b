// platform_sim_test.cpp — the reference platform (tools/platform-sim) over raw HTTP: the contract of
// docs/platform-api.md as seen by any client, including the injected faults and the one-row-per-uuid
// invariant, checked through /admin and directly in its SQLite file.
#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "base/uuid.h"
#include "tests/offline/platform_sim_process.h"

namespace zhidui::testing {
namespace {

using nlohmann::json;

constexpr const char* kKiosk = "kiosk-cs-001";

class PlatformSimTest : public ::testing::Test {
 protected:
  std::string start(const std::vector<std::string>& args = {}) {
    url_ = sim_.start(args);
    EXPECT_FALSE(url_.empty()) << sim_.error();
    return url_;
  }
  HttpReply post(const std::string& key, const std::string& body, const std::string& token = "dev-token",
                 const std::string& kiosk = kKiosk) {
    std::vector<std::string> headers = {"Content-Type: application/json", "X-Kiosk-Id: " + kiosk};
    if (!token.empty()) headers.push_back("Authorization: Bearer " + token);
    if (!key.empty()) headers.push_back("Idempotency-Key: " + key);
    return http_request("POST", url_ + "/api/v1/applications", headers, body);
  }
  json admin_applications() {
    HttpReply r = sim_.admin_get("/admin/applications");
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body, nullptr, false);
  }
  static std::string error_code(const HttpReply& r) {
    json doc = json::parse(r.body, nullptr, false);
    return doc.is_object() ? doc.value("error", std::string()) : std::string();
  }

  PlatformSimProcess sim_;
  std::string url_;
};

TEST_F(PlatformSimTest, HealthNeedsNoToken) {
  ASSERT_FALSE(start().empty());
  HttpReply r = http_request("GET", url_ + "/api/v1/health");
  ASSERT_EQ(r.status, 200) << r.body;
  json doc = json::parse(r.body);
  EXPECT_EQ(doc["status"], "ok");
  EXPECT_FALSE(doc["version"].get<std::string>().empty());
  EXPECT_FALSE(doc["time"].get<std::string>().empty());
}

TEST_F(PlatformSimTest, SubmitCreatesOneApplicationAndReplaysTheSameResponse) {
  ASSERT_FALSE(start().empty());
  const std::string key = make_uuid_v4(), body = sample_application_body(key, kKiosk);

  HttpReply first = post(key, body);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_FALSE(first.has_header("Idempotent-Replayed: true"));
  json created = json::parse(first.body);
  const std::string acceptance_no = created["acceptance_no"];
  EXPECT_TRUE(std::regex_match(acceptance_no, std::regex("HN[0-9]{8}[0-9]{6}"))) << acceptance_no;
  EXPECT_EQ(created["status"], "accepted");
  EXPECT_EQ(created["uuid"], key);

  HttpReply again = post(key, body);
  ASSERT_EQ(again.status, 201) << "a replay repeats the original status";
  EXPECT_TRUE(again.has_header("Idempotent-Replayed: true")) << again.headers;
  EXPECT_EQ(again.body, first.body) << "a replay is byte-identical";

  json list = admin_applications();
  ASSERT_EQ(list["count"], 1);
  EXPECT_EQ(list["applications"][0]["uuid"], key);
  EXPECT_EQ(list["applications"][0]["acceptance_no"], acceptance_no);
  EXPECT_EQ(list["applications"][0]["kiosk_id"], kKiosk);
  EXPECT_EQ(list["applications"][0]["applicant"]["id_number"], "430102199001011234");
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 1);

  json stats = json::parse(sim_.admin_get("/admin/stats").body);
  EXPECT_EQ(stats["applications"], 1);
  EXPECT_EQ(stats["idempotency_records"], 1);
  EXPECT_EQ(stats["requests"]["created"], 1);
  EXPECT_EQ(stats["requests"]["replayed"], 1);
}

TEST_F(PlatformSimTest, AcceptanceNumbersAreUnique) {
  ASSERT_FALSE(start().empty());
  std::set<std::string> numbers;
  for (int i = 0; i < 20; ++i) {
    std::string key = make_uuid_v4();
    HttpReply r = post(key, sample_application_body(key, kKiosk));
    ASSERT_EQ(r.status, 201) << r.body;
    numbers.insert(json::parse(r.body)["acceptance_no"].get<std::string>());
  }
  EXPECT_EQ(numbers.size(), 20u);
}

TEST_F(PlatformSimTest, SameKeyWithAnotherBodyIsRefused) {
  ASSERT_FALSE(start().empty());
  const std::string key = make_uuid_v4();
  ASSERT_EQ(post(key, sample_application_body(key, kKiosk)).status, 201);
  HttpReply reused = post(key, sample_application_body(key, kKiosk, "another-policy"));
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(error_code(reused), "idempotency_key_reused");
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 1);
}

TEST_F(PlatformSimTest, WrongOrMissingTokenIs401) {
  ASSERT_FALSE(start({"--token", "kiosk-secret"}).empty());
  const std::string key = make_uuid_v4(), body = sample_application_body(key, kKiosk);
  EXPECT_EQ(post(key, body, "dev-token").status, 401);
  EXPECT_EQ(post(key, body, "").status, 401);
  EXPECT_EQ(http_request("GET", url_ + "/admin/applications").status, 401) << "admin needs the token too";
  EXPECT_EQ(post(key, body, "kiosk-secret").status, 201);
}

TEST_F(PlatformSimTest, MalformedRequestsAreRefusedPreciselyAndStoreNothing) {
  ASSERT_FALSE(start().empty());
  const std::string key = make_uuid_v4(), body = sample_application_body(key, kKiosk);

  HttpReply no_key = post("", body);
  EXPECT_EQ(no_key.status, 400);
  EXPECT_EQ(error_code(no_key), "missing_idempotency_key");

  HttpReply bad_key = post("not-a-uuid", body);
  EXPECT_EQ(bad_key.status, 400);
  EXPECT_EQ(error_code(bad_key), "malformed_idempotency_key");

  HttpReply mismatch = post(make_uuid_v4(), body);
  EXPECT_EQ(mismatch.status, 422);
  EXPECT_EQ(error_code(mismatch), "uuid_mismatch");

  HttpReply not_json = post(key, "{\"uuid\": ");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(error_code(not_json), "invalid_json");

  json missing = json::parse(body);
  missing["applicant"].erase("id_number");
  HttpReply missing_field = post(key, missing.dump());
  EXPECT_EQ(missing_field.status, 422);
  EXPECT_EQ(error_code(missing_field), "missing_field");
  EXPECT_NE(missing_field.body.find("applicant.id_number"), std::string::npos) << missing_field.body;

  HttpReply bad_id = post(key, sample_application_body(key, kKiosk, "p", "测试", "12345"));
  EXPECT_EQ(bad_id.status, 422);
  EXPECT_EQ(bad_id.body.find("12345"), std::string::npos) << "errors never echo personal values";

  HttpReply other_kiosk = post(key, body, "dev-token", "kiosk-elsewhere");
  EXPECT_EQ(other_kiosk.status, 422);
  EXPECT_EQ(error_code(other_kiosk), "kiosk_id_mismatch");

  EXPECT_EQ(count_platform_applications(sim_.db_path()), 0);
  // Refusals leave no idempotency record: the corrected body is accepted under the same key.
  EXPECT_EQ(post(key, body).status, 201);
}

TEST_F(PlatformSimTest, SecondRequestWhileTheFirstIsInFlightGets409) {
  ASSERT_FALSE(start({"--fault", "delay_ms:first=1,min=1000,max=1000"}).empty());
  const std::string key = make_uuid_v4(), body = sample_application_body(key, kKiosk);
  auto slow = std::async(std::launch::async, [&] { return post(key, body); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  HttpReply racing = post(key, body);
  EXPECT_EQ(racing.status, 409) << racing.body;
  EXPECT_EQ(error_code(racing), "request_in_progress");
  EXPECT_EQ(slow.get().status, 201);
  EXPECT_EQ(post(key, body).status, 201) << "once the first finished, the retry is a replay";
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 1);
}

TEST_F(PlatformSimTest, DropAfterCommitCommitsThenClosesBeforeTheBody) {
  ASSERT_FALSE(start({"--fault", "drop_after_commit:first=1"}).empty());
  const std::string key = make_uuid_v4(), body = sample_application_body(key, kKiosk);
  HttpReply dropped = post(key, body);
  EXPECT_EQ(dropped.curl_code, CURLE_PARTIAL_FILE) << "headers promised a body that never came";
  EXPECT_EQ(dropped.status, 201);
  EXPECT_TRUE(dropped.body.empty());
  EXPECT_EQ(count_platform_applications(sim_.db_path(), key), 1) << "committed before the response was lost";

  HttpReply retry = post(key, body);
  ASSERT_EQ(retry.status, 201);
  EXPECT_TRUE(retry.has_header("Idempotent-Replayed: true"));
  EXPECT_EQ(json::parse(retry.body)["acceptance_no"], admin_applications()["applications"][0]["acceptance_no"]);
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 1);
}

TEST_F(PlatformSimTest, ResetClosesWithoutAnsweringAndStoresNothing) {
  ASSERT_FALSE(start({"--fault", "reset:first=1"}).empty());
  const std::string key = make_uuid_v4(), body = sample_application_body(key, kKiosk);
  HttpReply reset = post(key, body);
  EXPECT_EQ(reset.status, 0) << reset.headers;
  EXPECT_TRUE(reset.curl_code == CURLE_GOT_NOTHING || reset.curl_code == CURLE_RECV_ERROR) << reset.curl_code;
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 0);
  EXPECT_EQ(post(key, body).status, 201);
}

TEST_F(PlatformSimTest, RuntimeFaultsReplaceTheRulesAndAreValidated) {
  ASSERT_FALSE(start().empty());
  HttpReply bad = sim_.set_faults({"explode:p=1"});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("unknown kind"), std::string::npos) << bad.body;
  EXPECT_EQ(sim_.set_faults({"status_5xx:first=1,status=502", "status_429:first=1,retry_after=9"}).status, 200);
  const std::string key = make_uuid_v4(), body = sample_application_body(key, kKiosk);
  EXPECT_EQ(post(key, body).status, 502);
  HttpReply limited = post(key, body);
  EXPECT_EQ(limited.status, 429);
  EXPECT_TRUE(limited.has_header("Retry-After: 9")) << limited.headers;
  EXPECT_EQ(post(key, body).status, 201);
  EXPECT_EQ(sim_.set_faults({}).status, 200);
}

TEST_F(PlatformSimTest, BadCommandLineFaultStopsStartUp) {
  EXPECT_TRUE(sim_.start({"--fault", "drop_after_commit:p=2"}).empty());
  EXPECT_NE(sim_.error().find("p must be"), std::string::npos) << sim_.error();
}

TEST_F(PlatformSimTest, CatalogHasStrongEtagAnd304AndFollowsTheFile) {
  const std::string catalog_path = sim_.dir() + "/catalog.json";
  std::ofstream(catalog_path) << R"({"catalog_version":"1","policies":[]})";
  ASSERT_FALSE(start({"--catalog", catalog_path}).empty());

  HttpReply first = http_request("GET", url_ + "/api/v1/catalog");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body, R"({"catalog_version":"1","policies":[]})");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first.headers, m, std::regex("[Ee][Tt]ag: (\"[^\"]+\")"))) << first.headers;
  const std::string etag = m[1];
  EXPECT_EQ(etag.rfind("\"sha256:", 0), 0u) << "strong tag, no W/";

  HttpReply cached = http_request("GET", url_ + "/api/v1/catalog", {"If-None-Match: " + etag});
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());

  std::ofstream(catalog_path, std::ios::trunc) << R"({"catalog_version":"2","policies":[{"id":"x"}]})";
  HttpReply changed = http_request("GET", url_ + "/api/v1/catalog", {"If-None-Match: " + etag});
  EXPECT_EQ(changed.status, 200);
  EXPECT_NE(changed.body.find("\"2\""), std::string::npos);
}

TEST_F(PlatformSimTest, SigtermStopsCleanlyAndTheDataSurvivesARestart) {
  ASSERT_FALSE(start().empty());
  const std::string key = make_uuid_v4(), body = sample_application_body(key, kKiosk);
  HttpReply created = post(key, body);
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(sim_.stop(), 0) << sim_.log_tail();
  EXPECT_FALSE(std::filesystem::exists(sim_.port_file())) << "a stopped platform withdraws its port file";

  ASSERT_FALSE(start().empty());
  HttpReply replay = post(key, body);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.body, created.body);
  EXPECT_TRUE(replay.has_header("Idempotent-Replayed: true"));

  sim_.kill_hard();  // a crash, then a restart: still one row
  ASSERT_FALSE(start().empty());
  EXPECT_EQ(post(key, body).body, created.body);
  EXPECT_EQ(count_platform_applications(sim_.db_path()), 1);
}

TEST_F(PlatformSimTest, DatabaseIsVersionedWal) {
  ASSERT_FALSE(start().empty());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(sim_.db_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto scalar = [db](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  };
  EXPECT_EQ(scalar("PRAGMA user_version"), "4");
  EXPECT_EQ(scalar("PRAGMA journal_mode"), "wal");
  sqlite3_close(db);
}

// A file written by the version-1 simulator (no status_changes, ratings or enterprises table) is upgraded
// in place, its applications kept, and the status pull, the register and the progress query work on it.
TEST_F(PlatformSimTest, AVersion1DatabaseIsUpgradedToTheCurrentVersion) {
  ASSERT_FALSE(start().empty());
  const std::string uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
  auto reply = http_request("POST", sim_.base_url() + "/api/v1/applications",
                            {"Authorization: Bearer dev-token", "X-Kiosk-Id: k-upgrade", "Idempotency-Key: " + uuid,
                             "Content-Type: application/json"},
                            sample_application_body(uuid, "k-upgrade"));
  ASSERT_EQ(reply.status, 201) << reply.body;
  ASSERT_EQ(sim_.stop(), 0);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(sim_.db_path().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "DROP TABLE status_changes; DROP TABLE ratings; DROP TABLE enterprises;"
                           " DROP INDEX applications_by_applicant; PRAGMA user_version=1;", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  ASSERT_FALSE(sim_.start().empty()) << sim_.error();
  EXPECT_EQ(count_platform_applications(sim_.db_path(), uuid), 1);
  auto advanced = http_request("POST", sim_.base_url() + "/admin/applications/advance",
                               {"Authorization: Bearer dev-token"}, R"({"uuid":")" + uuid + R"("})");
  EXPECT_EQ(advanced.status, 200) << advanced.body;
  auto pulled = http_request("GET", sim_.base_url() + "/api/v1/applications/status",
                             {"Authorization: Bearer dev-token", "X-Kiosk-Id: k-upgrade"});
  EXPECT_EQ(pulled.status, 200);
  EXPECT_NE(pulled.body.find("joint_review"), std::string::npos) << pulled.body;
  auto enterprise = http_request("GET", sim_.base_url() + "/api/v1/enterprises/91430104MA4L1A2B39",
                                 {"Authorization: Bearer dev-token", "X-Kiosk-Id: k-upgrade"});
  EXPECT_EQ(enterprise.status, 200) << enterprise.body;
  auto progress = http_request("POST", sim_.base_url() + "/api/v1/progress/query",
                               {"Authorization: Bearer dev-token", "X-Kiosk-Id: k-upgrade", "Content-Type: application/json"},
                               R"({"id_number":"430102199001011234"})");
  EXPECT_EQ(progress.status, 200);
  EXPECT_NE(progress.body.find("joint_review"), std::string::npos) << progress.body;
}

}  // namespace
}  // namespace zhidui::testing
