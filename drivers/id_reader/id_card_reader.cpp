// id_card_reader.cpp — see id_card_reader.h.
//
// Sections: status helpers · life cycle · the worker's round · link handling · card handling ·
// read_card_once
//
// Logging rule: component "id_reader", transitions only, and never a field of a card (the card type
// is the most a line may say about one).
#include "drivers/id_reader/id_card_reader.h"

#include <cassert>
#include <chrono>
#include <thread>

#include "drivers/id_reader/card_read.h"
#include "base/log.h"

namespace zhidui::drivers::id_reader {
namespace {

constexpr std::string_view kLog = "id_reader";
constexpr const char* kModel = "GA/T 467 SAM module (serial)";

DeviceStatus initial_status() {
  DeviceStatus s = make_status(DeviceClass::id_reader, DeviceState::unknown, Severity::error, ActionHint::none);
  s.info.model = kModel;
  return s;
}

}  // namespace

// --- status helpers ---------------------------------------------------------------------------------

void IdCardReader::report(DeviceState state, Severity severity, ActionHint hint, std::string_view code,
                          std::string detail) {
  DeviceStatus s = make_status(DeviceClass::id_reader, state, severity, hint, code, std::move(detail));
  s.info.model = kModel;
  s.info.serial = sam_serial_;
  reporter_.report(std::move(s));
}

// --- life cycle --------------------------------------------------------------------------------------

IdCardReader::IdCardReader(ReaderConfig config, Events events)
    : config_(std::move(config)),
      events_(std::move(events)),
      reporter_(std::string(kLog), initial_status(), events_.on_status) {
  assert(config_.poll_interval_ms > 0 && config_.response_timeout_ms > 0 && config_.reconnect_interval_ms > 0 &&
         "ReaderConfig: intervals and timeouts must be positive");
}

IdCardReader::~IdCardReader() { stop(); }

void IdCardReader::start() {
  if (thread_.running()) return;
  log::info(kLog, "worker started for " + config_.device_path);
  thread_.start([this] { return step(); });
}

void IdCardReader::stop() {
  if (!thread_.running()) return;
  thread_.stop();
  // The worker has ended: its state is the caller's to reset.
  session_.reset();
  sam_ready_ = false;
  card_reported_ = card_read_ = false;
  log::info(kLog, "worker stopped");
}

DeviceStatus IdCardReader::status() const { return reporter_.last(); }

ReaderCounters IdCardReader::counters() const {
  ReaderCounters c;
  c.commands = line_.commands;
  c.timeouts = line_.timeouts;
  c.corrupted_answers = line_.corrupted;
  c.cards_read = cards_read_;
  c.read_errors = read_errors_;
  c.connects = connects_;
  return c;
}

// --- the worker's round ------------------------------------------------------------------------------

int IdCardReader::step() {
  if (!session_ && !connect()) return config_.reconnect_interval_ms;
  if (!sam_ready_ && !confirm_sam()) return config_.reconnect_interval_ms;
  poll_card();
  return sam_ready_ ? config_.poll_interval_ms : config_.reconnect_interval_ms;
}

// --- link handling ---------------------------------------------------------------------------------------

bool IdCardReader::connect() {
  if (config_.device_path.empty()) {
    report(DeviceState::not_configured, Severity::error, ActionHint::configuration, errc::kReaderNotConfigured,
           "no serial device configured for the ID-card reader");
    return false;
  }
  auto opened = SamSession::open(config_.device_path, config_.baud, &line_);
  if (!opened.ok()) {
    const Error& e = opened.error();
    const std::string detail = e.message + " [" + e.code + "]";
    // A wrong setting is not an outage; for the rest, remedy_for_open_failure says who fixes it.
    if (e.is(drivers::errc::kSerialConfig))
      report(DeviceState::not_configured, Severity::error, ActionHint::configuration, errc::kReaderNotConfigured,
             detail);
    else
      report(DeviceState::offline, Severity::error, remedy_for_open_failure(e), errc::kReaderUnavailable, detail);
    return false;
  }
  session_.emplace(std::move(opened).value());
  sam_ready_ = false;
  connects_++;
  return true;
}

// The status check (11 FF) runs after every (re)connect and, while the SAM refuses to work, every
// reconnect interval until it recovers.
bool IdCardReader::confirm_sam() {
  auto checked = check_sam_status(*session_, config_.response_timeout_ms, &thread_.stopping());
  if (!checked.ok()) {
    const Error& raw = checked.error();
    if (raw.is(errc::kCancelled)) return false;
    if (is_line_glitch(raw))
      log::debug(kLog, "status check answer corrupted, asking again: " + raw.message);
    else if (sw3_of(raw) && !is_sam_failure(raw))
      note_refusal(raw);  // any other answer to a status check: the module does not serve
    else
      lose_link(raw);  // port gone, module silent, or the SAM refuses to work
    return false;
  }
  // The SAM number identifies the module (another one may have been plugged in since the last
  // connect). Failing to read it is not a reason to refuse service: the cards then carry none.
  auto serial = read_sam_serial(*session_, config_.response_timeout_ms, &thread_.stopping());
  sam_serial_ = serial ? serial.value() : std::string();
  if (!serial) log::warn(kLog, "SAM number not read: " + serial.error().message + " [" + serial.error().code + "]");
  sam_ready_ = true;
  // (The number goes in info.serial, not in the detail: a log line would mask it as a long digit run.)
  report(DeviceState::online, Severity::ok, ActionHint::none, "", "SAM module ready");
  return true;
}

// Everything that makes the reader unusable ends up here: the card can no longer be vouched for, and
// the status says why. A vanished port or a silent module closes the session (to be reopened); a
// refusing SAM keeps it and is asked again later.
void IdCardReader::lose_link(const Error& raw) {
  forget_card();
  sam_ready_ = false;
  if (is_link_lost(raw)) {
    session_.reset();
    report(DeviceState::offline, Severity::error, ActionHint::automatic_retry, errc::kReaderUnavailable,
           raw.message + " [" + raw.code + "]");
    return;
  }
  if (auto value = sw3_of(raw)) {
    Sw3Meaning meaning = describe_sw3(*value);
    report(meaning.state, meaning.severity, meaning.hint, meaning.code, raw.message);
    return;
  }
  report(DeviceState::hardware_error, Severity::error, ActionHint::technician, raw.code, raw.message);
}

// A refusal is asked again at the next poll; kRefusalsBeforeFault in a row are a reader problem, and a
// reader in trouble can no longer vouch for a card it read.
void IdCardReader::note_refusal(const Error& raw) {
  ++refusals_;
  const std::string cause = raw.message + " [" + raw.code + "]";
  log::debug(kLog, "module refused (" + std::to_string(refusals_) + " in a row): " + cause);
  if (refusals_ < kRefusalsBeforeFault) return;
  if (!refusal_reported_ && card_read_) forget_card();
  refusal_reported_ = true;
  report(DeviceState::hardware_error, Severity::error, ActionHint::technician, errc::kReaderRefused,
         "the SAM module refused " + std::to_string(refusals_) + " commands in a row; last: " + cause);
}

// A poll completed (no card, or a card read or still lying there): the module serves.
void IdCardReader::module_served() {
  refusals_ = 0;
  if (!refusal_reported_) return;
  refusal_reported_ = false;
  report(DeviceState::online, Severity::ok, ActionHint::none, "", "SAM module serves again");
}

// --- card handling ------------------------------------------------------------------------------------

void IdCardReader::poll_card() {
  auto found = find_card(*session_, config_.response_timeout_ms, &thread_.stopping());
  if (!found.ok()) {
    const Error& raw = found.error();
    if (raw.is(errc::kCancelled)) return;
    if (is_line_glitch(raw)) {
      log::debug(kLog, "find answer corrupted, polling again: " + raw.message);
      return;
    }
    if (is_link_lost(raw) || is_sam_failure(raw)) {
      lose_link(raw);
      return;
    }
    if (is_refusal(raw)) {
      note_refusal(raw);
      return;
    }
    card_failed(raw);  // a card problem answered to the find: a card is there and cannot be read
    return;
  }
  if (*found)
    on_card_present();
  else
    on_card_absent();
}

void IdCardReader::on_card_present() {
  if (card_read_) {  // the same card, still lying there
    module_served();
    return;
  }

  auto card = select_and_read(*session_, config_.response_timeout_ms, &thread_.stopping());
  if (!card.ok() && (is_line_glitch(card.error()) || is_refusal(card.error()))) {
    // One corrupted answer is line noise, one refusal may be a hiccup: try the whole sequence again
    // before bothering anyone.
    log::debug(kLog, "read answer corrupted or refused, retrying once: " + card.error().message);
    auto again = find_card(*session_, config_.response_timeout_ms, &thread_.stopping());
    if (again.ok() && *again) card = select_and_read(*session_, config_.response_timeout_ms, &thread_.stopping());
  }
  if (card.ok()) {
    card->sam_serial = sam_serial_;
    module_served();
    card_read_ = card_reported_ = true;
    last_card_error_.clear();
    cards_read_++;
    log::info(kLog, std::string("card read (") + to_string(card->type) + ")");
    // The callback gets its own copy; ours is wiped in place. (Moving would leave short strings'
    // characters behind in the moved-from small-string buffers.)
    if (events_.on_card) events_.on_card(*card);
    card->wipe();
    return;
  }

  const Error raw = card.error();
  if (raw.is(errc::kCancelled)) return;
  if (is_link_lost(raw) || is_sam_failure(raw)) {
    // The person is waiting for this card: tell them now, then report the device.
    if (events_.on_read_error) events_.on_read_error(classify_read_error(raw));
    read_errors_++;
    lose_link(raw);
    return;
  }
  if (is_refusal(raw)) note_refusal(raw);
  card_failed(raw);
}

// Tells the person once per presentation what keeps the card from being read; the read is retried at
// every poll while the card stays, and only a different explanation is told again.
void IdCardReader::card_failed(const Error& raw) {
  read_errors_++;
  Error explained = classify_read_error(raw);
  if (explained.code == last_card_error_) return;  // already told; keep retrying quietly
  last_card_error_ = explained.code;
  card_reported_ = true;
  log::warn(kLog, "card read failed: " + explained.code + ": " + explained.message);
  if (events_.on_read_error) events_.on_read_error(explained);
}

void IdCardReader::on_card_absent() {
  module_served();
  if (!card_reported_) {
    card_read_ = false;
    last_card_error_.clear();
    return;
  }
  if (card_read_ && card_still_selected()) return;
  log::info(kLog, "card removed");
  forget_card();
}

// Some modules answer "no card" to a find once a card has been read, until it is lifted and placed
// again (UNCONFIRMED; seen as "find fails but select works" in vendor sample code). A select that
// still succeeds means the card has not left.
bool IdCardReader::card_still_selected() {
  auto selected = session_->transact(commands::select_card, config_.response_timeout_ms, &thread_.stopping());
  return selected.ok() && selected->sw3 == sw3::ok;
}

void IdCardReader::forget_card() {
  const bool tell = card_reported_;
  card_reported_ = card_read_ = false;
  last_card_error_.clear();
  if (tell && events_.on_card_removed) events_.on_card_removed();
}

// --- read_card_once --------------------------------------------------------------------------------------

Result<IdCard> read_card_once(const ReaderConfig& config, int timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  auto unavailable = [](const Error& raw) {
    return make_error(errc::kReaderUnavailable,
                      "the ID-card reader cannot read now: " + raw.message + " [" + raw.code + "]");
  };

  auto session = SamSession::open(config.device_path, config.baud);
  if (!session.ok()) return unavailable(session.error());
  if (auto checked = check_sam_status(*session, config.response_timeout_ms); !checked.ok())
    return unavailable(checked.error());
  auto serial = read_sam_serial(*session, config.response_timeout_ms);
  auto with_serial = [&](IdCard card) {
    card.sam_serial = serial ? serial.value() : std::string();
    return card;
  };

  int glitches = 0;
  for (;;) {
    auto found = find_card(*session, config.response_timeout_ms);
    if (found.ok() && *found) {
      auto card = select_and_read(*session, config.response_timeout_ms);
      if (card.ok()) return with_serial(std::move(card).value());
      if (!is_line_glitch(card.error()) || ++glitches > 1) return classify_read_error(card.error());
      continue;
    }
    if (!found.ok() && !is_line_glitch(found.error())) return classify_read_error(found.error());
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long long>(left, config.poll_interval_ms)));
  }
  return make_error(errc::kCardAbsent, "no card was presented within " + std::to_string(timeout_ms) + " ms");
}

}  // namespace zhidui::drivers::id_reader
