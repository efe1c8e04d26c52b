// fake_scanner.cpp — see fake_scanner.h.
#include "drivers/barcode/fake_scanner.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zhidui::drivers::barcode {
namespace {

constexpr int kWriteTimeoutMs = 500;  // an adapter that stopped reading must not wedge the fake

}  // namespace

FakeScanner::FakeScanner(FakeScannerConfig config) : config_(std::move(config)) {}

FakeScanner::~FakeScanner() { stop(); }

Result<std::string> FakeScanner::start() {
  std::lock_guard lock(mutex_);
  return cable_.install(config_.link_dir, config_.link_name, "zhidui-fake-scan");
}

void FakeScanner::stop() {
  std::lock_guard lock(mutex_);
  cable_.remove();
}

std::string FakeScanner::device_path() const {
  std::lock_guard lock(mutex_);
  return cable_.link_path();
}

Status FakeScanner::scan(std::string_view payload) {
  std::string bytes(payload);
  bytes += config_.terminator;
  return send_raw(bytes);
}

Status FakeScanner::send_raw(std::string_view bytes) {
  std::lock_guard lock(mutex_);
  const int master = cable_.master();
  if (master < 0) return make_error("fake.unplugged", "the fake scanner is unplugged");
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(master, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += size_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd pfd{master, POLLOUT, 0};
      if (::poll(&pfd, 1, kWriteTimeoutMs) <= 0) return make_error("fake.io", "the adapter is not reading");
      continue;
    }
    return make_error("fake.io", std::string("write to pty master: ") + std::strerror(errno));
  }
  return Ok{};
}

void FakeScanner::unplug() {
  std::lock_guard lock(mutex_);
  cable_.unplug();
}

Status FakeScanner::replug() {
  std::lock_guard lock(mutex_);
  return cable_.plug();
}

bool FakeScanner::plugged() const {
  std::lock_guard lock(mutex_);
  return cable_.plugged();
}

}  // namespace zhidui::drivers::barcode
