// fake_cable.h — the cable of a simulated serial device (the ID-card module, the scanner, the printer
// emulator): a pseudo-terminal and a stable symlink to it, in one place.
//
// open_linked_pty: both ends raw (no CR/LF translation, no XON/XOFF, no echo — the protocols are binary),
// the master non-blocking, and a symlink pointing at the slave, re-pointed atomically (link then rename)
// so an adapter reopening the link after an "unplug" finds the new device.
//
// FakeCable: the whole cable of a fake that can be pulled. The adapter is configured with the link
// (<dir>/<name>); unplug closes the pty (the adapter's fd hangs up) and removes the link, as udev removes
// /dev/ttyUSB0; plug opens a new pty with a new /dev/pts number and re-points the link, so the adapter
// finds the "same" device again through its real reconnect path. The fake keeps the slave end open too,
// so the master never sees a hangup while the adapter closes and reopens. Not thread-safe: the fake that
// owns it serialises the calls (its mutex, or its worker thread).
#pragma once

#include <string>

#include "base/result.h"

namespace zhidui::drivers {

struct LinkedPty {
  int master = -1;
  int slave = -1;
  std::string name;  // /dev/pts/N
};

Result<LinkedPty> open_linked_pty(const std::string& link_path);

class FakeCable {
 public:
  FakeCable() = default;
  ~FakeCable();  // remove()
  FakeCable(const FakeCable&) = delete;
  FakeCable& operator=(const FakeCable&) = delete;

  // Takes the folder `dir`, or makes a fresh /tmp/<tmp_prefix>-XXXXXX (removed again by remove()) when
  // `dir` is empty, and plugs in. Returns the link's path, the one to configure the adapter with.
  Result<std::string> install(const std::string& dir, const std::string& link_name, const std::string& tmp_prefix);
  Status plug();  // a new pty behind the link; nothing to do when plugged
  void unplug();  // the adapter's fd hangs up and the link disappears
  void remove();  // unplugged, and the folder removed if install() made it

  bool plugged() const { return master_ >= 0; }
  int master() const { return master_; }  // non-blocking; -1 while unplugged
  const std::string& link_path() const { return link_path_; }
  const std::string& pty_name() const { return pty_name_; }  // /dev/pts/N; empty while unplugged

 private:
  std::string dir_;
  bool own_dir_ = false;
  std::string link_path_;
  std::string pty_name_;
  int master_ = -1;
  int slave_ = -1;
};

}  // namespace zhidui::drivers
