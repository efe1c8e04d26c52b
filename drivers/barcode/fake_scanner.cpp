// fake_scanner.cpp — see fake_scanner.h.
#include "drivers/barcode/fake_scanner.h"

#include "drivers/linked_pty.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace zhidui::drivers::barcode {
namespace {

constexpr int kWriteTimeoutMs = 500;  // an adapter that stopped reading must not wedge the fake

}  // namespace

FakeScanner::FakeScanner(FakeScannerConfig config) : config_(std::move(config)) {}

FakeScanner::~FakeScanner() { stop(); }

Result<std::string> FakeScanner::start() {
  std::lock_guard lock(mutex_);
  if (config_.link_dir.empty()) {
    char tmpl[] = "/tmp/zhidui-fake-scan-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) return make_error("fake.setup", std::string("mkdtemp: ") + std::strerror(errno));
    dir_ = tmpl;
    own_dir_ = true;
  } else {
    dir_ = config_.link_dir;
  }
  link_path_ = dir_ + "/" + config_.link_name;
  if (auto opened = open_pty(); !opened.ok()) return opened.error();
  return link_path_;
}

void FakeScanner::stop() {
  std::lock_guard lock(mutex_);
  close_pty();
  if (own_dir_) {
    ::unlink((link_path_ + ".tmp").c_str());
    ::rmdir(dir_.c_str());
    own_dir_ = false;
  }
}

std::string FakeScanner::device_path() const {
  std::lock_guard lock(mutex_);
  return link_path_;
}

Status FakeScanner::open_pty() {
  auto pty = open_linked_pty(link_path_);
  if (!pty) return pty.error();
  master_fd_ = pty->master;
  slave_fd_ = pty->slave;
  return Ok{};
}

void FakeScanner::close_pty() {
  if (!link_path_.empty()) ::unlink(link_path_.c_str());
  if (master_fd_ >= 0) ::close(master_fd_);
  if (slave_fd_ >= 0) ::close(slave_fd_);
  master_fd_ = slave_fd_ = -1;
}

Status FakeScanner::scan(std::string_view payload) {
  std::string bytes(payload);
  bytes += config_.terminator;
  return send_raw(bytes);
}

Status FakeScanner::send_raw(std::string_view bytes) {
  std::lock_guard lock(mutex_);
  if (master_fd_ < 0) return make_error("fake.unplugged", "the fake scanner is unplugged");
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(master_fd_, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += size_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd pfd{master_fd_, POLLOUT, 0};
      if (::poll(&pfd, 1, kWriteTimeoutMs) <= 0) return make_error("fake.io", "the adapter is not reading");
      continue;
    }
    return make_error("fake.io", std::string("write to pty master: ") + std::strerror(errno));
  }
  return Ok{};
}

void FakeScanner::unplug() {
  std::lock_guard lock(mutex_);
  close_pty();
}

Status FakeScanner::replug() {
  std::lock_guard lock(mutex_);
  if (master_fd_ >= 0) return Ok{};
  return open_pty();
}

bool FakeScanner::plugged() const {
  std::lock_guard lock(mutex_);
  return master_fd_ >= 0;
}

}  // namespace zhidui::drivers::barcode
