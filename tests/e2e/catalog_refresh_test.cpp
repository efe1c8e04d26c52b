// Catalog refresh from a real platform-sim process: the kiosk revalidates its catalog with the
// platform (ETag / If-None-Match), validates a changed one completely, keeps it as the last good one and
// serves it between journeys; a broken one from the platform is refused and changes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/log.h"
#include "runtime/runtime.h"
#include "tests/e2e/pump_until.h"
#include "tests/offline/platform_sim_process.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;

namespace zhidui {
namespace {

using testing::pump_until;

using testing::PlatformSimProcess;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(CatalogRefresh, ANewerCatalogFromThePlatformServesAndABrokenOneChangesNothing) {
  const fs::path dir = fs::temp_directory_path() / ("zhidui-catalog-refresh-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string shipped = read_file(std::string(ZHIDUI_SOURCE_DIR) + "/assets/catalog/catalog.json");
  const std::string served_path = (dir / "served.json").string();
  std::string newer = replaced(shipped, "\"version\": \"2026.11-sample.1\"", "\"version\": \"2026.12-refresh.2\"");
  newer = replaced(newer, "\"title\": \"长沙市一次性创业补贴\"", "\"title\": \"长沙市一次性创业补贴（2027年标准）\"");
  std::ofstream(served_path) << newer;

  PlatformSimProcess sim;
  const std::string url = sim.start({"--catalog", served_path});
  ASSERT_FALSE(url.empty()) << sim.error();

  RuntimeOptions o;
  o.config.data_dir = (dir / "kiosk").string();
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  o.config.platform_url = url;
  o.config.platform_token = sim.token();
  o.config.voice_enabled = false;
  o.heartbeat_interval_ms = 0;
  o.catalog_refresh_interval_ms = 200;
  auto created = Runtime::create(o);
  ASSERT_TRUE(created.ok()) << created.error().message;
  Runtime& runtime = *created.value();
  Session& s = runtime.session();
  EXPECT_EQ(s.catalog().version, "2026.11-sample.1");  // the shipped one first

  // Offered while someone is in a journey: it waits until the session ends.
  s.apply(act::StartCitizen{}, 0);
  auto kept_as_last_good = [&] {
    return read_file(dir / "kiosk" / "catalog-last-good.json").find("2026.12-refresh.2") != std::string::npos;
  };
  ASSERT_TRUE(pump_until(runtime, kept_as_last_good));
  pump_until(runtime, [] { return false; }, std::chrono::milliseconds(300));
  EXPECT_EQ(s.catalog().version, "2026.11-sample.1");
  s.apply(act::GoHome{}, 0);
  ASSERT_TRUE(pump_until(runtime, [&] { return s.catalog().version == "2026.12-refresh.2"; })) << s.catalog().version;
  EXPECT_EQ(s.catalog().find("cs-rlzy-ycxcybt")->title, "长沙市一次性创业补贴（2027年标准）");

  // The platform now serves a broken catalog (an item without its guide): refused, the good one serves on.
  std::string broken = replaced(newer, "\"version\": \"2026.12-refresh.2\"", "\"version\": \"2026.12-refresh.3\"");
  broken = replaced(broken, "\"guide\": {", "\"guidance\": {");
  std::ofstream(served_path, std::ios::trunc) << broken;
  auto refused = [] {
    for (const std::string& line : log::recent())
      if (line.find("catalog from the platform refused") != std::string::npos) return true;
    return false;
  };
  ASSERT_TRUE(pump_until(runtime, refused));
  EXPECT_EQ(s.catalog().version, "2026.12-refresh.2");
  EXPECT_TRUE(kept_as_last_good());
  created.value().reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zhidui
