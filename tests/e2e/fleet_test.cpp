// The fleet view: a kiosk's runtime posts heartbeats (version, device states, queue, free disk) to a real
// platform-sim process, and three hundred simulated kiosks post theirs on loopback; the simulator lists
// them with their health as JSON and HTML, and flags the one that stopped reporting.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "runtime/runtime.h"
#include "offline/platform_client.h"
#include "tests/offline/platform_sim_process.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;

namespace zhidui {
namespace {

using testing::PlatformSimProcess;

nlohmann::json fleet(const std::string& url, int stale_after_s) {
  auto reply = testing::http_request("GET", url + "/api/v1/fleet?stale_after=" + std::to_string(stale_after_s));
  EXPECT_EQ(reply.status, 200) << reply.body;
  return nlohmann::json::parse(reply.body, nullptr, false);
}

// A real kiosk runtime (simulated devices) reporting to `sim`, with its data in a fresh folder.
RuntimeOptions kiosk_reporting_to(const PlatformSimProcess& sim, const std::string& url, const std::string& kiosk_id,
                                  int64_t heartbeat_interval_ms) {
  const fs::path dir = fs::temp_directory_path() / ("zhidui-fleet-" + kiosk_id + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  RuntimeOptions o;
  o.config.data_dir = dir.string();
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  o.config.platform_url = url;
  o.config.platform_token = sim.token();
  o.config.kiosk_id = kiosk_id;
  o.config.voice_enabled = false;
  o.heartbeat_interval_ms = heartbeat_interval_ms;
  return o;
}

const nlohmann::json* kiosk_in(const nlohmann::json& f, const std::string& id) {
  for (const auto& k : f["kiosks"])
    if (k["kiosk_id"] == id) return &k;
  return nullptr;
}

TEST(Fleet, HeartbeatsFromAKioskAndThreeHundredMoreAreListedAndASilentOneIsFlagged) {
  PlatformSimProcess sim;
  const std::string url = sim.start();
  ASSERT_FALSE(url.empty()) << sim.error();

  // A real kiosk runtime, heartbeating every 200 ms.
  const RuntimeOptions o = kiosk_reporting_to(sim, url, "HN-4301-YL-0042", 200);
  auto runtime = Runtime::create(o);
  ASSERT_TRUE(runtime.ok()) << runtime.error().message;

  // Three hundred more kiosks, one heartbeat each.
  constexpr int kKiosks = 300;
  auto post = [&](int i) {
    offline::PlatformConfig pc;
    pc.base_url = url;
    pc.token = sim.token();
    pc.kiosk_id = "SIM-" + std::to_string(i);
    nlohmann::json hb = {{"version", "0.9.0"},
                         {"devices", {{"id_reader", {{"state", "online"}, {"severity", "ok"}}}}},
                         {"queue", {{"pending", i % 7}, {"done", 10}, {"dead", i == 7 ? 1 : 0}}},
                         {"free_disk_mb", 20000}};
    return offline::PlatformClient(pc).send_heartbeat(hb.dump());
  };
  for (int i = 0; i < kKiosks; ++i) ASSERT_TRUE(post(i).ok()) << i;

  // The runtime's own heartbeat carries its devices and queue, and nothing personal.
  nlohmann::json f;
  for (int tries = 0; tries < 100; ++tries) {
    f = fleet(url, 60);
    const auto* k = kiosk_in(f, o.config.kiosk_id);
    if (k && (*k)["heartbeat"]["devices"].contains("id_reader")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto* mine = kiosk_in(f, o.config.kiosk_id);
  ASSERT_NE(mine, nullptr) << f.dump();
  const auto& hb = (*mine)["heartbeat"];
  EXPECT_EQ(hb["version"], ZHIDUI_VERSION);
  EXPECT_EQ(hb["devices"]["id_reader"]["state"], "online");
  EXPECT_EQ(hb["queue"]["pending"], 0);
  EXPECT_GT(hb["free_disk_mb"].get<int64_t>(), 0);
  EXPECT_EQ(hb["service"]["in_service"], true);
  EXPECT_EQ(f["kiosks"].size(), size_t(kKiosks + 1));
  EXPECT_EQ((*kiosk_in(f, "SIM-7"))["health"], "error");  // a dead letter is the hall's problem
  EXPECT_EQ((*kiosk_in(f, "SIM-8"))["health"], "ok");

  // Everyone but SIM-0 reports again; with a one-second threshold, SIM-0 is flagged.
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  for (int i = 1; i < kKiosks; ++i) ASSERT_TRUE(post(i).ok()) << i;
  f = fleet(url, 1);
  int stale = 0;
  for (const auto& k : f["kiosks"]) stale += k["health"] == "stale";
  EXPECT_EQ(stale, 1);
  EXPECT_EQ((*kiosk_in(f, "SIM-0"))["health"], "stale");
  EXPECT_NE((*kiosk_in(f, o.config.kiosk_id))["health"], "stale");  // the runtime keeps reporting

  auto html = testing::http_request("GET", url + "/fleet?stale_after=1");
  EXPECT_EQ(html.status, 200);
  EXPECT_NE(html.body.find("Kiosks (301)"), std::string::npos);
  EXPECT_NE(html.body.find("<td class=stale>stale"), std::string::npos);
  EXPECT_NE(html.body.find(o.config.kiosk_id), std::string::npos);

  // A heartbeat without the kiosk's token is refused.
  auto refused = testing::http_request("POST", url + "/api/v1/kiosks/heartbeat",
                                       {"X-Kiosk-Id: X", "Content-Type: application/json"}, R"({"version":"1"})");
  EXPECT_EQ(refused.status, 401);

  runtime.value().reset();
  fs::remove_all(o.config.data_dir);
  EXPECT_EQ(sim.stop(), 0);
}

TEST(Fleet, APausedKioskSaysWhyFromItsFirstHeartbeat) {
  PlatformSimProcess sim;
  const std::string url = sim.start();
  ASSERT_FALSE(url.empty()) << sim.error();
  RuntimeOptions o = kiosk_reporting_to(sim, url, "HN-4301-YL-0043", 60000);  // only the first heartbeat
  o.configuration_problem = "zhidui.toml: devices.id_reader.baud: 12345 is not one of 9600, 19200";
  auto runtime = Runtime::create(o);
  ASSERT_TRUE(runtime.ok()) << runtime.error().message;

  nlohmann::json f;
  const nlohmann::json* k = nullptr;
  for (int tries = 0; tries < 100 && !k; ++tries) {
    f = fleet(url, 60);
    k = kiosk_in(f, o.config.kiosk_id);
    if (!k) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_NE(k, nullptr) << f.dump();
  EXPECT_EQ((*k)["heartbeat"]["service"]["in_service"], false);
  EXPECT_EQ((*k)["heartbeat"]["service"]["paused_because"], "configuration");
  EXPECT_EQ((*k)["health"], "paused");
  auto html = testing::http_request("GET", url + "/fleet");
  EXPECT_NE(html.body.find("<td class=paused>paused<td>configuration"), std::string::npos) << html.body;

  runtime.value().reset();
  fs::remove_all(o.config.data_dir);
  EXPECT_EQ(sim.stop(), 0);
}

}  // namespace
}  // namespace zhidui
