// What each key of the configuration file does to a run (runtime/runtime_config.h), and what a broken file
// leaves the kiosk with: keys that were once parsed and then ignored are pinned here.
#include "runtime/runtime_config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kiosk/technician_auth.h"

namespace zhidui {
namespace {

namespace fs = std::filesystem;

const char* kOwnHash = "$argon2id$v=19$m=65536,t=2,p=1$h/IxVRfhvwMMhMFQ/ATXWA$Nf0l5MVXxKQlHT2BoXDtRSGIj4sHAbR687vncKur1vQ";

class ConfiguredRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("zhidui-runcfg-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    path_ = (dir_ / "zhidui.toml").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& text) {
    std::ofstream(path_, std::ios::trunc) << text;
    ::chmod(path_.c_str(), 0640);
  }
  // A client certificate and key for mutual TLS (their contents are the platform client's business);
  // returns the certificate's path.
  std::string write_client_files(mode_t key_mode) {
    const std::string cert = (dir_ / "client.crt").string();
    std::ofstream(cert, std::ios::trunc) << "certificate";
    std::ofstream(key_path(), std::ios::trunc) << "key";
    ::chmod(key_path().c_str(), key_mode);
    return cert;
  }
  std::string key_path() const { return (dir_ / "client.key").string(); }
  fs::path dir_;
  std::string path_;
};

TEST_F(ConfiguredRunTest, EveryDeviceAndPlatformKeyReachesTheRun) {
  const std::string cert = write_client_files(0600);
  write(std::string(R"([kiosk]
id = "HN-4302-TY-0003"
hall = "天元区政务服务中心"
region_code = "430211"
mode = "production"
orientation = "landscape"
data_dir = "/srv/zhidui"

[platform]
url = "https://platform.example.cn:8470"
token = "secret-token"
connect_timeout_ms = 3000
total_timeout_ms = 15000
client_cert = ")" + cert + R"("
client_key = ")" + key_path() + R"("

[devices]
required = ["id_reader", "receipt_printer"]

[devices.id_reader]
port = "/dev/ttyS1"
baud = 9600

[devices.barcode_scanner]
mode = "wedge"

[devices.receipt_printer]
transport = "tcp"
address = "192.168.10.20:9100"
paper_mm = 58

[timeouts]
idle_seconds = 90

[technician]
pin_hash = ")") + kOwnHash + "\"\n");
  RuntimeOptions o;
  apply_config_file(path_, o);
  ASSERT_TRUE(o.configuration_problem.empty()) << o.configuration_problem;
  EXPECT_TRUE(o.landscape());
  EXPECT_FALSE(o.dev_dock());
  const KioskConfig& c = o.config;
  EXPECT_FALSE(c.simulate_devices);
  EXPECT_EQ(c.kiosk_id, "HN-4302-TY-0003");
  EXPECT_EQ(c.region_code, "430211");
  EXPECT_EQ(c.data_dir, "/srv/zhidui");
  ASSERT_TRUE(c.id_reader);
  EXPECT_EQ(c.id_reader->port, "/dev/ttyS1");
  EXPECT_EQ(c.id_reader->baud, 9600);
  ASSERT_TRUE(c.barcode_scanner);
  EXPECT_EQ(c.barcode_scanner->mode, "wedge");
  ASSERT_TRUE(c.receipt_printer);
  EXPECT_EQ(c.receipt_printer->transport, "tcp");
  EXPECT_EQ(c.receipt_printer->address, "192.168.10.20:9100");
  EXPECT_EQ(c.receipt_printer->paper_mm, 58);
  EXPECT_EQ(o.session().idle_timeout_ms, 90000);
  EXPECT_EQ(o.session().required_devices.size(), 2u);
  EXPECT_EQ(c.technician_pin_hash, kOwnHash);
  EXPECT_FALSE(o.allow_demo_pin);
  const offline::PlatformConfig pc = o.platform();
  EXPECT_EQ(pc.base_url, "https://platform.example.cn:8470");
  EXPECT_EQ(pc.connect_timeout_ms, 3000);
  EXPECT_EQ(pc.total_timeout_ms, 15000);
  EXPECT_EQ(pc.client_cert, cert);
  EXPECT_EQ(pc.client_key, key_path());
}

TEST_F(ConfiguredRunTest, AClientKeyOthersCanReadPausesTheKioskNamingTheKey) {
  const std::string cert = write_client_files(0644);
  write(std::string("[kiosk]\nid = \"K1\"\nhall = \"演示\"\nregion_code = \"430100\"\nmode = \"demo\"\n"
                    "data_dir = \"/srv/zhidui\"\n[platform]\nurl = \"http://127.0.0.1:8470\"\nclient_cert = \"") +
        cert + "\"\nclient_key = \"" + key_path() + "\"\n[devices]\nrequired = [\"id_reader\"]\n");
  RuntimeOptions o;
  apply_config_file(path_, o);
  EXPECT_EQ(o.configuration_problem.rfind(path_ + ": platform.client_key: the client private key " + key_path() +
                                              " has mode 0644",
                                          0),
            0u)
      << o.configuration_problem;
  EXPECT_TRUE(o.config.client_key.empty()) << "the key is not handed to the platform client";
  EXPECT_FALSE(o.config.simulate_devices);
  EXPECT_EQ(o.config.data_dir, "/srv/zhidui");
  EXPECT_FALSE(o.allow_demo_pin);

  ::chmod(key_path().c_str(), 0600);
  RuntimeOptions fixed;
  apply_config_file(path_, fixed);
  EXPECT_TRUE(fixed.configuration_problem.empty()) << fixed.configuration_problem;
  EXPECT_EQ(fixed.platform().client_key, key_path());
}

TEST_F(ConfiguredRunTest, ABrokenFilePausesWithRealDevicesItsFolderAndNoDemoPin) {
  write(std::string("[kiosk]\nmode = \"demo\"\ndata_dir = \"/srv/zhidui\"\nbaud = 12\n[technician]\npin_hash = \"") +
        kOwnHash + "\"\n");
  RuntimeOptions o;  // defaults as a run without a file: simulated devices, the demonstration PIN
  apply_config_file(path_, o);
  EXPECT_NE(o.configuration_problem.find("baud"), std::string::npos) << o.configuration_problem;
  EXPECT_FALSE(o.config.simulate_devices);
  EXPECT_EQ(o.config.data_dir, "/srv/zhidui");
  EXPECT_EQ(o.config.technician_pin_hash, kOwnHash);
  EXPECT_FALSE(o.allow_demo_pin);  // even though the broken file says demo
  EXPECT_FALSE(o.dev_dock());
  EXPECT_TRUE(o.config.platform_token.empty()) << "nothing of a developer's run serves a paused kiosk";

  write("[kiosk\n");
  RuntimeOptions unreadable;
  apply_config_file(path_, unreadable);
  EXPECT_FALSE(unreadable.configuration_problem.empty());
  EXPECT_TRUE(unreadable.config.technician_pin_hash.empty());
  EXPECT_FALSE(unreadable.allow_demo_pin);
}

// ---- the command line over the file -------------------------------------------------------------------

const char* kDemoFile = R"([kiosk]
id = "HN-4301-YL-0007"
hall = "岳麓区政务服务中心"
region_code = "430104"
mode = "demo"
data_dir = "/srv/zhidui"

[platform]
url = "http://127.0.0.1:8470"
token = "file-token"

[devices]
required = ["id_reader"]

[devices.id_reader]
port = "/dev/ttyUSB3"
baud = 9600

[timeouts]
platform_wait_ms = 6000
)";

CommandLine parsed(std::vector<const char*> args) {
  args.insert(args.begin(), "zhidui-kiosk");
  auto cl = parse_command_line(int(args.size()), args.data());
  EXPECT_TRUE(cl.ok()) << cl.error().message;
  return cl.ok() ? cl.value() : CommandLine{};
}

TEST_F(ConfiguredRunTest, EveryCommandLineOptionWinsOverTheFile) {
  write(kDemoFile);
  const RuntimeOptions o = options_for(parsed({"--config", path_.c_str(), "--platform", "http://127.0.0.1:9999",
                                               "--token", "cli-token", "--kiosk-id", "CLI-1", "--data-dir",
                                               "/tmp/cli", "--assets", "/tmp/assets", "--reader", "/dev/ttyACM7",
                                               "--real-devices", "--platform-wait-ms", "1500", "--landscape",
                                               "--a4-server", "/tmp/cups.sock", "--a4-queue", "hall-a4"}));
  ASSERT_TRUE(o.configuration_problem.empty()) << o.configuration_problem;
  const KioskConfig& c = o.config;
  EXPECT_EQ(c.platform_url, "http://127.0.0.1:9999");
  EXPECT_EQ(c.platform_token, "cli-token");
  EXPECT_EQ(c.kiosk_id, "CLI-1");
  EXPECT_EQ(c.data_dir, "/tmp/cli");
  EXPECT_EQ(o.assets_dir, "/tmp/assets");
  ASSERT_TRUE(c.id_reader);
  EXPECT_EQ(c.id_reader->port, "/dev/ttyACM7");
  EXPECT_EQ(c.id_reader->baud, 9600) << "what the option does not name stays as the file has it";
  EXPECT_FALSE(c.simulate_devices) << "--real-devices was dropped whenever the file implied simulate";
  EXPECT_EQ(o.session().platform_wait_ms, 1500) << "--platform-wait-ms was always dropped with --config";
  EXPECT_TRUE(o.landscape());
  ASSERT_TRUE(c.document_printer);
  EXPECT_EQ(c.document_printer->server, "/tmp/cups.sock");
  EXPECT_EQ(c.document_printer->queue, "hall-a4");
  EXPECT_EQ(o.config_path, path_) << "the panel still saves to the file";
}

TEST_F(ConfiguredRunTest, WhatTheCommandLineDoesNotNameComesFromTheFile) {
  write(kDemoFile);
  const RuntimeOptions o = options_for(parsed({"--config", path_.c_str(), "--windowed"}));
  ASSERT_TRUE(o.configuration_problem.empty()) << o.configuration_problem;
  EXPECT_EQ(o.config.kiosk_id, "HN-4301-YL-0007");
  EXPECT_EQ(o.config.platform_token, "file-token");
  EXPECT_EQ(o.config.data_dir, "/srv/zhidui");
  EXPECT_TRUE(o.config.simulate_devices) << "demo mode simulates unless told otherwise";
  EXPECT_TRUE(o.dev_dock());
  EXPECT_EQ(o.session().platform_wait_ms, 6000);
  EXPECT_FALSE(o.landscape());
}

TEST_F(ConfiguredRunTest, WithoutAFileTheDefaultsAreADevelopersThenTheCommandLine) {
  const RuntimeOptions bare = options_for(parsed({}));
  EXPECT_TRUE(bare.config_path.empty());
  EXPECT_TRUE(bare.config.simulate_devices);
  EXPECT_TRUE(bare.dev_dock());
  EXPECT_TRUE(bare.allow_demo_pin);
  EXPECT_EQ(bare.config.data_dir, "var");
  EXPECT_FALSE(bare.config.document_printer) << "no A4 printer unless one is named";

  const RuntimeOptions real = options_for(parsed({"--real-devices", "--reader", "/dev/ttyUSB0", "--data-dir", "/tmp/d"}));
  EXPECT_FALSE(real.config.simulate_devices);
  EXPECT_FALSE(real.dev_dock());
  ASSERT_TRUE(real.config.id_reader);
  EXPECT_EQ(real.config.id_reader->port, "/dev/ttyUSB0");
  EXPECT_EQ(real.config.id_reader->baud, 115200);
  EXPECT_EQ(real.config.data_dir, "/tmp/d");
}

TEST(CommandLine, AMistakeIsNamedNotIgnored) {
  const char* unknown[] = {"zhidui-kiosk", "--plaform", "x"};
  auto a = parse_command_line(3, unknown);
  ASSERT_FALSE(a);
  EXPECT_TRUE(a.error().is("cli.unknown_option"));
  EXPECT_NE(a.error().message.find("--plaform"), std::string::npos);
  const char* missing[] = {"zhidui-kiosk", "--config"};
  auto b = parse_command_line(2, missing);
  ASSERT_FALSE(b);
  EXPECT_TRUE(b.error().is("cli.missing_value"));
  const char* not_a_number[] = {"zhidui-kiosk", "--platform-wait-ms", "8s"};
  auto c = parse_command_line(3, not_a_number);
  ASSERT_FALSE(c);
  EXPECT_TRUE(c.error().is("cli.invalid_value"));
}

TEST(CommandLine, FlagsAndValuesAreRecordedAsGiven) {
  const char* args[] = {"zhidui-kiosk", "--self-check", "--screens-dir", "/tmp/s", "--headless"};
  auto cl = parse_command_line(5, args);
  ASSERT_TRUE(cl.ok());
  EXPECT_TRUE(cl->self_check);
  EXPECT_TRUE(cl->headless);
  EXPECT_FALSE(cl->windowed);
  EXPECT_EQ(cl->screens_dir.value_or(""), "/tmp/s");
  EXPECT_FALSE(cl->config_path);
}

}  // namespace
}  // namespace zhidui
