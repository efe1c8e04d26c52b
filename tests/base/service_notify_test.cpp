// The systemd notify datagrams reach $NOTIFY_SOCKET; the watchdog is petted at half its interval.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "base/service_notify.h"

using namespace zhidui;

namespace {
struct NotifySocket {
  int fd = -1;
  std::string path;
  NotifySocket() {
    path = "/tmp/zhidui-notify-" + std::to_string(getpid());
    unlink(path.c_str());
    fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strcpy(addr.sun_path, path.c_str());
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    timeval tv{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setenv("NOTIFY_SOCKET", path.c_str(), 1);
  }
  ~NotifySocket() {
    close(fd);
    unlink(path.c_str());
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
  }
  std::string receive() {
    char buf[256];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, size_t(n)) : std::string();
  }
};
}  // namespace

TEST(ServiceNotify, NoSocketMeansNoOp) {
  unsetenv("NOTIFY_SOCKET");
  EXPECT_FALSE(service::notify("READY=1"));
}

TEST(ServiceNotify, ReadyAndWatchdogArrive) {
  NotifySocket sock;
  ASSERT_TRUE(service::notify("READY=1"));
  EXPECT_EQ(sock.receive(), "READY=1");
  setenv("WATCHDOG_USEC", "30000000", 1);  // 30 s: petted every 15 s
  service::Watchdog dog;
  dog.pet(20000);
  EXPECT_EQ(sock.receive(), "WATCHDOG=1");
  dog.pet(25000);  // too soon: nothing sent
  dog.pet(35001);
  EXPECT_EQ(sock.receive(), "WATCHDOG=1");
}
