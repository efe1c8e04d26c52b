// id_card.h — what the chip of an identity card says, and the 256-byte text block it says it in.
//
// Four card types share the block (hardware-facts.md §1.7, §1.9); the UCS-2 character at offset 248
// tells them apart. Parsing and building live together so that one field table drives both and the
// fake module can never drift from the parser.
//
// Personal data: an IdCard lives in memory for one session only. wipe() overwrites every field; the
// photo is never written anywhere. Nothing in this file logs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace zhidui::drivers::id_reader {

namespace errc {
inline constexpr std::string_view kCardTextSize = "card.text_size";      // the text block is not 256 bytes
inline constexpr std::string_view kCardTextType = "card.text_type";      // an unknown card-type flag
inline constexpr std::string_view kCardTextEmpty = "card.text_empty";    // no name or no number
inline constexpr std::string_view kCardReadLayout = "card.read_layout";  // lengths that do not match
}  // namespace errc

inline constexpr size_t kCardTextSize = 256;

enum class CardType : uint8_t {
  resident,                // 居民身份证 (flag ' ' or empty)
  hk_macau_taiwan_permit,  // 港澳台居民居住证 ('J')
  foreign_permanent_2017,  // 外国人永久居留身份证, 2017 version ('I')
  foreign_permanent_2023,  // 外国人永久居留身份证, 2023 version ('Y'); only fields both sources agree on
};
const char* to_string(CardType type);

struct IdCard {
  CardType type = CardType::resident;
  std::string name;          // Chinese name (the CN-name field on foreigner cards)
  std::string english_name;  // foreigner cards only
  std::string sex_code;      // "1"
  std::string sex;           // 男 / 女 / 未知 / 未说明
  std::string nation_code;   // "01"; resident cards only
  std::string nation;        // "汉族" (display form)
  std::string birth_date;    // "YYYYMMDD"
  std::string address;       // resident and J cards
  std::string id_number;     // 18 chars; 15 on the 2017 foreigner card (permanent-residence number)
  std::string authority;     // 签发机关; the 4-char application-authority code on the 2017 foreigner card
  std::string valid_from;    // "YYYYMMDD"
  std::string valid_to;      // "YYYYMMDD" or "长期" (kept as printed)
  std::string pass_number;   // J: 通行证号码
  std::string issue_count;   // J: 签发次数
  std::string nationality;   // foreigner cards: 3-letter GB/T 2659 code
  std::string card_version;  // 2017 foreigner card
  std::vector<uint8_t> photo_wlt;  // 1024 bytes WLT, undecoded (see wlt_photo.h); memory only

  // Not from the chip: the number of the SAM module that read and vouched for this card (32 hex digits,
  // card_read.h read_sam_serial), set by the reader; empty when the module did not give it. Recorded with
  // each application so the platform can see a swapped module (issue 21, S6). Not personal data.
  std::string sam_serial;

  // Overwrites every personal field and the photo before releasing their memory.
  void wipe();
};

// Parses the 256-byte UCS-2LE text block. Trailing spaces and NULs of each field are trimmed.
// Errors: "card.text_size" (not 256 bytes), "card.text_type" (unknown type flag),
// "card.text_empty" (no name or no number: a blank or garbled block).
Result<IdCard> parse_card_text(std::span<const uint8_t> text);

// The inverse, for the fake module and tests: fields padded with spaces, too-long values cut to the
// field size (the chip has no more room), characters beyond U+FFFF stored as U+FFFD.
std::vector<uint8_t> build_card_text(const IdCard& card);

// Which read command produced the payload (the response data after SW1 SW2 SW3).
enum class ReadLayout : uint8_t {
  text_photo,              // 30 01: text len (BE16), photo len (BE16), text, photo
  text_photo_fingerprint,  // 30 10: text len, photo len, fingerprint len, text, photo, fingerprint
};
// Errors: "card.read_layout" when the announced lengths do not match the payload, plus those of
// parse_card_text. Fingerprint templates are checked for length and then dropped: the kiosk has no
// use for biometrics and does not keep them.
Result<IdCard> parse_read_response(std::span<const uint8_t> payload, ReadLayout layout = ReadLayout::text_photo);

}  // namespace zhidui::drivers::id_reader
