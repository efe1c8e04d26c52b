// receipt_printer.h — the receipt printer as the kiosk sees it: send ESC/POS bytes, ask for status.
//
// The kiosk composes receipts with EscPosBuilder (escpos.h) and never talks to a port itself. Real
// adapters (TCP 9100, /dev/usb/lp0, serial) and the fake (fake_receipt_printer.h) implement this, and
// all of them derive status from DLE EOT replies through printer_status.h, so "paper low" means the
// same thing on every one of them.
#pragma once

#include <cstdint>
#include <span>

#include "drivers/device.h"
#include "drivers/receipt_printer/printer_status.h"
#include "base/result.h"

namespace zhidui::drivers::receipt_printer {

class ReceiptPrinter {
 public:
  virtual ~ReceiptPrinter();
  // Sends one job. Fails without sending when the printer reports it cannot print (paper out, cover
  // open, jammed); proceeds when the status is unknown, because many printers cannot report it.
  virtual Status print(std::span<const uint8_t> escpos) = 0;
  // Polls the printer now. Paper low = warning (usable); paper out / cover open = user error; jammed or
  // broken = hardware error; no reply within the timeout = unknown (warning), never a guess.
  virtual DeviceStatus status() = 0;
  // The same poll with the printer-specific part: paper and cover.
  virtual ReceiptPrinterStatus printer_status() = 0;
  virtual int paper_width_dots() const = 0;
};

}  // namespace zhidui::drivers::receipt_printer
