// Domain-output templates: every key the validators, the eligibility engine and the lifecycle compose
// exists in assets/strings/eligibility-zh-CN.json; placeholders are filled; a gap shows as [[key]].
#include <gtest/gtest.h>

#include "kiosk/domain_texts.h"

using namespace zhidui;

TEST(DomainTexts, EveryComposedKeyExists) {
  const char* keys[] = {
      "validate.empty", "validate.id.length", "validate.id.chars", "validate.id.lower_x", "validate.id.check",
      "validate.id.region", "validate.id.birth", "validate.id.birth_future", "validate.id15.format",
      "validate.uscc.length", "validate.uscc.lower", "validate.uscc.chars", "validate.uscc.check",
      "validate.bank.format", "validate.bank.luhn", "validate.mobile.format", "validate.money.format",
      "validate.money.too_large", "validate.date.format", "validate.date.invalid", "validate.integer.format",
      "validate.choice.invalid", "validate.yes_no.invalid", "validate.region.invalid",
      "fact.age", "fact.sex", "fact.residence_city", "fact.residence_province", "fact.enterprise_type",
      "fact.enterprise_region", "value.yes", "value.no", "value.male", "value.female", "value.list_separator",
      "explain.age.between", "explain.age.ge", "explain.age.gt", "explain.age.le", "explain.age.lt",
      "explain.age.eq", "explain.age.ne", "explain.eq", "explain.ne", "explain.lt", "explain.le", "explain.gt",
      "explain.ge", "explain.between", "explain.in", "explain.labelled", "explain.any", "explain.not",
      "explain.unknown", "explain.part_separator", "explain.not_between", "explain.not_in", "explain.not_generic",
      "region.43", "region.4301", "region.4302", "region.4303",
      "status.draft", "status.submitted", "status.accepted", "status.joint_review", "status.approved",
      "status.paid", "status.rejected.not_accepted", "status.rejected.not_approved", "status.returned"};
  for (const char* k : keys) EXPECT_TRUE(has_domain_text(k)) << k;
}

TEST(DomainTexts, PlaceholdersAreFilledAndGapsAreVisible) {
  EXPECT_EQ(domain_text("explain.age.between", {{"low", "16"}, {"high", "60"}, {"actual", "62"}}),
            "年龄须在16至60周岁之间，您今年62周岁");
  EXPECT_EQ(domain_text("no.such.key"), "[[no.such.key]]");
  EXPECT_FALSE(load_domain_texts("/nonexistent/texts.json").ok());
  EXPECT_TRUE(has_domain_text("validate.empty"));  // a failed load keeps the table in service
}
