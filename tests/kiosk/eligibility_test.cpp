// Eligibility: rules parsed from the catalog, evaluated three-valued, and every failed condition
// explained in plain Chinese (年龄须在16至60周岁之间，您今年62周岁); bad rules reject the catalog.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kiosk/eligibility.h"

using namespace zhidui;
using json = nlohmann::json;

namespace {
constexpr const char* kToday = "2026-11-25";

// A one-item catalog with a numeric, a yes/no and a choice field, and the given rule.
json catalog_with_rule(const json& rule) {
  json item = {
      {"id", "t-item"},
      {"title", "t"},
      {"short_title", "t"},
      {"category", "c"},
      {"region", {{"code", "4301"}}},
      {"audience", "both"},
      {"mode", "quick"},
      {"guide",
       {{"beneficiaries", "b"}, {"conditions", json::array()}, {"standard", "s"}, {"time_limit_days", 5},
        {"department", "d"}, {"phone", "p"}, {"legal_basis", "l"}}},
      {"form",
       {{{"id", "employees"}, {"label", "参保职工人数"}, {"type", "integer"}},
        {{"id", "revenue"}, {"label", "上年度营业收入（万元）"}, {"type", "money"}},
        {{"id", "first_business"}, {"label", "是否首次创业"}, {"type", "yes_no"}},
        {{"id", "name"}, {"label", "姓名"}, {"type", "text"}}}},
      {"valid_from", "2026-01-01"},
      {"valid_to", "2027-12-31"},
  };
  if (!rule.is_null()) item["eligibility"] = rule;
  return {{"format", 1}, {"version", "t"}, {"items", json::array({item})}};
}

PolicyItem item_with_rule(const json& rule) {
  auto c = parse_catalog(catalog_with_rule(rule).dump(), "rule.json");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? c->items.at(0) : PolicyItem{};
}

std::string rejection(const json& rule) {
  auto c = parse_catalog(catalog_with_rule(rule).dump(), "rule.json");
  EXPECT_FALSE(c.ok());
  return c.ok() ? "" : c.error().message;
}

ApplicantFacts citizen_born(const std::string& birth_iso, const std::string& first6 = "430102") {
  // Build a valid ID number for the birth date so facts come the way the kiosk gets them.
  std::string first17 = first6 + birth_iso.substr(0, 4) + birth_iso.substr(5, 2) + birth_iso.substr(8, 2) + "001";
  ApplicantFacts f;
  add_id_number_facts(f, first17 + id_check_char(first17), kToday);
  return f;
}

const json kAge16to60 = {{"fact", "age"}, {"op", "between"}, {"value", {16, 60}}};
}  // namespace

TEST(Eligibility, AgedSixtyTwoGetsExactlyTheAgeExplanation) {
  PolicyItem item = item_with_rule(kAge16to60);
  auto r = evaluate_eligibility(item, citizen_born("1964-03-01"), kToday);
  EXPECT_EQ(r.verdict, Verdict::not_eligible);
  ASSERT_EQ(r.failed_zh.size(), 1u);
  EXPECT_EQ(r.failed_zh[0], "年龄须在16至60周岁之间，您今年62周岁");
  EXPECT_TRUE(r.unverified_zh.empty());
}

TEST(Eligibility, AgeIsTakenAtTheApplicationDate) {
  PolicyItem item = item_with_rule(kAge16to60);
  ApplicantFacts turns61tomorrow = citizen_born("1965-11-26");
  EXPECT_EQ(evaluate_eligibility(item, turns61tomorrow, "2026-11-25").verdict, Verdict::eligible);
  EXPECT_EQ(evaluate_eligibility(item, turns61tomorrow, "2026-11-26").verdict, Verdict::not_eligible);
}

TEST(Eligibility, ItemWithoutRuleIsEligible) {
  PolicyItem item = item_with_rule(nullptr);
  EXPECT_FALSE(item.eligibility);
  EXPECT_EQ(evaluate_eligibility(item, {}, kToday).verdict, Verdict::eligible);
}

TEST(Eligibility, AllExplainsEveryFailedCondition) {
  json rule = {{"all",
                {kAge16to60,
                 {{"fact", "residence_city"}, {"op", "eq"}, {"value", "4301"}},
                 {{"fact", "form.employees"}, {"op", "ge"}, {"value", 10}}}}};
  PolicyItem item = item_with_rule(rule);
  ApplicantFacts f = citizen_born("1950-05-05", "430202");
  f.form["employees"] = "3";
  auto r = evaluate_eligibility(item, f, kToday);
  EXPECT_EQ(r.verdict, Verdict::not_eligible);
  ASSERT_EQ(r.failed_zh.size(), 3u);
  EXPECT_EQ(r.failed_zh[0], "年龄须在16至60周岁之间，您今年76周岁");
  EXPECT_EQ(r.failed_zh[1], "居住地（市州）须为长沙市，您的是株洲市");
  EXPECT_EQ(r.failed_zh[2], "参保职工人数须不少于10，您填写的是3");
}

TEST(Eligibility, AnyNeedsOneAndExplainsAllAlternatives) {
  json rule = {{"any",
                {{{"fact", "form.first_business"}, {"op", "eq"}, {"value", true}},
                 {{"fact", "form.revenue"}, {"op", "lt"}, {"value", 500}}}}};
  PolicyItem item = item_with_rule(rule);
  ApplicantFacts f;
  f.form = {{"first_business", "no"}, {"revenue", "800.5"}};
  auto r = evaluate_eligibility(item, f, kToday);
  EXPECT_EQ(r.verdict, Verdict::not_eligible);
  ASSERT_EQ(r.failed_zh.size(), 1u);
  EXPECT_EQ(r.failed_zh[0],
            "以下条件须至少满足一项：是否首次创业须为是，您的是否；上年度营业收入（万元）须小于500，您填写的是800.5");
  f.form["revenue"] = "120";
  EXPECT_EQ(evaluate_eligibility(item, f, kToday).verdict, Verdict::eligible);
  f.form = {{"first_business", "yes"}};  // revenue unanswered, but the first alternative holds
  EXPECT_EQ(evaluate_eligibility(item, f, kToday).verdict, Verdict::eligible);
}

TEST(Eligibility, NotInvertsAndExplains) {
  json rule = {{"not", {{"fact", "sex"}, {"op", "eq"}, {"value", "male"}}}};
  PolicyItem item = item_with_rule(rule);
  auto man = citizen_born("1990-01-01");  // sequence 001 is odd: male
  auto r = evaluate_eligibility(item, man, kToday);
  EXPECT_EQ(r.verdict, Verdict::not_eligible);
  ASSERT_EQ(r.failed_zh.size(), 1u);
  EXPECT_EQ(r.failed_zh[0], "性别不能为男");
  ApplicantFacts woman = man;
  woman.sex = "female";
  EXPECT_EQ(evaluate_eligibility(item, woman, kToday).verdict, Verdict::eligible);

  json labelled = {{"not", {{"fact", "form.employees"}, {"op", "gt"}, {"value", 300}}}, {"label", "大型企业不在补贴范围"}};
  ApplicantFacts big;
  big.form["employees"] = "500";
  auto rl = evaluate_eligibility(item_with_rule(labelled), big, kToday);
  ASSERT_EQ(rl.failed_zh.size(), 1u);
  EXPECT_EQ(rl.failed_zh[0], "不符合条件：大型企业不在补贴范围");
  json range = {{"not", {{"fact", "age"}, {"op", "between"}, {"value", {0, 17}}}}};
  auto rr = evaluate_eligibility(item_with_rule(range), citizen_born("2015-01-01"), kToday);
  ASSERT_EQ(rr.failed_zh.size(), 1u);
  EXPECT_EQ(rr.failed_zh[0], "年龄不能在0至17之间，您的是11");
}

TEST(Eligibility, UnknownFactsNeedReview) {
  json rule = {{"all",
                {{{"fact", "enterprise_type"}, {"op", "in"}, {"value", {"1", "2"}}},
                 {{"fact", "enterprise_region"}, {"op", "in"}, {"value", {"4301", "4302", "4303"}}}}}};
  PolicyItem item = item_with_rule(rule);
  auto r = evaluate_eligibility(item, ApplicantFacts{}, kToday);  // no platform record, no USCC
  EXPECT_EQ(r.verdict, Verdict::needs_review);
  EXPECT_TRUE(r.failed_zh.empty());
  ASSERT_EQ(r.unverified_zh.size(), 2u);
  EXPECT_EQ(r.unverified_zh[0], "无法在自助终端核实：主体类型，将由工作人员审核");

  ApplicantFacts firm;
  add_uscc_facts(firm, "91430100MA4L0000X0");  // invalid check → still unknown
  EXPECT_EQ(evaluate_eligibility(item, firm, kToday).verdict, Verdict::needs_review);
  std::string body = "914302007123456789";
  body = body.substr(0, 17);
  add_uscc_facts(firm, body + uscc_check_char(body));
  EXPECT_EQ(firm.enterprise_region, "4302");
  EXPECT_EQ(evaluate_eligibility(item, firm, kToday).verdict, Verdict::eligible);
  firm.enterprise_type = "3";
  auto r3 = evaluate_eligibility(item, firm, kToday);
  ASSERT_EQ(r3.failed_zh.size(), 1u);
  EXPECT_EQ(r3.failed_zh[0], "主体类型须为企业、个体工商户之一，您的是农民专业合作社");
}

TEST(Eligibility, FailureBeatsUnknown) {
  json rule = {{"all", {kAge16to60, {{"fact", "form.employees"}, {"op", "ge"}, {"value", 1}}}}};
  auto r = evaluate_eligibility(item_with_rule(rule), citizen_born("1940-01-01"), kToday);
  EXPECT_EQ(r.verdict, Verdict::not_eligible);
  EXPECT_EQ(r.failed_zh.size(), 1u);
  EXPECT_EQ(r.unverified_zh.size(), 1u);
}

TEST(EligibilityCatalog, RuleOverUnknownFactIsRejectedWithItemAndField) {
  std::string m = rejection({{"all", {kAge16to60, {{"fact", "income"}, {"op", "lt"}, {"value", 1}}}}});
  EXPECT_NE(m.find("rule.json"), std::string::npos) << m;
  EXPECT_NE(m.find("t-item"), std::string::npos) << m;
  EXPECT_NE(m.find("eligibility.all[1].fact"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown fact 'income'"), std::string::npos) << m;
}

TEST(EligibilityCatalog, RuleOverUnknownOrUnusableFormFieldIsRejected) {
  EXPECT_NE(rejection({{"fact", "form.children"}, {"op", "ge"}, {"value", 1}}).find("unknown form field 'children'"),
            std::string::npos);
  EXPECT_NE(rejection({{"fact", "form.name"}, {"op", "eq"}, {"value", "x"}}).find("cannot be used in a rule"),
            std::string::npos);
}

TEST(EligibilityCatalog, MalformedRulesAreRejected) {
  EXPECT_NE(rejection({{"fact", "age"}, {"op", "approx"}, {"value", 1}}).find("unknown operator"), std::string::npos);
  EXPECT_NE(rejection({{"fact", "age"}, {"op", "between"}, {"value", {60, 16}}}).find("low is greater"),
            std::string::npos);
  EXPECT_NE(rejection({{"fact", "age"}, {"op", "between"}, {"value", 16}}).find("[low, high]"), std::string::npos);
  EXPECT_NE(rejection({{"fact", "sex"}, {"op", "lt"}, {"value", 1}}).find("numeric"), std::string::npos);
  EXPECT_NE(rejection({{"fact", "sex"}, {"op", "eq"}, {"value", "man"}}).find("male"), std::string::npos);
  EXPECT_NE(rejection({{"fact", "age"}, {"op", "ge"}, {"value", "80"}}).find("must be a number"), std::string::npos);
  EXPECT_NE(rejection({{"all", json::array()}}).find("non-empty"), std::string::npos);
  EXPECT_NE(rejection({{"all", {kAge16to60}}, {"fact", "age"}}).find("exactly one"), std::string::npos);
  EXPECT_NE(rejection(json::array()).find("must be an object"), std::string::npos);
  json deep = kAge16to60;
  for (int i = 0; i < 20; ++i) deep = {{"not", deep}};
  EXPECT_NE(rejection(deep).find("nested too deeply"), std::string::npos);
}

TEST(Eligibility, CardAddressOverridesTheRegistrationCode) {
  ApplicantFacts f = citizen_born("1980-01-01", "430122");  // historical 望城县 code: still 长沙
  EXPECT_EQ(f.residence_city, "4301");
  add_card_address_facts(f, "湖南省湘潭市雨湖区建设路1号");
  EXPECT_EQ(f.residence_city, "4303");
  add_card_address_facts(f, "株洲市天元区泰山路8号");
  EXPECT_EQ(f.residence_city, "4302");
  add_card_address_facts(f, "广东省深圳市南山区");  // not a Hunan city: the previous fact stays
  EXPECT_EQ(f.residence_city, "4302");
  EXPECT_EQ(f.residence_province, "43");
}
