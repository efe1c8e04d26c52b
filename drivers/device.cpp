// device.cpp — building and reporting statuses, and the names of the device model's values (for logs and
// the technician panel).
#include "drivers/device.h"

#include "base/log.h"

namespace zhidui::drivers {

DeviceStatus make_status(DeviceClass device_class, DeviceState state, Severity severity, ActionHint hint,
                         std::string_view code, std::string detail) {
  DeviceStatus s;
  s.device_class = device_class;
  s.state = state;
  s.severity = severity;
  s.hint = hint;
  s.code = code;
  s.detail = std::move(detail);
  return s;
}

bool same_condition(const DeviceStatus& a, const DeviceStatus& b) {
  return a.state == b.state && a.severity == b.severity && a.hint == b.hint && a.code == b.code;
}

StatusReporter::StatusReporter(std::string log_component, DeviceStatus initial,
                               std::function<void(const DeviceStatus&)> on_change)
    : log_component_(std::move(log_component)), on_change_(std::move(on_change)), last_(std::move(initial)) {}

bool StatusReporter::report(DeviceStatus status) {
  {
    std::lock_guard lock(mutex_);
    const bool changed = !same_condition(last_, status);
    last_ = status;  // the detail may still improve (e.g. "port gone" -> "path missing")
    if (!changed) return false;
  }
  std::string line =
      std::string(to_string(status.state)) + " (" + to_string(status.severity) + ", " + to_string(status.hint) + ")";
  if (!status.code.empty()) line += " " + status.code;
  if (!status.detail.empty()) line += ": " + status.detail;
  if (status.severity == Severity::ok)
    log::info(log_component_, line);
  else
    log::warn(log_component_, line);
  if (on_change_) on_change_(status);
  return true;
}

DeviceStatus StatusReporter::last() const {
  std::lock_guard lock(mutex_);
  return last_;
}

const char* to_string(DeviceClass c) {
  switch (c) {
    case DeviceClass::id_reader: return "id_reader";
    case DeviceClass::receipt_printer: return "receipt_printer";
    case DeviceClass::document_printer: return "document_printer";
    case DeviceClass::barcode_scanner: return "barcode_scanner";
  }
  return "?";
}

std::optional<DeviceClass> device_class_from(std::string_view name) {
  for (DeviceClass d : {DeviceClass::id_reader, DeviceClass::receipt_printer, DeviceClass::document_printer,
                        DeviceClass::barcode_scanner})
    if (name == to_string(d)) return d;
  return std::nullopt;
}

const char* to_string(DeviceState s) {
  switch (s) {
    case DeviceState::unknown: return "unknown";
    case DeviceState::online: return "online";
    case DeviceState::offline: return "offline";
    case DeviceState::power_off: return "power_off";
    case DeviceState::not_configured: return "not_configured";
    case DeviceState::hardware_error: return "hardware_error";
    case DeviceState::user_error: return "user_error";
    case DeviceState::busy: return "busy";
    case DeviceState::disabled: return "disabled";
  }
  return "?";
}

const char* to_string(Severity s) {
  switch (s) {
    case Severity::ok: return "ok";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "?";
}

const char* to_string(ActionHint h) {
  switch (h) {
    case ActionHint::none: return "none";
    case ActionHint::automatic_retry: return "automatic_retry";
    case ActionHint::staff_can_clear: return "staff_can_clear";
    case ActionHint::technician: return "technician";
    case ActionHint::configuration: return "configuration";
  }
  return "?";
}

const char* to_string(Completion c) {
  switch (c) {
    case Completion::success: return "success";
    case Completion::cancelled: return "cancelled";
    case Completion::timeout: return "timeout";
    case Completion::device_not_ready: return "device_not_ready";
    case Completion::hardware_error: return "hardware_error";
    case Completion::user_error: return "user_error";
    case Completion::invalid_data: return "invalid_data";
    case Completion::unsupported: return "unsupported";
  }
  return "?";
}

}  // namespace zhidui::drivers
