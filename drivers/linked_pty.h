// linked_pty.h — a pseudo-terminal that plays a serial device for the fakes (ID-card module, scanner,
// printer emulator): both ends raw (no CR/LF translation, no XON/XOFF, no echo — the protocols are
// binary), the master non-blocking, and a stable symlink pointing at the slave, re-pointed atomically
// (link then rename) so an adapter reopening the link after an "unplug" finds the new device.
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

}  // namespace zhidui::drivers
