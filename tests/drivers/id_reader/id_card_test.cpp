// id_card_test.cpp — the 256-byte text block: layout offsets, round trips for every card type, the
// sex and nation tables, trimming, the read-response payloads and wiping.
#include "drivers/id_reader/id_card.h"

#include <gtest/gtest.h>

#include "drivers/id_reader/card_codes.h"
#include "drivers/id_reader/personas.h"
#include "base/utf8.h"

namespace zhidui::drivers::id_reader {
namespace {

using Bytes = std::vector<uint8_t>;

const IdCard& card_of(const std::vector<Persona>& all, std::string_view id) {
  for (const auto& p : all)
    if (p.id == id) return p.card;
  ADD_FAILURE() << "no persona " << id;
  return all.front().card;
}

void put_ucs2(Bytes& text, size_t offset, std::string_view utf8_value) {
  std::string ucs2 = utf8::to_ucs2le(utf8_value);
  for (size_t i = 0; i < ucs2.size(); ++i) text[offset + i] = uint8_t(ucs2[i]);
}

Bytes blank_text() {
  Bytes text(kCardTextSize);
  for (size_t i = 0; i < text.size(); i += 2) text[i] = 0x20;
  return text;
}

void expect_same_text_fields(const IdCard& a, const IdCard& b) {
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.english_name, b.english_name);
  EXPECT_EQ(a.sex_code, b.sex_code);
  EXPECT_EQ(a.sex, b.sex);
  EXPECT_EQ(a.nation_code, b.nation_code);
  EXPECT_EQ(a.nation, b.nation);
  EXPECT_EQ(a.birth_date, b.birth_date);
  EXPECT_EQ(a.address, b.address);
  EXPECT_EQ(a.id_number, b.id_number);
  EXPECT_EQ(a.authority, b.authority);
  EXPECT_EQ(a.valid_from, b.valid_from);
  EXPECT_EQ(a.valid_to, b.valid_to);
  EXPECT_EQ(a.pass_number, b.pass_number);
  EXPECT_EQ(a.issue_count, b.issue_count);
  EXPECT_EQ(a.nationality, b.nationality);
  EXPECT_EQ(a.card_version, b.card_version);
}

TEST(IdCardText, ResidentFieldsSitAtTheDocumentedOffsets) {
  const auto all = all_personas();
  const Bytes text = build_card_text(card_of(all, "resident_changsha"));
  ASSERT_EQ(text.size(), 256u);
  EXPECT_EQ(text[0], 0x20);  // 张 = U+5F20, little-endian
  EXPECT_EQ(text[1], 0x5F);
  EXPECT_EQ(text[4], 0x20);  // padding after two characters is UCS-2 spaces
  EXPECT_EQ(text[5], 0x00);
  EXPECT_EQ(text[30], '1');  // sex
  EXPECT_EQ(text[31], 0x00);
  EXPECT_EQ(text[32], '0');  // nation "01"
  EXPECT_EQ(text[34], '1');
  EXPECT_EQ(text[36], '1');  // birth 1990…
  EXPECT_EQ(text[42], '0');
  EXPECT_EQ(text[122], '4');  // ID number 4301…
  EXPECT_EQ(text[156], uint8_t(card_of(all, "resident_changsha").id_number.back()));  // 18th character
  EXPECT_EQ(text[188], '2');  // valid from 2015…
  EXPECT_EQ(text[248], 0x20);  // type flag: space = resident
  EXPECT_EQ(text[249], 0x00);
}

TEST(IdCardText, ParsesAHandBuiltResidentBlock) {
  Bytes text = blank_text();
  put_ucs2(text, 0, "张三丰");
  put_ucs2(text, 30, "1");
  put_ucs2(text, 32, "03");
  put_ucs2(text, 36, "19800101");
  put_ucs2(text, 52, "湖南省长沙市天心区");
  put_ucs2(text, 122, "43010319800101001X");
  put_ucs2(text, 158, "长沙市公安局天心分局");
  put_ucs2(text, 188, "20050101");
  put_ucs2(text, 204, "长期");
  // Some cards pad with NULs instead of spaces: trailing NULs are trimmed too.
  text[8] = text[9] = 0x00;
  text[10] = text[11] = 0x00;
  auto card = parse_card_text(text);
  ASSERT_TRUE(card.ok()) << card.error().message;
  EXPECT_EQ(card->type, CardType::resident);
  EXPECT_EQ(card->name, "张三丰");
  EXPECT_EQ(card->sex, "男");
  EXPECT_EQ(card->nation_code, "03");
  EXPECT_EQ(card->nation, "回族");
  EXPECT_EQ(card->birth_date, "19800101");
  EXPECT_EQ(card->address, "湖南省长沙市天心区");
  EXPECT_EQ(card->id_number, "43010319800101001X");
  EXPECT_EQ(card->authority, "长沙市公安局天心分局");
  EXPECT_EQ(card->valid_from, "20050101");
  EXPECT_EQ(card->valid_to, "长期");
}

TEST(IdCardText, InnerSpacesSurviveTrimming) {
  IdCard c;
  c.type = CardType::foreign_permanent_2017;
  c.english_name = "SMITH, JOHN  MICHAEL";
  c.name = "史密斯";
  c.id_number = "USA438503150123";
  auto back = parse_card_text(build_card_text(c));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->english_name, "SMITH, JOHN  MICHAEL");
}

TEST(IdCardText, EveryPersonaRoundTrips) {
  for (const Persona& p : all_personas()) {
    SCOPED_TRACE(p.id);
    auto parsed = parse_card_text(build_card_text(p.card));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    expect_same_text_fields(*parsed, p.card);
  }
}

TEST(IdCardText, EachCardTypeCarriesItsFlag) {
  const auto all = all_personas();
  struct Case {
    const char* persona;
    CardType type;
    uint8_t flag;
  };
  for (const Case& c : {Case{"resident_changsha", CardType::resident, 0x20},
                        Case{"hk_permit", CardType::hk_macau_taiwan_permit, 'J'},
                        Case{"foreigner_2017", CardType::foreign_permanent_2017, 'I'},
                        Case{"foreigner_2023", CardType::foreign_permanent_2023, 'Y'}}) {
    const IdCard& card = card_of(all, c.persona);
    ASSERT_EQ(card.type, c.type);
    const Bytes text = build_card_text(card);
    EXPECT_EQ(text[248], c.flag) << c.persona;
    auto parsed = parse_card_text(text);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->type, c.type);
  }
}

TEST(IdCardText, HkMacauTaiwanPermitFields) {
  const auto all = all_personas();
  const IdCard& permit = card_of(all, "hk_permit");
  const Bytes text = build_card_text(permit);
  EXPECT_EQ(text[220], 'H');  // pass number at 220
  EXPECT_EQ(text[238], '0');  // issue count at 238
  EXPECT_EQ(text[32], 0x20);  // no nation on a permit
  auto parsed = parse_card_text(text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->pass_number, "H60123456");
  EXPECT_EQ(parsed->issue_count, "01");
  EXPECT_TRUE(parsed->nation.empty());
  EXPECT_TRUE(parsed->id_number.starts_with("810000"));
}

TEST(IdCardText, Foreigner2017Layout) {
  const auto all = all_personas();
  const Bytes text = build_card_text(card_of(all, "foreigner_2017"));
  EXPECT_EQ(text[0], 'S');    // English name first
  EXPECT_EQ(text[122], 'U');  // permanent-residence number
  EXPECT_EQ(text[152], 'U');  // nationality USA
  EXPECT_EQ(text[220], '1');  // birth date at 220 on this card
  auto parsed = parse_card_text(text);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->english_name, "SMITH, JOHN MICHAEL");
  EXPECT_EQ(parsed->name, "史密斯");
  EXPECT_EQ(parsed->nationality, "USA");
  EXPECT_EQ(parsed->birth_date, "19850315");
  EXPECT_EQ(parsed->id_number.size(), 15u);
}

TEST(IdCardText, Foreigner2023ParsesOnlyTheAgreedFields) {
  const auto all = all_personas();
  IdCard card = card_of(all, "foreigner_2023");
  card.nation_code = "01";        // bytes 32–35 are disputed between sources
  card.authority = "公安部";      // so are 158–187
  card.pass_number = "X1234567";  // and 220–241
  auto parsed = parse_card_text(build_card_text(card));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->name, "玛丽亚");
  EXPECT_EQ(parsed->english_name, "GARCIA, MARIA");
  EXPECT_EQ(parsed->nationality, "ESP");
  EXPECT_EQ(parsed->id_number.size(), 18u);
  EXPECT_EQ(parsed->id_number[0], '9');
  EXPECT_TRUE(parsed->nation_code.empty());
  EXPECT_TRUE(parsed->authority.empty());
  EXPECT_TRUE(parsed->pass_number.empty());
}

TEST(IdCardText, LongTermValidityIsKeptAsPrinted) {
  const auto all = all_personas();
  auto parsed = parse_card_text(build_card_text(card_of(all, "elderly_xiangtan")));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->valid_to, "长期");
}

TEST(IdCardText, RejectsWrongSizesUnknownTypesAndBlankBlocks) {
  for (size_t size : {size_t(0), size_t(255), size_t(257), size_t(512)}) {
    auto r = parse_card_text(Bytes(size, 0x20));
    ASSERT_FALSE(r.ok()) << size;
    EXPECT_EQ(r.error().code, "card.text_size");
    EXPECT_NE(r.error().message.find(std::to_string(size)), std::string::npos);
  }
  Bytes unknown = build_card_text(all_personas().front().card);
  unknown[248] = 'Z';
  auto r = parse_card_text(unknown);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "card.text_type");

  auto blank = parse_card_text(blank_text());
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().code, "card.text_empty");
  auto zeros = parse_card_text(Bytes(256, 0));
  ASSERT_FALSE(zeros.ok());
  EXPECT_EQ(zeros.error().code, "card.text_empty");
}

TEST(IdCardText, TooLongValuesAreCutToTheField) {
  IdCard c = all_personas().front().card;
  c.name = "一二三四五六七八九十一二三四五六七";  // 17 characters; the field holds 15
  auto parsed = parse_card_text(build_card_text(c));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->name, "一二三四五六七八九十一二三四五");
  EXPECT_EQ(parsed->sex_code, c.sex_code) << "a long name must not spill into the next field";
}

// --- codes ----------------------------------------------------------------------------------------------

TEST(CardCodes, SexCodes) {
  EXPECT_EQ(sex_name("1"), "男");
  EXPECT_EQ(sex_name("2"), "女");
  EXPECT_EQ(sex_name("0"), "未知");
  EXPECT_EQ(sex_name("9"), "未说明");
  EXPECT_EQ(sex_name("7"), "未知");
  EXPECT_EQ(sex_code_for("女"), "2");
  EXPECT_EQ(sex_code_for("未说明"), "9");
}

TEST(CardCodes, NationTableIsCompleteAndDisplaysWithZu) {
  for (int code = 1; code <= 56; ++code) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02d", code);
    EXPECT_FALSE(nation_base_name(buf).empty()) << buf;
    EXPECT_TRUE(nation_display_name(buf).ends_with("族")) << buf;
    EXPECT_EQ(nation_code_for(nation_display_name(buf)), buf);
    EXPECT_EQ(nation_code_for(nation_base_name(buf)), buf);
  }
  EXPECT_EQ(nation_display_name("01"), "汉族");
  EXPECT_EQ(nation_display_name("15"), "土家族");
  EXPECT_EQ(nation_display_name("30"), "土族");
  EXPECT_EQ(nation_display_name("46"), "德昂族");
  EXPECT_EQ(nation_display_name("56"), "基诺族");
  EXPECT_EQ(nation_display_name("97"), "其他");
  EXPECT_EQ(nation_display_name("98"), "外国血统中国籍人士");
  EXPECT_EQ(nation_display_name("57"), "");
  EXPECT_EQ(nation_display_name("99"), "");
  EXPECT_EQ(nation_code_for("土族"), "30");
  EXPECT_EQ(nation_code_for("土家族"), "15");
}

TEST(IdCardText, SexAndNationAreDecodedFromTheirCodes) {
  IdCard c = all_personas().front().card;
  c.sex_code = "2";
  c.sex = "anything";  // parse derives the name from the code
  c.nation_code = "06";
  auto parsed = parse_card_text(build_card_text(c));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->sex, "女");
  EXPECT_EQ(parsed->nation, "苗族");
}

// --- read responses ----------------------------------------------------------------------------------------

Bytes payload(const Bytes& text, size_t photo_size, std::optional<size_t> fingerprint_size) {
  Bytes p{uint8_t(text.size() >> 8), uint8_t(text.size() & 0xFF), uint8_t(photo_size >> 8),
          uint8_t(photo_size & 0xFF)};
  if (fingerprint_size) {
    p.push_back(uint8_t(*fingerprint_size >> 8));
    p.push_back(uint8_t(*fingerprint_size & 0xFF));
  }
  p.insert(p.end(), text.begin(), text.end());
  for (size_t i = 0; i < photo_size; ++i) p.push_back(uint8_t(i));
  for (size_t i = 0; i < fingerprint_size.value_or(0); ++i) p.push_back(0xF0);
  return p;
}

TEST(ReadResponse, TextAndPhoto) {
  const IdCard source = all_personas().front().card;
  auto card = parse_read_response(payload(build_card_text(source), 1024, std::nullopt), ReadLayout::text_photo);
  ASSERT_TRUE(card.ok()) << card.error().message;
  EXPECT_EQ(card->id_number, source.id_number);
  ASSERT_EQ(card->photo_wlt.size(), 1024u);
  EXPECT_EQ(card->photo_wlt[5], 5);
}

TEST(ReadResponse, TextPhotoAndFingerprint) {
  const IdCard source = all_personas().front().card;
  for (size_t fp : {size_t(0), size_t(512), size_t(1024)}) {
    auto card = parse_read_response(payload(build_card_text(source), 1024, fp), ReadLayout::text_photo_fingerprint);
    ASSERT_TRUE(card.ok()) << fp << ": " << card.error().message;
    EXPECT_EQ(card->name, source.name);
    EXPECT_EQ(card->photo_wlt.size(), 1024u);
  }
}

TEST(ReadResponse, RejectsLengthsThatDoNotMatch) {
  const Bytes text = build_card_text(all_personas().front().card);
  Bytes p = payload(text, 1024, std::nullopt);
  p.pop_back();
  auto short_payload = parse_read_response(p, ReadLayout::text_photo);
  ASSERT_FALSE(short_payload.ok());
  EXPECT_EQ(short_payload.error().code, "card.read_layout");

  auto tiny = parse_read_response(Bytes{0x01}, ReadLayout::text_photo);
  ASSERT_FALSE(tiny.ok());
  EXPECT_EQ(tiny.error().code, "card.read_layout");

  // A fingerprint payload read as a plain one is detected, not misparsed.
  auto wrong_layout = parse_read_response(payload(text, 1024, 512), ReadLayout::text_photo);
  ASSERT_FALSE(wrong_layout.ok());

  Bytes odd_text = text;
  odd_text.resize(200);
  auto odd = parse_read_response(payload(odd_text, 1024, std::nullopt), ReadLayout::text_photo);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().code, "card.text_size");
}

TEST(IdCardWipe, ClearsEveryPersonalField) {
  IdCard c = all_personas().front().card;
  c.english_name = "X";
  c.pass_number = "H1";
  c.photo_wlt.assign(1024, 0x77);
  c.wipe();
  for (const std::string* s : {&c.name, &c.english_name, &c.sex_code, &c.sex, &c.nation_code, &c.nation,
                               &c.birth_date, &c.address, &c.id_number, &c.authority, &c.valid_from, &c.valid_to,
                               &c.pass_number, &c.issue_count, &c.nationality, &c.card_version})
    EXPECT_TRUE(s->empty());
  EXPECT_TRUE(c.photo_wlt.empty());
}

}  // namespace
}  // namespace zhidui::drivers::id_reader
