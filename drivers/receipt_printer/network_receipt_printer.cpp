// network_receipt_printer.cpp — see network_receipt_printer.h.
#include "drivers/receipt_printer/network_receipt_printer.h"

#include <array>
#include <cassert>
#include <deque>

#include "base/log.h"

namespace zhidui::drivers::receipt_printer {
namespace {

constexpr std::string_view kLog = "receipt-printer";

// The transport as a StatusChannel. It remembers the first link failure, so the printer can tell a
// silent printer (unknown) from a broken connection (offline).
class TransportChannel final : public StatusChannel {
 public:
  explicit TransportChannel(EscPosTransport& transport) : transport_(transport) {}

  Status send(std::span<const uint8_t> bytes) override {
    auto sent = transport_.write(bytes, std::chrono::milliseconds(1000));
    if (!sent.ok()) note(sent.error());
    return sent;
  }
  void drain() override {
    // Late replies to an earlier, timed-out request would be taken for this one's answer.
    std::array<uint8_t, 64> junk{};
    for (int i = 0; i < 16 && !failure_; ++i) {
      auto got = transport_.read(junk, std::chrono::milliseconds(0));
      if (!got.ok()) {
        note(got.error());
        return;
      }
      if (*got == 0) return;
    }
  }
  std::optional<uint8_t> read_byte(std::chrono::milliseconds timeout) override {
    if (failure_) return std::nullopt;
    std::array<uint8_t, 1> one{};
    auto got = transport_.read(one, timeout);
    if (!got.ok()) {
      note(got.error());
      return std::nullopt;
    }
    if (*got == 0) return std::nullopt;
    return one[0];
  }
  const std::optional<Error>& failure() const { return failure_; }

 private:
  void note(const Error& e) {
    if (!failure_) failure_ = e;
  }
  EscPosTransport& transport_;
  std::optional<Error> failure_;
};

}  // namespace

NetworkReceiptPrinter::NetworkReceiptPrinter(std::unique_ptr<EscPosTransport> transport, NetworkPrinterOptions options)
    : options_(std::move(options)), transport_(std::move(transport)) {
  assert(transport_ && "NetworkReceiptPrinter needs a transport");
  assert(options_.status_timeout.count() > 0 && options_.write_timeout.count() > 0 &&
         "NetworkPrinterOptions: timeouts must be positive");
}

ReceiptPrinterStatus NetworkReceiptPrinter::offline_status(const Error& why) const {
  ReceiptPrinterStatus s = unavailable_status(why);
  s.device.info.model = options_.model;
  return s;
}

ReceiptPrinterStatus NetworkReceiptPrinter::query_locked() {
  if (auto opened = transport_->open(); !opened.ok()) return offline_status(opened.error());
  TransportChannel channel(*transport_);
  ReceiptPrinterStatus s = interpret_status(query_status_replies(channel, options_.status_timeout));
  if (channel.failure()) {
    // The link broke mid-query: the replies (if any) are incomplete; reconnect on the next call.
    transport_->close();
    log::warn(kLog, transport_->describe() + ": link lost during status query: " + channel.failure()->code);
    return offline_status(*channel.failure());
  }
  s.device.info.model = options_.model;
  return s;
}

Status NetworkReceiptPrinter::print(std::span<const uint8_t> escpos) {
  std::lock_guard lock(mutex_);
  const ReceiptPrinterStatus before = query_locked();
  if (!before.device.usable()) {
    return make_error(before.device.code, std::string("printer not ready (") + to_string(before.device.state) +
                                              "), nothing sent: " + before.device.detail);
  }
  auto sent = transport_->write(escpos, options_.write_timeout);
  if (!sent.ok()) {
    transport_->close();  // part of a job may be on the paper; the next job starts on a fresh link
    log::warn(kLog, transport_->describe() + ": job not sent: " + sent.error().code);
    return make_error("printer.unavailable", "job not fully sent: " + sent.error().message + " [" +
                                                 sent.error().code + "]");
  }
  return Ok{};
}

DeviceStatus NetworkReceiptPrinter::status() {
  std::lock_guard lock(mutex_);
  return query_locked().device;
}

ReceiptPrinterStatus NetworkReceiptPrinter::printer_status() {
  std::lock_guard lock(mutex_);
  return query_locked();
}

int NetworkReceiptPrinter::paper_width_dots() const { return printable_dots(options_.paper); }

}  // namespace zhidui::drivers::receipt_printer
