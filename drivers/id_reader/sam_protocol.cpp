// sam_protocol.cpp — see sam_protocol.h. The SW3 table follows hardware-facts.md §1.5; the device-model
// classification (who can fix it) is ours and is explained next to each group.
#include "drivers/id_reader/sam_protocol.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

namespace zhidui::drivers::id_reader {

// --- SW3 ------------------------------------------------------------------------------------------------

std::string sw3_code(uint8_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "sam.sw3.%02x", unsigned(value));
  return buf;
}

const char* to_string(Sw3Actor actor) {
  switch (actor) {
    case Sw3Actor::nobody: return "nobody";
    case Sw3Actor::retry: return "retry";
    case Sw3Actor::citizen: return "citizen";
    case Sw3Actor::technician: return "technician";
  }
  return "?";
}

namespace {

// Who acts decides the device model: the module working (nobody), a passing problem (retry), the card's
// problem (citizen), or the device's (technician).
Sw3Meaning meaning_of(uint8_t value, Sw3Actor actor, const char* detail) {
  struct Model {
    DeviceState state;
    Severity severity;
    ActionHint hint;
  };
  static constexpr Model kModels[] = {
      {DeviceState::online, Severity::ok, ActionHint::none},                      // nobody
      {DeviceState::online, Severity::warning, ActionHint::automatic_retry},      // retry
      {DeviceState::user_error, Severity::warning, ActionHint::staff_can_clear},  // citizen
      {DeviceState::hardware_error, Severity::error, ActionHint::technician},     // technician
  };
  const Model& m = kModels[size_t(actor)];
  return Sw3Meaning{m.state, m.severity, m.hint, actor, sw3_code(value), detail};
}

}  // namespace

Sw3Meaning describe_sw3(uint8_t value) {
  auto meaning = [value](Sw3Actor actor, const char* detail) { return meaning_of(value, actor, detail); };
  using A = Sw3Actor;
  switch (value) {
    // Success answers, including "no card": the module works.
    case sw3::ok: return meaning(A::nobody, "operation succeeded");
    case sw3::find_ok: return meaning(A::nobody, "card found");
    case sw3::find_failed: return meaning(A::nobody, "no card on the reader");
    case sw3::no_content: return meaning(A::nobody, "the card holds no such content");

    // Our frame reached the module damaged, or the module's own catch-all: the next command usually goes
    // through, so nobody acts unless it keeps happening.
    case sw3::host_checksum_error: return meaning(A::retry, "module received a frame with a bad checksum");
    case sw3::host_length_error: return meaning(A::retry, "module received a frame with a bad length");
    case sw3::unrecognized_error: return meaning(A::retry, "module reported an unrecognised error");

    // Problems with the card in front of the reader: the device is fine, the person (helped by staff)
    // can place the card again or use another one.
    case sw3::card_rejected_sam: return meaning(A::citizen, "card failed to authenticate the SAM");
    case sw3::sam_rejected_card: return meaning(A::citizen, "SAM failed to authenticate the card");
    case sw3::verification_error: return meaning(A::citizen, "card information failed verification");
    case sw3::fingerprint_verification_error: return meaning(A::citizen, "fingerprint information failed verification");
    case sw3::information_length_error: return meaning(A::citizen, "card information has a wrong length");
    case sw3::unrecognized_card: return meaning(A::citizen, "card type not recognised");
    case sw3::read_failed: return meaning(A::citizen, "reading the card failed");
    case sw3::random_number_failed: return meaning(A::citizen, "getting a random number from the card failed");
    case sw3::select_failed: return meaning(A::citizen, "selecting the card failed");

    // The module refuses what we send (firmware or protocol mismatch), or cannot work at all: retrying
    // and re-placing the card do not help.
    case sw3::command_error: return meaning(A::technician, "module rejected the command");
    case sw3::unauthorized_operation: return meaning(A::technician, "module refused an unauthorised operation");
    case sw3::sam_self_test_failed: return meaning(A::technician, "SAM self-test failed; it accepts no commands");
    case sw3::sam_not_authorized: {
      Sw3Meaning m = meaning(A::technician, "SAM is not authorised for use");
      m.hint = ActionHint::configuration;
      return m;
    }
  }
  return meaning(A::technician, "status code unknown to every SAM protocol table");
}

// --- encoding ---------------------------------------------------------------------------------------------

uint8_t xor_checksum(std::span<const uint8_t> bytes) {
  uint8_t sum = 0;
  for (uint8_t b : bytes) sum = uint8_t(sum ^ b);
  return sum;
}

std::vector<uint8_t> encode_frame(std::span<const uint8_t> body) {
  const size_t announced = body.size() + 1;  // the checksum byte is counted
  assert(announced <= 0xFFFF && "SAM frame body does not fit the 16-bit length");
  std::vector<uint8_t> frame;
  frame.reserve(kHeaderSize + announced);
  frame.insert(frame.end(), kPreamble.begin(), kPreamble.end());
  frame.push_back(uint8_t((announced >> 8) & 0xFF));
  frame.push_back(uint8_t(announced & 0xFF));
  frame.insert(frame.end(), body.begin(), body.end());
  frame.push_back(xor_checksum(std::span(frame).subspan(kPreamble.size())));
  return frame;
}

std::vector<uint8_t> encode_command(Command command, std::span<const uint8_t> data) {
  std::vector<uint8_t> body{command.cmd, command.para};
  body.insert(body.end(), data.begin(), data.end());
  return encode_frame(body);
}

std::vector<uint8_t> encode_response(uint8_t sw1, uint8_t sw2, uint8_t sw3, std::span<const uint8_t> data) {
  std::vector<uint8_t> body{sw1, sw2, sw3};
  body.insert(body.end(), data.begin(), data.end());
  return encode_frame(body);
}

// --- views -----------------------------------------------------------------------------------------------

Result<CommandView> as_command(const Frame& frame) {
  if (frame.body.size() < 2)
    return make_error(errc::kSamMalformed, "command frame shorter than CMD and Para");
  return CommandView{Command{frame.body[0], frame.body[1]}, std::span(frame.body).subspan(2)};
}

Result<ResponseView> as_response(const Frame& frame) {
  if (frame.body.size() < 3)
    return make_error(errc::kSamMalformed, "response frame shorter than SW1 SW2 SW3");
  return ResponseView{frame.body[0], frame.body[1], frame.body[2], std::span(frame.body).subspan(3)};
}

// --- decoder -----------------------------------------------------------------------------------------------

FrameDecoder::FrameDecoder(size_t max_length) : max_length_(max_length) {
  assert(max_length >= kMinAnnouncedLength && max_length <= 0xFFFF && "FrameDecoder: impossible max length");
}

void FrameDecoder::feed(std::span<const uint8_t> bytes) { buffer_.insert(buffer_.end(), bytes.begin(), bytes.end()); }

// Consumed bytes are overwritten rather than just erased: a read response carries a whole card's
// text, and a vector's spare capacity would otherwise keep a copy of it after the frame is gone.
void FrameDecoder::reset() {
  std::fill(buffer_.begin(), buffer_.end(), uint8_t{0});
  buffer_.clear();
}

void FrameDecoder::drop_front(size_t n, bool garbage) {
  n = std::min(n, buffer_.size());
  if (garbage) discarded_ += n;
  std::copy(buffer_.begin() + long(n), buffer_.end(), buffer_.begin());
  std::fill(buffer_.end() - long(n), buffer_.end(), uint8_t{0});
  buffer_.resize(buffer_.size() - n);
}

std::optional<Result<Frame>> FrameDecoder::next() {
  // Resync: skip to the first full preamble. Without one, keep only a tail that may still grow into a
  // preamble (at most 4 bytes), so garbage never accumulates.
  auto found = std::search(buffer_.begin(), buffer_.end(), kPreamble.begin(), kPreamble.end());
  if (found == buffer_.end()) {
    size_t keep = 0;
    for (size_t k = std::min(buffer_.size(), kPreamble.size() - 1); k > 0; --k) {
      if (std::equal(buffer_.end() - long(k), buffer_.end(), kPreamble.begin())) {
        keep = k;
        break;
      }
    }
    drop_front(buffer_.size() - keep, /*garbage=*/true);
    return std::nullopt;
  }
  drop_front(size_t(found - buffer_.begin()), /*garbage=*/true);

  if (buffer_.size() < kHeaderSize) return std::nullopt;
  const size_t announced = (size_t(buffer_[5]) << 8) | size_t(buffer_[6]);
  if (announced < kMinAnnouncedLength || announced > max_length_) {
    drop_front(1, /*garbage=*/false);
    return Result<Frame>(make_error(errc::kSamLength, "frame announces " + std::to_string(announced) +
                                                          " bytes, outside 3.." + std::to_string(max_length_)));
  }
  const size_t total = kHeaderSize + announced;
  if (buffer_.size() < total) return std::nullopt;  // truncated so far: the caller's timeout decides

  const uint8_t expected = xor_checksum(std::span(buffer_).subspan(kPreamble.size(), total - kPreamble.size() - 1));
  const uint8_t received = buffer_[total - 1];
  if (expected != received) {
    drop_front(1, /*garbage=*/false);
    char buf[96];
    std::snprintf(buf, sizeof buf, "frame of %zu bytes has checksum 0x%02X, expected 0x%02X", total,
                  unsigned(received), unsigned(expected));
    return Result<Frame>(make_error(errc::kSamChecksum, buf));
  }
  Frame frame;
  frame.body.assign(buffer_.begin() + long(kHeaderSize), buffer_.begin() + long(total - 1));
  drop_front(total, /*garbage=*/false);
  return Result<Frame>(std::move(frame));
}

}  // namespace zhidui::drivers::id_reader
