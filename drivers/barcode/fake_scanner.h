// fake_scanner.h — a simulated serial barcode scanner behind a pseudo-terminal.
//
// Like FakeSamModule: the adapter opens a stable symlink (<dir>/ttyFAKE-SCAN); unplug closes the pty
// and removes the link (as udev would), replug opens a new pty and re-points the link, so the adapter
// is tested through its real serial path, reconnect included. A scanner only talks, never listens, so
// there is no worker thread: scan() writes the payload and its terminator straight to the master.
//
// Thread-safe: all public functions may be called from any thread.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "base/result.h"

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
  Status open_pty();  // under mutex_
  void close_pty();   // under mutex_

  const FakeScannerConfig config_;
  mutable std::mutex mutex_;
  std::string dir_;
  bool own_dir_ = false;
  std::string link_path_;
  int master_fd_ = -1;
  int slave_fd_ = -1;  // held open so writes to the master never fail while the adapter reconnects
};

}  // namespace zhidui::drivers::barcode
