// id_card_reader.h — the adapter for a real second-generation ID-card reader on a serial port.
//
// The module only answers polls, so a worker thread polls it and turns what changes into events
// (architecture.md, device model): status transitions, a card read, a card removed, a read that failed
// in a way a person can fix. The kiosk's UI thread never waits on the serial line; its callbacks
// should only enqueue.
//
// Card life cycle, as seen through Events:
//   on_card / on_read_error   once per presentation (a failed read is retried silently while the card
//                             stays, and the same error is not repeated; a different one is reported)
//   on_card_removed           after either of the above, once the card has left the reader, or when
//                             the reader goes offline (it can no longer vouch that the card is there;
//                             a card still in place is read afresh after the reconnect)
// A card that stays on the reader is never read twice.
//
// Refusals (issue 24): a module that answers a step with a status that is neither its success nor a
// problem of the card (card_read.h, is_refusal) is asked again at the next poll; the person in front of
// it is told reader.unavailable when the code means the module refuses our commands, never "place the
// card flat". kRefusalsBeforeFault refusals in a row, with no poll completed in between (no card found,
// or a card read), make it a reader problem in the device status until the module serves again.
//
// Status codes: "" when online; "reader.unavailable" while offline (port gone, path missing, module
// silent); "reader.not_configured" for no path or an unsupported baud rate; "sam.sw3.60" /
// "sam.sw3.66" when the security module refuses to work; "reader.refused" after repeated refusals.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "drivers/device.h"
#include "drivers/id_reader/id_card.h"
#include "drivers/id_reader/sam_session.h"
#include "base/result.h"
#include "base/worker.h"

namespace zhidui::drivers::id_reader {

namespace errc {
inline constexpr std::string_view kReaderNotConfigured = "reader.not_configured";
inline constexpr std::string_view kReaderRefused = "reader.refused";
inline constexpr std::string_view kCardAbsent = "card.absent";  // read_card_once: no card in time
}  // namespace errc

inline constexpr int kRefusalsBeforeFault = 3;

struct ReaderConfig {
  std::string device_path;  // /dev/zhidui-idreader (packaging/99-zhidui.rules), or the fake's stable symlink
  int baud = 115200;
  int poll_interval_ms = 300;
  int response_timeout_ms = 2000;
  int reconnect_interval_ms = 1000;
};

// Callbacks run on the reader's worker thread. They must not block and must not call stop().
struct Events {
  std::function<void(const DeviceStatus&)> on_status;
  std::function<void(IdCard)> on_card;
  std::function<void()> on_card_removed;
  std::function<void(const Error&)> on_read_error;  // card.misplaced, card.unrecognised, reader.unavailable
};

struct ReaderCounters {
  uint64_t commands = 0;
  uint64_t timeouts = 0;           // module silent
  uint64_t corrupted_answers = 0;  // checksum, length, truncation
  uint64_t cards_read = 0;
  uint64_t read_errors = 0;
  uint64_t connects = 0;           // successful port opens, the first one included
};

class IdCardReader {
 public:
  IdCardReader(ReaderConfig config, Events events);
  ~IdCardReader();  // stops and joins the worker
  IdCardReader(const IdCardReader&) = delete;
  IdCardReader& operator=(const IdCardReader&) = delete;

  void start();
  void stop();  // returns after the worker has closed the port; not from inside a callback

  DeviceStatus status() const;  // the last reported status (thread-safe)
  ReaderCounters counters() const;

 private:
  int step();  // one round of the worker; returns how long to wait before the next one
  bool connect();
  bool confirm_sam();
  void poll_card();
  void on_card_present();
  void on_card_absent();
  bool card_still_selected();
  void lose_link(const Error& raw);
  void note_refusal(const Error& raw);
  void module_served();
  void card_failed(const Error& raw);
  void forget_card();
  void report(DeviceState state, Severity severity, ActionHint hint, std::string_view code, std::string detail);

  const ReaderConfig config_;
  const Events events_;

  // Worker-thread state.
  std::optional<SamSession> session_;
  bool sam_ready_ = false;
  bool card_reported_ = false;  // on_card or on_read_error was sent for the card in the field
  bool card_read_ = false;      // it was read successfully: wait for it to leave
  std::string last_card_error_;
  std::string sam_serial_;
  int refusals_ = 0;               // in a row, since the last poll that completed
  bool refusal_reported_ = false;  // the status says reader.refused

  // Shared state.
  StatusReporter reporter_;
  LineCounters line_;
  std::atomic<uint64_t> cards_read_{0}, read_errors_{0}, connects_{0};
  PollThread thread_{"id-reader"};  // last: stopped before the state above goes
};

// Opens the port, checks the module, waits up to timeout_ms for a card and reads it. For self-tests
// and tests; the kiosk uses IdCardReader. Errors: reader.unavailable, card.misplaced,
// card.unrecognised, card.absent (no card presented in time).
Result<IdCard> read_card_once(const ReaderConfig& config, int timeout_ms);

}  // namespace zhidui::drivers::id_reader
