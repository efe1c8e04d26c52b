// sam_protocol.h — the wire format of the ID-card security module (SAM, GA/T 467) on a serial line:
// frame encoding, the commands we send, the SW3 status codes it answers with, and a streaming decoder.
//
// Everything here is pure byte logic with no I/O, so the real reader and the fake module share it and
// the tests can check it against the verified frames of docs/hardware-facts.md §1 byte for byte.
//
// Frame (both directions):  AA AA AA 96 69 | Len1 Len2 | body… | CHK
//   Len  = big-endian count of everything after the two length bytes (body + CHK).
//   CHK  = XOR of Len1, Len2 and the body (everything except the preamble and CHK itself).
//   body = CMD Para Data…        (host → module)
//        = SW1 SW2 SW3 Data…     (module → host; SW3 is the module's own status, the one to act on)
//
// Sections: constants · commands · SW3 codes and their meaning · encoding · frame views · decoder
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/device.h"
#include "base/result.h"

namespace zhidui::drivers::id_reader {

namespace errc {
inline constexpr std::string_view kSamChecksum = "sam.checksum";    // a frame with a wrong checksum
inline constexpr std::string_view kSamLength = "sam.length";        // an announced length out of range
inline constexpr std::string_view kSamMalformed = "sam.malformed";  // a body too short for its direction
}  // namespace errc

// --- constants ---------------------------------------------------------------------------------------
inline constexpr std::array<uint8_t, 5> kPreamble = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
inline constexpr size_t kHeaderSize = 7;  // preamble + two length bytes
// The largest real frame (read with two fingerprint templates) announces 2314; anything far above is
// a corrupted length byte, and waiting for it would stall the line until the caller's timeout.
inline constexpr size_t kMaxAnnouncedLength = 4096;
// The shortest real frame is a command without data: CMD Para CHK.
inline constexpr size_t kMinAnnouncedLength = 3;

// --- commands ----------------------------------------------------------------------------------------
struct Command {
  uint8_t cmd = 0;
  uint8_t para = 0;
  friend bool operator==(const Command&, const Command&) = default;
};

namespace commands {
inline constexpr Command reset{0x10, 0xFF};
inline constexpr Command sam_status{0x11, 0xFF};
inline constexpr Command sam_id{0x12, 0xFF};
inline constexpr Command find_card{0x20, 0x01};
inline constexpr Command select_card{0x20, 0x02};
inline constexpr Command read_text_photo{0x30, 0x01};
inline constexpr Command read_appended_address{0x30, 0x03};
inline constexpr Command read_text_photo_fingerprint{0x30, 0x10};
}  // namespace commands

// --- SW3 codes -----------------------------------------------------------------------------------------
namespace sw3 {
inline constexpr uint8_t ok = 0x90;
inline constexpr uint8_t no_content = 0x91;  // e.g. no appended address on the card
inline constexpr uint8_t find_ok = 0x9F;
inline constexpr uint8_t host_checksum_error = 0x10;  // our frame arrived corrupted
inline constexpr uint8_t host_length_error = 0x11;
inline constexpr uint8_t command_error = 0x21;
inline constexpr uint8_t unauthorized_operation = 0x23;
inline constexpr uint8_t unrecognized_error = 0x24;
inline constexpr uint8_t card_rejected_sam = 0x31;
inline constexpr uint8_t sam_rejected_card = 0x32;
inline constexpr uint8_t verification_error = 0x33;
inline constexpr uint8_t fingerprint_verification_error = 0x37;
inline constexpr uint8_t information_length_error = 0x3F;
inline constexpr uint8_t unrecognized_card = 0x40;
inline constexpr uint8_t read_failed = 0x41;
inline constexpr uint8_t random_number_failed = 0x47;
inline constexpr uint8_t sam_self_test_failed = 0x60;
inline constexpr uint8_t sam_not_authorized = 0x66;
inline constexpr uint8_t find_failed = 0x80;  // the normal "no card" answer
inline constexpr uint8_t select_failed = 0x81;
}  // namespace sw3

// Who must act on an SW3 value (issue 24). Every one of the 256 values has an answer; a value no table
// knows goes to the technician, because a module that answers it is not one we understand.
enum class Sw3Actor : uint8_t {
  nobody,      // a success, or "no card": the module works and nothing is to be done
  retry,       // nobody either, but the step failed: our frame was damaged on the line or the module
               // hiccupped; asking again usually works (the reader escalates when it keeps happening)
  citizen,     // the card in front of the reader: place it again, or it is refused (staff can help)
  technician,  // the module refuses our commands, is not authorised, cannot work, or answers a code
               // no table knows: nothing the citizen does helps
};
const char* to_string(Sw3Actor actor);

// What an SW3 value means for the device model. `code` is stable ("sam.sw3.41") and goes into logs,
// DeviceStatus and Error; `detail` is a short English sentence for the technician.
struct Sw3Meaning {
  DeviceState state = DeviceState::unknown;
  Severity severity = Severity::error;
  ActionHint hint = ActionHint::none;
  Sw3Actor actor = Sw3Actor::technician;
  std::string code;
  std::string detail;
};
Sw3Meaning describe_sw3(uint8_t sw3);
std::string sw3_code(uint8_t sw3);  // "sam.sw3.9f"

// --- encoding ------------------------------------------------------------------------------------------
uint8_t xor_checksum(std::span<const uint8_t> bytes);
// Wraps a body (CMD Para Data… or SW1 SW2 SW3 Data…) into a complete frame.
std::vector<uint8_t> encode_frame(std::span<const uint8_t> body);
std::vector<uint8_t> encode_command(Command command, std::span<const uint8_t> data = {});
std::vector<uint8_t> encode_response(uint8_t sw1, uint8_t sw2, uint8_t sw3, std::span<const uint8_t> data = {});
inline std::vector<uint8_t> encode_response(uint8_t sw3, std::span<const uint8_t> data = {}) {
  return encode_response(0x00, 0x00, sw3, data);
}

// --- frame views -----------------------------------------------------------------------------------------
// A decoded frame: only the body; the preamble, length and checksum have been checked and removed.
struct Frame {
  std::vector<uint8_t> body;
};

struct CommandView {
  Command command;
  std::span<const uint8_t> data;
};
struct ResponseView {
  uint8_t sw1 = 0, sw2 = 0, sw3 = 0;
  std::span<const uint8_t> data;
};
// The views borrow from the frame; errors are "sam.malformed" when the body is too short.
// A view of a temporary frame would dangle at once, so those overloads do not exist.
Result<CommandView> as_command(const Frame& frame);
Result<ResponseView> as_response(const Frame& frame);
Result<CommandView> as_command(Frame&&) = delete;
Result<ResponseView> as_response(Frame&&) = delete;

// --- streaming decoder -------------------------------------------------------------------------------------
// Serial bytes arrive in arbitrary chunks. Feed them in; take complete frames out with next().
// - Bytes before a preamble are skipped (counted in discarded_bytes()).
// - An announced length outside [3, max_length] yields Error "sam.length"; a wrong checksum yields
//   Error "sam.checksum". Either way the decoder drops one byte and searches for the next preamble,
//   so a frame that follows a corrupted one is still found.
// - An incomplete frame stays buffered; pending_bytes() > 0 tells the caller to keep waiting, and the
//   caller decides when it has waited long enough (a timeout is not the decoder's business).
// Direction-agnostic: the reader decodes responses with it, the fake module decodes commands.
class FrameDecoder {
 public:
  explicit FrameDecoder(size_t max_length = kMaxAnnouncedLength);

  void feed(std::span<const uint8_t> bytes);
  // A complete frame, an error about the bytes at the head of the buffer, or nullopt when more bytes
  // are needed. Call repeatedly until nullopt: one chunk may hold several frames.
  std::optional<Result<Frame>> next();

  size_t pending_bytes() const { return buffer_.size(); }
  size_t discarded_bytes() const { return discarded_; }
  void reset();

 private:
  void drop_front(size_t n, bool garbage);

  std::vector<uint8_t> buffer_;
  size_t max_length_;
  size_t discarded_ = 0;
};

}  // namespace zhidui::drivers::id_reader
