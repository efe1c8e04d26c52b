// personas_test.cpp — the sample cardholders are what the fixtures promise: valid check characters,
// the right ages and regions, and one card of each kind the kiosk must handle.
#include "drivers/id_reader/personas.h"

#include <gtest/gtest.h>

#include <set>

namespace zhidui::drivers::id_reader {
namespace {

bool check_char_matches(const std::string& number) {
  return number.size() == 18 && gb11643_check_char(std::string_view(number).substr(0, 17)) == number[17];
}

int age_on(const std::string& birth, int y, int m, int d) {
  int by = std::stoi(birth.substr(0, 4)), bm = std::stoi(birth.substr(4, 2)), bd = std::stoi(birth.substr(6, 2));
  return y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
}

TEST(Gb11643, ComputesTheCheckCharacterOfKnownNumbers) {
  for (const char* number : {"11010519491231002X", "440524188001010014", "321083197812162119", "150102198807303035",
                             "33010219200403064X", "81000019980902013X", "820000200009100032",
                             "830000200209060065", "932682198501010017"})
    EXPECT_TRUE(check_char_matches(number)) << number;
  EXPECT_FALSE(check_char_matches("110105194912310021"));
}

TEST(Gb11643, RejectsInputThatIsNotSeventeenDigits) {
  EXPECT_EQ(gb11643_check_char("1101051949123100"), '\0');
  EXPECT_EQ(gb11643_check_char("11010519491231002X"), '\0');
  EXPECT_EQ(gb11643_check_char("1101051949123100A"), '\0');
}

TEST(Personas, HaveStableUniqueIdsAndChineseLabels) {
  std::set<std::string> ids;
  for (const auto& p : all_personas()) {
    EXPECT_TRUE(ids.insert(p.id).second) << p.id;
    EXPECT_FALSE(p.label.empty());
    EXPECT_GT(static_cast<unsigned char>(p.label[0]), 0x7F) << p.id << ": label should be Chinese";
  }
  for (const char* id : {"resident_changsha", "elderly_xiangtan", "rare_name_zhangjiajie", "hk_permit",
                         "foreigner_2017", "foreigner_2023", "damaged_card"})
    EXPECT_TRUE(find_persona(id).has_value()) << id;
  EXPECT_FALSE(find_persona("nobody").has_value());
}

TEST(Personas, EighteenDigitNumbersCarryValidCheckCharacters) {
  for (const auto& p : all_personas()) {
    if (p.card.type == CardType::foreign_permanent_2017) {
      EXPECT_EQ(p.card.id_number.size(), 15u);
      continue;
    }
    EXPECT_TRUE(check_char_matches(p.card.id_number)) << p.id << " " << p.card.id_number;
    EXPECT_EQ(p.card.id_number.substr(6, 8), p.card.birth_date) << p.id;
    const int sequence_digit = p.card.id_number[16] - '0';
    EXPECT_EQ(sequence_digit % 2 == 1, p.card.sex_code == "1") << p.id << ": odd sequence means male";
  }
}

TEST(Personas, CoverTheCasesTheKioskNeeds) {
  auto zhang = find_persona("resident_changsha")->card;
  EXPECT_EQ(zhang.name, "张伟");
  EXPECT_EQ(zhang.sex, "男");
  EXPECT_TRUE(zhang.id_number.starts_with("430104")) << "岳麓区";
  EXPECT_NE(zhang.address.find("长沙市岳麓区"), std::string::npos);

  auto li = find_persona("elderly_xiangtan")->card;
  EXPECT_GE(age_on(li.birth_date, 2026, 11, 25), 62);
  EXPECT_TRUE(li.id_number.starts_with("430302")) << "雨湖区";
  EXPECT_EQ(li.valid_to, "长期");

  EXPECT_NE(find_persona("rare_name_zhangjiajie")->card.name.find("喆"), std::string::npos);

  auto permit = find_persona("hk_permit")->card;
  EXPECT_EQ(permit.type, CardType::hk_macau_taiwan_permit);
  EXPECT_TRUE(permit.id_number.starts_with("810000"));

  EXPECT_EQ(find_persona("foreigner_2017")->card.type, CardType::foreign_permanent_2017);
  EXPECT_EQ(find_persona("damaged_card")->condition, CardCondition::unrecognised);
  for (const auto& p : all_personas()) {
    if (p.card.valid_to != "长期") {
      EXPECT_GT(p.card.valid_to, std::string("20261125")) << p.id << " expired";
    }
  }
}

}  // namespace
}  // namespace zhidui::drivers::id_reader
