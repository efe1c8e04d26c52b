// escpos_transport.cpp — see escpos_transport.h.
//
// Sections: the fd-backed transport (TCP and usblp share it: non-blocking fd + poll) · TCP ·
// usblp · serial (a thin wrapper over drivers/serial_port.h)
#include "drivers/receipt_printer/escpos_transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "drivers/serial_port.h"

namespace zhidui::drivers::receipt_printer {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int left_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : int(left);
}

bool is_gone(int err) {
  return err == EPIPE || err == ECONNRESET || err == ENOTCONN || err == EIO || err == ENODEV || err == ENXIO ||
         err == ESHUTDOWN || err == ETIMEDOUT || err == EHOSTUNREACH || err == ENETUNREACH;
}

// --- the fd-backed transport ------------------------------------------------------------------------------

class FdTransport : public EscPosTransport {
 public:
  ~FdTransport() override { close(); }
  void close() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool is_open() const override { return fd_ >= 0; }

  Status write(std::span<const uint8_t> bytes, milliseconds timeout) override {
    if (fd_ < 0) return make_error(errc::kTransportGone, "write on a closed " + describe());
    const auto deadline = Clock::now() + timeout;
    size_t done = 0;
    while (done < bytes.size()) {
      // MSG_NOSIGNAL: a printer closing the connection must not kill the kiosk with SIGPIPE.
      ssize_t n = socket_ ? ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL)
                          : ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n > 0) {
        done += size_t(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return errno_error("write", errno);
      const int left = left_ms(deadline);
      if (left == 0)
        return make_error(errc::kTransportWriteTimeout, "sent " + std::to_string(done) + " of " +
                                                            std::to_string(bytes.size()) + " bytes to " + describe());
      pollfd pfd{fd_, POLLOUT, 0};
      int ready = ::poll(&pfd, 1, left);
      if (ready < 0 && errno != EINTR) return errno_error("poll", errno);
      if (ready > 0 && (pfd.revents & (POLLERR | POLLNVAL)) != 0)
        return make_error(errc::kTransportGone, describe() + " failed while writing");
    }
    return Ok{};
  }

  Result<size_t> read(std::span<uint8_t> buffer, milliseconds timeout) override {
    if (fd_ < 0) return make_error(errc::kTransportGone, "read on a closed " + describe());
    const auto deadline = Clock::now() + timeout;
    for (;;) {
      pollfd pfd{fd_, POLLIN, 0};
      int ready = ::poll(&pfd, 1, left_ms(deadline));
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) return errno_error("poll", errno);
      if (ready == 0) return size_t{0};
      ssize_t n = ::read(fd_, buffer.data(), buffer.size());
      if (n > 0) return size_t(n);
      if (n == 0) {
        // A socket at end of stream: the printer closed the connection. The usblp driver returns 0 when
        // the printer has nothing to say; wait out the rest of the timeout instead of spinning.
        if (socket_) return make_error(errc::kTransportGone, describe() + " closed the connection");
        if (left_ms(deadline) == 0) return size_t{0};
        ::poll(nullptr, 0, std::min(left_ms(deadline), 10));
        continue;
      }
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
        if (left_ms(deadline) == 0) return size_t{0};
        continue;
      }
      return errno_error("read", errno);
    }
  }

 protected:
  explicit FdTransport(bool socket) : socket_(socket) {}
  Error errno_error(const char* operation, int err) const {
    return make_error(is_gone(err) ? errc::kTransportGone : errc::kTransportIo,
                      std::string(operation) + " on " + describe() + ": " + std::strerror(err));
  }
  int fd_ = -1;

 private:
  const bool socket_;
};

// --- TCP ------------------------------------------------------------------------------------------------------

class TcpTransport final : public FdTransport {
 public:
  explicit TcpTransport(TcpTransportOptions options) : FdTransport(true), options_(std::move(options)) {}

  std::string describe() const override { return "tcp " + options_.host + ":" + std::to_string(options_.port); }

  Status open() override {
    if (fd_ >= 0) return Ok{};
    if (options_.host.empty() || options_.port == 0)
      return make_error(errc::kTransportConfig, "no printer address set");
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(options_.port);
    if (int rc = ::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found); rc != 0)
      return make_error(errc::kTransportUnreachable, "cannot resolve " + options_.host + ": " + ::gai_strerror(rc));
    Error last = make_error(errc::kTransportUnreachable, "no address for " + describe());
    const auto deadline = Clock::now() + options_.connect_timeout;
    for (addrinfo* ai = found; ai != nullptr && fd_ < 0; ai = ai->ai_next) {
      auto connected = connect_one(*ai, deadline);
      if (!connected.ok()) last = connected.error();
    }
    ::freeaddrinfo(found);
    if (fd_ < 0) return last;
    return Ok{};
  }

 private:
  Status connect_one(const addrinfo& ai, Clock::time_point deadline) {
    int fd = ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
    if (fd < 0) return make_error(errc::kTransportIo, std::string("socket: ") + std::strerror(errno));
    auto fail = [&](const std::string& why) {
      ::close(fd);
      return make_error(errc::kTransportUnreachable, "cannot connect to " + describe() + ": " + why);
    };
    if (::connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
      if (errno != EINPROGRESS) return fail(std::strerror(errno));
      pollfd pfd{fd, POLLOUT, 0};
      int ready;
      do {
        ready = ::poll(&pfd, 1, left_ms(deadline));
      } while (ready < 0 && errno == EINTR);
      if (ready == 0) return fail("timed out after " + std::to_string(options_.connect_timeout.count()) + " ms");
      int err = 0;
      socklen_t len = sizeof err;
      if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return fail(std::strerror(errno));
      if (err != 0) return fail(std::strerror(err));
    }
    // Status requests are 3 bytes and wait for a 1-byte answer: do not let Nagle hold them back.
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fd_ = fd;
    return Ok{};
  }

  const TcpTransportOptions options_;
};

// --- usblp ------------------------------------------------------------------------------------------------------

class UsbLpTransport final : public FdTransport {
 public:
  explicit UsbLpTransport(std::string path) : FdTransport(false), path_(std::move(path)) {}
  std::string describe() const override { return "usblp " + path_; }

  Status open() override {
    if (fd_ >= 0) return Ok{};
    if (path_.empty()) return make_error(errc::kTransportConfig, "no printer device file set");
    int fd = ::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
      const int err = errno;
      const std::string what = "cannot open " + path_ + ": " + std::strerror(err);
      if (err == ENOENT || err == ENODEV || err == ENXIO || err == EACCES || err == EPERM || err == EBUSY)
        return make_error(errc::kTransportUnreachable, what);
      return make_error(errc::kTransportIo, what);
    }
    fd_ = fd;
    return Ok{};
  }

 private:
  const std::string path_;
};

// --- serial -----------------------------------------------------------------------------------------------------

class SerialTransport final : public EscPosTransport {
 public:
  SerialTransport(std::string path, int baud) : path_(std::move(path)), baud_(baud) {}
  std::string describe() const override { return "serial " + path_; }
  bool is_open() const override { return port_.has_value(); }
  void close() override { port_.reset(); }

  Status open() override {
    if (port_) return Ok{};
    if (path_.empty()) return make_error(errc::kTransportConfig, "no printer serial port set");
    auto opened = SerialPort::open(path_, baud_);
    if (!opened.ok()) return translate(opened.error());
    port_.emplace(std::move(opened).value());
    return Ok{};
  }

  Status write(std::span<const uint8_t> bytes, milliseconds timeout) override {
    if (!port_) return make_error(errc::kTransportGone, "write on a closed " + describe());
    auto written = port_->write_all(bytes, int(timeout.count()));
    if (!written.ok()) return translate(written.error());
    return Ok{};
  }

  Result<size_t> read(std::span<uint8_t> buffer, milliseconds timeout) override {
    if (!port_) return make_error(errc::kTransportGone, "read on a closed " + describe());
    auto got = port_->read_some(buffer, int(timeout.count()));
    if (!got.ok()) return translate(got.error());
    return *got;
  }

 private:
  static Error translate(const Error& e) {
    namespace serial = drivers::errc;
    if (e.is(serial::kSerialConfig)) return make_error(errc::kTransportConfig, e.message);
    if (e.is(serial::kSerialAbsent) || e.is(serial::kSerialPermission) || e.is(serial::kSerialBusy) ||
        e.is(serial::kSerialOpen))
      return make_error(errc::kTransportUnreachable, e.message);
    if (e.is(serial::kSerialGone)) return make_error(errc::kTransportGone, e.message);
    if (e.is(serial::kSerialWriteTimeout)) return make_error(errc::kTransportWriteTimeout, e.message);
    return make_error(errc::kTransportIo, e.message);
  }

  const std::string path_;
  const int baud_;
  std::optional<SerialPort> port_;
};

}  // namespace

std::unique_ptr<EscPosTransport> make_tcp_transport(TcpTransportOptions options) {
  return std::make_unique<TcpTransport>(std::move(options));
}
std::unique_ptr<EscPosTransport> make_serial_transport(std::string path, int baud) {
  return std::make_unique<SerialTransport>(std::move(path), baud);
}
std::unique_ptr<EscPosTransport> make_usb_lp_transport(std::string path) {
  return std::make_unique<UsbLpTransport>(std::move(path));
}

}  // namespace zhidui::drivers::receipt_printer
