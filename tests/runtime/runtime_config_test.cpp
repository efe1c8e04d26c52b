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
  const ConfiguredRun run = apply_config_file(path_, o);
  ASSERT_TRUE(o.configuration_problem.empty()) << o.configuration_problem;
  EXPECT_TRUE(run.landscape);
  EXPECT_FALSE(run.dev_dock);
  EXPECT_FALSE(o.simulate_devices);
  EXPECT_EQ(o.kiosk_id, "HN-4302-TY-0003");
  EXPECT_EQ(o.kiosk_region, "430211");
  EXPECT_EQ(o.data_dir, "/srv/zhidui");
  EXPECT_EQ(o.reader_device, "/dev/ttyS1");
  EXPECT_EQ(o.reader_baud, 9600);
  EXPECT_TRUE(o.scanner_wedge);
  EXPECT_TRUE(o.scanner_device.empty());
  EXPECT_EQ(o.receipt_transport, "tcp");
  EXPECT_EQ(o.receipt_address, "192.168.10.20:9100");
  EXPECT_EQ(o.receipt_paper_mm, 58);
  EXPECT_EQ(o.session.idle_timeout_ms, 90000);
  EXPECT_EQ(o.session.required_devices.size(), 2u);
  EXPECT_EQ(o.technician_pin_hash, kOwnHash);
  EXPECT_FALSE(o.allow_demo_pin);
  const offline::PlatformConfig pc = platform_config_of(o);
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
  EXPECT_TRUE(o.client_key.empty()) << "the key is not handed to the platform client";
  EXPECT_FALSE(o.simulate_devices);
  EXPECT_EQ(o.data_dir, "/srv/zhidui");
  EXPECT_FALSE(o.allow_demo_pin);

  ::chmod(key_path().c_str(), 0600);
  RuntimeOptions fixed;
  apply_config_file(path_, fixed);
  EXPECT_TRUE(fixed.configuration_problem.empty()) << fixed.configuration_problem;
  EXPECT_EQ(platform_config_of(fixed).client_key, key_path());
}

TEST_F(ConfiguredRunTest, ABrokenFilePausesWithRealDevicesItsFolderAndNoDemoPin) {
  write(std::string("[kiosk]\nmode = \"demo\"\ndata_dir = \"/srv/zhidui\"\nbaud = 12\n[technician]\npin_hash = \"") +
        kOwnHash + "\"\n");
  RuntimeOptions o;  // defaults as a run without a file: simulated devices, the demonstration PIN
  apply_config_file(path_, o);
  EXPECT_NE(o.configuration_problem.find("baud"), std::string::npos) << o.configuration_problem;
  EXPECT_FALSE(o.simulate_devices);
  EXPECT_EQ(o.data_dir, "/srv/zhidui");
  EXPECT_EQ(o.technician_pin_hash, kOwnHash);
  EXPECT_FALSE(o.allow_demo_pin);  // even though the broken file says demo

  write("[kiosk\n");
  RuntimeOptions unreadable;
  apply_config_file(path_, unreadable);
  EXPECT_FALSE(unreadable.configuration_problem.empty());
  EXPECT_TRUE(unreadable.technician_pin_hash.empty());
  EXPECT_FALSE(unreadable.allow_demo_pin);
}

}  // namespace
}  // namespace zhidui
