// escpos_emulator_server.h — the ESC/POS emulator as a printer on the wire: a loopback TCP port
// (9100 style) and optionally a pty behind a stable symlink, each cut ticket written as a PNG.
//
// The core of tools/escpos-emulator (a thin CLI around this class) and usable in-process by tests and
// the dev dock, so the kiosk's real transports (escpos_transport.h) can be exercised end to end
// without hardware. One worker thread owns the sockets and the pty; one client at a time on TCP (a new
// connection replaces the old one, as on a 9100 port). Binds 127.0.0.1 only: it is a development tool.
//
// Thread-safe: the public functions may be called from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "drivers/receipt_printer/escpos_emulator.h"
#include "base/result.h"

namespace zhidui::drivers::receipt_printer {

struct EmulatorServerOptions {
  EmulatorOptions emulator;
  std::filesystem::path output_dir = "var/receipts";  // created if missing
  uint16_t tcp_port = 0;  // 0: an ephemeral port (see EmulatorServer::tcp_port())
  std::string pty_link;   // non-empty: also serve a pty, symlinked here (like the fake devices)
  PrinterCondition condition = PrinterCondition::ok;
  bool answers_status = true;
};

class EmulatorServer {
 public:
  // Loads the font, binds the port, opens the pty and starts the worker.
  static Result<std::unique_ptr<EmulatorServer>> start(EmulatorServerOptions options);
  ~EmulatorServer();  // stops the worker, closes everything, removes the pty link
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  uint16_t tcp_port() const;
  std::string pty_path() const;  // the current /dev/pts/N, empty without a pty

  void set_condition(PrinterCondition condition);
  void set_answers_status(bool answers);

  std::vector<std::filesystem::path> receipts() const;  // PNGs written, oldest first
  EmulatorStats stats() const;

  struct Impl;

 private:
  explicit EmulatorServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace zhidui::drivers::receipt_printer
