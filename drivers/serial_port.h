// serial_port.h — a raw 8N1 termios serial port with timeouts, for the SAM module's UART.
//
// Non-blocking fd + poll(): every call returns within its timeout, so the reader's worker can always
// notice stop() and never hangs on a dead line. A device that vanishes (USB adapter pulled, pty
// master closed) is reported as "serial.gone", distinct from ordinary I/O errors, because the reader
// reacts differently: it goes offline and reopens the path until the device is back.
//
// Exclusive (issue 21, S6): the port is claimed with TIOCEXCL as it opens, so a second program (another
// kiosk, ModemManager's probe, a terminal) cannot interleave with the device's protocol; it is refused
// with serial.busy. The claim is lifted on close: a pty (or a tty whose other end stays open) would
// otherwise keep it, and the kiosk could not reopen its own device. Root (CAP_SYS_ADMIN) passes any
// claim: the kiosk's service user has no capabilities.
//
// Error codes: serial.config (unsupported baud), serial.absent (path missing at open),
// serial.permission, serial.busy (another program holds the port), serial.open, serial.gone,
// serial.io, serial.write_timeout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "drivers/device.h"

namespace zhidui::drivers {

namespace errc {
inline constexpr std::string_view kSerialConfig = "serial.config";
inline constexpr std::string_view kSerialAbsent = "serial.absent";
inline constexpr std::string_view kSerialPermission = "serial.permission";
inline constexpr std::string_view kSerialBusy = "serial.busy";
inline constexpr std::string_view kSerialOpen = "serial.open";
inline constexpr std::string_view kSerialGone = "serial.gone";
inline constexpr std::string_view kSerialIo = "serial.io";
inline constexpr std::string_view kSerialWriteTimeout = "serial.write_timeout";
}  // namespace errc

// Every serial.* code: the line itself is in trouble (gone, not there, not ours), not what came over it.
bool is_serial_error(const Error& error);

// Who fixes a port that would not open: a missing permission (udev rule, group) is configuration,
// another program holding it is for the technician to find, an absent device comes back by itself.
ActionHint remedy_for_open_failure(const Error& error);

class SerialPort {
 public:
  // baud: 9600, 19200, 38400, 57600 or 115200 (the rates the SAM module supports).
  static Result<SerialPort> open(const std::string& path, int baud);

  SerialPort() = default;
  SerialPort(SerialPort&& other) noexcept;
  SerialPort& operator=(SerialPort&& other) noexcept;
  SerialPort(const SerialPort&) = delete;
  SerialPort& operator=(const SerialPort&) = delete;
  ~SerialPort();

  bool is_open() const { return fd_ >= 0; }
  // The descriptor, to wait on it together with others (PollThread::wait_readable); -1 when closed.
  int native_handle() const { return fd_; }
  const std::string& path() const { return path_; }

  // Waits up to timeout_ms for bytes; returns how many were read, 0 on timeout.
  Result<size_t> read_some(std::span<uint8_t> buffer, int timeout_ms);
  // Writes every byte or fails; waits up to timeout_ms in total for the line to drain into the driver.
  Status write_all(std::span<const uint8_t> bytes, int timeout_ms);
  // Drops bytes received but not yet read (stale answers to an earlier, timed-out command).
  Status flush_input();
  void close();

 private:
  SerialPort(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  Error errno_error(const char* operation, int err) const;

  int fd_ = -1;
  std::string path_;
};

}  // namespace zhidui::drivers
