// The runtime as a production kiosk builds it (no simulated devices): the receipt printer configured as
// a TCP printer is the ESC/POS emulator on loopback, and the technician panel's actions reach the real
// devices and the real configuration file — a test receipt comes out of the printer, and a changed
// setting is in the file afterwards (written atomically), where the next start reads it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "drivers/receipt_printer/escpos_emulator_server.h"
#include "kiosk/config.h"
#include "kiosk/runtime.h"

namespace fs = std::filesystem;

namespace zhidui {
namespace {

const char* kConfig = R"(
[kiosk]
id = "HN-4301-YL-0009"
hall = "岳麓区政务服务中心"
region_code = "430104"
mode = "production"
data_dir = "/var/lib/zhidui"

[platform]
url = "http://127.0.0.1:9"
token = "t0ken-for-the-test"

[timeouts]
idle_seconds = 120

[voice]
enabled = false
volume = 60

[technician]
pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$h/IxVRfhvwMMhMFQ/ATXWA$Nf0l5MVXxKQlHT2BoXDtRSGIj4sHAbR687vncKur1vQ"
)";

class RuntimeTechnician : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("zhidui-runtime-tech-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    config_path = (dir / "zhidui.toml").string();
    std::ofstream(config_path) << kConfig;
    fs::permissions(config_path, fs::perms::owner_read | fs::perms::owner_write);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir);
  }
  void open_panel(Session& s) {
    s.apply(act::OpenTechnician{}, 0);
    for (char c : std::string("246813")) s.apply(act::TypeText{std::string(1, c)}, 0);
    s.apply(act::PinSubmit{}, 0);
    ASSERT_EQ(s.screen(), Screen::technician);
  }
  fs::path dir;
  std::string config_path;
};

TEST_F(RuntimeTechnician, ATestReceiptReachesTheConfiguredPrinterAndASettingIsSavedToTheFile) {
  drivers::receipt_printer::EmulatorServerOptions eo;
  eo.output_dir = dir / "paper";
  auto printer = drivers::receipt_printer::EmulatorServer::start(eo);
  ASSERT_TRUE(printer.ok()) << printer.error().message;

  RuntimeOptions o;
  o.data_dir = (dir / "data").string();
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  o.simulate_devices = false;
  o.voice_enabled = false;
  o.voice_volume = 60;  // as main.cpp takes it from the file
  o.receipt_transport = "tcp";
  o.receipt_address = "127.0.0.1:" + std::to_string(printer.value()->tcp_port());
  o.config_path = config_path;
  o.technician_pin_hash = load_config(config_path)->technician_pin_hash;  // as main.cpp takes it: PIN 246813
  o.session.idle_timeout_ms = 120000;
  auto runtime = Runtime::create(o);
  ASSERT_TRUE(runtime.ok()) << runtime.error().message;
  Session& session = runtime.value()->session();
  // The configured PIN opens the panel; the demonstration PIN does not.
  session.apply(act::OpenTechnician{}, 0);
  for (char c : std::string("135790")) session.apply(act::TypeText{std::string(1, c)}, 0);
  session.apply(act::PinSubmit{}, 0);
  EXPECT_EQ(session.screen(), Screen::technician_pin);
  session.apply(act::TechnicianExit{}, 0);
  open_panel(session);

  session.apply(act::SelfTest{"receipt_printer"}, 0);
  ASSERT_FALSE(session.technician_results().empty());
  EXPECT_NE(session.technician_results().back().find("(printer)"), std::string::npos)
      << session.technician_results().back();
  for (int i = 0; i < 100 && printer.value()->receipts().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(printer.value()->receipts().size(), 1u);  // the paper came out of the real wire

  session.apply(act::ChangeSetting{"idle_seconds", 1}, 0);
  session.apply(act::ChangeSetting{"voice_volume", -1}, 0);
  EXPECT_EQ(session.configured_idle_timeout_ms(), 150000);
  auto saved = load_config(config_path);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->idle_seconds, 150);
  EXPECT_EQ(saved->voice_volume, 50);
  EXPECT_EQ(saved->kiosk_id, "HN-4301-YL-0009");  // the rest of the file kept
  EXPECT_EQ(session.technician_snapshot().idle_seconds, 150);
  // Nothing half-written stays beside it.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.path().filename().string().starts_with("zhidui.toml");
  EXPECT_EQ(files, 1);

  session.apply(act::ChangeSetting{"idle_seconds", -10}, 0);  // clamped at 30 s: people read slowly
  EXPECT_EQ(load_config(config_path)->idle_seconds, 30);
}

}  // namespace
}  // namespace zhidui
