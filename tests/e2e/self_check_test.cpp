// self_check_test.cpp — `zhidui-kiosk --self-check` (runtime/self_check.h) against a real runtime: a ready
// kiosk passes with every subject reported; each thing a technician can get wrong (the token, the key's
// permissions, a required device gone, the configuration) fails on its own line and names the problem,
// while a device the kiosk only degrades without is a warning.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "runtime/runtime.h"
#include "runtime/simulated_devices.h"
#include "runtime/self_check.h"
#include "tests/offline/platform_sim_process.h"
#include "zhidui_build_paths.h"

namespace zhidui {
namespace {

namespace fs = std::filesystem;
using Level = SelfCheckLine::Level;

class SelfCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("zhidui-self-check-" + std::to_string(getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    url = sim.start({"--token", "kiosk-token"});
    ASSERT_FALSE(url.empty()) << sim.error();
    options.config.data_dir = (dir / "data").string();
    options.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
    options.config.voice_enabled = false;
    options.config.kiosk_id = "HN-4301-YL-0042";
    check.platform.base_url = url;
    check.platform.kiosk_id = options.config.kiosk_id;
    check.platform.token = "kiosk-token";
    check.device_wait_ms = 3000;
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir);
  }
  std::unique_ptr<Runtime> start() {
    auto rt = Runtime::create(options);
    EXPECT_TRUE(rt.ok()) << rt.error().message;
    return rt.ok() ? std::move(rt.value()) : nullptr;
  }
  // Pumps the runtime's events into its session until `device` reports a state other than `state_now`.
  static bool wait_for_change(Runtime& rt, drivers::DeviceClass device, drivers::DeviceState state_now) {
    for (int i = 0; i < 100; ++i) {
      for (Event& e : rt.events().drain()) rt.session().handle(e, 0);
      auto it = rt.session().devices().find(device);
      if (it != rt.session().devices().end() && it->second.state != state_now &&
          it->second.state != drivers::DeviceState::unknown)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  static const SelfCheckLine* line(const std::vector<SelfCheckLine>& lines, const std::string& subject) {
    for (const auto& l : lines)
      if (l.subject == subject) return &l;
    return nullptr;
  }

  testing::PlatformSimProcess sim;
  std::string url;
  fs::path dir;
  RuntimeOptions options;
  SelfCheckOptions check;
};

TEST_F(SelfCheck, AReadyKioskPassesAndReportsEverySubject) {
  auto rt = start();
  ASSERT_TRUE(rt);
  auto lines = run_self_check(*rt, check);
  std::set<std::string> subjects;
  for (const auto& l : lines) subjects.insert(l.subject);
  for (const char* s : {"configuration", "data folder", "key", "store", "catalog", "pinyin", "handwriting", "voice",
                        "id_reader", "receipt_printer", "barcode_scanner", "platform"})
    EXPECT_TRUE(subjects.count(s)) << s << "\n" << format_self_check(lines);
  EXPECT_TRUE(self_check_passed(lines)) << format_self_check(lines);
  EXPECT_EQ(line(lines, "platform")->level, Level::ok);
  EXPECT_EQ(line(lines, "id_reader")->level, Level::ok);
  EXPECT_NE(line(lines, "id_reader")->detail.find("online"), std::string::npos);
  EXPECT_NE(line(lines, "catalog")->detail.find("policy items"), std::string::npos);
}

TEST_F(SelfCheck, ABrokenConfigurationFailsAndIsNotCheckedFurther) {
  options.configuration_problem = "zhidui.toml: devices.id_reader.baud: 12345 is not one of 9600, 19200\n"
                                  "zhidui.toml: platform.token: missing (required in production mode)";
  auto rt = start();
  ASSERT_TRUE(rt);
  auto lines = run_self_check(*rt, check);
  const std::string report = format_self_check(lines);
  EXPECT_FALSE(self_check_passed(lines));
  EXPECT_EQ(line(lines, "configuration")->level, Level::fail);
  // Every problem on its own line, under its column.
  EXPECT_NE(report.find("FAIL  configuration    zhidui.toml: devices.id_reader.baud"), std::string::npos) << report;
  EXPECT_NE(report.find("\n                       zhidui.toml: platform.token: missing"), std::string::npos) << report;
  // Devices and platform depend on the configuration: said, not guessed.
  EXPECT_EQ(line(lines, "platform")->level, Level::warn);
  EXPECT_NE(line(lines, "platform")->detail.find("configuration is fixed"), std::string::npos);
  EXPECT_EQ(line(lines, "id_reader"), nullptr);
  // What does not depend on it is still checked.
  EXPECT_EQ(line(lines, "store")->level, Level::ok);
  EXPECT_EQ(line(lines, "pinyin")->level, Level::ok);
}

TEST_F(SelfCheck, EachProblemFailsOnItsOwnLine) {
  auto rt = start();
  ASSERT_TRUE(rt);
  ASSERT_TRUE(wait_for_change(*rt, drivers::DeviceClass::id_reader, drivers::DeviceState::unknown));
  ASSERT_TRUE(wait_for_change(*rt, drivers::DeviceClass::receipt_printer, drivers::DeviceState::unknown));
  rt->simulated()->unplug_reader();                        // required by default
  rt->simulated()->set_printer_condition("paper_out");     // not required: degrades only
  ASSERT_TRUE(wait_for_change(*rt, drivers::DeviceClass::id_reader, drivers::DeviceState::online));
  ASSERT_TRUE(wait_for_change(*rt, drivers::DeviceClass::receipt_printer, drivers::DeviceState::online));
  fs::permissions(dir / "data" / "field.key", fs::perms::others_read, fs::perm_options::add);
  check.platform.token = "someone-elses-token";

  auto lines = run_self_check(*rt, check);
  const std::string report = format_self_check(lines);
  EXPECT_FALSE(self_check_passed(lines));
  EXPECT_EQ(line(lines, "key")->level, Level::fail) << report;
  EXPECT_NE(line(lines, "key")->detail.find("chmod 600"), std::string::npos);
  EXPECT_EQ(line(lines, "platform")->level, Level::fail) << report;
  EXPECT_NE(line(lines, "platform")->detail.find("platform.auth"), std::string::npos);
  EXPECT_EQ(line(lines, "id_reader")->level, Level::fail) << report;
  EXPECT_NE(line(lines, "id_reader")->detail.find("required"), std::string::npos);
  EXPECT_EQ(line(lines, "receipt_printer")->level, Level::warn) << report;
  EXPECT_NE(line(lines, "receipt_printer")->detail.find("degrades"), std::string::npos);
  // What does not depend on the faults still passes.
  EXPECT_EQ(line(lines, "store")->level, Level::ok);
  EXPECT_EQ(line(lines, "catalog")->level, Level::ok);
}

TEST_F(SelfCheck, ARealReaderOnAMissingPortIsNamed) {
  options.config.simulate_devices = false;
  options.config.id_reader = IdReaderConfig{.port = (dir / "ttyUSB-absent").string()};
  auto rt = start();
  ASSERT_TRUE(rt);
  auto lines = run_self_check(*rt, check);
  const SelfCheckLine* reader = line(lines, "id_reader");
  ASSERT_TRUE(reader) << format_self_check(lines);
  EXPECT_EQ(reader->level, Level::fail);
  EXPECT_EQ(line(lines, "receipt_printer"), nullptr);  // not configured, not required: not checked
  EXPECT_FALSE(self_check_passed(lines));
}

}  // namespace
}  // namespace zhidui
