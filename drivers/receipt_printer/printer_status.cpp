// printer_status.cpp — see printer_status.h. Bit meanings: hardware-facts §5.4.
#include "drivers/receipt_printer/printer_status.h"

#include <cstdio>
#include <string>

#include "drivers/receipt_printer/escpos.h"
#include "drivers/receipt_printer/escpos_transport.h"

namespace zhidui::drivers::receipt_printer {

namespace {
// Fixed bits of every DLE EOT reply: bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0.
constexpr uint8_t kFixedMask = 0x93, kFixedValue = 0x12;
// n = 1
constexpr uint8_t kOffline = 0x08;
// n = 2
constexpr uint8_t kCoverOpen = 0x04, kStoppedByPaperEnd = 0x20, kErrorOccurred = 0x40;
// n = 3
constexpr uint8_t kMechanicalError = 0x04, kAutocutterError = 0x08, kUnrecoverableError = 0x20,
                  kAutoRecoverableError = 0x40;
// n = 4 (two bits each; some clones set only one, so either counts)
constexpr uint8_t kPaperNearEnd = 0x0C, kPaperEnd = 0x60;

bool has_fixed_bits(std::optional<uint8_t> b) { return !b || (*b & kFixedMask) == kFixedValue; }
bool bit(std::optional<uint8_t> b, uint8_t mask) { return b && (*b & mask); }

std::string hex_replies(const StatusReplies& r) {
  std::string out;
  const std::optional<uint8_t>* all[] = {&r.printer, &r.offline_cause, &r.error_cause, &r.roll_paper};
  for (int n = 0; n < 4; ++n) {
    char buf[16];
    if (*all[n])
      std::snprintf(buf, sizeof buf, "%sn%d=%02X", n ? " " : "", n + 1, unsigned(**all[n]));
    else
      std::snprintf(buf, sizeof buf, "%sn%d=--", n ? " " : "", n + 1);
    out += buf;
  }
  return out;
}

void set(ReceiptPrinterStatus& s, DeviceState state, Severity severity, ActionHint hint, std::string code,
         std::string detail) {
  s.device = make_status(DeviceClass::receipt_printer, state, severity, hint, std::move(code), std::move(detail));
}
}  // namespace

const char* to_string(PaperState p) {
  switch (p) {
    case PaperState::unknown: return "unknown";
    case PaperState::full: return "full";
    case PaperState::low: return "low";
    case PaperState::out: return "out";
    case PaperState::jammed: return "jammed";
  }
  return "?";
}

const char* to_string(CoverState c) {
  switch (c) {
    case CoverState::unknown: return "unknown";
    case CoverState::closed: return "closed";
    case CoverState::open: return "open";
  }
  return "?";
}

ReceiptPrinterStatus unavailable_status(const Error& why) {
  const bool unconfigured = why.is(errc::kTransportConfig);
  ReceiptPrinterStatus s;
  set(s, unconfigured ? DeviceState::not_configured : DeviceState::offline, Severity::error,
      unconfigured ? ActionHint::configuration : ActionHint::automatic_retry,
      unconfigured ? "printer.not_configured" : "printer.unavailable", why.message + " [" + why.code + "]");
  return s;
}

ReceiptPrinterStatus interpret_status(const StatusReplies& r) {
  ReceiptPrinterStatus s;
  const std::string raw = hex_replies(r);

  if (!r.printer) {
    set(s, DeviceState::unknown, Severity::warning, ActionHint::none, "printer.no_status_reply",
        "no reply to DLE EOT 1 within the timeout; paper and cover unknown");
    return s;
  }
  if (!has_fixed_bits(r.printer) || !has_fixed_bits(r.offline_cause) || !has_fixed_bits(r.error_cause) ||
      !has_fixed_bits(r.roll_paper)) {
    set(s, DeviceState::hardware_error, Severity::error, ActionHint::technician, "printer.status_garbled",
        "status reply without the fixed bits (stale or foreign data): " + raw);
    return s;
  }

  if (r.roll_paper) {
    s.paper = bit(r.roll_paper, kPaperEnd)       ? PaperState::out
              : bit(r.roll_paper, kPaperNearEnd) ? PaperState::low
                                                 : PaperState::full;
  }
  if (bit(r.offline_cause, kStoppedByPaperEnd)) s.paper = PaperState::out;
  if (r.offline_cause) s.cover = bit(r.offline_cause, kCoverOpen) ? CoverState::open : CoverState::closed;

  if (bit(r.error_cause, kUnrecoverableError)) {
    set(s, DeviceState::hardware_error, Severity::error, ActionHint::technician, "printer.unrecoverable_error", raw);
  } else if (bit(r.error_cause, kAutocutterError)) {
    s.paper = PaperState::jammed;
    set(s, DeviceState::hardware_error, Severity::error, ActionHint::technician, "printer.cutter_jammed", raw);
  } else if (bit(r.error_cause, kMechanicalError)) {
    set(s, DeviceState::hardware_error, Severity::error, ActionHint::technician, "printer.mechanical_error", raw);
  } else if (bit(r.error_cause, kAutoRecoverableError)) {
    set(s, DeviceState::busy, Severity::error, ActionHint::automatic_retry, "printer.auto_recoverable_error",
        "e.g. print head too hot; clears by itself: " + raw);
  } else if (bit(r.offline_cause, kErrorOccurred)) {
    set(s, DeviceState::hardware_error, Severity::error, ActionHint::technician, "printer.error", raw);
  } else if (s.cover == CoverState::open) {
    set(s, DeviceState::user_error, Severity::error, ActionHint::staff_can_clear, "printer.cover_open", raw);
  } else if (s.paper == PaperState::out) {
    set(s, DeviceState::user_error, Severity::error, ActionHint::staff_can_clear, "printer.paper_out", raw);
  } else if (bit(r.printer, kOffline)) {
    set(s, DeviceState::user_error, Severity::error, ActionHint::staff_can_clear, "printer.offline",
        "offline for a reason the printer did not report: " + raw);
  } else if (s.paper == PaperState::low) {
    set(s, DeviceState::online, Severity::warning, ActionHint::staff_can_clear, "printer.paper_low", raw);
  } else {
    set(s, DeviceState::online, Severity::ok, ActionHint::none, "",
        r.roll_paper ? std::string() : "printer does not report roll paper (no reply to DLE EOT 4)");
  }
  return s;
}

StatusReplies query_status_replies(StatusChannel& channel, std::chrono::milliseconds timeout_per_reply) {
  StatusReplies replies;
  std::optional<uint8_t>* slots[] = {&replies.printer, &replies.offline_cause, &replies.error_cause,
                                     &replies.roll_paper};
  const StatusRequest requests[] = {StatusRequest::printer, StatusRequest::offline_cause, StatusRequest::error_cause,
                                    StatusRequest::roll_paper};
  for (int i = 0; i < 4; ++i) {
    channel.drain();
    const auto request = cmd::status_request(requests[i]);
    if (!channel.send(request).ok()) break;  // nothing sent, nothing to wait for
    *slots[i] = channel.read_byte(timeout_per_reply);
    if (i == 0 && !replies.printer) break;
  }
  return replies;
}

}  // namespace zhidui::drivers::receipt_printer
