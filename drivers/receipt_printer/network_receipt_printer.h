// network_receipt_printer.h — a real receipt printer behind any EscPosTransport (TCP 9100, serial, usblp).
//
// Named for its commonest use, the hall's networked printer, but the transport decides the wire. It
// asks status with DLE EOT through printer_status.h (the same mapping as the fake), refuses a job the
// printer says it cannot print, and reports silence as `unknown`, never as a guess. A link that cannot
// be opened is `offline` (printer.unavailable); every call tries to reopen it, so a printer that was
// switched off or unplugged is found again without restarting the kiosk.
//
// Thread-safe: one mutex around every public method (one request on the wire at a time, as DLE EOT
// replies carry no request id).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>

#include "drivers/receipt_printer/escpos.h"
#include "drivers/receipt_printer/escpos_transport.h"
#include "drivers/receipt_printer/receipt_printer.h"

namespace zhidui::drivers::receipt_printer {

struct NetworkPrinterOptions {
  PaperWidth paper = PaperWidth::mm80;
  std::chrono::milliseconds status_timeout{500};  // per DLE EOT reply
  std::chrono::milliseconds write_timeout{10000};  // a whole job; a receipt with a QR is a few kB
  std::string model = "ESC/POS receipt printer";
};

class NetworkReceiptPrinter final : public ReceiptPrinter {
 public:
  NetworkReceiptPrinter(std::unique_ptr<EscPosTransport> transport, NetworkPrinterOptions options);

  // Errors: the status codes (printer.paper_out, printer.cover_open, printer.cutter_jammed, …) when the
  // printer refuses; printer.unavailable when the link cannot be opened or breaks while sending.
  Status print(std::span<const uint8_t> escpos) override;
  DeviceStatus status() override;
  ReceiptPrinterStatus printer_status() override;
  int paper_width_dots() const override;

 private:
  ReceiptPrinterStatus query_locked();
  ReceiptPrinterStatus offline_status(const Error& why) const;

  const NetworkPrinterOptions options_;
  std::mutex mutex_;
  std::unique_ptr<EscPosTransport> transport_;
};

}  // namespace zhidui::drivers::receipt_printer
