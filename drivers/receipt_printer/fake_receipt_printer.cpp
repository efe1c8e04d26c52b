// fake_receipt_printer.cpp — see fake_receipt_printer.h.
#include "drivers/receipt_printer/fake_receipt_printer.h"

#include <ctime>
#include <deque>
#include <system_error>

#include "base/clock.h"
#include "drivers/receipt_printer/escpos_transport.h"
#include "base/log.h"

namespace zhidui::drivers::receipt_printer {

namespace {
constexpr const char* kLogComponent = "receipt-printer-fake";

// The in-process emulator as a status channel: requests go in as bytes, replies come out as bytes.
// It answers synchronously or not at all, so a missing byte is known at once to be a timeout.
class EmulatorChannel final : public StatusChannel {
 public:
  explicit EmulatorChannel(EscPosEmulator& emulator) : emulator_(emulator) {}
  Status send(std::span<const uint8_t> bytes) override {
    emulator_.feed(bytes);
    return Ok{};
  }
  void drain() override {
    received_.clear();
    (void)emulator_.take_replies();
  }
  std::optional<uint8_t> read_byte(std::chrono::milliseconds) override {
    for (uint8_t b : emulator_.take_replies()) received_.push_back(b);
    if (received_.empty()) return std::nullopt;
    const uint8_t b = received_.front();
    received_.pop_front();
    return b;
  }

 private:
  EscPosEmulator& emulator_;
  std::deque<uint8_t> received_;
};

}  // namespace

Result<std::unique_ptr<FakeReceiptPrinter>> FakeReceiptPrinter::create(FakeReceiptPrinterOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.output_dir, ec);
  if (ec) {
    return make_error("printer.output_dir", "cannot create " + options.output_dir.string() + ": " + ec.message());
  }
  auto emulator = EscPosEmulator::create(options.emulator);
  if (!emulator) return emulator.error();
  return std::unique_ptr<FakeReceiptPrinter>(new FakeReceiptPrinter(std::move(options), std::move(emulator).value()));
}

FakeReceiptPrinter::FakeReceiptPrinter(FakeReceiptPrinterOptions options, EscPosEmulator emulator)
    : options_(std::move(options)), emulator_(std::move(emulator)) {}

ReceiptPrinterStatus FakeReceiptPrinter::query_locked() {
  if (!plugged_in_) return unavailable_status(make_error(errc::kTransportGone, "USB printer unplugged (simulated)"));
  EmulatorChannel channel(emulator_);
  return interpret_status(query_status_replies(channel, options_.status_timeout));
}

Status FakeReceiptPrinter::print(std::span<const uint8_t> escpos) {
  std::lock_guard lock(mutex_);
  const ReceiptPrinterStatus before = query_locked();
  if (!before.device.usable()) {
    return make_error(before.device.code, std::string("printer not ready (") + to_string(before.device.state) +
                                              "), nothing sent: " + before.device.detail);
  }
  const size_t discarded_before = emulator_.stats().bytes_discarded;
  emulator_.feed(escpos);
  if (emulator_.stats().bytes_discarded != discarded_before) {
    // The printer dropped the job: it is offline but did not say so (it does not answer status).
    return make_error("printer.not_printed", "printer was offline and dropped the job");
  }
  return write_new_tickets_locked();
}

std::filesystem::path FakeReceiptPrinter::next_receipt_path_locked() {
  const std::string stamp = clock::format_utc(clock::wall_ms() / 1000, "%Y%m%d-%H%M%S");
  std::filesystem::path path;
  do {
    char name[64];
    std::snprintf(name, sizeof name, "receipt-%s-%04zu.png", stamp.c_str(), ++sequence_);
    path = options_.output_dir / name;
  } while (std::filesystem::exists(path));  // never overwrite an earlier run's receipt
  return path;
}

Status FakeReceiptPrinter::write_new_tickets_locked() {
  while (tickets_written_ < emulator_.ticket_count()) {
    const std::filesystem::path path = next_receipt_path_locked();
    Status written = emulator_.write_png(tickets_written_, path.string());
    if (!written) return written;
    ++tickets_written_;
    emulator_.forget_tickets_before(tickets_written_);
    receipts_.push_back(path);
    log::info(kLogComponent, "receipt written to " + path.string());
  }
  return Ok{};
}

DeviceStatus FakeReceiptPrinter::status() {
  std::lock_guard lock(mutex_);
  return query_locked().device;
}

ReceiptPrinterStatus FakeReceiptPrinter::printer_status() {
  std::lock_guard lock(mutex_);
  return query_locked();
}

int FakeReceiptPrinter::paper_width_dots() const { return printable_dots(options_.emulator.paper); }

void FakeReceiptPrinter::set_condition(PrinterCondition condition) {
  std::lock_guard lock(mutex_);
  emulator_.set_condition(condition);
}

PrinterCondition FakeReceiptPrinter::condition() const {
  std::lock_guard lock(mutex_);
  return emulator_.condition();
}

void FakeReceiptPrinter::set_answers_status(bool answers) {
  std::lock_guard lock(mutex_);
  emulator_.set_answers_status(answers);
}

void FakeReceiptPrinter::set_plugged_in(bool plugged_in) {
  std::lock_guard lock(mutex_);
  plugged_in_ = plugged_in;
}

std::vector<std::filesystem::path> FakeReceiptPrinter::receipts() const {
  std::lock_guard lock(mutex_);
  return receipts_;
}

std::optional<std::filesystem::path> FakeReceiptPrinter::last_receipt() const {
  std::lock_guard lock(mutex_);
  if (receipts_.empty()) return std::nullopt;
  return receipts_.back();
}

EmulatorStats FakeReceiptPrinter::emulator_stats() const {
  std::lock_guard lock(mutex_);
  return emulator_.stats();
}

Raster FakeReceiptPrinter::uncut_paper() const {
  std::lock_guard lock(mutex_);
  return emulator_.uncut_paper();
}

}  // namespace zhidui::drivers::receipt_printer
