// barcode_scanner.cpp — see barcode_scanner.h.
//
// Sections: status · life cycle · serial worker · lines to events
#include "drivers/barcode/barcode_scanner.h"

#include <array>
#include <cassert>

#include "base/log.h"

namespace zhidui::drivers::barcode {
namespace {

constexpr std::string_view kLog = "barcode";

const char* model_for(ScannerMode mode) {
  return mode == ScannerMode::serial ? "barcode scanner (serial line mode)" : "barcode scanner (keyboard wedge)";
}

DeviceStatus initial_status(ScannerMode mode) {
  DeviceStatus s = make_status(DeviceClass::barcode_scanner, DeviceState::unknown, Severity::error, ActionHint::none);
  s.info.model = model_for(mode);
  return s;
}

}  // namespace

// --- status ---------------------------------------------------------------------------------------------

void BarcodeScanner::report(DeviceState state, Severity severity, ActionHint hint, std::string_view code,
                            std::string detail) {
  DeviceStatus s = make_status(DeviceClass::barcode_scanner, state, severity, hint, code, std::move(detail));
  s.info.model = model_for(config_.mode);
  reporter_.report(std::move(s));
}

DeviceStatus BarcodeScanner::status() const { return reporter_.last(); }

ScannerCounters BarcodeScanner::counters() const { return {scans_, rejected_, connects_}; }

// --- life cycle -----------------------------------------------------------------------------------------

BarcodeScanner::BarcodeScanner(ScannerConfig config, ScannerEvents events)
    : config_(std::move(config)),
      events_(std::move(events)),
      splitter_(config_.max_line),
      reporter_(std::string(kLog), initial_status(config_.mode), events_.on_status) {
  assert(config_.max_line > 0 && config_.reconnect_interval_ms > 0 &&
         "ScannerConfig: max_line and reconnect interval must be positive");
}

BarcodeScanner::~BarcodeScanner() { stop(); }

void BarcodeScanner::start() {
  if (config_.mode == ScannerMode::keyboard_wedge) {
    // The wedge is a keyboard to the OS: nothing to open, nothing to watch. Online means "listening".
    report(DeviceState::online, Severity::ok, ActionHint::none, "", "keyboard wedge: listening for typed scans");
    return;
  }
  if (thread_.running()) return;
  log::info(kLog, "worker started for " + config_.device_path);
  thread_.start([this] { return round(); });
}

void BarcodeScanner::stop() {
  if (!thread_.running()) return;
  thread_.stop();
  // The worker has ended: its state is the caller's to reset.
  port_.reset();
  splitter_.reset();
  log::info(kLog, "worker stopped");
}

void BarcodeScanner::feed_key_text(std::string_view text) {
  assert(config_.mode == ScannerMode::keyboard_wedge && "feed_key_text() is for keyboard-wedge mode");
  handle_bytes(text);
}

// --- serial worker --------------------------------------------------------------------------------------

bool BarcodeScanner::connect() {
  if (config_.device_path.empty()) {
    report(DeviceState::not_configured, Severity::error, ActionHint::configuration, errc::kScannerNotConfigured,
           "no serial device configured for the barcode scanner");
    return false;
  }
  auto opened = SerialPort::open(config_.device_path, config_.baud);
  if (!opened.ok()) {
    const Error& e = opened.error();
    const std::string detail = e.message + " [" + e.code + "]";
    if (e.is(drivers::errc::kSerialConfig))
      report(DeviceState::not_configured, Severity::error, ActionHint::configuration, errc::kScannerNotConfigured,
             detail);
    else
      report(DeviceState::offline, Severity::error, remedy_for_open_failure(e), errc::kScannerUnavailable, detail);
    return false;
  }
  port_.emplace(std::move(opened).value());
  splitter_.reset();
  connects_++;
  report(DeviceState::online, Severity::ok, ActionHint::none, "", "scanner port open");
  return true;
}

int BarcodeScanner::round() {
  if (!port_ && !connect()) return config_.reconnect_interval_ms;
  // Asleep until the scanner sends something or the port hangs up; poke() and stop() also wake it.
  if (thread_.wait_readable(port_->native_handle(), PollThread::kUntilPoked) != PollThread::Woken::readable) return 0;
  std::array<uint8_t, 256> buffer{};
  auto got = port_->read_some(buffer, 0);
  if (!got.ok()) {
    // Any read error ends this connection: a vanished device comes back under the same path, and a
    // reopen also clears whatever state made the read fail.
    const Error& e = got.error();
    if (splitter_.has_partial()) log::debug(kLog, "partial scan dropped with the link");
    splitter_.reset();
    port_.reset();
    report(DeviceState::offline, Severity::error, ActionHint::automatic_retry, errc::kScannerUnavailable,
           e.message + " [" + e.code + "]");
    return config_.reconnect_interval_ms;
  }
  if (*got > 0) handle_bytes(std::string_view(reinterpret_cast<const char*>(buffer.data()), *got));
  return 0;
}

// --- lines to events ------------------------------------------------------------------------------------

void BarcodeScanner::handle_bytes(std::string_view bytes) {
  splitter_.feed(
      bytes,
      [this](std::string line) {
        auto classified = classify_scan(line);
        if (classified.ok()) {
          scans_++;
          log::info(kLog, std::string("scan accepted (") + to_string(classified->kind) + ")");
          if (events_.on_scan) events_.on_scan(*classified);
        } else {
          rejected_++;
          log::info(kLog, "scan rejected (" + classified.error().code + ")");
          if (events_.on_rejected) events_.on_rejected(classified.error());
        }
      },
      [this] {
        rejected_++;
        log::info(kLog, "scan rejected (scan.too_long)");
        if (events_.on_rejected)
          events_.on_rejected(make_error(
              errc::kScanTooLong, "scan longer than " + std::to_string(config_.max_line) + " characters ignored"));
      });
}

}  // namespace zhidui::drivers::barcode
