// printer_status.h — ESC/POS real-time status (DLE EOT 1..4) -> the kiosk's device model.
//
// Shared by every receipt printer adapter, real or fake: the query sequence over a byte channel (with a
// timeout per reply, draining stale bytes first, one request at a time — the pitfalls of §5.4) and the
// pure mapping from reply bytes to DeviceStatus plus the printer-specific paper and cover state.
// Silence is reported as silence: no reply means "unknown", never a guessed "online".
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>

#include "drivers/device.h"
#include "base/result.h"

namespace zhidui::drivers::receipt_printer {

enum class PaperState : uint8_t { unknown, full, low, out, jammed };
enum class CoverState : uint8_t { unknown, closed, open };
const char* to_string(PaperState p);
const char* to_string(CoverState c);

struct ReceiptPrinterStatus {
  DeviceStatus device;  // device_class = receipt_printer
  PaperState paper = PaperState::unknown;
  CoverState cover = CoverState::unknown;
};

// The replies to DLE EOT 1..4; nullopt = nothing arrived within the timeout.
struct StatusReplies {
  std::optional<uint8_t> printer;        // n = 1
  std::optional<uint8_t> offline_cause;  // n = 2
  std::optional<uint8_t> error_cause;    // n = 3
  std::optional<uint8_t> roll_paper;     // n = 4
};

// Mapping (most severe first):
//   no reply to n=1                         unknown        warning  none             paper unknown
//   reply without the fixed bits (…0x12)    hardware_error error    technician       (garbled / stale data)
//   n=3 unrecoverable, autocutter, mech.    hardware_error error    technician       (cutter: paper jammed)
//   n=3 auto-recoverable (head hot)         busy           error    automatic_retry
//   n=2 error occurred, no cause known      hardware_error error    technician
//   cover open                              user_error     error    staff_can_clear
//   paper end (n=4 bits 5,6 or n=2 bit 5)   user_error     error    staff_can_clear
//   offline, cause unknown                  user_error     error    staff_can_clear
//   paper near end (n=4 bits 2,3)           online         warning  staff_can_clear  (still usable)
//   otherwise                               online         ok       none             (paper unknown if
//                                                                                     n=4 got no reply)
ReceiptPrinterStatus interpret_status(const StatusReplies& replies);

// No link to the printer at all (unplugged, powered off, address unreachable; `why` says which):
// offline, retried automatically; "transport.config" means it is not configured.
ReceiptPrinterStatus unavailable_status(const Error& why);

// A byte path to a printer that can answer (TCP 9100, USB bulk IN, serial, or the in-process emulator).
class StatusChannel {
 public:
  virtual ~StatusChannel() = default;
  virtual Status send(std::span<const uint8_t> bytes) = 0;
  // Throws away bytes that arrived unasked, so the next read is the answer to the next request.
  virtual void drain() = 0;
  // One byte, or nullopt when none arrived within `timeout`.
  virtual std::optional<uint8_t> read_byte(std::chrono::milliseconds timeout) = 0;
};

// Asks DLE EOT 1, 2, 3, 4 in turn. When n=1 gets no answer the printer is silent and the rest is not
// asked (one timeout, not four).
StatusReplies query_status_replies(StatusChannel& channel, std::chrono::milliseconds timeout_per_reply);

}  // namespace zhidui::drivers::receipt_printer
