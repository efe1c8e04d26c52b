// device.h — the one device model every hardware adapter reports in (after CEN/XFS, XFS4IoT, CUSS).
//
// A device has a common state, a severity for the hall and a hint about who can fix it; the class-
// specific part (paper, card presence…) lives in each adapter's own status. The UI and the session
// decide from these alone whether a policy can be offered, the kiosk degrades, or it is out of service.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace zhidui::drivers {

enum class DeviceClass : uint8_t { id_reader, receipt_printer, document_printer, barcode_scanner };

enum class DeviceState : uint8_t {
  unknown,         // not yet heard from
  online,          // usable
  offline,         // configured but not answering (unplugged, port gone)
  power_off,
  not_configured,  // no port / no queue configured
  hardware_error,  // the device says it is broken, or answers nonsense
  user_error,      // something a user or staff can clear (paper out, cover open, card misplaced)
  busy,
  disabled,        // taken out of service by the technician
};

enum class Severity : uint8_t { ok, warning, error };

enum class ActionHint : uint8_t { none, automatic_retry, staff_can_clear, technician, configuration };

// Exactly one of these ends every long operation (read a card, print, scan).
enum class Completion : uint8_t {
  success, cancelled, timeout, device_not_ready, hardware_error, user_error, invalid_data, unsupported
};

struct DeviceInfo {
  std::string model;
  std::string serial;
  std::string firmware;
};

struct DeviceStatus {
  DeviceClass device_class = DeviceClass::id_reader;
  DeviceState state = DeviceState::unknown;
  Severity severity = Severity::error;
  ActionHint hint = ActionHint::none;
  std::string code;    // stable machine code of the last problem, e.g. "sam.sw3.60"; empty when fine
  std::string detail;  // for the technician (English allowed); never personal data
  DeviceInfo info;

  bool usable() const { return severity != Severity::error; }
};

// A status of `device_class` (info left empty: the adapter adds what it knows of the device).
DeviceStatus make_status(DeviceClass device_class, DeviceState state, Severity severity, ActionHint hint,
                         std::string_view code = {}, std::string detail = {});

// Two statuses describe the same condition when state, severity, hint and code agree; a detail or info
// that changes alone (a better message, the module's number) is not a new condition.
bool same_condition(const DeviceStatus& a, const DeviceStatus& b);

// An adapter's last status, and the device model's "report transitions only": report() keeps every
// status, and for a new condition writes one log line (info when ok, warning otherwise) and calls
// on_change. Thread-safe; on_change runs on the reporting thread, outside the lock, and must not block.
class StatusReporter {
 public:
  StatusReporter(std::string log_component, DeviceStatus initial, std::function<void(const DeviceStatus&)> on_change);

  // true when the condition changed (and was announced).
  bool report(DeviceStatus status);
  DeviceStatus last() const;

 private:
  const std::string log_component_;
  const std::function<void(const DeviceStatus&)> on_change_;
  mutable std::mutex mutex_;
  DeviceStatus last_;
};

const char* to_string(DeviceClass c);
// The class named by to_string()'s text (catalog and configuration files name devices so).
std::optional<DeviceClass> device_class_from(std::string_view name);
const char* to_string(DeviceState s);
const char* to_string(Severity s);
const char* to_string(ActionHint h);
const char* to_string(Completion c);

}  // namespace zhidui::drivers
