// The runtime with its devices, as the kiosk binary builds it. Production (no simulated devices): the
// receipt printer configured as a TCP printer is the ESC/POS emulator on loopback, and the technician
// panel's actions reach the real devices and the real configuration file — a test receipt comes out of
// the printer, a changed setting is in the file afterwards (written atomically). Demo: the fake SAM module,
// printer and scanner on their ptys carry a citizen's journey, and the scanner finds it again.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "drivers/a4_printer/private_cupsd.h"
#include "drivers/receipt_printer/escpos_emulator_server.h"
#include "runtime/config.h"
#include "drivers/barcode/scan_payload.h"
#include "base/log.h"
#include "base/uuid.h"
#include "offline/store.h"
#include "runtime/runtime.h"
#include "runtime/simulated_devices.h"
#include "runtime/runtime_config.h"
#include "tests/e2e/pump_until.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;

namespace zhidui {
namespace {

using testing::pump_until;

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

[devices]
required = ["id_reader"]

[devices.id_reader]
port = "/dev/ttyUSB0"

[devices.receipt_printer]
transport = "tcp"
address = "127.0.0.1:9100"

[timeouts]
idle_seconds = 120

[voice]
enabled = false
volume = 60

[technician]
pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$h/IxVRfhvwMMhMFQ/ATXWA$Nf0l5MVXxKQlHT2BoXDtRSGIj4sHAbR687vncKur1vQ"
)";

class RuntimeWithDevices : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("zhidui-runtime-tech-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    config_path = (dir / "zhidui.toml").string();
    std::ofstream(config_path) << config_text();
    fs::permissions(config_path, fs::perms::owner_read | fs::perms::owner_write);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir);
  }
  // kConfig with its data folder (and the panel's file in it) in the test's folder.
  std::string config_text() const {
    std::string text = kConfig;
    text.replace(text.find("/var/lib/zhidui"), 15, (dir / "data").string());
    return text;
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

TEST_F(RuntimeWithDevices, ATestReceiptReachesTheConfiguredPrinterAndASettingIsSavedToTheFile) {
  drivers::receipt_printer::EmulatorServerOptions eo;
  eo.output_dir = dir / "paper";
  auto printer = drivers::receipt_printer::EmulatorServer::start(eo);
  ASSERT_TRUE(printer.ok()) << printer.error().message;

  RuntimeOptions o;
  o.config.data_dir = (dir / "data").string();
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  o.config.simulate_devices = false;
  o.config.voice_enabled = false;
  o.config.voice_volume = 60;  // as main.cpp takes it from the file
  o.config.receipt_printer = ReceiptPrinterConfig{.transport = "tcp",
                                                 .address = "127.0.0.1:" + std::to_string(printer.value()->tcp_port())};
  o.config_path = config_path;
  o.config.technician_pin_hash = load_config(config_path)->technician_pin_hash;  // as main.cpp takes it: PIN 246813
  o.config.idle_seconds = 120;
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
  ASSERT_TRUE(pump_until(*runtime.value(), [&] {
    return !session.technician_results().empty() &&
           session.technician_results().back().find("(printer)") != std::string::npos;
  }));
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
  // The result screen's wait for the acceptance number: from the file's 8 s, one step up, at once.
  session.apply(act::ChangeSetting{"platform_wait_seconds", 1}, 0);
  EXPECT_EQ(session.platform_wait_ms(), 10000);
  EXPECT_EQ(load_config(config_path)->platform_wait_ms, 10000);
  EXPECT_EQ(session.technician_snapshot().platform_wait_seconds, 10);
  // The platform's timeouts are read by the sync engine at start: saved, shown, and in force after 立即重启.
  EXPECT_FALSE(session.restart_needed());
  session.apply(act::ChangeSetting{"platform_connect_timeout_seconds", 1}, 0);
  session.apply(act::ChangeSetting{"platform_total_timeout_seconds", -1}, 0);
  EXPECT_EQ(load_config(config_path)->connect_timeout_ms, 6000);
  EXPECT_EQ(load_config(config_path)->total_timeout_ms, 15000);
  EXPECT_EQ(session.technician_snapshot().connect_timeout_seconds, 6);
  EXPECT_EQ(session.technician_snapshot().total_timeout_seconds, 15);
  EXPECT_TRUE(session.restart_needed());
  session.apply(act::ChangeSetting{"platform_total_timeout_seconds", -2}, 0);  // 5 s: shorter than connecting
  EXPECT_NE(session.technician_results().back().find("must not be shorter than platform.connect_timeout_ms"),
            std::string::npos)
      << session.technician_results().back();
  EXPECT_EQ(load_config(config_path)->total_timeout_ms, 15000);
  // Nothing half-written stays beside it.
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir)) files += e.path().filename().string().starts_with("zhidui.toml");
  EXPECT_EQ(files, 1);

  session.apply(act::ChangeSetting{"idle_seconds", -10}, 0);  // clamped at 30 s: people read slowly
  EXPECT_EQ(load_config(config_path)->idle_seconds, 30);

  // Required devices and the orientation, from the panel into the file (and the session at once).
  session.apply(act::ChangeSetting{"required.receipt_printer", 1}, 0);
  EXPECT_EQ(load_config(config_path)->required, (std::vector<std::string>{"id_reader", "receipt_printer"}));
  EXPECT_EQ(session.required_devices().size(), 2u);
  session.apply(act::ChangeSetting{"required.id_reader", -1}, 0);
  EXPECT_EQ(load_config(config_path)->required, std::vector<std::string>{"receipt_printer"});
  session.apply(act::ChangeSetting{"orientation", 1}, 0);
  EXPECT_EQ(load_config(config_path)->orientation, "landscape");
  EXPECT_NE(session.technician_results().back().find("after a restart"), std::string::npos);
  session.apply(act::ChangeSetting{"required.toaster", 1}, 0);  // not a device class: refused, file unchanged
  EXPECT_EQ(load_config(config_path)->required, std::vector<std::string>{"receipt_printer"});
  session.apply(act::ChangeSetting{"required.document_printer", 1}, 0);  // none configured: the file refuses it
  EXPECT_NE(session.technician_results().back().find("devices.required"), std::string::npos)
      << session.technician_results().back();
  EXPECT_EQ(load_config(config_path)->required, std::vector<std::string>{"receipt_printer"});
  EXPECT_EQ(session.required_devices().size(), 1u);
}

// Replaces whatever the line editor holds with `value`, as the keyboard would.
void type_into_editor(Session& s, const std::string& value) {
  while (!s.setting_edit()->text.empty()) s.apply(act::Backspace{}, 0);
  for (char c : value) s.apply(act::TypeText{std::string(1, c)}, 0);
}

TEST_F(RuntimeWithDevices, IdentityPlatformAndPortsAreEditedOnThePanelForTheNextStart) {
  RuntimeOptions o;
  apply_config_file(config_path, o);  // as main.cpp does
  ASSERT_TRUE(o.configuration_problem.empty()) << o.configuration_problem;
  o.config.data_dir = (dir / "data").string();
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  o.config.platform_url.clear();  // no sync engine: the platform is not the subject here
  auto runtime = Runtime::create(o);
  ASSERT_TRUE(runtime.ok()) << runtime.error().message;
  Session& session = runtime.value()->session();
  open_panel(session);

  // The lines this file has: a TCP receipt printer has an address, not a path; the token is never shown.
  std::map<std::string, std::string> lines;
  for (const auto& line : session.technician_snapshot().text_settings) lines[line.key] = line.shown;
  EXPECT_EQ(lines.count("devices.receipt_printer.address"), 1u);
  EXPECT_EQ(lines.count("devices.receipt_printer.path"), 0u);
  EXPECT_EQ(lines["kiosk.id"], "HN-4301-YL-0009");
  EXPECT_EQ(lines["platform.token"].find("t0ken"), std::string::npos) << lines["platform.token"];

  session.apply(act::EditSetting{"platform.url"}, 0);
  ASSERT_TRUE(session.setting_edit());
  EXPECT_EQ(session.setting_edit()->text, "http://127.0.0.1:9");
  type_into_editor(session, "https://platform.hunan.example.cn:8470");
  session.apply(act::SaveSetting{}, 0);
  EXPECT_FALSE(session.setting_edit());
  EXPECT_EQ(load_config(config_path)->platform_url, "https://platform.hunan.example.cn:8470");
  EXPECT_TRUE(session.restart_needed());

  // A token is typed anew (the editor starts empty) and never shown, logged or reported.
  session.apply(act::EditSetting{"platform.token"}, 0);
  ASSERT_TRUE(session.setting_edit());
  EXPECT_TRUE(session.setting_edit()->text.empty());
  type_into_editor(session, "n3w-t0ken-of-the-hall");
  session.apply(act::SaveSetting{}, 0);
  EXPECT_EQ(load_config(config_path)->platform_token, "n3w-t0ken-of-the-hall");
  for (const auto& line : session.technician_results()) EXPECT_EQ(line.find("n3w-t0ken"), std::string::npos) << line;
  for (const auto& line : log::recent()) EXPECT_EQ(line.find("n3w-t0ken"), std::string::npos) << line;

  // A value the file's check refuses: the editor stays open with the reason, nothing is saved.
  auto saved_text = [&] {
    std::ifstream in(panel_edits_file((dir / "data").string()));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string before = saved_text();
  session.apply(act::EditSetting{"kiosk.region_code"}, 0);
  type_into_editor(session, "4301");
  session.apply(act::SaveSetting{}, 0);
  ASSERT_TRUE(session.setting_edit());
  EXPECT_NE(session.setting_edit()->error.find("kiosk.region_code"), std::string::npos) << session.setting_edit()->error;
  EXPECT_EQ(saved_text(), before);
  session.apply(act::CancelSettingEdit{}, 0);
  EXPECT_FALSE(session.setting_edit());

  // Leaving the panel with a token half typed wipes it.
  session.apply(act::EditSetting{"platform.token"}, 0);
  type_into_editor(session, "half");
  session.apply(act::TechnicianExit{}, 0);
  EXPECT_FALSE(session.setting_edit());

  // The restart the saved lines wait for: a clean end of the frame loop (main exits for systemd to restart).
  open_panel(session);
  EXPECT_FALSE(session.restart_requested());
  session.apply(act::RestartKiosk{}, 0);
  EXPECT_TRUE(session.restart_requested());
  RuntimeOptions next;
  apply_config_file(config_path, next);
  EXPECT_TRUE(next.configuration_problem.empty()) << next.configuration_problem;
  EXPECT_EQ(next.config.platform_url, "https://platform.hunan.example.cn:8470");
  EXPECT_EQ(next.config.platform_token, "n3w-t0ken-of-the-hall");
}

TEST_F(RuntimeWithDevices, TheKioskIdStaysWhileApplicationsWaitToUploadUnderIt) {
  // The platform accepts an application only under the kiosk id it was made with: a new id with one still
  // queued would make it a dead letter at the next start. So the panel refuses, saying why.
  const std::string data = (dir / "queued").string();
  fs::create_directories(data);
  {
    auto store = offline::Store::open(data + "/kiosk.db", data + "/field.key");
    ASSERT_TRUE(store.ok()) << store.error().message;
    offline::NewApplication app;
    app.uuid = make_uuid_v4();
    app.policy_id = "cs-rlzy-ycxcybt";
    app.policy_title = "一次性创业补贴";
    app.created_at = "2026-11-25T03:00:00Z";
    app.personal = {"测试用户", "430102199001011234", "长沙", "13800000000", "6222000000001234"};
    app.upload_body = "{}";
    ASSERT_TRUE(store.value()->submit(app).ok());
  }
  RuntimeOptions o;
  apply_config_file(config_path, o);
  o.config.data_dir = data;
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  o.config.platform_url.clear();  // it stays queued
  auto runtime = Runtime::create(o);
  ASSERT_TRUE(runtime.ok()) << runtime.error().message;
  Session& session = runtime.value()->session();
  open_panel(session);
  session.apply(act::EditSetting{"kiosk.id"}, 0);
  type_into_editor(session, "HN-4301-YL-0010");
  session.apply(act::SaveSetting{}, 0);
  ASSERT_TRUE(session.setting_edit());
  EXPECT_NE(session.setting_edit()->error.find("1 entries wait in the upload queue"), std::string::npos)
      << session.setting_edit()->error;
  EXPECT_EQ(load_config(config_path)->kiosk_id, "HN-4301-YL-0009");
  // Other lines are not held back by the queue.
  session.apply(act::EditSetting{"kiosk.hall"}, 0);
  type_into_editor(session, "HALL-B");
  session.apply(act::SaveSetting{}, 0);
  EXPECT_FALSE(session.setting_edit());
  EXPECT_EQ(load_config(config_path)->hall, "HALL-B");
}

TEST_F(RuntimeWithDevices, AKioskPausedForAWrongPortIsFixedOnThePanel) {
  // A typo in the reader's port: the kiosk starts paused (暂停服务) and says why; the technician, with the
  // file's own PIN, corrects the port on the panel, and the next start is in service.
  std::string text = config_text();
  text.replace(text.find("port = \"/dev/ttyUSB0\""), 21, "port = \"ttyUSB0\"");
  std::ofstream(config_path, std::ios::trunc) << text;
  RuntimeOptions o;
  apply_config_file(config_path, o);
  ASSERT_NE(o.configuration_problem.find("devices.id_reader.port"), std::string::npos) << o.configuration_problem;
  o.config.data_dir = (dir / "data").string();
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  auto runtime = Runtime::create(o);
  ASSERT_TRUE(runtime.ok()) << runtime.error().message;
  Session& session = runtime.value()->session();
  session.tick(0);
  EXPECT_EQ(session.screen(), Screen::out_of_service);
  open_panel(session);

  session.apply(act::EditSetting{"devices.id_reader.port"}, 0);
  ASSERT_TRUE(session.setting_edit());
  EXPECT_EQ(session.setting_edit()->text, "ttyUSB0");
  type_into_editor(session, "/dev/ttyUSB0");
  session.apply(act::SaveSetting{}, 0);
  ASSERT_FALSE(session.setting_edit()) << session.setting_edit()->error;
  EXPECT_TRUE(load_config(config_path).ok()) << "fixed: the next start is in service";
  EXPECT_TRUE(session.restart_needed());
}

TEST_F(RuntimeWithDevices, TheDevDockUnplugsTheSandboxA4PrinterAndTheNextJobPrintsOnceItIsBack) {
  // `make run`'s A4 printer: a CUPS sandbox queue. Unplugged from the dev dock, its backend reports
  // offline-report as CUPS's own backends do: the test page ends as a4.offline (the job is cancelled, so
  // it cannot come out later); plugged back in, the next one prints.
  if (!fs::exists("/usr/sbin/cupsd")) GTEST_SKIP() << "cupsd not installed";
  auto cupsd = drivers::a4_printer::PrivateCupsd::start();
  ASSERT_TRUE(cupsd.ok()) << cupsd.error().message;
  RuntimeOptions o;
  o.config.data_dir = (dir / "a4").string();
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  o.config.simulate_devices = true;
  o.config.voice_enabled = false;
  o.config.document_printer = DocumentPrinterConfig{.queue = cupsd.value()->queue(), .server = cupsd.value()->server()};
  auto created = Runtime::create(o);
  ASSERT_TRUE(created.ok()) << created.error().message;
  Runtime& runtime = *created.value();
  Session& s = runtime.session();
  s.apply(act::OpenTechnician{}, 0);
  for (char c : std::string("135790")) s.apply(act::TypeText{std::string(1, c)}, 0);
  s.apply(act::PinSubmit{}, 0);
  ASSERT_EQ(s.screen(), Screen::technician);
  auto last_result = [&] { return s.technician_results().empty() ? std::string() : s.technician_results().back(); };

  ASSERT_TRUE(runtime.simulated()->set_a4_printer_plugged_in(false));
  s.apply(act::SelfTest{"document_printer"}, 0);
  ASSERT_TRUE(pump_until(runtime, [&] { return last_result().find("a4.offline") != std::string::npos; },
                         std::chrono::seconds(60)))
      << last_result();
  EXPECT_TRUE(cupsd.value()->output_files().empty());

  ASSERT_TRUE(runtime.simulated()->set_a4_printer_plugged_in(true));
  s.apply(act::SelfTest{"document_printer"}, 0);
  ASSERT_TRUE(pump_until(runtime, [&] { return last_result().find("A4 test page printed") != std::string::npos; },
                         std::chrono::seconds(60)))
      << last_result();
  EXPECT_EQ(cupsd.value()->output_files().size(), 1u) << "the cancelled page never came out";
}

TEST_F(RuntimeWithDevices, TheSimulatedDevicesCarryACitizenJourneyAndTheScannerFindsItAgain) {
  // Demo mode as `make run` has it: the fake SAM module on a pty, the ESC/POS emulator, the fake scanner on
  // a pty; no platform, so the application stays queued and 进度查询 answers from the kiosk's own store.
  RuntimeOptions o;
  o.config.data_dir = (dir / "demo").string();
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  o.config.simulate_devices = true;
  o.config.voice_enabled = false;
  o.config.platform_wait_ms = 300;
  auto created = Runtime::create(o);
  ASSERT_TRUE(created.ok()) << created.error().message;
  Runtime& runtime = *created.value();
  Session& s = runtime.session();

  ASSERT_TRUE(runtime.simulated()->present_card("resident_changsha"));
  ASSERT_TRUE(pump_until(runtime, [&] { return s.screen() == Screen::policy_list; })) << to_string(s.screen());
  s.apply(act::SelectPolicy{"cs-rlzy-ycxcybt"}, 0);
  s.apply(act::StartApply{}, 0);
  for (char c : std::string("13807310000")) s.apply(act::TypeText{std::string(1, c)}, 0);
  s.apply(act::Next{}, 0);
  for (const auto& m : s.materials()) s.apply(act::ChooseMaterial{m.material->id, int(MaterialHandling::later)}, 0);
  s.apply(act::Next{}, 0);
  ASSERT_EQ(s.screen(), Screen::review);
  s.apply(act::Submit{}, 0);
  ASSERT_TRUE(pump_until(runtime, [&] { return s.submit_phase() == SubmitPhase::waiting_platform; }));
  s.tick(1000);  // past the platform wait: saved, uploads later
  ASSERT_EQ(s.submit_phase(), SubmitPhase::saved_offline);
  EXPECT_EQ(s.print_outcome(), PrintOutcome::printing);  // on the worker: the screen does not wait for paper
  ASSERT_TRUE(pump_until(runtime, [&] { return s.print_outcome() == PrintOutcome::printed; }));
  const std::string qr = runtime.last_receipt_qr();
  ASSERT_NE(qr.find(s.application_uuid()), std::string::npos) << qr;
  runtime.simulated()->remove_card();
  s.apply(act::Finish{}, 0);

  // The receipt's QR under the scanner on the home screen: that application's progress, from this kiosk.
  ASSERT_TRUE(runtime.simulated()->scan(qr));
  ASSERT_TRUE(pump_until(runtime, [&] { return s.progress_phase() == ProgressPhase::shown; }))
      << to_string(s.screen()) << " " << s.progress_error();
  EXPECT_TRUE(s.progress().last_known);
  ASSERT_EQ(s.progress().entries.size(), 1u);
  s.apply(act::GoHome{}, 0);

  // A licence QR starts the enterprise journey with its USCC (the platform cannot be reached here).
  ASSERT_TRUE(runtime.simulated()->scan(drivers::barcode::kSampleLicenceQr));
  ASSERT_TRUE(pump_until(runtime, [&] { return s.enterprise_lookup() == EnterpriseLookup::unreachable; }));
  EXPECT_EQ(s.screen(), Screen::enterprise_identify);
  EXPECT_EQ(s.uscc_entry(), "91430104MA4L1A2B39");

  // Unplugged, the scanner is reported offline and reads nothing; plugged back, the adapter finds it
  // again by itself and the next code starts the journey — no restart.
  s.apply(act::GoHome{}, 0);
  auto scanner_state = [&] {
    auto it = s.devices().find(drivers::DeviceClass::barcode_scanner);
    return it == s.devices().end() ? drivers::DeviceState::unknown : it->second.state;
  };
  runtime.simulated()->unplug_scanner();
  EXPECT_FALSE(runtime.simulated()->scan(drivers::barcode::kSampleLicenceQr));
  ASSERT_TRUE(pump_until(runtime, [&] { return scanner_state() == drivers::DeviceState::offline; }));
  runtime.simulated()->replug_scanner();
  ASSERT_TRUE(pump_until(runtime, [&] { return scanner_state() == drivers::DeviceState::online; }));
  ASSERT_TRUE(runtime.simulated()->scan(drivers::barcode::kSampleLicenceQr));
  ASSERT_TRUE(pump_until(runtime, [&] { return s.screen() == Screen::enterprise_identify; }));

  // A printer that stops answering status is honestly unknown, not broken: receipts are still tried.
  auto printer_state = [&] {
    auto it = s.devices().find(drivers::DeviceClass::receipt_printer);
    return it == s.devices().end() ? drivers::DeviceState::offline : it->second.state;
  };
  runtime.simulated()->set_printer_answers_status(false);
  ASSERT_TRUE(pump_until(runtime, [&] { return printer_state() == drivers::DeviceState::unknown; }));
  EXPECT_FALSE(s.printer_degraded());
  runtime.simulated()->set_printer_answers_status(true);
  ASSERT_TRUE(pump_until(runtime, [&] { return printer_state() == drivers::DeviceState::online; }));

  // Its cable pulled: offline and the hall told (receipts on screen); put back, found again by itself.
  runtime.simulated()->set_printer_plugged_in(false);
  ASSERT_TRUE(pump_until(runtime, [&] { return printer_state() == drivers::DeviceState::offline; }));
  EXPECT_TRUE(s.printer_degraded());
  runtime.simulated()->set_printer_plugged_in(true);
  ASSERT_TRUE(pump_until(runtime, [&] { return printer_state() == drivers::DeviceState::online; }));
  EXPECT_FALSE(s.printer_degraded());
}

TEST_F(RuntimeWithDevices, AKeyboardWedgeScannerTypesACodeThatStartsTheJourney) {
  RuntimeOptions o;
  o.config.data_dir = (dir / "wedge").string();
  o.assets_dir = std::string(ZHIDUI_SOURCE_DIR) + "/assets";
  o.config.simulate_devices = false;
  o.config.barcode_scanner = BarcodeScannerConfig{.mode = "wedge"};
  o.config.voice_enabled = false;
  auto created = Runtime::create(o);
  ASSERT_TRUE(created.ok()) << created.error().message;
  Runtime& runtime = *created.value();
  Session& s = runtime.session();
  ASSERT_TRUE(pump_until(runtime, [&] {
    auto it = s.devices().find(drivers::DeviceClass::barcode_scanner);
    return it != s.devices().end() && it->second.state == drivers::DeviceState::online;
  }));
  // The scanner types the licence URL in pieces, as SDL hands text over, then Enter.
  const std::string code = drivers::barcode::kSampleLicenceQr;
  runtime.keyboard_wedge_text(code.substr(0, 10));
  runtime.keyboard_wedge_text(code.substr(10));
  EXPECT_EQ(s.screen(), Screen::home);  // nothing until Enter ends the code
  runtime.keyboard_wedge_text("\n");
  ASSERT_TRUE(pump_until(runtime, [&] { return s.screen() == Screen::enterprise_identify; })) << to_string(s.screen());
  EXPECT_EQ(s.uscc_entry(), "91430104MA4L1A2B39");
}

}  // namespace
}  // namespace zhidui
