// barcode_scanner.h — the adapter for a 1D/2D barcode scanner, in serial line mode or keyboard-wedge mode.
//
// Serial mode: a worker thread reads the port (drivers/serial_port.h, raw 8N1), splits lines,
// classifies each one and reports it; when the port vanishes it goes offline and reopens the path
// every reconnect interval until the scanner is back (architecture.md, device model). While the port
// is open the thread sleeps until the scanner sends a byte or stop() comes: no timer (issue 20).
// Keyboard-wedge mode: the scanner types into the focused window; the UI hands the typed text to
// feed_key_text() (Enter = "\n" or "\r" ends a scan). No thread: callbacks run on the caller's thread.
//
// Callbacks (serial mode: on the worker thread) must not block and must not call stop().
// Logging: component "barcode", transitions and classifications only, never a payload.
//
// Status codes: "" when online; "scanner.unavailable" while the port is missing or gone;
// "scanner.not_configured" for no path or an unsupported baud rate.
// Rejections (on_rejected): the classify_scan codes, and "scan.too_long" for an over-long line.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "drivers/barcode/scan_line.h"
#include "drivers/barcode/scan_payload.h"
#include "drivers/device.h"
#include "drivers/serial_port.h"
#include "base/result.h"
#include "base/worker.h"

namespace zhidui::drivers::barcode {

namespace errc {
inline constexpr std::string_view kScannerUnavailable = "scanner.unavailable";
inline constexpr std::string_view kScannerNotConfigured = "scanner.not_configured";
}  // namespace errc

enum class ScannerMode : uint8_t { serial, keyboard_wedge };

struct ScannerConfig {
  ScannerMode mode = ScannerMode::serial;
  std::string device_path;  // serial mode: /dev/zhidui-scanner (packaging/99-zhidui.rules), or the fake's link
  int baud = 9600;          // most scanners ship at 9600 8N1
  size_t max_line = 1024;   // longest scan accepted; a licence URL is well under 300
  int reconnect_interval_ms = 500;
};

struct ScannerEvents {
  std::function<void(const DeviceStatus&)> on_status;
  std::function<void(const ScanResult&)> on_scan;
  std::function<void(const Error&)> on_rejected;
};

struct ScannerCounters {
  uint64_t scans = 0;     // accepted
  uint64_t rejected = 0;  // classify_scan refused, or too long
  uint64_t connects = 0;  // successful port opens, the first included
};

class BarcodeScanner {
 public:
  BarcodeScanner(ScannerConfig config, ScannerEvents events);
  ~BarcodeScanner();  // stops and joins the worker
  BarcodeScanner(const BarcodeScanner&) = delete;
  BarcodeScanner& operator=(const BarcodeScanner&) = delete;

  // Serial mode starts the worker; wedge mode reports online at once.
  void start();
  void stop();  // not from inside a callback

  // Keyboard-wedge mode only (asserts otherwise); call from the UI thread.
  void feed_key_text(std::string_view text);

  DeviceStatus status() const;
  ScannerCounters counters() const;

 private:
  bool connect();  // worker thread
  int round();     // worker thread: waits for and reads what the scanner sent, or tries to reconnect
  void handle_bytes(std::string_view bytes);
  void report(DeviceState state, Severity severity, ActionHint hint, std::string_view code, std::string detail);

  const ScannerConfig config_;
  const ScannerEvents events_;

  LineSplitter splitter_;  // worker thread (serial) or caller (wedge)
  std::optional<SerialPort> port_;  // worker thread

  StatusReporter reporter_;
  std::atomic<uint64_t> scans_{0}, rejected_{0}, connects_{0};
  PollThread thread_{"barcode"};  // last: stopped before the state above goes
};

}  // namespace zhidui::drivers::barcode
