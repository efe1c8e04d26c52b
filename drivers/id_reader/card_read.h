// card_read.h — the find → select → read steps, shared by the reader's worker and read_card_once(),
// and the translation of their low-level failures into the few codes the UI can explain to a person.
//
// Raw step errors keep the precise cause ("sam.sw3.41", "sam.checksum", "card.text_type", "serial.gone")
// so the caller can decide whether to retry at once, go offline, or tell the person. classify_read_error
// then turns them into what the person is told, by who must act (describe_sw3's Sw3Actor):
//   card.misplaced      the card is there but could not be read: place it flat and still (citizen)
//   card.unrecognised   the card itself is refused (damaged, not genuine, unknown type) (citizen)
//   reader.unavailable  the reader or its security module cannot work right now, refuses our commands,
//                       or answers a code no table knows: nothing the person does helps (staff)
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>

#include "drivers/id_reader/id_card.h"
#include "drivers/id_reader/sam_session.h"
#include "base/result.h"

namespace zhidui::drivers::id_reader {

// What the person is told (the UI and the voice explain these three).
namespace errc {
inline constexpr std::string_view kCardMisplaced = "card.misplaced";
inline constexpr std::string_view kCardUnrecognised = "card.unrecognised";
inline constexpr std::string_view kReaderUnavailable = "reader.unavailable";
}  // namespace errc

// true: a card is in the field (SW3 9F); false: none (SW3 80). Any other SW3 is an Error "sam.sw3.xx".
Result<bool> find_card(SamSession& session, int timeout_ms, const std::atomic<bool>* cancel = nullptr);

// Selects the card found by find_card() and reads its text and photo (30 01).
Result<IdCard> select_and_read(SamSession& session, int timeout_ms, const std::atomic<bool>* cancel = nullptr);

// The module's answer to the status check (11 FF); Error "sam.sw3.xx" unless it is 90.
Status check_sam_status(SamSession& session, int timeout_ms, const std::atomic<bool>* cancel = nullptr);

// The SAM module's number (12 FF): its 16 bytes as 32 upper-case hex digits. Vendors display it in
// different ways (hardware-facts.md §1.6), so the raw bytes are what identifies a module. Errors:
// "sam.sw3.xx" when refused, "sam.malformed" when the answer does not carry exactly 16 bytes.
inline constexpr size_t kSamSerialBytes = 16;
Result<std::string> read_sam_serial(SamSession& session, int timeout_ms, const std::atomic<bool>* cancel = nullptr);

// The SW3 value behind a "sam.sw3.xx" error; nullopt for any other error.
std::optional<uint8_t> sw3_of(const Error& raw);

// A corrupted or cut answer on an otherwise working line: worth one immediate retry.
bool is_line_glitch(const Error& raw);
// The port vanished or the module went silent: the reader goes offline and reconnects.
bool is_link_lost(const Error& raw);
// The security module refuses to work (SW3 60, 66): the device is in hardware error.
bool is_sam_failure(const Error& raw);
// The module answered a step with a status that is neither the step's success nor a problem of the card
// (nor a SAM failure): it refuses the command (21, 23, a code no table knows), keeps hiccupping (10, 11,
// 24), or answers a success code that does not belong to the step. One is worth another try; the reader
// counts them, and repeated refusals are a reader problem, never a misplaced card (issue 24).
bool is_refusal(const Error& raw);

// Maps a raw step error to card.misplaced / card.unrecognised / reader.unavailable, with a message for
// the technician that names the underlying cause.
Error classify_read_error(const Error& raw);

}  // namespace zhidui::drivers::id_reader
