// status_pull_test.cpp — 进度查询: the platform moves applications along accepted → joint_review →
// approved → paid (admin endpoint of platform-sim), the kiosk pulls the changes with a cursor
// (PlatformClient::pull_status) and records them with the cursor in one transaction
// (Store::apply_status_updates). Also: only this kiosk's changes, paging, and malformed pages.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "base/uuid.h"
#include "offline/platform_client.h"
#include "offline/platform_response.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "tests/offline/platform_sim_process.h"

namespace zhidui::offline {
namespace {

namespace fs = std::filesystem;
using testing::PlatformSimProcess;

constexpr const char* kKiosk = "kiosk-status-01";
constexpr const char* kOtherKiosk = "kiosk-status-02";

class StatusPullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = sim_.start({"--log-level", "warn"});
    ASSERT_FALSE(url_.empty()) << sim_.error();
    std::string pattern = (fs::temp_directory_path() / "zhidui-status-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto opened = Store::open(dir_ + "/kiosk.db", dir_ + "/field.key");
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(opened).value();
  }
  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }
  PlatformConfig config(const std::string& kiosk_id) const {
    PlatformConfig c;
    c.base_url = url_;
    c.kiosk_id = kiosk_id;
    c.token = sim_.token();
    c.total_timeout_ms = 5000;
    return c;
  }
  // Submits to the platform and records the acknowledgement in the store, as the sync engine does.
  std::string submit(PlatformClient& client, bool also_in_store = true) {
    const std::string uuid = make_uuid_v4();
    const std::string body = testing::sample_application_body(uuid, client.config().kiosk_id);
    SubmitResult r = client.submit_application(uuid, body);
    EXPECT_EQ(r.outcome, Outcome::done) << r.reason;
    if (also_in_store) {
      NewApplication app;
      app.uuid = uuid;
      app.policy_id = "hn-employment-subsidy";
      app.policy_title = "一次性创业补贴";
      app.created_at = "2026-11-25T03:00:00Z";
      app.personal.name = "测试用户";
      app.upload_body = body;
      EXPECT_TRUE(store_->submit(app).ok());
      auto due = store_->next_due(INT64_MAX / 2);
      EXPECT_TRUE(due.ok() && due.value() && due.value()->uuid == uuid);
      if (due.ok() && due.value()) {
        EXPECT_TRUE(store_->mark_done(due.value()->seq, r.acceptance_no, r.platform_status).ok());
      }
    }
    return uuid;
  }
  testing::HttpReply advance(const std::string& uuid) const {
    return testing::http_request("POST", url_ + "/admin/applications/advance",
                                 {"Authorization: Bearer " + sim_.token(), "Content-Type: application/json"},
                                 R"({"uuid":")" + uuid + R"("})");
  }
  std::string stored_status(const std::string& uuid) {
    auto app = store_->application(uuid);
    return app.ok() && app.value() ? app.value()->status : "(missing)";
  }
  // One pull as the sync worker would do it: from the stored cursor, applied with its cursor.
  StatusPage pull_and_apply(PlatformClient& client, int limit = 100) {
    auto cursor = store_->status_cursor();
    EXPECT_TRUE(cursor.ok());
    auto page = client.pull_status(cursor.ok() ? cursor.value() : "", limit);
    EXPECT_TRUE(page.ok()) << page.error().code << ": " << page.error().message;
    if (!page.ok()) return {};
    std::vector<ApplicationStatusUpdate> updates;
    for (const auto& c : page->changes) updates.push_back({c.uuid, c.status, c.changed_at});
    EXPECT_TRUE(store_->apply_status_updates(updates, page->cursor).ok());
    return page.value();
  }

  PlatformSimProcess sim_;
  std::string url_, dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StatusPullTest, ChangesArriveInOrderAndTheCursorResumesAfterThem) {
  PlatformClient client(config(kKiosk)), other(config(kOtherKiosk));
  const std::string first = submit(client), second = submit(client), foreign = submit(other, false);
  EXPECT_EQ(stored_status(first), "accepted");

  EXPECT_TRUE(pull_and_apply(client).changes.empty()) << "acceptance itself is known from the submission";

  for (const auto& uuid : {first, second, first, foreign}) ASSERT_EQ(advance(uuid).status, 200);
  StatusPage page = pull_and_apply(client);
  ASSERT_EQ(page.changes.size(), 3u) << "only this kiosk's applications";
  EXPECT_EQ(page.changes[0].uuid, first);
  EXPECT_EQ(page.changes[0].status, "joint_review");
  EXPECT_EQ(page.changes[1].uuid, second);
  EXPECT_EQ(page.changes[2].status, "approved");
  EXPECT_FALSE(page.changes[0].acceptance_no.empty());
  EXPECT_FALSE(page.more);
  EXPECT_EQ(stored_status(first), "approved") << "applied in order: the last change wins";
  EXPECT_EQ(stored_status(second), "joint_review");

  // Nothing new: the same cursor comes back.
  const std::string cursor = store_->status_cursor().value();
  StatusPage nothing = pull_and_apply(client);
  EXPECT_TRUE(nothing.changes.empty());
  EXPECT_EQ(nothing.cursor, cursor);

  ASSERT_EQ(advance(first).status, 200);
  StatusPage paid = pull_and_apply(client);
  ASSERT_EQ(paid.changes.size(), 1u);
  EXPECT_EQ(stored_status(first), "paid");
  EXPECT_EQ(advance(first).status, 409) << "paid is the last step";
  EXPECT_EQ(advance(make_uuid_v4()).status, 404);
}

TEST_F(StatusPullTest, PagesFollowOneAnotherWithMore) {
  PlatformClient client(config(kKiosk));
  const std::string uuid = submit(client);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(advance(uuid).status, 200);
  StatusPage one = pull_and_apply(client, 2);
  EXPECT_EQ(one.changes.size(), 2u);
  EXPECT_TRUE(one.more);
  StatusPage two = pull_and_apply(client, 2);
  ASSERT_EQ(two.changes.size(), 1u);
  EXPECT_FALSE(two.more);
  EXPECT_EQ(stored_status(uuid), "paid");
}

TEST_F(StatusPullTest, AnUnknownApplicationIsSkippedAndTheCursorStillMoves) {
  PlatformClient client(config(kKiosk));
  const std::string not_here = submit(client, /*also_in_store=*/false);  // e.g. purged by retention
  ASSERT_EQ(advance(not_here).status, 200);
  StatusPage page = pull_and_apply(client);
  EXPECT_EQ(page.changes.size(), 1u);
  EXPECT_FALSE(store_->application(not_here).value().has_value());
  EXPECT_EQ(store_->status_cursor().value(), page.cursor);
}

TEST_F(StatusPullTest, AuthAndCursorErrorsAreClear) {
  PlatformConfig wrong = config(kKiosk);
  wrong.token = "not-the-token";
  PlatformClient unauthorised(wrong);
  auto denied = unauthorised.pull_status("");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "platform.auth");

  PlatformClient client(config(kKiosk));
  auto bad_cursor = client.pull_status("12&since=0");
  ASSERT_FALSE(bad_cursor.ok());
  EXPECT_EQ(bad_cursor.error().code, "platform.bad_cursor") << "never sent: it would change the query";
  auto refused = client.pull_status("not-a-number");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "platform.http");
  EXPECT_NE(refused.error().message.find("invalid_cursor"), std::string::npos) << refused.error().message;
  EXPECT_FALSE(store_->apply_status_updates({}, "").ok()) << "a page always ends with a cursor";
}

// The whole path through the sync worker: it uploads, then pulls on its own and the store follows.
TEST_F(StatusPullTest, TheSyncWorkerPullsOnItsOwn) {
  NewApplication app;
  app.uuid = make_uuid_v4();
  app.policy_id = "hn-employment-subsidy";
  app.policy_title = "一次性创业补贴";
  app.created_at = "2026-11-25T03:00:00Z";
  app.personal.name = "测试用户";
  app.upload_body = testing::sample_application_body(app.uuid, kKiosk);
  ASSERT_TRUE(store_->submit(app).ok());

  SyncConfig sc;
  sc.db_path = dir_ + "/kiosk.db";
  sc.key_path = dir_ + "/field.key";
  sc.platform = config(kKiosk);
  sc.status_pull_interval_ms = 100;
  SyncEngine engine(sc, nullptr);
  engine.start();
  auto wait_for_status = [&](const std::string& wanted) {
    for (int i = 0; i < 250; ++i) {
      if (stored_status(app.uuid) == wanted) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  ASSERT_TRUE(wait_for_status("accepted")) << "not acknowledged: " << stored_status(app.uuid);
  ASSERT_EQ(advance(app.uuid).status, 200);
  ASSERT_EQ(advance(app.uuid).status, 200);
  EXPECT_TRUE(wait_for_status("approved")) << "still " << stored_status(app.uuid);
  engine.stop();
  EXPECT_FALSE(store_->status_cursor().value().empty());
}

TEST(StatusPageParsing, MalformedPagesAreRefusedWhole) {
  const std::string uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
  auto good = read_status_page(R"({"changes":[{"uuid":")" + uuid +
                               R"(","acceptance_no":"HN20261125000001","status":"approved","changed_at":"x"}],"cursor":"7","more":false})");
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->cursor, "7");
  for (const std::string& bad : {
           std::string(""), std::string("[]"), std::string(R"({"changes":[],"cursor":""})"),
           std::string(R"({"changes":{},"cursor":"1"})"), std::string(R"({"changes":[],"cursor":7})"),
           std::string(R"({"changes":[],"cursor":"1&x=2"})"),
           std::string(R"({"changes":[{"uuid":"nope","acceptance_no":"A","status":"paid"}],"cursor":"1"})"),
           R"({"changes":[{"uuid":")" + uuid + R"(","acceptance_no":"","status":"paid"}],"cursor":"1"})",
           R"({"changes":[{"uuid":")" + uuid + R"(","acceptance_no":"A","status":"PAID\n"}],"cursor":"1"})",
           R"({"changes":[{"uuid":")" + uuid + R"(","acceptance_no":"A","status":7}],"cursor":"1"})",
           R"({"changes":[{"uuid":")" + uuid + R"(","acceptance_no":"A","status":"paid"},1],"cursor":"1"})"}) {
    auto page = read_status_page(bad);
    ASSERT_FALSE(page.ok()) << bad;
    EXPECT_EQ(page.error().code, "platform.bad_status_page");
  }
  // A few thousand mutations of the good page: never a crash, and whatever is accepted is well-formed.
  std::mt19937_64 rng(42);
  const std::string seed = R"({"changes":[{"uuid":")" + uuid +
                           R"(","acceptance_no":"HN1","status":"paid","changed_at":"t"}],"cursor":"9","more":true})";
  for (int i = 0; i < 3000; ++i) {
    std::string body = seed;
    for (int e = 0; e < 1 + int(rng() % 3); ++e) {
      size_t at = body.empty() ? 0 : rng() % body.size();
      switch (rng() % 3) {
        case 0: body.resize(at); break;
        case 1: if (!body.empty()) body[at] = char(rng() & 0xff); break;
        default: body.insert(at, 1, char(rng() & 0xff)); break;
      }
    }
    auto page = read_status_page(body);
    if (!page.ok()) continue;
    EXPECT_TRUE(is_valid_status_cursor(page->cursor));
    for (const auto& c : page->changes) {
      EXPECT_TRUE(is_uuid(c.uuid));
      EXPECT_FALSE(c.acceptance_no.empty());
      EXPECT_FALSE(c.status.empty());
    }
  }
}

}  // namespace
}  // namespace zhidui::offline
