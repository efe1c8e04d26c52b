// The shipped sample catalog: big enough to demonstrate (≥ 30 items, province, three cities and their
// districts, individuals and enterprises, both modes), marked as sample data, and fillable by today's UI.
#include <gtest/gtest.h>

#include <set>

#include "kiosk/catalog.h"
#include "kiosk/eligibility.h"
#include "zhidui_build_paths.h"

using namespace zhidui;

namespace {
Catalog sample() {
  auto c = load_catalog(std::string(ZHIDUI_SOURCE_DIR) + "/assets/catalog/catalog.json");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? std::move(c.value()) : Catalog{};
}
ApplicantFacts born(const std::string& yyyymmdd, const std::string& first6 = "430104") {
  std::string first17 = first6 + yyyymmdd + "002";
  ApplicantFacts f;
  add_id_number_facts(f, first17 + id_check_char(first17), "2026-11-25");
  return f;
}
}  // namespace

TEST(SampleCatalog, CoversProvinceCitiesDistrictsAudiencesAndModes) {
  Catalog c = sample();
  EXPECT_TRUE(c.sample_data);
  EXPECT_GE(c.items.size(), 30u);
  EXPECT_EQ(c.items.at(0).id, "cs-rlzy-ycxcybt");
  std::set<std::string> regions;
  int districts = 0, enterprise = 0, individual = 0, auto_mode = 0, quick = 0, with_rules = 0;
  for (const auto& item : c.items) {
    regions.insert(item.region_code.substr(0, std::min<size_t>(4, item.region_code.size())));
    districts += item.region_code.size() == 6;
    (item.audience == Audience::enterprise ? enterprise : individual)++;
    (item.mode == ApplyMode::auto_grant ? auto_mode : quick)++;
    with_rules += item.eligibility.has_value();
    EXPECT_NE(item.guide.legal_basis.find("样例"), std::string::npos) << item.id;
  }
  for (const char* r : {"43", "4301", "4302", "4303"}) EXPECT_TRUE(regions.count(r)) << r;
  EXPECT_GE(districts, 4);
  EXPECT_GE(enterprise, 10);
  EXPECT_GE(individual, 10);
  EXPECT_GE(auto_mode, 4);
  EXPECT_GE(quick, 10);
  EXPECT_GE(with_rules, 25);
}

// A citizen never has to type Chinese: every field of an individual item comes from the card, or takes
// digits on the keypad (a phone number), or a tap (是/否, choices, a district).
TEST(SampleCatalog, IndividualItemsOfferedTodayNeedNoChineseTyping) {
  for (const PolicyItem* item : sample().offered_to_individuals("2026-11-25"))
    for (const auto& f : item->form)
      EXPECT_TRUE(f.prefilled() || f.type == FieldType::phone || f.type == FieldType::yes_no || !f.choices.empty())
          << item->id << " field " << f.id;
}

// Where the set of answers is known it is offered as choices: the bank beside every bank account, and a
// district from the item's own city.
TEST(SampleCatalog, BanksAndDistrictsAreChosenNotTyped) {
  Catalog c = sample();
  int regions = 0;
  for (const auto& item : c.items) {
    if (item.field("bank_account")) {
      const FormField* bank = item.field("bank_name");
      ASSERT_NE(bank, nullptr) << item.id;
      EXPECT_EQ(bank->type, FieldType::choice);
      EXPECT_GE(bank->choices.size(), 10u);
      EXPECT_NE(bank->choice("中国工商银行"), nullptr);
    }
    for (const auto& f : item.form) {
      if (f.type != FieldType::region) continue;
      ++regions;
      for (const auto& ch : f.choices) EXPECT_TRUE(ch.value.starts_with(item.region_code)) << item.id << " " << ch.value;
    }
  }
  EXPECT_GE(regions, 3);
  const FormField* district = c.find("cs-rc-zfshbt")->field("work_district");
  ASSERT_NE(district, nullptr);
  ASSERT_NE(district->choice("430104"), nullptr);
  EXPECT_EQ(district->choice("430104")->label, "岳麓区");
}

TEST(SampleCatalog, FirstItemKeepsItsFormForTheEndToEndJourney) {
  Catalog c = sample();
  const PolicyItem& first = c.items.at(0);
  EXPECT_EQ(first.title, "长沙市一次性创业补贴");
  ASSERT_EQ(first.form.size(), 4u);
  EXPECT_EQ(first.form[0].id, "name");
  EXPECT_EQ(first.form[1].id, "id_number");
  EXPECT_EQ(first.form[2].id, "address");
  EXPECT_EQ(first.form[3].id, "phone");
}

TEST(SampleCatalog, SixtyTwoYearOldGetsTheAgeExplanationForTheStartUpSubsidy) {
  Catalog c = sample();
  auto r = evaluate_eligibility(*c.find("cs-rlzy-ycxcybt"), born("19640301"), "2026-11-25");
  EXPECT_EQ(r.verdict, Verdict::not_eligible);
  ASSERT_EQ(r.failed_zh.size(), 1u);
  EXPECT_EQ(r.failed_zh[0], "年龄须在16至60周岁之间，您今年62周岁");
  EXPECT_EQ(evaluate_eligibility(*c.find("cs-rlzy-ycxcybt"), born("19900301"), "2026-11-25").verdict,
            Verdict::eligible);
}

TEST(SampleCatalog, ElderlyAllowanceNeedsEightyAndHunanResidence) {
  Catalog c = sample();
  const PolicyItem& gljt = *c.find("hn-mz-gljt");
  EXPECT_EQ(evaluate_eligibility(gljt, born("19440101"), "2026-11-25").verdict, Verdict::eligible);
  auto young = evaluate_eligibility(gljt, born("19500101"), "2026-11-25");
  ASSERT_EQ(young.failed_zh.size(), 1u);
  EXPECT_EQ(young.failed_zh[0], "年龄须年满80周岁，您今年76周岁");
  auto elsewhere = evaluate_eligibility(gljt, born("19400101", "110105"), "2026-11-25");
  ASSERT_EQ(elsewhere.failed_zh.size(), 1u);
  EXPECT_EQ(elsewhere.failed_zh[0], "不符合条件：具有湖南省户籍（您的是北京市）");
}
