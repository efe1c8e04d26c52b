// id_card.cpp — see id_card.h. One field table per card type drives both parse and build.
#include "drivers/id_reader/id_card.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdio>

#include "drivers/id_reader/card_codes.h"
#include "base/sensitive.h"
#include "base/utf8.h"

namespace zhidui::drivers::id_reader {
namespace {

constexpr size_t kTypeFlagOffset = 248;

struct Field {
  size_t offset;
  size_t size;  // bytes (two per UCS-2 character)
  std::string IdCard::*member;
};

// Offsets from hardware-facts.md §1.7 (resident) and §1.9 (variants).
constexpr std::array<Field, 9> kResidentFields = {{
    {0, 30, &IdCard::name},
    {30, 2, &IdCard::sex_code},
    {32, 4, &IdCard::nation_code},
    {36, 16, &IdCard::birth_date},
    {52, 70, &IdCard::address},
    {122, 36, &IdCard::id_number},
    {158, 30, &IdCard::authority},
    {188, 16, &IdCard::valid_from},
    {204, 16, &IdCard::valid_to},
}};

// No nation (bytes 32–35 reserved); pass number and issue count in the resident card's reserved area.
constexpr std::array<Field, 10> kHkMacauTaiwanFields = {{
    {0, 30, &IdCard::name},
    {30, 2, &IdCard::sex_code},
    {36, 16, &IdCard::birth_date},
    {52, 70, &IdCard::address},
    {122, 36, &IdCard::id_number},
    {158, 30, &IdCard::authority},
    {188, 16, &IdCard::valid_from},
    {204, 16, &IdCard::valid_to},
    {220, 18, &IdCard::pass_number},
    {238, 4, &IdCard::issue_count},
}};

constexpr std::array<Field, 10> kForeign2017Fields = {{
    {0, 120, &IdCard::english_name},
    {120, 2, &IdCard::sex_code},
    {122, 30, &IdCard::id_number},
    {152, 6, &IdCard::nationality},
    {158, 30, &IdCard::name},
    {188, 16, &IdCard::valid_from},
    {204, 16, &IdCard::valid_to},
    {220, 16, &IdCard::birth_date},
    {236, 4, &IdCard::card_version},
    {240, 8, &IdCard::authority},
}};

// Only what both known sources agree on; bytes 32–35, 158–187 and 220–241 are disputed (UNCONFIRMED)
// and deliberately left unparsed until the vendor/NIA specification is at hand.
constexpr std::array<Field, 8> kForeign2023Fields = {{
    {0, 30, &IdCard::name},
    {30, 2, &IdCard::sex_code},
    {36, 16, &IdCard::birth_date},
    {52, 70, &IdCard::english_name},
    {122, 36, &IdCard::id_number},
    {188, 16, &IdCard::valid_from},
    {204, 16, &IdCard::valid_to},
    {242, 6, &IdCard::nationality},
}};

std::span<const Field> fields_of(CardType type) {
  switch (type) {
    case CardType::resident: return kResidentFields;
    case CardType::hk_macau_taiwan_permit: return kHkMacauTaiwanFields;
    case CardType::foreign_permanent_2017: return kForeign2017Fields;
    case CardType::foreign_permanent_2023: return kForeign2023Fields;
  }
  assert(false && "fields_of: unhandled CardType");
  return kResidentFields;
}

char16_t type_flag_of(CardType type) {
  switch (type) {
    case CardType::resident: return u' ';
    case CardType::hk_macau_taiwan_permit: return u'J';
    case CardType::foreign_permanent_2017: return u'I';
    case CardType::foreign_permanent_2023: return u'Y';
  }
  assert(false && "type_flag_of: unhandled CardType");
  return u' ';
}

char16_t unit_at(std::span<const uint8_t> text, size_t offset) {
  return char16_t(text[offset] | (uint16_t(text[offset + 1]) << 8));
}

std::string decode_field(std::span<const uint8_t> text, const Field& field) {
  size_t end = field.offset + field.size;
  while (end >= field.offset + 2) {
    char16_t unit = unit_at(text, end - 2);
    if (unit != u' ' && unit != u'\0') break;
    end -= 2;
  }
  return utf8::from_ucs2le(text.subspan(field.offset, end - field.offset));
}

uint16_t read_be16(std::span<const uint8_t> bytes, size_t offset) {
  return uint16_t((uint16_t(bytes[offset]) << 8) | uint16_t(bytes[offset + 1]));
}

}  // namespace

const char* to_string(CardType type) {
  switch (type) {
    case CardType::resident: return "resident";
    case CardType::hk_macau_taiwan_permit: return "hk_macau_taiwan_permit";
    case CardType::foreign_permanent_2017: return "foreign_permanent_2017";
    case CardType::foreign_permanent_2023: return "foreign_permanent_2023";
  }
  return "?";
}

void IdCard::wipe() {
  for (std::string* s : {&name, &english_name, &sex_code, &sex, &nation_code, &nation, &birth_date, &address,
                         &id_number, &authority, &valid_from, &valid_to, &pass_number, &issue_count, &nationality,
                         &card_version})
    zhidui::wipe(*s);
  if (!photo_wlt.empty()) sodium_memzero(photo_wlt.data(), photo_wlt.size());
  photo_wlt.clear();
  photo_wlt.shrink_to_fit();
}

Result<IdCard> parse_card_text(std::span<const uint8_t> text) {
  if (text.size() != kCardTextSize)
    return make_error(errc::kCardTextSize, "card text block is " + std::to_string(text.size()) + " bytes, expected " +
                                               std::to_string(kCardTextSize));
  IdCard card;
  switch (unit_at(text, kTypeFlagOffset)) {
    case u' ':
    case u'\0': card.type = CardType::resident; break;
    case u'J': card.type = CardType::hk_macau_taiwan_permit; break;
    case u'I': card.type = CardType::foreign_permanent_2017; break;
    case u'Y': card.type = CardType::foreign_permanent_2023; break;
    default: {
      char buf[80];
      std::snprintf(buf, sizeof buf, "unknown card type flag U+%04X at text offset 248",
                    unsigned(unit_at(text, kTypeFlagOffset)));
      return make_error(errc::kCardTextType, buf);
    }
  }
  for (const Field& field : fields_of(card.type)) card.*field.member = decode_field(text, field);
  card.sex = sex_name(card.sex_code);
  if (card.type == CardType::resident) card.nation = nation_display_name(card.nation_code);

  if ((card.name.empty() && card.english_name.empty()) || card.id_number.empty()) {
    card.wipe();
    return make_error(errc::kCardTextEmpty, "card text block has no name or no number");
  }
  return card;
}

std::vector<uint8_t> build_card_text(const IdCard& card) {
  std::vector<uint8_t> text(kCardTextSize);
  for (size_t i = 0; i < text.size(); i += 2) {  // blank = UCS-2 spaces, as on real cards
    text[i] = 0x20;
    text[i + 1] = 0x00;
  }
  for (const Field& field : fields_of(card.type)) {
    std::string ucs2 = utf8::to_ucs2le(card.*field.member);
    size_t n = std::min(ucs2.size(), field.size);
    for (size_t i = 0; i < n; ++i) text[field.offset + i] = uint8_t(ucs2[i]);
    zhidui::wipe(ucs2);
  }
  char16_t flag = type_flag_of(card.type);
  text[kTypeFlagOffset] = uint8_t(flag & 0xFF);
  text[kTypeFlagOffset + 1] = uint8_t((flag >> 8) & 0xFF);
  return text;
}

Result<IdCard> parse_read_response(std::span<const uint8_t> payload, ReadLayout layout) {
  const size_t lengths_size = layout == ReadLayout::text_photo ? 4 : 6;
  if (payload.size() < lengths_size)
    return make_error(errc::kCardReadLayout, "read response has " + std::to_string(payload.size()) +
                                                 " data bytes, too few for its length fields");
  const size_t text_len = read_be16(payload, 0);
  const size_t photo_len = read_be16(payload, 2);
  const size_t fingerprint_len = layout == ReadLayout::text_photo ? 0 : read_be16(payload, 4);
  const size_t expected = lengths_size + text_len + photo_len + fingerprint_len;
  if (payload.size() != expected)
    return make_error(errc::kCardReadLayout, "read response announces " + std::to_string(expected) +
                                                 " data bytes but carries " + std::to_string(payload.size()));
  auto card = parse_card_text(payload.subspan(lengths_size, text_len));
  if (!card.ok()) return card;
  auto photo = payload.subspan(lengths_size + text_len, photo_len);
  card->photo_wlt.assign(photo.begin(), photo.end());
  return card;
}

}  // namespace zhidui::drivers::id_reader
