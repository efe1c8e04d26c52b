// The catalog: the sample loads; every broken catalog is rejected with file, item, field and reason.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "kiosk/catalog.h"
#include "zhidui_build_paths.h"

using namespace zhidui;

namespace {
std::string sample_path() { return std::string(ZHIDUI_SOURCE_DIR) + "/assets/catalog/catalog.json"; }

nlohmann::json sample_json() {
  auto c = load_catalog(sample_path());
  EXPECT_TRUE(c.ok());
  std::ifstream in(sample_path());
  return nlohmann::json::parse(in);
}

std::string reject(const nlohmann::json& j) {
  auto c = parse_catalog(j.dump(), "test.json");
  EXPECT_FALSE(c.ok());
  return c.ok() ? "" : c.error().message;
}
}  // namespace

TEST(Catalog, SampleLoadsWithIndividualAndEnterpriseItems) {
  auto c = load_catalog(sample_path());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_GE(c->items.size(), 3u);
  EXPECT_TRUE(c->sample_data);
  auto offered = c->offered_to_individuals("2026-11-25");
  EXPECT_GE(offered.size(), 3u);
  for (auto* p : offered) EXPECT_NE(p->audience, Audience::enterprise);
  const PolicyItem* p = c->find("cs-rlzy-ycxcybt");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->guide.time_limit_days, 15);
  EXPECT_EQ(p->form[0].prefill, "card.name");
}

TEST(Catalog, ValidityWindowHidesExpiredAndNotYetOpenItems) {
  auto c = load_catalog(sample_path());
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->offered_to_individuals("2025-06-01").empty());
  EXPECT_LT(c->offered_to_individuals("2027-12-01").size(), c->offered_to_individuals("2026-11-25").size());
}

TEST(Catalog, BadJsonIsRejected) {
  auto c = parse_catalog("{\"format\":1, \"items\": [", "broken.json");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("broken.json"), std::string::npos);
  EXPECT_NE(c.error().message.find("not valid JSON"), std::string::npos);
}

TEST(Catalog, UnknownFieldTypeNamesItemAndField) {
  auto j = sample_json();
  j["items"][0]["form"][3]["type"] = "colour";
  std::string m = reject(j);
  EXPECT_NE(m.find("cs-rlzy-ycxcybt"), std::string::npos) << m;
  EXPECT_NE(m.find("form[3].type"), std::string::npos) << m;
  EXPECT_NE(m.find("colour"), std::string::npos) << m;
}

TEST(Catalog, DuplicateIdIsRejected) {
  auto j = sample_json();
  j["items"][1]["id"] = j["items"][0]["id"];
  EXPECT_NE(reject(j).find("duplicate item id"), std::string::npos);
}

TEST(Catalog, MissingGuideFieldAndBadRegionAreRejected) {
  auto j = sample_json();
  j["items"][0]["guide"].erase("department");
  EXPECT_NE(reject(j).find("guide.department"), std::string::npos);
  j = sample_json();
  j["items"][0]["region"]["code"] = "1101";
  EXPECT_NE(reject(j).find("region.code"), std::string::npos);
  j = sample_json();
  j["items"][0]["valid_to"] = "2020-01-01";
  EXPECT_NE(reject(j).find("valid_to"), std::string::npos);
  j = sample_json();
  j["items"][0]["form"][0]["prefill"] = "card.shoe_size";
  EXPECT_NE(reject(j).find("prefill"), std::string::npos);
  j = sample_json();
  j["items"][0]["devices"] = {"teleporter"};
  EXPECT_NE(reject(j).find("devices"), std::string::npos);
}

TEST(Catalog, BrokenChoicesAndChoiceListsAreRejected) {
  using nlohmann::json;
  auto with_field = [](json field) {
    auto j = sample_json();
    j["items"][0]["form"].push_back(field);
    return j;
  };
  std::string m = reject(with_field({{"id", "b"}, {"label", "开户银行"}, {"type", "choice"}, {"required", true},
                                     {"choice_list", "bankz"}}));
  EXPECT_NE(m.find("form[4].choice_list"), std::string::npos) << m;
  EXPECT_NE(m.find("bankz"), std::string::npos) << m;
  m = reject(with_field({{"id", "b"}, {"label", "x"}, {"type", "choice"}, {"required", true},
                         {"choice_list", "banks"}, {"choices", {"甲"}}}));
  EXPECT_NE(m.find("not both"), std::string::npos) << m;
  m = reject(with_field({{"id", "d"}, {"label", "区县"}, {"type", "region"}, {"required", true}}));
  EXPECT_NE(m.find("a region field needs its choices"), std::string::npos) << m;
  m = reject(with_field({{"id", "d"}, {"label", "区县"}, {"type", "region"}, {"required", true},
                         {"choices", {{{"value", "4301"}, {"label", "长沙市"}}}}}));
  EXPECT_NE(m.find("6-digit Hunan code"), std::string::npos) << m;
  m = reject(with_field({{"id", "t"}, {"label", "x"}, {"type", "text"}, {"required", true}, {"choices", {"甲"}}}));
  EXPECT_NE(m.find("only choice and region fields"), std::string::npos) << m;
  m = reject(with_field({{"id", "c"}, {"label", "x"}, {"type", "choice"}, {"required", true}, {"choices", {"甲", "甲"}}}));
  EXPECT_NE(m.find("duplicate choice"), std::string::npos) << m;
  auto j = sample_json();
  j["choice_lists"]["banks"] = json::array({1, 2});
  m = reject(j);
  EXPECT_NE(m.find("choice_lists.banks"), std::string::npos) << m;
}
