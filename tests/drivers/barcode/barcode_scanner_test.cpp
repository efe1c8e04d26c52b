// barcode_scanner_test.cpp — the adapter end to end: FakeScanner → pty → BarcodeScanner → callbacks,
// unplug and replug, and keyboard-wedge mode. Waits are bounded; nothing sleeps for a fixed time.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "drivers/barcode/barcode_scanner.h"
#include "drivers/barcode/fake_scanner.h"
#include "base/log.h"
#include "../thread_wakeups.h"

namespace zhidui::drivers::barcode {
namespace {

constexpr auto kWait = std::chrono::seconds(3);
constexpr const char* kReceipt = "zhidui://receipt/v1?id=3f2b8c1e-9a4d-4e6f-8b21-5c7d9e0a1b2c&no=A7";

class Recorder {
 public:
  ScannerEvents events() {
    ScannerEvents e;
    e.on_status = [this](const DeviceStatus& s) { record([&] { statuses.push_back(s); }); };
    e.on_scan = [this](const ScanResult& r) { record([&] { scans.push_back(r); }); };
    e.on_rejected = [this](const Error& err) { record([&] { rejections.push_back(err); }); };
    return e;
  }
  // Waits until pred (called under the lock) holds.
  bool wait_for(const std::function<bool()>& pred) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, kWait, pred);
  }
  bool wait_state(DeviceState state) {
    return wait_for([&] { return !statuses.empty() && statuses.back().state == state; });
  }

  std::mutex mutex;
  std::vector<DeviceStatus> statuses;
  std::vector<ScanResult> scans;
  std::vector<Error> rejections;

 private:
  template <class F>
  void record(F&& f) {
    {
      std::lock_guard lock(mutex);
      f();
    }
    changed.notify_all();
  }
  std::condition_variable changed;
};

ScannerConfig serial_config(const std::string& path) {
  ScannerConfig c;
  c.mode = ScannerMode::serial;
  c.device_path = path;
  c.reconnect_interval_ms = 50;
  c.max_line = 256;
  return c;
}

// A serial scanner online behind the fake scanner's pty.
class BarcodeScannerSerial : public ::testing::Test {
 protected:
  void SetUp() override {
    auto path = fake.start();
    ASSERT_TRUE(path.ok()) << path.error().message;
    scanner = std::make_unique<BarcodeScanner>(serial_config(*path), rec.events());
    scanner->start();
    ASSERT_TRUE(rec.wait_state(DeviceState::online));
  }

  FakeScanner fake;
  Recorder rec;
  std::unique_ptr<BarcodeScanner> scanner;  // last: stopped first
};

TEST_F(BarcodeScannerSerial, ScansArriveThroughThePty) {
  EXPECT_EQ(scanner->status().device_class, DeviceClass::barcode_scanner);

  ASSERT_TRUE(fake.scan(kReceipt).ok());
  ASSERT_TRUE(fake.scan("https://x.gov.cn/lic?uscc=91110108551385082Q").ok());
  ASSERT_TRUE(fake.scan("hello").ok());
  ASSERT_TRUE(rec.wait_for([&] { return rec.scans.size() == 2 && rec.rejections.size() == 1; }));
  {
    std::lock_guard lock(rec.mutex);
    EXPECT_EQ(rec.scans[0].kind, ScanKind::kiosk_receipt);
    EXPECT_EQ(rec.scans[0].acceptance_no, "A7");
    EXPECT_EQ(rec.scans[1].kind, ScanKind::business_licence);
    EXPECT_EQ(rec.scans[1].uscc, "91110108551385082Q");
    EXPECT_EQ(rec.rejections[0].code, "scan.unknown");
  }

  // A scan split across writes and ended with CR LF is still one scan; an over-long line is refused.
  ASSERT_TRUE(fake.send_raw("91350100M0").ok());
  ASSERT_TRUE(fake.send_raw("00100Y43\r\n").ok());
  ASSERT_TRUE(fake.send_raw(std::string(1000, 'x') + "\r").ok());
  ASSERT_TRUE(rec.wait_for([&] { return rec.scans.size() == 3 && rec.rejections.size() == 2; }));
  {
    std::lock_guard lock(rec.mutex);
    EXPECT_EQ(rec.scans[2].uscc, "91350100M000100Y43");
    EXPECT_EQ(rec.rejections[1].code, "scan.too_long");
  }
  EXPECT_EQ(scanner->counters().scans, 3u);
  EXPECT_EQ(scanner->counters().rejected, 2u);
}

TEST_F(BarcodeScannerSerial, UnplugGoesOfflineAndReplugRecovers) {
  fake.unplug();
  ASSERT_TRUE(rec.wait_state(DeviceState::offline));
  {
    std::lock_guard lock(rec.mutex);
    EXPECT_EQ(rec.statuses.back().code, "scanner.unavailable");
    EXPECT_EQ(rec.statuses.back().hint, ActionHint::automatic_retry);
    EXPECT_FALSE(rec.statuses.back().usable());
  }
  EXPECT_FALSE(fake.scan(kReceipt).ok());

  ASSERT_TRUE(fake.replug().ok());
  ASSERT_TRUE(rec.wait_state(DeviceState::online));
  EXPECT_EQ(scanner->counters().connects, 2u);
  ASSERT_TRUE(fake.scan(kReceipt).ok());
  ASSERT_TRUE(rec.wait_for([&] { return rec.scans.size() == 1; }));
}

// Issue 20: nothing wakes the scanner's thread while nobody scans; a scan wakes it at once.
TEST_F(BarcodeScannerSerial, SleepsUntilTheScannerSendsSomething) {
  const auto idle = test_support::wakeups_during("barcode", std::chrono::milliseconds(500));
  ASSERT_TRUE(idle.has_value()) << "the scanner's thread is named";
  EXPECT_LE(*idle, 1u) << "the thread woke with nothing to read";

  ASSERT_TRUE(fake.scan(kReceipt).ok());
  ASSERT_TRUE(rec.wait_for([&] { return rec.scans.size() == 1; })) << "a byte wakes it";
}

TEST(BarcodeScannerSerialSetup, MissingPathIsOfflineAndEmptyPathNotConfigured) {
  Recorder rec;
  BarcodeScanner scanner(serial_config("/nonexistent/zhidui-scan"), rec.events());
  scanner.start();
  ASSERT_TRUE(rec.wait_state(DeviceState::offline));
  scanner.stop();

  Recorder rec2;
  BarcodeScanner unconfigured(serial_config(""), rec2.events());
  unconfigured.start();
  ASSERT_TRUE(rec2.wait_state(DeviceState::not_configured));
  EXPECT_EQ(unconfigured.status().code, "scanner.not_configured");
  EXPECT_EQ(unconfigured.status().hint, ActionHint::configuration);
}

TEST(BarcodeScannerWedge, TypedTextEndedByEnter) {
  Recorder rec;
  ScannerConfig c;
  c.mode = ScannerMode::keyboard_wedge;
  c.max_line = 64;
  BarcodeScanner scanner(c, rec.events());
  scanner.start();
  ASSERT_EQ(scanner.status().state, DeviceState::online);

  // The UI may deliver key text in pieces; callbacks run synchronously on the caller's thread.
  scanner.feed_key_text("9111010855");
  EXPECT_TRUE(rec.scans.empty());
  scanner.feed_key_text("1385082Q\n");
  ASSERT_EQ(rec.scans.size(), 1u);
  EXPECT_EQ(rec.scans[0].uscc, "91110108551385082Q");
  scanner.feed_key_text("91350211M0000XUF46\r");
  ASSERT_EQ(rec.rejections.size(), 1u);
  EXPECT_EQ(rec.rejections[0].code, "scan.bad_uscc");
  scanner.feed_key_text(std::string(100, 'a') + "\n");
  ASSERT_EQ(rec.rejections.size(), 2u);
  EXPECT_EQ(rec.rejections[1].code, "scan.too_long");
}

TEST(BarcodeScannerWedge, LogsTheClassificationNeverThePayload) {
  Recorder rec;
  ScannerConfig c;
  c.mode = ScannerMode::keyboard_wedge;
  BarcodeScanner scanner(c, rec.events());
  scanner.start();
  scanner.feed_key_text(std::string(kReceipt) + "\n");
  scanner.feed_key_text("https://x.gov.cn/lic?uscc=91350100M000100Y43\n");
  scanner.feed_key_text("secret-canary-payload\n");
  ASSERT_EQ(rec.scans.size(), 2u);
  bool saw_receipt = false, saw_rejection = false;
  for (const std::string& line : log::recent(50)) {
    EXPECT_EQ(line.find("3f2b8c1e"), std::string::npos) << line;
    EXPECT_EQ(line.find("M000100Y43"), std::string::npos) << line;
    EXPECT_EQ(line.find("canary"), std::string::npos) << line;
    saw_receipt |= line.find("scan accepted (kiosk_receipt)") != std::string::npos;
    saw_rejection |= line.find("scan rejected (scan.unknown)") != std::string::npos;
  }
  EXPECT_TRUE(saw_receipt);
  EXPECT_TRUE(saw_rejection);
}

}  // namespace
}  // namespace zhidui::drivers::barcode
