// escpos_emulator_server.cpp — see escpos_emulator_server.h.
//
// Sections: setup (socket, pty) · worker · tickets to PNG · public wrappers
#include "drivers/receipt_printer/escpos_emulator_server.h"

#include "drivers/fake_cable.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <system_error>
#include <thread>

#include "base/log.h"

namespace zhidui::drivers::receipt_printer {
namespace {
constexpr std::string_view kLog = "escpos-emulator";
}

struct EmulatorServer::Impl {
  Impl(EmulatorServerOptions o, EscPosEmulator e) : options(std::move(o)), emulator(std::move(e)) {}
  ~Impl() {
    if (worker.joinable()) {
      stopping = true;
      uint64_t one = 1;
      (void)!::write(wake_fd, &one, sizeof one);
      worker.join();
    }
    for (int fd : {client_fd, listen_fd, pty_master, pty_slave, wake_fd})
      if (fd >= 0) ::close(fd);
    if (!options.pty_link.empty() && !pty_name.empty()) ::unlink(options.pty_link.c_str());
  }

  // --- setup -----------------------------------------------------------------------------------------------
  Status listen_tcp() {
    listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (listen_fd < 0) return make_error("emulator.setup", std::string("socket: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(options.tcp_port);
    if (::bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd, 4) != 0)
      return make_error("emulator.setup", "cannot listen on 127.0.0.1:" + std::to_string(options.tcp_port) + ": " +
                                              std::strerror(errno));
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    return Ok{};
  }

  Status open_pty() {
    auto pty = open_linked_pty(options.pty_link);  // ESC/POS is binary: raw ends, see fake_cable.h
    if (!pty) return make_error("emulator.setup", pty.error().message);
    pty_master = pty->master;
    pty_slave = pty->slave;
    pty_name = pty->name;
    return Ok{};
  }

  // --- worker ----------------------------------------------------------------------------------------------
  void run() {
    uint8_t buf[4096];
    while (!stopping) {
      pollfd fds[4] = {{wake_fd, POLLIN, 0}, {listen_fd, POLLIN, 0}, {client_fd, POLLIN, 0}, {pty_master, POLLIN, 0}};
      if (::poll(fds, 4, 200) <= 0) continue;  // negative fds are ignored by poll
      if ((fds[0].revents & POLLIN) != 0) {
        uint64_t drained;
        (void)!::read(wake_fd, &drained, sizeof drained);
      }
      if ((fds[1].revents & POLLIN) != 0) {
        int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd >= 0) {
          if (client_fd >= 0) ::close(client_fd);
          client_fd = fd;
          log::info(kLog, "client connected");
        }
        continue;  // the old client's revents refer to a closed fd
      }
      if (client_fd >= 0 && fds[2].revents != 0) {
        ssize_t n = ::read(client_fd, buf, sizeof buf);
        if (n > 0) {
          serve(client_fd, std::span(buf, size_t(n)));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          ::close(client_fd);
          client_fd = -1;
          log::info(kLog, "client disconnected");
        }
      }
      if (pty_master >= 0 && (fds[3].revents & POLLIN) != 0) {
        ssize_t n = ::read(pty_master, buf, sizeof buf);
        if (n > 0) serve(pty_master, std::span(buf, size_t(n)));
      }
    }
  }

  void serve(int fd, std::span<const uint8_t> bytes) {
    std::vector<uint8_t> replies;
    {
      std::lock_guard lock(mutex);
      emulator.feed(bytes);
      replies = emulator.take_replies();
      write_tickets_locked();
    }
    // Replies are single bytes; a client that stopped reading loses them, as on a wire.
    if (!replies.empty()) (void)!send_or_write(fd, replies);
  }

  ssize_t send_or_write(int fd, const std::vector<uint8_t>& bytes) {
    if (fd == pty_master) return ::write(fd, bytes.data(), bytes.size());
    return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }

  // --- tickets to PNG --------------------------------------------------------------------------------------
  void write_tickets_locked() {
    while (written < emulator.ticket_count()) {
      char name[64];
      std::snprintf(name, sizeof name, "ticket-%04zu.png", ++sequence);
      std::filesystem::path path = options.output_dir / name;
      while (std::filesystem::exists(path)) {  // never overwrite an earlier run's ticket
        std::snprintf(name, sizeof name, "ticket-%04zu.png", ++sequence);
        path = options.output_dir / name;
      }
      if (auto ok = emulator.write_png(written, path.string()); !ok.ok())
        log::warn(kLog, "cannot write " + path.string() + ": " + ok.error().message);
      else {
        receipts.push_back(path);
        log::info(kLog, "ticket written to " + path.string());
      }
      ++written;
      emulator.forget_tickets_before(written);
    }
  }

  EmulatorServerOptions options;
  mutable std::mutex mutex;
  EscPosEmulator emulator;                   // mutex
  std::vector<std::filesystem::path> receipts;  // mutex
  size_t written = 0, sequence = 0;          // mutex
  int listen_fd = -1, client_fd = -1, pty_master = -1, pty_slave = -1, wake_fd = -1;
  uint16_t port = 0;
  std::string pty_name;
  std::atomic<bool> stopping{false};
  std::thread worker;
};

Result<std::unique_ptr<EmulatorServer>> EmulatorServer::start(EmulatorServerOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.output_dir, ec);
  if (ec) return make_error("emulator.setup", "cannot create " + options.output_dir.string() + ": " + ec.message());
  auto emulator = EscPosEmulator::create(options.emulator);
  if (!emulator.ok()) return emulator.error();
  emulator->set_condition(options.condition);
  emulator->set_answers_status(options.answers_status);
  auto impl = std::make_unique<Impl>(std::move(options), std::move(emulator).value());
  impl->wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (impl->wake_fd < 0) return make_error("emulator.setup", std::string("eventfd: ") + std::strerror(errno));
  if (auto ok = impl->listen_tcp(); !ok.ok()) return ok.error();
  if (!impl->options.pty_link.empty())
    if (auto ok = impl->open_pty(); !ok.ok()) return ok.error();
  Impl* raw = impl.get();
  impl->worker = std::thread([raw] { raw->run(); });
  return std::unique_ptr<EmulatorServer>(new EmulatorServer(std::move(impl)));
}

EmulatorServer::EmulatorServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EmulatorServer::~EmulatorServer() = default;

uint16_t EmulatorServer::tcp_port() const { return impl_->port; }
std::string EmulatorServer::pty_path() const { return impl_->pty_name; }

void EmulatorServer::set_condition(PrinterCondition condition) {
  std::lock_guard lock(impl_->mutex);
  impl_->emulator.set_condition(condition);
}

void EmulatorServer::set_answers_status(bool answers) {
  std::lock_guard lock(impl_->mutex);
  impl_->emulator.set_answers_status(answers);
}

std::vector<std::filesystem::path> EmulatorServer::receipts() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->receipts;
}

EmulatorStats EmulatorServer::stats() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->emulator.stats();
}

}  // namespace zhidui::drivers::receipt_printer
