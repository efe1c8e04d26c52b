// connection.cpp — see connection.h. Linux only (it lists /proc/self/fd).
#include "tools/platform-sim/connection.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace zhidui::platform_sim {
namespace {

bool address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &a.sin6_addr, buf, sizeof buf);
    port = ntohs(a.sin6_port);
  } else {
    return false;
  }
  ip = buf;
  return true;
}

bool matches(int fd, const httplib::Request& request) {
  sockaddr_storage peer{}, local{};
  socklen_t peer_len = sizeof peer, local_len = sizeof local;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) return false;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) return false;
  std::string peer_ip, local_ip;
  int peer_port = -1, local_port = -1;
  if (!address_of(peer, peer_ip, peer_port) || !address_of(local, local_ip, local_port)) return false;
  // The peer's address and port identify the connection; the local port guards against a second
  // listener in the same process.
  return peer_port == request.remote_port && peer_ip == request.remote_addr &&
         (request.local_port <= 0 || local_port == request.local_port);
}

}  // namespace

int find_request_socket(const httplib::Request& request) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return -1;
  int found = -1;
  int dir_fd = dirfd(dir);
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dir_fd) continue;
    if (matches(int(fd), request)) {
      found = int(fd);
      break;
    }
  }
  closedir(dir);
  return found;
}

int shut_down_connections(int local_port) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return 0;
  int count = 0;
  int dir_fd = dirfd(dir);
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dir_fd) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_len = sizeof local, peer_len = sizeof peer;
    std::string ip;
    int port = -1;
    if (getsockname(int(fd), reinterpret_cast<sockaddr*>(&local), &local_len) != 0) continue;
    if (!address_of(local, ip, port) || port != local_port) continue;
    // The listening socket has no peer; only connections are shut down.
    if (getpeername(int(fd), reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
    if (shutdown(int(fd), SHUT_RDWR) == 0) ++count;
  }
  closedir(dir);
  return count;
}

void abort_connection(int socket_fd) {
  linger hard_close{1, 0};  // close() will send RST instead of FIN
  setsockopt(socket_fd, SOL_SOCKET, SO_LINGER, &hard_close, sizeof hard_close);
  shutdown(socket_fd, SHUT_WR);  // cpp-httplib's later writes fail; nothing reaches the client
}

bool wait_for_peer_to_leave(int socket_fd, const std::atomic<bool>& stop, int64_t max_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_ms);
  while (!stop.load() && std::chrono::steady_clock::now() < deadline) {
    if (socket_fd < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    pollfd p{socket_fd, POLLIN | POLLRDHUP, 0};
    int n = poll(&p, 1, 50);
    if (n > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) return true;
    if (n > 0 && (p.revents & POLLIN)) {
      // The request was read in full, so readable data is a pipelined request or EOF.
      char byte;
      if (recv(socket_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  return false;
}

}  // namespace zhidui::platform_sim
