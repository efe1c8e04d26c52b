// device.cpp — names of the device model's values, for logs and the technician panel.
#include "drivers/device.h"

namespace zhidui::drivers {

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
