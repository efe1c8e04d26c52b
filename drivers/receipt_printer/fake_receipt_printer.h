// fake_receipt_printer.h — the receipt printer without hardware: an EscPosEmulator behind the real
// interface, with each cut ticket written as a PNG ("receipt written to var/receipts/<name>.png").
//
// It behaves like the hardware where the kiosk can tell: it takes the same ESC/POS bytes, answers status
// through real DLE EOT bytes interpreted by the same code as a real printer's, refuses to print when
// paper is out, the cover is open or it is jammed, and can stay silent. Tests and the dev dock drive it
// with set_condition() / set_answers_status(). Every public method takes one mutex, so the UI thread,
// the device worker and the dev dock may call it concurrently.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "drivers/receipt_printer/escpos_emulator.h"
#include "drivers/receipt_printer/receipt_printer.h"

namespace zhidui::drivers::receipt_printer {

struct FakeReceiptPrinterOptions {
  EmulatorOptions emulator;
  std::filesystem::path output_dir = "var/receipts";  // created if missing
  // Per DLE EOT reply. The in-process emulator answers at once or never, so this is never waited out.
  std::chrono::milliseconds status_timeout{500};
};

class FakeReceiptPrinter final : public ReceiptPrinter {
 public:
  static Result<std::unique_ptr<FakeReceiptPrinter>> create(FakeReceiptPrinterOptions options);

  Status print(std::span<const uint8_t> escpos) override;
  DeviceStatus status() override;
  ReceiptPrinterStatus printer_status() override;
  int paper_width_dots() const override;

  void set_condition(PrinterCondition condition);
  PrinterCondition condition() const;
  void set_answers_status(bool answers);
  // Unplugged: no link at all, as a real adapter sees a USB printer whose cable was pulled (offline,
  // retried automatically); nothing prints until it is plugged back.
  void set_plugged_in(bool plugged_in);

  // Every PNG written, oldest first, and the newest one (what the kiosk reports after printing).
  std::vector<std::filesystem::path> receipts() const;
  std::optional<std::filesystem::path> last_receipt() const;
  EmulatorStats emulator_stats() const;
  Raster uncut_paper() const;  // printed but not yet cut (for a dev-dock preview)

 private:
  FakeReceiptPrinter(FakeReceiptPrinterOptions options, EscPosEmulator emulator);
  ReceiptPrinterStatus query_locked();
  Status write_new_tickets_locked();
  std::filesystem::path next_receipt_path_locked();

  const FakeReceiptPrinterOptions options_;
  mutable std::mutex mutex_;
  EscPosEmulator emulator_;
  bool plugged_in_ = true;
  size_t tickets_written_ = 0;
  size_t sequence_ = 0;
  std::vector<std::filesystem::path> receipts_;
};

}  // namespace zhidui::drivers::receipt_printer
