// End to end: the real zhidui-kiosk binary runs its headless demo journey (fake ID-card module over a
// pty, printer emulator, real store) against a real platform-sim process on loopback. The platform must
// hold exactly one application with the right fields, and the kiosk's own record its acceptance number
// — also when the platform commits the first upload but the response is lost on the way back.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "offline/store.h"
#include "tests/offline/platform_sim_process.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;
using zhidui::testing::PlatformSimProcess;

namespace {

struct KioskRun {
  int exit_code = -1;
  std::string output;
  std::string acceptance_no;
  std::string uuid;
};

// Runs the kiosk without a display (DISPLAY unset), as `make run` does on a headless machine.
KioskRun run_kiosk(const std::string& url, const std::string& token, const fs::path& data_dir) {
  std::string cmd = "env -u DISPLAY -u WAYLAND_DISPLAY " + std::string(ZHIDUI_BUILD_DIR) +
                    "/zhidui-kiosk --platform " + url + " --token " + token + " --data-dir " + data_dir.string() +
                    " --platform-wait-ms 20000 2>" + (data_dir / "kiosk.log").string();
  KioskRun run;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 512> buf{};
  while (fgets(buf.data(), buf.size(), pipe)) run.output += buf.data();
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::smatch m;
  if (std::regex_search(run.output, m, std::regex("acceptance number: (HN[0-9]+)"))) run.acceptance_no = m[1];
  if (std::regex_search(run.output, m, std::regex("application: ([0-9a-f-]{36})"))) run.uuid = m[1];
  return run;
}

nlohmann::json platform_applications(const PlatformSimProcess& sim) {
  auto reply = sim.admin_get("/admin/applications");
  EXPECT_EQ(reply.status, 200) << reply.body;
  return nlohmann::json::parse(reply.body, nullptr, false);
}

std::string kiosk_acceptance_no(const fs::path& data_dir, const std::string& uuid) {
  auto store = zhidui::offline::Store::open((data_dir / "kiosk.db").string(), (data_dir / "field.key").string());
  if (!store) return "store: " + store.error().message;
  auto app = store.value()->application(uuid);
  if (!app) return "store: " + app.error().message;
  if (!app.value()) return "no application " + uuid;
  return app.value()->acceptance_no;
}

class HeadlessJourney : public ::testing::Test {
 protected:
  void SetUp() override {
    data_dir = fs::temp_directory_path() / ("zhidui-e2e-" + std::to_string(getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(data_dir);
    fs::create_directories(data_dir);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(data_dir);
  }
  fs::path data_dir;
};

}  // namespace

TEST_F(HeadlessJourney, OneApplicationReachesThePlatformWithItsAcceptanceNumber) {
  PlatformSimProcess sim;
  std::string url = sim.start();
  ASSERT_FALSE(url.empty()) << sim.error();

  KioskRun run = run_kiosk(url, sim.token(), data_dir);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_FALSE(run.acceptance_no.empty()) << run.output;
  ASSERT_FALSE(run.uuid.empty()) << run.output;

  auto apps = platform_applications(sim);
  ASSERT_EQ(apps["count"], 1) << apps.dump();
  const auto& a = apps["applications"][0];
  EXPECT_EQ(a["uuid"], run.uuid);
  EXPECT_EQ(a["acceptance_no"], run.acceptance_no);
  EXPECT_EQ(a["policy_id"], "cs-rlzy-ycxcybt");
  EXPECT_EQ(a["applicant"]["name"], "张伟");
  EXPECT_EQ(a["applicant"]["id_number"].get<std::string>().size(), 18u);
  EXPECT_EQ(a["kiosk_id"], "HN-4301-YL-0001");

  EXPECT_EQ(kiosk_acceptance_no(data_dir, run.uuid), run.acceptance_no);

  // The kiosk's whole log of the journey carries neither the name, the full ID number nor the address.
  std::ifstream log_file(data_dir / "kiosk.log");
  std::string log((std::istreambuf_iterator<char>(log_file)), std::istreambuf_iterator<char>());
  EXPECT_GT(log.size(), 1000u);
  const std::string id_number = a["applicant"]["id_number"];
  for (const std::string& secret : {std::string("张伟"), id_number, std::string("麓山南路")})
    EXPECT_EQ(log.find(secret), std::string::npos) << "personal data in the kiosk log: " << secret;
  for (const char* screen : {"01-home", "02-identify", "03-policy-list", "04-policy-detail", "05-form",
                             "06-form-filled", "08-review", "09-result", "10-technician"})
    EXPECT_TRUE(fs::exists(data_dir / "screens" / (std::string(screen) + ".png"))) << screen;
  EXPECT_FALSE(fs::is_empty(data_dir / "receipts"));
  EXPECT_EQ(sim.stop(), 0);
}

TEST_F(HeadlessJourney, ALostResponseAfterCommitDoesNotDuplicateTheApplication) {
  PlatformSimProcess sim;
  std::string url = sim.start({"--fault", "drop_after_commit:first=1"});
  ASSERT_FALSE(url.empty()) << sim.error();

  KioskRun run = run_kiosk(url, sim.token(), data_dir);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_FALSE(run.acceptance_no.empty()) << run.output;

  auto apps = platform_applications(sim);
  ASSERT_EQ(apps["count"], 1) << apps.dump();
  EXPECT_EQ(apps["applications"][0]["uuid"], run.uuid);
  // The retry got the platform's original answer back: the same acceptance number, no second record.
  EXPECT_EQ(apps["applications"][0]["acceptance_no"], run.acceptance_no);
  EXPECT_EQ(kiosk_acceptance_no(data_dir, run.uuid), run.acceptance_no);
  EXPECT_EQ(zhidui::testing::count_platform_applications(sim.db_path()), 1);
  EXPECT_EQ(sim.stop(), 0);
}
