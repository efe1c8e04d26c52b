// device.h — the one device model every hardware adapter reports in (after CEN/XFS, XFS4IoT, CUSS).
//
// A device has a common state, a severity for the hall and a hint about who can fix it; the class-
// specific part (paper, card presence…) lives in each adapter's own status. The UI and the session
// decide from these alone whether a policy can be offered, the kiosk degrades, or it is out of service.
#pragma once

#include <cstdint>
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

const char* to_string(DeviceClass c);
// The class named by to_string()'s text (catalog and configuration files name devices so).
std::optional<DeviceClass> device_class_from(std::string_view name);
const char* to_string(DeviceState s);
const char* to_string(Severity s);
const char* to_string(ActionHint h);
const char* to_string(Completion c);

}  // namespace zhidui::drivers
