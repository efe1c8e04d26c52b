// serial_port.cpp — see serial_port.h.
#include "drivers/serial_port.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

namespace zhidui::drivers {
namespace {

bool speed_for(int baud, speed_t& speed) {
  switch (baud) {
    case 9600: speed = B9600; return true;
    case 19200: speed = B19200; return true;
    case 38400: speed = B38400; return true;
    case 57600: speed = B57600; return true;
    case 115200: speed = B115200; return true;
  }
  return false;
}

// The errors a tty returns once the hardware behind it is gone (USB serial unplugged, pty master closed).
bool is_vanished(int err) { return err == EIO || err == ENXIO || err == ENODEV || err == EBADF; }

}  // namespace

bool is_serial_error(const Error& error) {
  for (std::string_view code : {errc::kSerialConfig, errc::kSerialAbsent, errc::kSerialPermission, errc::kSerialBusy,
                                errc::kSerialOpen, errc::kSerialGone, errc::kSerialIo, errc::kSerialWriteTimeout})
    if (error.is(code)) return true;
  return false;
}

ActionHint remedy_for_open_failure(const Error& error) {
  if (error.is(errc::kSerialPermission) || error.is(errc::kSerialConfig)) return ActionHint::configuration;
  if (error.is(errc::kSerialBusy)) return ActionHint::technician;
  return ActionHint::automatic_retry;
}

Result<SerialPort> SerialPort::open(const std::string& path, int baud) {
  speed_t speed{};
  if (!speed_for(baud, speed))
    return make_error(errc::kSerialConfig,
                      "unsupported baud rate " + std::to_string(baud) + " (use 9600, 19200, 38400, 57600 or 115200)");
  int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string what = "cannot open " + path + ": " + std::strerror(err);
    if (err == ENOENT || err == ENODEV || err == ENXIO || err == EIO) return make_error(errc::kSerialAbsent, what);
    if (err == EACCES || err == EPERM) return make_error(errc::kSerialPermission, what);
    if (err == EBUSY)
      return make_error(errc::kSerialBusy, path +
                                               " is held by another program (serial ports are opened exclusively; "
                                               "is a second kiosk, ModemManager or a terminal using it?)");
    return make_error(errc::kSerialOpen, what);
  }
  SerialPort port(fd, path);  // closes fd on every early return below
  // Claimed before anything is configured: from here on, nobody else can open it.
  if (::ioctl(fd, TIOCEXCL) != 0) return port.errno_error("TIOCEXCL (not a serial device?)", errno);

  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) return port.errno_error("tcgetattr", errno);
  ::cfmakeraw(&tio);  // no CR/LF translation, no XON/XOFF (0x11 is a SAM command byte), no echo
  tio.c_cflag |= (CLOCAL | CREAD);
  tio.c_cflag &= ~(PARENB | CSTOPB | CSIZE | CRTSCTS);
  tio.c_cflag |= CS8;
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  if (::cfsetispeed(&tio, speed) != 0 || ::cfsetospeed(&tio, speed) != 0) return port.errno_error("cfsetspeed", errno);
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) return port.errno_error("tcsetattr", errno);
  ::tcflush(fd, TCIOFLUSH);
  return port;
}

SerialPort::SerialPort(SerialPort&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

SerialPort& SerialPort::operator=(SerialPort&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

SerialPort::~SerialPort() { close(); }

void SerialPort::close() {
  if (fd_ < 0) return;
  ::ioctl(fd_, TIOCNXCL);  // the claim belongs to the tty, not to this descriptor: lift it
  ::close(fd_);
  fd_ = -1;
}

Error SerialPort::errno_error(const char* operation, int err) const {
  std::string what = std::string(operation) + " on " + path_ + ": " + std::strerror(err);
  return make_error(is_vanished(err) ? errc::kSerialGone : errc::kSerialIo, what);
}

Result<size_t> SerialPort::read_some(std::span<uint8_t> buffer, int timeout_ms) {
  if (fd_ < 0) return make_error(errc::kSerialGone, "read on a closed port " + path_);
  pollfd pfd{fd_, POLLIN, 0};
  int ready;
  do {
    ready = ::poll(&pfd, 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  if (ready < 0) return errno_error("poll", errno);
  if (ready == 0) return size_t{0};
  if ((pfd.revents & POLLNVAL) != 0) return make_error(errc::kSerialGone, "port " + path_ + " is no longer valid");
  // POLLHUP may come together with POLLIN; read first so the last bytes before the hangup are kept,
  // the next call then reports the device as gone.
  ssize_t n;
  do {
    n = ::read(fd_, buffer.data(), buffer.size());
  } while (n < 0 && errno == EINTR);
  if (n > 0) return size_t(n);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
    if ((pfd.revents & (POLLHUP | POLLERR)) != 0) return make_error(errc::kSerialGone, "port " + path_ + " hung up");
    return size_t{0};
  }
  if (n == 0) return make_error(errc::kSerialGone, "port " + path_ + " reached end of file (device gone)");
  return errno_error("read", errno);
}

Status SerialPort::write_all(std::span<const uint8_t> bytes, int timeout_ms) {
  if (fd_ < 0) return make_error(errc::kSerialGone, "write on a closed port " + path_);
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += size_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return errno_error("write", errno);
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0)
      return make_error(errc::kSerialWriteTimeout,
                        "wrote " + std::to_string(done) + " of " + std::to_string(bytes.size()) + " bytes to " + path_);
    pollfd pfd{fd_, POLLOUT, 0};
    int ready = ::poll(&pfd, 1, int(left));
    if (ready < 0 && errno != EINTR) return errno_error("poll", errno);
    if (ready > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0)
      return make_error(errc::kSerialGone, "port " + path_ + " hung up while writing");
  }
  return Ok{};
}

Status SerialPort::flush_input() {
  if (fd_ < 0) return make_error(errc::kSerialGone, "flush on a closed port " + path_);
  if (::tcflush(fd_, TCIFLUSH) != 0) return errno_error("tcflush", errno);
  return Ok{};
}

}  // namespace zhidui::drivers
