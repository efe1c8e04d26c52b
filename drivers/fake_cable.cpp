// fake_cable.cpp — see fake_cable.h.
#include "drivers/fake_cable.h"

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
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

FakeCable::~FakeCable() { remove(); }

Result<std::string> FakeCable::install(const std::string& dir, const std::string& link_name,
                                       const std::string& tmp_prefix) {
  if (dir.empty()) {
    std::string tmpl = "/tmp/" + tmp_prefix + "-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr)
      return make_error("fake.setup", std::string("mkdtemp: ") + std::strerror(errno));
    dir_ = tmpl;
    own_dir_ = true;
  } else {
    dir_ = dir;
  }
  link_path_ = dir_ + "/" + link_name;
  if (auto plugged = plug(); !plugged) return plugged.error();
  return link_path_;
}

Status FakeCable::plug() {
  if (plugged()) return Ok{};
  auto pty = open_linked_pty(link_path_);
  if (!pty) return pty.error();
  master_ = pty->master;
  slave_ = pty->slave;
  pty_name_ = pty->name;
  return Ok{};
}

void FakeCable::unplug() {
  if (!link_path_.empty()) ::unlink(link_path_.c_str());
  if (master_ >= 0) ::close(master_);
  if (slave_ >= 0) ::close(slave_);
  master_ = slave_ = -1;
  pty_name_.clear();
}

void FakeCable::remove() {
  unplug();
  if (own_dir_) {
    ::unlink((link_path_ + ".tmp").c_str());
    ::rmdir(dir_.c_str());
    own_dir_ = false;
  }
}

}  // namespace zhidui::drivers
