// simulated_devices.h — the devices of demo mode and the dev dock's controls over them (after VxSuite's
// dev dock): a SAM module over a pty that the real reader adapter reads, the ESC/POS emulator behind the
// receipt-printer interface, a scanner over a pty that the real scanner adapter reads, and the faults of
// the CUPS sandbox's A4 backend. The production code paths run unchanged against them: only the cable
// ends in a fake. A kiosk with real devices never creates this object.
//
// Every control may be called from the UI thread while the devices' own workers run; each fake is
// thread-safe in itself.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "drivers/a4_printer/private_cupsd.h"
#include "drivers/barcode/fake_scanner.h"
#include "drivers/id_reader/fake_sam_module.h"
#include "drivers/receipt_printer/fake_receipt_printer.h"

namespace zhidui {

// A person the dev dock (and the headless demo) can present on the simulated reader.
struct Persona {
  std::string id;
  std::string label;
};

class SimulatedDevices {
 public:
  struct Options {
    std::string receipts_dir;  // where the emulator writes each cut receipt as a PNG
    // The A4 printer when it is the CUPS sandbox's (a socket path whose folder is the sandbox); else empty.
    std::string a4_sandbox_socket;
    std::string a4_queue;
  };
  // Starts the fakes. The reader and scanner adapters open the returned ports; the runtime drives the
  // printer through take_receipt_printer().
  static Result<std::unique_ptr<SimulatedDevices>> start(Options options);
  ~SimulatedDevices();

  std::string reader_port() const { return reader_port_; }
  std::string scanner_port() const { return scanner_port_; }  // empty when the fake scanner did not start
  // The emulator behind the ReceiptPrinter interface, for the runtime to own (once); the controls below
  // keep working on it.
  std::unique_ptr<drivers::receipt_printer::ReceiptPrinter> take_receipt_printer();
  // Called after a printer condition changes, so that the status is reported now, not at the next poll.
  void on_printer_changed(std::function<void()> poke) { printer_changed_ = std::move(poke); }
  void on_a4_changed(std::function<void()> poke) { a4_changed_ = std::move(poke); }

  // ID-card reader.
  std::vector<Persona> personas() const;
  bool present_card(const std::string& persona_id);
  void remove_card();
  void unplug_reader();
  void replug_reader();

  // Receipt printer: "ok", "paper_low", "paper_out", "cover_open", "jammed".
  void set_printer_condition(const std::string& condition);
  // The printer stops answering DLE EOT (many real ones never do): its state becomes unknown.
  void set_printer_answers_status(bool answers);
  // The cable pulled out (false) or put back: offline, then found again by itself.
  void set_printer_plugged_in(bool plugged_in);
  std::string last_receipt_file() const;

  // A4 printer: its backend reports offline-report and retries, as CUPS's own backends do, so the next job
  // ends as a4.offline; plugged back in, a waiting job prints. False without a sandbox A4 printer.
  bool set_a4_printer_plugged_in(bool plugged_in);

  // Barcode scanner: reads `payload` as if a code were held under it; false without the fake.
  bool scan(const std::string& payload);
  void unplug_scanner();
  void replug_scanner();

 private:
  explicit SimulatedDevices(Options options) : options_(std::move(options)) {}

  Options options_;
  drivers::id_reader::FakeSamModule sam_module_;
  std::unique_ptr<drivers::barcode::FakeScanner> scanner_;
  std::unique_ptr<drivers::receipt_printer::FakeReceiptPrinter> owned_printer_;  // until taken
  drivers::receipt_printer::FakeReceiptPrinter* printer_ = nullptr;              // owned by the runtime after
  std::string reader_port_, scanner_port_;
  std::function<void()> printer_changed_, a4_changed_;
};

}  // namespace zhidui
