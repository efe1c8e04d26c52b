// linked_pty.cpp — see linked_pty.h.
#include "drivers/linked_pty.h"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zhidui::drivers {

Result<LinkedPty> open_linked_pty(const std::string& link_path) {
  LinkedPty pty;
  char name[256] = {};
  if (::openpty(&pty.master, &pty.slave, name, nullptr, nullptr) != 0)
    return make_error("fake.setup", std::string("openpty: ") + std::strerror(errno));
  for (int fd : {pty.master, pty.slave}) {
    termios tio{};
    if (::tcgetattr(fd, &tio) == 0) {
      ::cfmakeraw(&tio);
      ::tcsetattr(fd, TCSANOW, &tio);
    }
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
  ::fcntl(pty.master, F_SETFL, ::fcntl(pty.master, F_GETFL) | O_NONBLOCK);
  const std::string tmp = link_path + ".tmp";
  ::unlink(tmp.c_str());
  if (::symlink(name, tmp.c_str()) != 0 || ::rename(tmp.c_str(), link_path.c_str()) != 0) {
    int err = errno;
    ::close(pty.master);
    ::close(pty.slave);
    return make_error("fake.setup", "cannot link " + link_path + " to " + name + ": " + std::strerror(err));
  }
  pty.name = name;
  return pty;
}

}  // namespace zhidui::drivers
