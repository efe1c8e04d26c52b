// service_notify.cpp — see service_notify.h.
#include "base/service_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>

namespace zhidui::service {

bool notify(std::string_view state) {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (!path || !*path) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  size_t len = std::strlen(path);
  if (len >= sizeof addr.sun_path) return false;
  std::memcpy(addr.sun_path, path, len);
  if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';  // abstract socket namespace
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  socklen_t addr_len = socklen_t(offsetof(sockaddr_un, sun_path) + len);
  bool ok = sendto(fd, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&addr), addr_len) ==
            ssize_t(state.size());
  close(fd);
  return ok;
}

Watchdog::Watchdog() {
  if (const char* usec = std::getenv("WATCHDOG_USEC"); usec && *usec) interval_ms_ = std::atoll(usec) / 2000;
}

void Watchdog::pet(int64_t now_ms) {
  if (interval_ms_ <= 0 || now_ms - last_ms_ < interval_ms_) return;
  last_ms_ = now_ms;
  notify("WATCHDOG=1");
}

}  // namespace zhidui::service
