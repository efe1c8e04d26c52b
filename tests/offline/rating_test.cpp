// 好差评 upload: the platform keeps one rating per application, a poor rating needs a reason, and the
// kiosk's client classifies the answers like submissions (same key rules, per-application ordering).
#include <gtest/gtest.h>

#include "base/uuid.h"
#include "offline/platform_client.h"
#include "tests/offline/platform_sim_process.h"

namespace zhidui::testing {
namespace {

TEST(Rating, OnePerApplicationReasonRequiredAndReplaySafe) {
  PlatformSimProcess sim;
  const std::string url = sim.start();
  ASSERT_FALSE(url.empty()) << sim.error();
  offline::PlatformConfig config;
  config.base_url = url;
  config.token = sim.token();
  config.kiosk_id = "k-rating";
  offline::PlatformClient client(config);

  const std::string uuid = make_uuid_v4();
  // Rated before the application exists (ordering broken): 409, retried later, never dropped.
  auto early = client.submit_rating(uuid, R"({"level":5,"reasons":[]})");
  EXPECT_EQ(early.outcome, offline::Outcome::retry) << early.reason;
  EXPECT_EQ(early.http_status, 409);

  ASSERT_EQ(client.submit_application(uuid, sample_application_body(uuid, "k-rating")).outcome, offline::Outcome::done);
  auto no_reason = client.submit_rating(uuid, R"({"level":1,"reasons":[]})");
  EXPECT_EQ(no_reason.outcome, offline::Outcome::quarantine) << no_reason.reason;

  const std::string body = R"({"level":2,"reasons":["操作太复杂"]})";
  auto first = client.submit_rating(uuid, body);
  EXPECT_EQ(first.outcome, offline::Outcome::done) << first.reason;
  auto again = client.submit_rating(uuid, body);  // a lost answer, retried: same result
  EXPECT_EQ(again.outcome, offline::Outcome::done);
  EXPECT_TRUE(again.replayed);
  auto other = client.submit_rating(uuid, R"({"level":5,"reasons":[]})");
  EXPECT_EQ(other.outcome, offline::Outcome::quarantine);

  // Then a submission still goes through the same reused handle as a POST.
  const std::string uuid2 = make_uuid_v4();
  EXPECT_EQ(client.submit_application(uuid2, sample_application_body(uuid2, "k-rating")).outcome,
            offline::Outcome::done);
  EXPECT_EQ(sim.stop(), 0);
}

}  // namespace
}  // namespace zhidui::testing
