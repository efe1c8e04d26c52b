// fake_scanner.h — a simulated serial barcode scanner behind a pseudo-terminal.
//
// Like FakeSamModule, behind a FakeCable (drivers/fake_cable.h): the adapter opens a stable symlink
// (<dir>/ttyFAKE-SCAN) and is tested through its real serial path, unplug and reconnect included. A scanner only talks,
// never listens, so there is no worker thread: scan() writes the payload and its terminator straight to the master.
//
// Thread-safe: all public functions may be called from any thread.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "base/result.h"
#include "drivers/fake_cable.h"

namespace zhidui::drivers::barcode {

struct FakeScannerConfig {
  std::string link_dir;  // empty: a fresh directory under /tmp, removed by stop()
  std::string link_name = "ttyFAKE-SCAN";
  std::string terminator = "\r";  // most scanners end a scan with CR; some send CR LF or LF
};

class FakeScanner {
 public:
  explicit FakeScanner(FakeScannerConfig config = {});
  ~FakeScanner();
  FakeScanner(const FakeScanner&) = delete;
  FakeScanner& operator=(const FakeScanner&) = delete;

  // Opens the pty and creates the symlink. Returns the symlink path to give the adapter.
  Result<std::string> start();
  void stop();

  std::string device_path() const;  // the stable symlink

  // Sends payload + terminator as the scanner would. Errors: fake.unplugged, fake.io.
  Status scan(std::string_view payload);
  // Sends raw bytes with no terminator added (split scans, garbage, over-long lines).
  Status send_raw(std::string_view bytes);

  void unplug();
  Status replug();
  bool plugged() const;

 private:
  const FakeScannerConfig config_;
  mutable std::mutex mutex_;
  FakeCable cable_;  // mutex_
};

}  // namespace zhidui::drivers::barcode
