// Validators against the public test vectors of hardware-facts.md §2–4, plus the edge cases the kiosk
// meets: lowercase x, future birth dates, historical region codes, the USCC 31→0 rule, Luhn as warning.
#include <gtest/gtest.h>

#include "kiosk/validators.h"

using namespace zhidui;

namespace {
constexpr const char* kToday = "2026-11-25";
}

TEST(IdNumber, PublicVectorsPass) {
  for (const char* id : {"11010519491231002X", "440524188001010014", "321083197812162119", "150102198807303035",
                         "33010219200403064X", "81000019980902013X", "820000200009100032", "830000200209060065",
                         "932682198501010017", "911124198108030024"}) {
    auto v = validate_id_number(id, kToday);
    EXPECT_TRUE(v.ok) << id << ": " << v.message_zh;
    EXPECT_FALSE(v.warning) << id;
    EXPECT_TRUE(v.message_zh.empty()) << id;
  }
}

TEST(IdNumber, CheckCharacterIsIso7064Mod112) {
  EXPECT_EQ(id_check_char("11010519491231002"), 'X');
  EXPECT_EQ(id_check_char("44052418800101001"), '4');
  EXPECT_EQ(id_check_char("1101051949123100"), '?');
  auto v = validate_id_number("110105194912310021", kToday);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.code, "id.check");
  EXPECT_NE(v.message_zh.find("校验位"), std::string::npos) << v.message_zh;
}

TEST(IdNumber, LowercaseXIsRejectedWithItsOwnMessage) {
  auto v = validate_id_number("11010519491231002x", kToday);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.code, "id.lower_x");
  EXPECT_NE(v.message_zh.find("大写"), std::string::npos) << v.message_zh;
}

TEST(IdNumber, BirthDateMustBeRealAndNotInTheFuture) {
  std::string feb30 = "43010219900230001";
  EXPECT_EQ(validate_id_number(feb30 + id_check_char(feb30), kToday).code, "id.birth");
  std::string future = "43010220270101001";
  EXPECT_EQ(validate_id_number(future + id_check_char(future), kToday).code, "id.birth_future");
  std::string leap = "43010220000229001";
  EXPECT_TRUE(validate_id_number(leap + id_check_char(leap), kToday).ok);
  std::string not_leap = "43010219000229001";
  EXPECT_EQ(validate_id_number(not_leap + id_check_char(not_leap), kToday).code, "id.birth");
}

TEST(IdNumber, HistoricalHunanCodesAcceptedUnknownProvinceRejected) {
  for (std::string first17 : {"43012219650315001", "43012419650315001", "43022119650315001"}) {
    std::string id = first17 + id_check_char(first17);
    EXPECT_TRUE(validate_id_number(id, kToday).ok) << id;
  }
  std::string bad = "99010219650315001";  // 9 then "90": not a province
  EXPECT_EQ(validate_id_number(bad + id_check_char(bad), kToday).code, "id.region");
  std::string bad2 = "10010219650315001";
  EXPECT_EQ(validate_id_number(bad2 + id_check_char(bad2), kToday).code, "id.region");
  EXPECT_TRUE(is_province_prefix("43"));
  EXPECT_FALSE(is_province_prefix("83"));  // Taiwan permits are accepted by the ID validator, not a province
}

TEST(IdNumber, LengthAndCharacters) {
  EXPECT_EQ(validate_id_number("", kToday).code, "empty");
  EXPECT_EQ(validate_id_number("4301021990", kToday).code, "id.length");
  EXPECT_EQ(validate_id_number("43010219900101A01X", kToday).code, "id.chars");
  EXPECT_EQ(validate_id_number("43010219900101001Y", kToday).code, "id.chars");
}

TEST(IdNumber, FifteenDigitConversion) {
  auto r = id15_to_id18("150102880730303");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "150102198807303035");
  EXPECT_FALSE(id15_to_id18("15010288073030").ok());
  EXPECT_FALSE(id15_to_id18("15010288073030X").ok());
  EXPECT_FALSE(id15_to_id18("150102881330303").ok());  // month 13
}

TEST(IdNumber, FactsGiveRegionBirthAndSex) {
  auto f = id_number_facts("321083197812162119", kToday);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->region_code, "321083");
  EXPECT_EQ(f->birth, (CivilDate{1978, 12, 16}));
  EXPECT_TRUE(f->male);
  auto g = id_number_facts("11010519491231002X", kToday);
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->male);
  EXPECT_FALSE(id_number_facts("110105194912310021", kToday));
}

TEST(Uscc, PublicVectorsPass) {
  for (const char* c : {"91110108551385082Q", "91110000101623741K", "911101066976941872", "91350100M000100Y43",
                        "91230184MA1BUFLT44", "92371000MA3MXH0E3W"}) {
    auto v = validate_uscc(c);
    EXPECT_TRUE(v.ok) << c << ": " << v.message_zh;
  }
}

TEST(Uscc, ReportedBadRealWorldCodeFails) {
  auto v = validate_uscc("91350211M0000XUF46");
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.code, "uscc.check");
}

TEST(Uscc, ThirtyOneMapsToZero) {
  // Vary two digits of the division code until the weighted sum is ≡ 0 mod 31: the check character
  // must then be '0' (31 → 0), not an out-of-range index.
  bool seen_zero = false;
  for (char c = '0'; c <= '9' && !seen_zero; ++c)
    for (char d = '0'; d <= '9' && !seen_zero; ++d) {
      std::string body = std::string("914301") + c + d + "MA4L00000";
      char check = uscc_check_char(body);
      ASSERT_NE(check, '?');
      if (check == '0') {
        seen_zero = true;
        EXPECT_TRUE(validate_uscc(body + "0").ok) << body;
      }
    }
  EXPECT_TRUE(seen_zero);
}

TEST(Uscc, CharsetAndCase) {
  EXPECT_EQ(validate_uscc("91110108551385082").code, "uscc.length");
  EXPECT_EQ(validate_uscc("91110108551385082q").code, "uscc.lower");
  EXPECT_EQ(validate_uscc("9111010855138508IQ").code, "uscc.chars");  // I is excluded
  EXPECT_EQ(validate_uscc("91110108551385O82Q").code, "uscc.chars");  // O is excluded
  EXPECT_EQ(uscc_check_char("91110108551385Z82"), '?');
}

TEST(BankAccount, LuhnFailureIsAWarningNotARejection) {
  EXPECT_TRUE(luhn_valid("79927398713"));
  EXPECT_FALSE(luhn_valid("79927398710"));
  auto v = validate_bank_account("6222026006705354217");  // any-rule's own example, not Luhn-valid
  EXPECT_TRUE(v.ok);
  EXPECT_TRUE(v.warning);
  EXPECT_EQ(v.code, "bank.luhn");
  EXPECT_FALSE(v.message_zh.empty());
  auto clean = validate_bank_account("4111 1111 1111 1111");
  EXPECT_TRUE(clean.ok);
  EXPECT_FALSE(clean.warning);
}

TEST(BankAccount, LengthBounds) {
  EXPECT_EQ(validate_bank_account("123456789").code, "bank.format");
  EXPECT_TRUE(validate_bank_account("1234567897").ok);  // 10 digits
  EXPECT_TRUE(validate_bank_account(std::string(30, '1')).ok);
  EXPECT_EQ(validate_bank_account(std::string(31, '1')).code, "bank.format");
  EXPECT_EQ(validate_bank_account("62220260067A5354217").code, "bank.format");
}

TEST(Mobile, LoosePattern) {
  for (const char* n : {"13800138000", "+8613800138000", "008619112345678", "16212345678", "138 0013 8000"})
    EXPECT_TRUE(validate_mobile(n).ok) << n;
  for (const char* n : {"1380013800", "23800138000", "+8523800138000", "138001380001", "1380013800a", "+86"})
    EXPECT_EQ(validate_mobile(n).code, "mobile.format") << n;
  EXPECT_EQ(validate_mobile("").code, "empty");
}

TEST(Money, NonNegativeTwoDecimalsBounded) {
  EXPECT_TRUE(validate_money("0").ok);
  EXPECT_TRUE(validate_money("5000").ok);
  EXPECT_TRUE(validate_money("1234.5").ok);
  EXPECT_TRUE(validate_money("1234.56").ok);
  EXPECT_EQ(parse_money_fen("1234.56"), 123456);
  EXPECT_EQ(parse_money_fen("12.3"), 1230);
  for (const char* m : {"-1", "1.234", "1.", ".5", "1e3", "12,000", "abc"})
    EXPECT_EQ(validate_money(m).code, "money.format") << m;
  auto big = validate_money("100000000.01");
  EXPECT_EQ(big.code, "money.too_large");
  EXPECT_NE(big.message_zh.find("100000000"), std::string::npos) << big.message_zh;
  EXPECT_TRUE(validate_money("100000000").ok);
  EXPECT_EQ(validate_money("1000000000000000000000").code, "money.format");
}

TEST(Date, RealDatesOnly) {
  EXPECT_TRUE(validate_date("2026-02-28").ok);
  EXPECT_TRUE(validate_date("2024-02-29").ok);
  EXPECT_EQ(validate_date("2026-02-29").code, "date.invalid");
  EXPECT_EQ(validate_date("2026-13-01").code, "date.invalid");
  EXPECT_EQ(validate_date("2026-1-01").code, "date.format");
  EXPECT_EQ(validate_date("2026/01/01").code, "date.format");
  EXPECT_EQ(age_on({1964, 11, 26}, {2026, 11, 25}), 61);
  EXPECT_EQ(age_on({1964, 11, 25}, {2026, 11, 25}), 62);
  EXPECT_EQ(to_iso({2026, 1, 5}), "2026-01-05");
}

TEST(Field, EachTypeUsesItsValidator) {
  auto field = [](FieldType t, bool required = true) {
    FormField f;
    f.id = "f";
    f.type = t;
    f.required = required;
    if (t == FieldType::region) f.choices = {{"430104", "岳麓区"}, {"430111", "雨花区"}};
    else f.choices = {{"三星级", "三星级"}, {"四星级", "四星级"}};
    return f;
  };
  EXPECT_EQ(validate_field(field(FieldType::text), "", kToday).code, "empty");
  EXPECT_TRUE(validate_field(field(FieldType::text, false), "", kToday).ok);
  EXPECT_TRUE(validate_field(field(FieldType::integer), "-12", kToday).ok);
  EXPECT_EQ(validate_field(field(FieldType::integer), "1.5", kToday).code, "integer.format");
  EXPECT_EQ(validate_field(field(FieldType::money), "1.555", kToday).code, "money.format");
  EXPECT_EQ(validate_field(field(FieldType::date), "2026-02-30", kToday).code, "date.invalid");
  EXPECT_TRUE(validate_field(field(FieldType::choice), "四星级", kToday).ok);
  EXPECT_EQ(validate_field(field(FieldType::choice), "五星级", kToday).code, "choice.invalid");
  EXPECT_EQ(validate_field(field(FieldType::phone), "12345", kToday).code, "mobile.format");
  EXPECT_TRUE(validate_field(field(FieldType::bank_account), "6222026006705354217", kToday).warning);
  EXPECT_EQ(validate_field(field(FieldType::uscc), "91350211M0000XUF46", kToday).code, "uscc.check");
  EXPECT_EQ(validate_field(field(FieldType::id_number), "11010519491231002x", kToday).code, "id.lower_x");
  EXPECT_TRUE(validate_field(field(FieldType::region), "430104", kToday).ok);
  EXPECT_EQ(validate_field(field(FieldType::region), "岳麓区", kToday).code, "region.invalid");  // the code, not the name
  EXPECT_EQ(validate_field(field(FieldType::region), "430102", kToday).code, "region.invalid");  // not offered
  EXPECT_TRUE(validate_field(field(FieldType::yes_no), "no", kToday).ok);
  EXPECT_EQ(validate_field(field(FieldType::yes_no), "maybe", kToday).code, "yes_no.invalid");
}
