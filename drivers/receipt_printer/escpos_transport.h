// escpos_transport.h — the byte paths to a real ESC/POS receipt printer: raw TCP (port 9100 style), a
// serial port, and a USB printer-class device file (/dev/usb/lp*).
//
// A transport only moves bytes, with a timeout on every call (a dead printer never hangs the device
// worker); what the bytes mean is escpos.h / printer_status.h. It connects lazily and can be reopened
// after a failure, which is how an adapter finds its printer again after an unplug or a network drop.
//
// Error codes: transport.config (bad host/port/baud), transport.unreachable (nothing at the address:
// refused, timed out, path missing, no permission), transport.gone (the connection or device went
// away while in use), transport.write_timeout (the printer stopped taking data: busy, offline, or its
// buffer is full), transport.io (anything else).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace zhidui::drivers::receipt_printer {

namespace errc {
inline constexpr std::string_view kTransportConfig = "transport.config";
inline constexpr std::string_view kTransportUnreachable = "transport.unreachable";
inline constexpr std::string_view kTransportGone = "transport.gone";
inline constexpr std::string_view kTransportWriteTimeout = "transport.write_timeout";
inline constexpr std::string_view kTransportIo = "transport.io";
}  // namespace errc

class EscPosTransport {
 public:
  virtual ~EscPosTransport() = default;
  // Connects if not connected; Ok at once when already open.
  virtual Status open() = 0;
  virtual void close() = 0;
  virtual bool is_open() const = 0;
  // Sends every byte or fails within `timeout` in total.
  virtual Status write(std::span<const uint8_t> bytes, std::chrono::milliseconds timeout) = 0;
  // Waits up to `timeout` for bytes; returns how many were read, 0 when none came.
  virtual Result<size_t> read(std::span<uint8_t> buffer, std::chrono::milliseconds timeout) = 0;
  // For logs and the technician: "tcp 192.168.1.50:9100", "serial /dev/ttyS1", "usblp /dev/usb/lp0".
  virtual std::string describe() const = 0;
};

struct TcpTransportOptions {
  std::string host;  // numeric address or name
  uint16_t port = 9100;
  std::chrono::milliseconds connect_timeout{2000};
};

std::unique_ptr<EscPosTransport> make_tcp_transport(TcpTransportOptions options);
// baud: as SerialPort (9600 … 115200); receipt printers usually ship at 9600 or 115200.
std::unique_ptr<EscPosTransport> make_serial_transport(std::string path, int baud);
// The usblp driver's file: writes go to the bulk OUT endpoint; a read returns what the printer sent on
// bulk IN, and many printers send nothing, which then reads as silence (status unknown).
std::unique_ptr<EscPosTransport> make_usb_lp_transport(std::string path);

}  // namespace zhidui::drivers::receipt_printer
