// config_test.cpp — the kiosk configuration file (runtime/config.h): every rule names its key, unknown keys
// and security breaches are refused, save→load round-trips, and a failed save leaves the old file intact.
#include "runtime/config.h"

#include "kiosk/technician_auth.h"
#include "offline/platform_client.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "zhidui_build_paths.h"

namespace zhidui {
namespace {

namespace fs = std::filesystem;

const char* kValid = R"(
[kiosk]
id = "HN-4301-YL-0001"
hall = "岳麓区政务服务中心"
region_code = "430104"
mode = "production"
orientation = "portrait"

[platform]
url = "https://platform.example.cn:8470"
token = "secret-token"
pinned_sha256 = ["sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="]

[devices]
required = ["id_reader", "receipt_printer"]

[devices.id_reader]
port = "/dev/ttyUSB0"
baud = 115200

[devices.receipt_printer]
transport = "usb"
path = "/dev/usb/lp0"
paper_mm = 80

[timeouts]
idle_seconds = 120

[voice]
enabled = true
volume = 60

[technician]
pin_hash = "$argon2id$v=19$m=65536,t=2,p=1$h/IxVRfhvwMMhMFQ/ATXWA$Nf0l5MVXxKQlHT2BoXDtRSGIj4sHAbR687vncKur1vQ"
)";

// The valid text with one line replaced (or appended to a table when `old_line` is empty).
std::string with(const std::string& old_line, const std::string& new_line) {
  std::string text = kValid;
  const auto at = text.find(old_line);
  EXPECT_NE(at, std::string::npos) << old_line;
  text.replace(at, old_line.size(), new_line);
  return text;
}

std::string error_of(const std::string& text) {
  auto r = parse_config(text, "zhidui.toml");
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.error().code + " | " + r.error().message;
}

TEST(Config, ValidFileParses) {
  auto r = parse_config(kValid, "zhidui.toml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->kiosk_id, "HN-4301-YL-0001");
  EXPECT_EQ(r->hall, "岳麓区政务服务中心");
  EXPECT_EQ(r->id_reader->baud, 115200);
  EXPECT_EQ(r->receipt_printer->paper_mm, 80);
  EXPECT_FALSE(r->simulate_devices);
  EXPECT_FALSE(r->dev_dock());
  EXPECT_EQ(r->idle_seconds, 120);
  EXPECT_EQ(r->voice_volume, 60);
  EXPECT_EQ(r->platform_wait_ms, 8000);  // default
}

TEST(Config, PlatformConfigForTheSyncEngine) {
  auto r = parse_config(kValid, "zhidui.toml");
  ASSERT_TRUE(r.ok());
  const offline::PlatformConfig pc = to_platform_config(r.value());
  EXPECT_EQ(pc.base_url, "https://platform.example.cn:8470");
  EXPECT_EQ(pc.kiosk_id, "HN-4301-YL-0001");
  EXPECT_EQ(pc.token, "secret-token");
  EXPECT_EQ(pc.pinned_sha256.size(), 1u);
  EXPECT_EQ(pc.connect_timeout_ms, 5000);
  EXPECT_TRUE(offline::check_platform_config(pc).ok());
}

TEST(Config, BadBaudNamesKeyAndChoices) {
  EXPECT_EQ(error_of(with("baud = 115200", "baud = 12345")),
            "config.invalid | zhidui.toml: devices.id_reader.baud: 12345 is not one of 9600, 19200, 38400, 57600, 115200");
}

TEST(Config, UnknownKeysAreErrors) {
  EXPECT_NE(error_of(with("baud = 115200", "baud = 115200\nbuad = 9600")).find("devices.id_reader.buad: unknown key"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kValid) + "\n[screen]\nx = 1\n").find("zhidui.toml: screen: unknown key"), std::string::npos);
}

TEST(Config, SyntaxErrorHasLineNumber) {
  const std::string e = error_of("[kiosk]\nid = \"unterminated\n");
  EXPECT_EQ(e.rfind("config.syntax | zhidui.toml:2:", 0), 0u) << e;
}

TEST(Config, WrongTypeNamesKey) {
  EXPECT_NE(error_of(with("volume = 60", "volume = \"loud\"")).find("voice.volume: expected a whole number, got a string"),
            std::string::npos);
}

TEST(Config, MissingRequiredKeys) {
  const std::string e = error_of("[kiosk]\nid = \"K1\"\n");
  EXPECT_NE(e.find("kiosk.hall: missing"), std::string::npos) << e;
  EXPECT_NE(e.find("kiosk.region_code: missing"), std::string::npos) << e;
  EXPECT_NE(e.find("platform.url: missing"), std::string::npos) << e;
}

TEST(Config, ValueRulesEachNameTheirKey) {
  const std::pair<std::pair<const char*, const char*>, const char*> cases[] = {
      {{"region_code = \"430104\"", "region_code = \"110105\""}, "kiosk.region_code: \"110105\" is not a 6-digit Hunan"},
      {{"region_code = \"430104\"", "region_code = \"43010\""}, "kiosk.region_code:"},
      {{"mode = \"production\"", "mode = \"test\""}, "kiosk.mode: \"test\" is not one of production, demo"},
      {{"orientation = \"portrait\"", "orientation = \"sideways\""}, "kiosk.orientation: \"sideways\" is not one of portrait, landscape"},
      {{"idle_seconds = 120", "idle_seconds = 29"}, "timeouts.idle_seconds: 29 is out of range 30..3600"},
      {{"volume = 60", "volume = 101"}, "voice.volume: 101 is out of range 0..100"},
      {{"paper_mm = 80", "paper_mm = 76"}, "devices.receipt_printer.paper_mm: 76 is not one of 58, 80"},
      {{"transport = \"usb\"", "transport = \"bluetooth\""}, "devices.receipt_printer.transport: \"bluetooth\" is not one of usb, serial, tcp"},
      {{"port = \"/dev/ttyUSB0\"", "port = \"COM3\""}, "devices.id_reader.port: \"COM3\" is not a device path"},
      {{"token = \"secret-token\"", "token = \"\""}, "platform.token: missing (required in production mode)"},
      {{"sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "nope"}, "platform.pinned_sha256[0]: \"nope\" is not a base64"},
      {{"[\"id_reader\", \"receipt_printer\"]", "[\"id_reader\", \"fax\"]"}, "devices.required[1]: \"fax\" is not one of"},
      {{"[\"id_reader\", \"receipt_printer\"]", "[\"barcode_scanner\"]"}, "devices.required[0]: \"barcode_scanner\" is required but [devices.barcode_scanner] is missing"},
  };
  for (const auto& [edit, expected] : cases) {
    const std::string e = error_of(with(edit.first, edit.second));
    EXPECT_NE(e.find(std::string("zhidui.toml: ") + expected), std::string::npos) << e;
  }
}

TEST(Config, ClientCertificateAndKeyGoTogetherAsAbsolutePaths) {
  const std::string token_line = "token = \"secret-token\"";
  auto with_client = [&](const std::string& lines) { return with(token_line, token_line + "\n" + lines); };
  auto ok = parse_config(with_client("client_cert = \"/etc/zhidui/client.crt\"\nclient_key = \"/etc/zhidui/client.key\""),
                         "zhidui.toml");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->client_cert, "/etc/zhidui/client.crt");
  const offline::PlatformConfig pc = to_platform_config(ok.value());
  EXPECT_EQ(pc.client_cert, "/etc/zhidui/client.crt");
  EXPECT_EQ(pc.client_key, "/etc/zhidui/client.key");
  // Neither: no mutual TLS (the default).
  EXPECT_TRUE(parse_config(kValid, "zhidui.toml")->client_cert.empty());

  EXPECT_EQ(error_of(with_client("client_cert = \"/etc/zhidui/client.crt\"")),
            "config.invalid | zhidui.toml: platform.client_key: missing (platform.client_cert is set: give both, or "
            "neither)");
  EXPECT_EQ(error_of(with_client("client_key = \"/etc/zhidui/client.key\"")),
            "config.invalid | zhidui.toml: platform.client_cert: missing (platform.client_key is set: give both, or "
            "neither)");
  EXPECT_EQ(error_of(with_client("client_cert = \"client.crt\"\nclient_key = \"/etc/zhidui/client.key\"")),
            "config.invalid | zhidui.toml: platform.client_cert: \"client.crt\" must be an absolute path");
  EXPECT_EQ(error_of(with_client("client_cert = \"/etc/zhidui/client.crt\"\nclient_key = \"client.key\"")),
            "config.invalid | zhidui.toml: platform.client_key: \"client.key\" must be an absolute path");
  EXPECT_NE(error_of(with_client("client_key = [\"/etc/zhidui/client.key\"]"))
                .find("platform.client_key: expected a string in quotes, got a list"),
            std::string::npos);
}

TEST(Config, TcpPrinterNeedsHostPort) {
  const std::string tcp = with("transport = \"usb\"\npath = \"/dev/usb/lp0\"", "transport = \"tcp\"\naddress = \"10.0.0.5:9100\"");
  auto ok = parse_config(tcp, "zhidui.toml");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->receipt_printer->address, "10.0.0.5:9100");
  EXPECT_NE(error_of(with("transport = \"usb\"\npath = \"/dev/usb/lp0\"", "transport = \"tcp\"\naddress = \"10.0.0.5\""))
                .find("devices.receipt_printer.address: \"10.0.0.5\" is not host:port"),
            std::string::npos);
}

TEST(Config, ScannerAndDocumentPrinter) {
  auto ok = parse_config(std::string(kValid) + "\n[devices.barcode_scanner]\nmode = \"serial\"\nport = \"/dev/ttyACM0\"\n"
                                               "[devices.document_printer]\nqueue = \"hall_a4\"\n",
                         "zhidui.toml");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->document_printer->queue, "hall_a4");
  EXPECT_NE(error_of(std::string(kValid) + "\n[devices.barcode_scanner]\nmode = \"serial\"\n").find("devices.barcode_scanner.port:"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kValid) + "\n[devices.document_printer]\nqueue = \"hall a4\"\n").find("devices.document_printer.queue:"),
            std::string::npos);
}

TEST(Config, PlainHttpOnlyToLoopbackUnlessAllowed) {
  EXPECT_TRUE(parse_config(with("https://platform.example.cn:8470", "http://127.0.0.1:8470"), "z").ok());
  EXPECT_TRUE(parse_config(with("https://platform.example.cn:8470", "http://localhost:8470"), "z").ok());
  const std::string e = error_of(with("https://platform.example.cn:8470", "http://10.1.2.3:8470"));
  EXPECT_EQ(e.rfind("config.insecure | zhidui.toml: platform.url: refusing plain http:// to 10.1.2.3", 0), 0u) << e;
  const std::string lab = with("https://platform.example.cn:8470\"", "http://10.1.2.3:8470\"\nallow_insecure_http = true");
  const std::string refused = error_of(lab);
  EXPECT_EQ(refused.rfind("config.insecure | zhidui.toml: platform.allow_insecure_http: refused in production mode", 0), 0u)
      << refused;
  std::string demo_lab = lab;
  demo_lab.replace(demo_lab.find("mode = \"production\""), 19, "mode = \"demo\"");
  auto allowed = parse_config(demo_lab, "z");
  EXPECT_TRUE(allowed.ok()) << allowed.error().message;
  EXPECT_NE(error_of(with("https://platform.example.cn:8470", "ftp://x")).find("platform.url:"), std::string::npos);
}

TEST(Config, ProductionRefusesSimulatedDevices) {
  const std::string e = error_of(with("[devices]\n", "[devices]\nsimulate = true\n"));
  EXPECT_EQ(e.rfind("config.insecure | zhidui.toml: devices.simulate: simulated devices are refused in production", 0), 0u) << e;
}

TEST(Config, DemoModeSimulatesAndHasDevDock) {
  auto r = parse_config(with("mode = \"production\"", "mode = \"demo\""), "z");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->simulate_devices);
  EXPECT_TRUE(r->dev_dock());
  // A demo kiosk needs no device sections and no token.
  auto bare = parse_config("[kiosk]\nid = \"D1\"\nhall = \"演示\"\nregion_code = \"430100\"\nmode = \"demo\"\n"
                           "[platform]\nurl = \"http://127.0.0.1:8470\"\n[devices]\nrequired = [\"id_reader\"]\n",
                           "z");
  EXPECT_TRUE(bare.ok()) << bare.error().message;
}

TEST(Config, ShippedDefaultConfigNeedsOnlyTheTokenAndThePin) {
  // packaging/zhidui.toml is what the package installs. Out of the box the only things missing are the
  // per-kiosk token and the technician PIN's hash (so an unconfigured kiosk says so and pauses); with
  // them it is a valid production configuration without simulated devices.
  std::ifstream in(std::string(ZHIDUI_SOURCE_DIR) + "/packaging/zhidui.toml");
  std::ostringstream text;
  text << in.rdbuf();
  auto as_shipped = parse_config(text.str(), "zhidui.toml");
  ASSERT_FALSE(as_shipped.ok());
  EXPECT_EQ(as_shipped.error().message,
            "zhidui.toml: platform.token: missing (required in production mode)\n"
            "zhidui.toml: technician.pin_hash: missing (required in production mode; make one with: zhidui-kiosk "
            "--hash-pin)");
  std::string filled = text.str();
  const auto at = filled.find("token = \"\"");
  ASSERT_NE(at, std::string::npos);
  filled.replace(at, 10, "token = \"t\"");
  const auto pin = filled.find("pin_hash = \"\"");
  ASSERT_NE(pin, std::string::npos);
  filled.replace(pin, 13, "pin_hash = \"$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA\"");
  auto r = parse_config(filled, "zhidui.toml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->mode, "production");
  EXPECT_FALSE(r->simulate_devices);
  EXPECT_FALSE(r->dev_dock());
}

// ---- files -------------------------------------------------------------------------------------------

class ConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("zhidui-config-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "zhidui.toml").string();
  }
  void TearDown() override {
    fs::permissions(dir_, fs::perms::owner_all);
    fs::remove_all(dir_);
  }
  static std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  size_t files_in_dir() const { return size_t(std::distance(fs::directory_iterator(dir_), fs::directory_iterator())); }

  fs::path dir_;
  std::string path_;
};

TEST_F(ConfigFile, ABrokenFileStillNamesItsDataFolder) {
  // The store and its queued applications stay where the file says, whatever else is wrong in it;
  // without a usable answer, the packaged folder (never a path relative to the working directory).
  auto write = [&](const std::string& text) {
    std::ofstream(path_, std::ios::trunc) << text;
  };
  write(with("mode = \"production\"", "mode = \"production\"\ndata_dir = \"/srv/zhidui\"\nbaud = 12"));
  EXPECT_FALSE(load_config(path_).ok());
  EXPECT_EQ(data_dir_named_by(path_), "/srv/zhidui");
  write("[kiosk\nid = ");
  EXPECT_EQ(data_dir_named_by(path_), "/var/lib/zhidui");
  write(with("mode = \"production\"", "data_dir = \"relative/dir\""));
  EXPECT_EQ(data_dir_named_by(path_), "/var/lib/zhidui");
  EXPECT_EQ(data_dir_named_by((dir_ / "absent.toml").string()), "/var/lib/zhidui");
}

TEST_F(ConfigFile, ABrokenFileOpensThePanelOnlyWithItsOwnHashNeverTheDemoPin) {
  auto write = [&](const std::string& text) {
    std::ofstream(path_, std::ios::trunc) << text;
    ::chmod(path_.c_str(), 0640);
  };
  const std::string own = "$argon2id$v=19$m=65536,t=2,p=1$h/IxVRfhvwMMhMFQ/ATXWA$Nf0l5MVXxKQlHT2BoXDtRSGIj4sHAbR687vncKur1vQ";
  write(with("mode = \"production\"", "mode = \"production\"\nbaud = 12"));  // parses, fails validation
  EXPECT_FALSE(load_config(path_).ok());
  EXPECT_EQ(technician_pin_hash_named_by(path_), own);
  ::chmod(path_.c_str(), 0666);  // anyone could have put their own hash in
  EXPECT_EQ(technician_pin_hash_named_by(path_), "");
  std::string demo = kValid;
  write(demo.replace(demo.find(own), own.size(), TechnicianAuth::kDemoPinHash));
  EXPECT_EQ(technician_pin_hash_named_by(path_), "");
  write("[technician\npin_hash = \"" + own + "\"\n");  // does not parse
  EXPECT_EQ(technician_pin_hash_named_by(path_), "");
  EXPECT_EQ(technician_pin_hash_named_by((dir_ / "absent.toml").string()), "");
}

// The administrator's file of these tests, with its data folder (where the panel's file goes) in the test's.
std::string admin_text(const fs::path& data_dir, const std::string& text = kValid) {
  std::string t = text;
  t.replace(t.find("orientation = \"portrait\""), 24, "orientation = \"portrait\"\ndata_dir = \"" + data_dir.string() + "\"");
  return t;
}

TEST_F(ConfigFile, APanelEditGoesToItsOwnFileAndTheAdministratorsFileIsNeverWritten) {
  const std::string admin = admin_text(dir_);
  std::ofstream(path_) << admin;
  ::chmod(path_.c_str(), 0640);
  auto before = load_config_for_edit(path_);
  ASSERT_TRUE(before.ok()) << before.error().message;
  KioskConfig after = before.value();
  ASSERT_TRUE(set_text_setting(after, "kiosk.hall", "含\"引号\"与\\反斜杠").ok());
  ASSERT_TRUE(set_text_setting(after, "platform.token", "n3w-t0ken").ok());
  after.voice_volume = 30;
  after.required = {"id_reader"};
  ASSERT_TRUE(save_config_edit(before.value(), after).ok());

  EXPECT_EQ(read(path_), admin) << "comments and all: dpkg never sees a modified conffile";
  const std::string panel = panel_edits_file(dir_.string());
  EXPECT_EQ(fs::status(panel).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write)
      << "it holds the token";
  EXPECT_TRUE(check_panel_file_permissions(panel).ok());
  const std::string written = read(panel);
  EXPECT_EQ(written.find("receipt_printer"), std::string::npos) << "only what changed:\n" << written;
  EXPECT_EQ(written.find("idle_seconds"), std::string::npos) << written;

  auto loaded = load_config(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->hall, "含\"引号\"与\\反斜杠");
  EXPECT_EQ(loaded->platform_token, "n3w-t0ken");
  EXPECT_EQ(loaded->voice_volume, 30);
  EXPECT_EQ(loaded->required, std::vector<std::string>{"id_reader"});
  EXPECT_EQ(loaded->id_reader->port, "/dev/ttyUSB0") << "the rest from the administrator's file";

  // A second edit keeps the first.
  KioskConfig again = loaded.value();
  again.idle_seconds = 300;
  ASSERT_TRUE(save_config_edit(loaded.value(), again).ok());
  auto twice = load_config(path_);
  ASSERT_TRUE(twice.ok()) << twice.error().message;
  EXPECT_EQ(twice->idle_seconds, 300);
  EXPECT_EQ(twice->platform_token, "n3w-t0ken");
  EXPECT_EQ(files_in_dir(), 2u) << "the file and the panel's file, no temporary file left behind";
}

TEST_F(ConfigFile, LayersMergeInOrderAndAProblemNamesTheFileThatSetTheKey) {
  std::ofstream(path_) << admin_text(dir_);
  ::chmod(path_.c_str(), 0640);
  fs::create_directories(path_ + ".d");
  const std::string early = path_ + ".d/10-hall.toml", late = path_ + ".d/20-voice.toml";
  std::ofstream(early) << "[kiosk]\nhall = \"天心区政务服务中心\"\n[voice]\nvolume = 40\n";
  std::ofstream(late) << "[voice]\nvolume = 50\n";
  auto merged = load_config(path_);
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->hall, "天心区政务服务中心");
  EXPECT_EQ(merged->voice_volume, 50) << "drop-ins in name order, the later winning";
  EXPECT_EQ(merged->idle_seconds, 120) << "from the shipped defaults, which the file does not repeat";
  EXPECT_EQ(config_layers(path_), (std::vector<std::string>{shipped_defaults_file(), path_, early, late}));

  std::ofstream(panel_edits_file(dir_.string())) << "[voice]\nvolume = 60\n";
  ::chmod(panel_edits_file(dir_.string()).c_str(), 0600);
  EXPECT_EQ(load_config(path_)->voice_volume, 60) << "the panel's edit over every file";

  std::ofstream(late, std::ios::trunc) << "[voice]\nvolume = 400\n";
  std::ofstream(panel_edits_file(dir_.string()), std::ios::trunc) << "[timeouts]\nidle_seconds = 5\n";
  auto broken = load_config(path_);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find(late + ": voice.volume: 400 is out of range"), std::string::npos)
      << broken.error().message;
  EXPECT_NE(broken.error().message.find(panel_edits_file(dir_.string()) + ": timeouts.idle_seconds"), std::string::npos)
      << broken.error().message;

  std::ofstream(early, std::ios::trunc) << "[voice\n";
  auto syntax = load_config(path_);
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().code, "config.syntax");
  EXPECT_EQ(syntax.error().message.rfind(early + ":1:", 0), 0u) << syntax.error().message;
}

TEST_F(ConfigFile, TheShippedDefaultsAreTheBuiltInOnesAndHoldNothingOfAKiosk) {
  // The file a package upgrade may change without asking: it must say what the code does, and never carry
  // an identity, an address or a secret (those belong in /etc/zhidui/zhidui.toml).
  std::ifstream in(shipped_defaults_file());
  std::ostringstream text;
  text << in.rdbuf();
  for (const char* key : {"id =", "hall =", "region_code =", "url =", "token =", "pin_hash =", "client_key"})
    EXPECT_EQ(text.str().find(std::string("\n") + key), std::string::npos) << key;
  std::ofstream(path_) << "[kiosk]\nid = \"K\"\nhall = \"H\"\nregion_code = \"430104\"\ndata_dir = \"" << dir_.string()
                       << "\"\n[platform]\nurl = \"https://p.example.cn\"\ntoken = \"t\"\n[technician]\npin_hash = "
                          "\"$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA\"\n";
  auto c = load_config(path_);
  ASSERT_TRUE(c.ok()) << c.error().message;
  const KioskConfig built_in;
  EXPECT_EQ(c->mode, built_in.mode);
  EXPECT_EQ(c->orientation, built_in.orientation);
  EXPECT_EQ(c->connect_timeout_ms, built_in.connect_timeout_ms);
  EXPECT_EQ(c->total_timeout_ms, built_in.total_timeout_ms);
  EXPECT_EQ(c->allow_insecure_http, built_in.allow_insecure_http);
  EXPECT_EQ(c->required, built_in.required);
  EXPECT_EQ(c->idle_seconds, built_in.idle_seconds);
  EXPECT_EQ(c->platform_wait_ms, built_in.platform_wait_ms);
  EXPECT_EQ(c->voice_enabled, built_in.voice_enabled);
  EXPECT_EQ(c->voice_volume, built_in.voice_volume);
  auto defaults_alone = [&] {
    Result<KioskConfig> r = parse_config(text.str(), "defaults");
    return r.ok() ? std::string() : r.error().message;
  }();
  EXPECT_NE(defaults_alone.find("kiosk.id: missing"), std::string::npos) << defaults_alone;
  EXPECT_EQ(defaults_alone.find("unknown key"), std::string::npos) << defaults_alone;
}

TEST_F(ConfigFile, APanelFileOthersCanReadIsRefused) {
  std::ofstream(path_) << admin_text(dir_);
  ::chmod(path_.c_str(), 0640);
  const std::string panel = panel_edits_file(dir_.string());
  std::ofstream(panel) << "[platform]\ntoken = \"typed-on-the-panel\"\n";
  ::chmod(panel.c_str(), 0644);
  auto refused = check_panel_file_permissions(panel);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "config.permissions");
  EXPECT_NE(refused.error().message.find("chmod 0600"), std::string::npos) << refused.error().message;
  ::chmod(panel.c_str(), 0600);
  EXPECT_TRUE(check_panel_file_permissions(panel).ok());
  fs::remove(panel);
  fs::create_symlink(path_, panel);
  EXPECT_FALSE(check_panel_file_permissions(panel).ok()) << "a symbolic link could point anywhere";
}

TEST_F(ConfigFile, AFailedPanelWriteLeavesTheOldPanelFileIntact) {
  std::ofstream(path_) << admin_text(dir_);
  ::chmod(path_.c_str(), 0640);
  const std::string panel = panel_edits_file(dir_.string());
  std::ofstream(panel) << "[voice]\nvolume = 40\n";
  ::chmod(panel.c_str(), 0600);
  auto before = load_config_for_edit(path_);
  ASSERT_TRUE(before.ok()) << before.error().message;
  KioskConfig after = before.value();
  after.hall = std::string(4096, 'x');
  // A file-size limit makes write() fail even for root (a read-only folder would not stop root).
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old_limit{};
  ::getrlimit(RLIMIT_FSIZE, &old_limit);
  rlimit small = old_limit;
  small.rlim_cur = 64;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  auto s = save_config_edit(before.value(), after);
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, SIG_DFL);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "config.io");
  EXPECT_EQ(read(panel), "[voice]\nvolume = 40\n");
  EXPECT_EQ(files_in_dir(), 2u) << "the temporary file was removed";
}

TEST_F(ConfigFile, AReadOnlyDataFolderRefusesTheEditAndChangesNothing) {
  std::ofstream(path_) << admin_text(dir_ / "data");
  ::chmod(path_.c_str(), 0640);
  fs::create_directories(dir_ / "data");
  fs::permissions(dir_ / "data", fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                     fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  auto before = load_config_for_edit(path_);
  ASSERT_TRUE(before.ok()) << before.error().message;
  KioskConfig after = before.value();
  after.voice_volume = 10;
  // Root ignores folder permissions: as root, save from a child that has become nobody (65534).
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
    auto s = save_config_edit(before.value(), after);
    ::_exit(s.ok() ? 1 : (s.error().code == "config.io" ? 0 : 2));
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: the save succeeded, 2: wrong error code, 3: could not drop root";
  EXPECT_FALSE(fs::exists(panel_edits_file((dir_ / "data").string())));
  fs::permissions(dir_ / "data", fs::perms::owner_all);
}

TEST_F(ConfigFile, LoadMissingFileIsIoError) {
  auto r = load_config((dir_ / "absent.toml").string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "config.io");
}

TEST_F(ConfigFile, PermissionChecks) {
  { std::ofstream(path_) << kValid; }
  ::chmod(path_.c_str(), 0640);
  EXPECT_TRUE(check_config_permissions(path_).ok());
  ::chmod(path_.c_str(), 0660);
  auto group_writable = check_config_permissions(path_);
  ASSERT_FALSE(group_writable.ok());
  EXPECT_EQ(group_writable.error().code, "config.permissions");
  ::chmod(path_.c_str(), 0602);
  EXPECT_FALSE(check_config_permissions(path_).ok());
  ::chmod(path_.c_str(), 0644);  // world-readable with a token
  auto readable = check_config_permissions(path_);
  ASSERT_FALSE(readable.ok());
  EXPECT_NE(readable.error().message.find("token"), std::string::npos);
  // World-readable without a token is fine (a demo kiosk).
  std::string demo = with("mode = \"production\"", "mode = \"demo\"");
  demo.replace(demo.find("token = \"secret-token\""), 22, "token = \"\"");
  { std::ofstream(path_) << demo; }
  ::chmod(path_.c_str(), 0644);
  EXPECT_TRUE(check_config_permissions(path_).ok());
  // A symbolic link is refused.
  const std::string link = (dir_ / "link.toml").string();
  ASSERT_EQ(::symlink(path_.c_str(), link.c_str()), 0);
  EXPECT_FALSE(check_config_permissions(link).ok());
}

TEST_F(ConfigFile, TheClientKeyMustBeTheOwnersOnly) {
  const std::string cert = (dir_ / "client.crt").string(), key = (dir_ / "client.key").string();
  { std::ofstream(cert) << "certificate"; }
  { std::ofstream(key) << "key"; }
  ::chmod(key.c_str(), 0600);
  KioskConfig c = parse_config(kValid, "zhidui.toml").value();
  EXPECT_TRUE(check_client_key_file(c, path_).ok()) << "nothing to check without mutual TLS";
  c.client_cert = cert;
  c.client_key = key;
  EXPECT_TRUE(check_client_key_file(c, path_).ok());
  ::chmod(key.c_str(), 0400);
  EXPECT_TRUE(check_client_key_file(c, path_).ok());

  for (mode_t exposed : {0644, 0640, 0604, 0660}) {
    ::chmod(key.c_str(), exposed);
    Status s = check_client_key_file(c, path_);
    ASSERT_FALSE(s.ok()) << std::oct << exposed;
    EXPECT_EQ(s.error().code, "config.permissions");
    EXPECT_EQ(s.error().message.rfind(path_ + ": platform.client_key: the client private key " + key + " has mode 0", 0), 0u)
        << s.error().message;
    EXPECT_NE(s.error().message.find("(chmod 600 " + key + ")"), std::string::npos) << s.error().message;
  }
  ::chmod(key.c_str(), 0600);

  c.client_key = (dir_ / "absent.key").string();
  Status absent_key = check_client_key_file(c, path_);
  ASSERT_FALSE(absent_key.ok());
  EXPECT_EQ(absent_key.error().code, "config.invalid");
  EXPECT_EQ(absent_key.error().message.rfind(path_ + ": platform.client_key: cannot open the client private key", 0), 0u)
      << absent_key.error().message;
  c.client_key = key;
  c.client_cert = (dir_ / "absent.crt").string();
  Status absent_cert = check_client_key_file(c, path_);
  ASSERT_FALSE(absent_cert.ok());
  EXPECT_EQ(absent_cert.error().message.rfind(path_ + ": platform.client_cert: cannot open the client certificate", 0), 0u)
      << absent_cert.error().message;
}

TEST(Config, ProductionRefusesTheDemoPinAndAnythingButAnArgon2idHash) {
  auto with_pin = [](const std::string& hash) {
    std::string text = kValid;
    const auto at = text.find("pin_hash = ");
    text.replace(at, text.find('\n', at) - at, "pin_hash = \"" + hash + "\"");
    return text;
  };
  EXPECT_NE(error_of(with_pin(TechnicianAuth::kDemoPinHash))
                .find("technician.pin_hash: is the demonstration PIN's hash, refused in production mode"),
            std::string::npos);
  EXPECT_NE(error_of(with_pin("135790")).find("technician.pin_hash: is not an argon2id hash"), std::string::npos);
  // Demo mode may leave it out: the demonstration PIN then opens the panel.
  std::string demo_text = with("mode = \"production\"", "mode = \"demo\"");
  demo_text.erase(demo_text.find("[technician]"));
  auto demo = parse_config(demo_text, "zhidui.toml");
  ASSERT_TRUE(demo.ok()) << demo.error().message;
  EXPECT_TRUE(demo->technician_pin_hash.empty());
  // The hash made by --hash-pin opens the panel for that PIN only.
  auto hash = TechnicianAuth::hash_pin("246813");
  ASSERT_TRUE(hash.ok());
  TechnicianAuth auth(hash.value());
  EXPECT_EQ(auth.try_pin("135790", 0).outcome, TechnicianAuth::Outcome::wrong);
  EXPECT_EQ(auth.try_pin("246813", 0).outcome, TechnicianAuth::Outcome::granted);
}

// ---- editing on the technician panel ---------------------------------------------------------------------

TEST(ConfigEdit, TheEditableLinesAreTheOnesThisConfigurationHas) {
  auto c = parse_config(kValid, "z");
  ASSERT_TRUE(c.ok()) << c.error().message;
  std::vector<std::string> keys;
  for (const TextSetting& s : text_settings_of(c.value())) {
    keys.push_back(s.key);
    EXPECT_EQ(s.secret, s.key == "platform.token") << s.key;
  }
  // No scanner or A4 printer configured, a USB receipt printer: no address, queue or scanner port to edit.
  EXPECT_EQ(keys, (std::vector<std::string>{"kiosk.id", "kiosk.hall", "kiosk.region_code", "platform.url",
                                            "platform.token", "platform.ca_file", "devices.id_reader.port",
                                            "devices.receipt_printer.path"}));
  KioskConfig edited = c.value();
  ASSERT_TRUE(set_text_setting(edited, "devices.id_reader.port", "/dev/ttyS1").ok());
  EXPECT_EQ(edited.id_reader->port, "/dev/ttyS1");
  auto refused = set_text_setting(edited, "devices.receipt_printer.address", "10.0.0.9:9100");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "config.unknown_setting");
  EXPECT_FALSE(set_text_setting(edited, "kiosk.mode", "demo").ok()) << "not a line the panel edits";
}

TEST_F(ConfigFile, AnEditIsSavedOnlyWhenItAddsNoProblem) {
  std::ofstream(path_) << admin_text(dir_);
  ::chmod(path_.c_str(), 0640);
  auto before = load_config_for_edit(path_);
  ASSERT_TRUE(before.ok()) << before.error().message;

  KioskConfig bad = before.value();
  ASSERT_TRUE(set_text_setting(bad, "kiosk.region_code", "4301").ok());
  auto refused = save_config_edit(before.value(), bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "config.invalid");
  EXPECT_NE(refused.error().message.find("kiosk.region_code: \"4301\""), std::string::npos) << refused.error().message;
  EXPECT_FALSE(fs::exists(panel_edits_file(dir_.string()))) << "a refused edit writes nothing";

  KioskConfig good = before.value();
  ASSERT_TRUE(set_text_setting(good, "kiosk.hall", "雨花区政务服务中心").ok());
  ASSERT_TRUE(save_config_edit(before.value(), good).ok());
  auto loaded = load_config(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->hall, "雨花区政务服务中心");
  EXPECT_EQ(read(panel_edits_file(dir_.string())).find("region_code"), std::string::npos) << "nothing else written";
}

TEST_F(ConfigFile, OneBrokenValueIsFixedOnThePanelWhileAnotherIsStillBroken) {
  // The kiosk paused for this file: a wrong reader port and a wrong region. The panel can load it, and
  // fixing one is saved although the other is still wrong; the file is then better, not yet valid.
  std::string text = admin_text(dir_, with("port = \"/dev/ttyUSB0\"", "port = \"ttyUSB0\""));
  text.replace(text.find("region_code = \"430104\""), 22, "region_code = \"999999\"");
  std::ofstream(path_) << text;
  ::chmod(path_.c_str(), 0640);
  ASSERT_FALSE(load_config(path_).ok());
  auto before = load_config_for_edit(path_);
  ASSERT_TRUE(before.ok()) << before.error().message;

  KioskConfig fixed = before.value();
  ASSERT_TRUE(set_text_setting(fixed, "devices.id_reader.port", "/dev/ttyUSB0").ok());
  ASSERT_TRUE(save_config_edit(before.value(), fixed).ok());
  auto still = load_config(path_);
  ASSERT_FALSE(still.ok());
  EXPECT_EQ(still.error().message.find("devices.id_reader.port"), std::string::npos) << still.error().message;
  EXPECT_NE(still.error().message.find("kiosk.region_code"), std::string::npos) << still.error().message;

  auto again = load_config_for_edit(path_);
  ASSERT_TRUE(again.ok());
  KioskConfig both = again.value();
  ASSERT_TRUE(set_text_setting(both, "kiosk.region_code", "430104").ok());
  ASSERT_TRUE(save_config_edit(again.value(), both).ok());
  EXPECT_TRUE(load_config(path_).ok()) << "both fixed: the kiosk starts in service";

  // A file that does not parse cannot be edited: the panel says why, and the file stays as it is.
  std::ofstream(path_, std::ios::trunc) << "[kiosk\nid = ";
  auto broken = load_config_for_edit(path_);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, "config.syntax");
}

}  // namespace
}  // namespace zhidui
