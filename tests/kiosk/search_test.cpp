// Search over the sample catalog: Chinese substrings, full pinyin, initials, keywords; titles rank
// above keywords. Readings come from the generated luna-pinyin table, not from hand-typed data.
#include <gtest/gtest.h>

#include <algorithm>

#include "kiosk/pinyin.h"
#include "kiosk/search.h"
#include "zhidui_build_paths.h"

using namespace zhidui;

namespace {
Catalog sample() {
  auto c = load_catalog(std::string(ZHIDUI_SOURCE_DIR) + "/assets/catalog/catalog.json");
  EXPECT_TRUE(c.ok());
  return c.ok() ? std::move(c.value()) : Catalog{};
}
bool contains(const std::vector<SearchHit>& hits, std::string_view id) {
  return std::any_of(hits.begin(), hits.end(), [&](const SearchHit& h) { return h.item->id == id; });
}
size_t rank_of(const std::vector<SearchHit>& hits, std::string_view id) {
  for (size_t i = 0; i < hits.size(); ++i)
    if (hits[i].item->id == id) return i;
  return hits.size();
}
}  // namespace

TEST(Pinyin, TableComesFromTheDictionary) {
  EXPECT_GT(pinyin_table().size(), 20000u);
  EXPECT_TRUE(std::is_sorted(pinyin_table().begin(), pinyin_table().end(),
                             [](auto& a, auto& b) { return a.code_point < b.code_point; }));
  auto gao = pinyin_readings(U'高');
  ASSERT_FALSE(gao.empty());
  EXPECT_EQ(gao[0], "gao");
  auto chang = pinyin_readings(U'长');
  EXPECT_NE(std::find(chang.begin(), chang.end(), "chang"), chang.end());
  EXPECT_NE(std::find(chang.begin(), chang.end(), "zhang"), chang.end());
  EXPECT_TRUE(pinyin_readings(U'A').empty());
}

TEST(Search, InitialsFindJiuyeChuangye) {
  // A small catalog whose title says 就业创业 in so many words, plus the sample's 就业创业 items.
  Catalog c = sample();
  PolicyItem extra = c.items.at(0);
  extra.id = "t-jycy";
  extra.title = "就业创业服务补贴";
  extra.keywords = {};
  c.items.push_back(extra);
  SearchIndex index(c);
  auto hits = index.search("jycy");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].item->id, "t-jycy");
  for (const auto& h : hits) {
    bool has = h.item->title.find("就业创业") != std::string::npos || h.item->category == "就业创业" ||
               std::any_of(h.item->keywords.begin(), h.item->keywords.end(),
                           [](auto& k) { return k.find("就业创业") != std::string::npos; });
    EXPECT_TRUE(has) << h.item->id;
  }
  // category 就业创业 items of the sample are found too
  EXPECT_TRUE(contains(hits, "cs-rlzy-ycxcybt"));
  EXPECT_TRUE(contains(index.search("jiuyechuangye"), "t-jycy"));
  EXPECT_TRUE(contains(index.search("jiuyecy"), "t-jycy"));
}

TEST(Search, FullPinyinFindsGaolingJintie) {
  Catalog c = sample();
  SearchIndex index(c);
  auto hits = index.search("gaoling");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].item->id, "hn-mz-gljt");
  EXPECT_EQ(index.search("gljt").at(0).item->id, "hn-mz-gljt");
  EXPECT_EQ(index.search("GaoLing JinTie").at(0).item->id, "hn-mz-gljt");
  EXPECT_TRUE(contains(index.search("gaol"), "hn-mz-gljt"));  // still typing
}

TEST(Search, ChineseSubstring) {
  Catalog c = sample();
  SearchIndex index(c);
  auto hits = index.search("补贴");
  EXPECT_GE(hits.size(), 15u);
  for (const auto& h : hits) {
    bool has = h.item->title.find("补贴") != std::string::npos || h.item->short_title.find("补贴") != std::string::npos ||
               std::any_of(h.item->keywords.begin(), h.item->keywords.end(),
                           [](auto& k) { return k.find("补贴") != std::string::npos; });
    EXPECT_TRUE(has) << h.item->id;
  }
  EXPECT_TRUE(index.search("不存在的事项").empty());
  EXPECT_TRUE(index.search("").empty());
  EXPECT_TRUE(index.search("   ").empty());
  EXPECT_TRUE(index.search("zzzzqqq").empty());
}

TEST(Search, SeveralWordsMustAllMatch) {
  Catalog c = sample();
  SearchIndex index(c);
  auto hits = index.search("长沙 研发");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].item->id, "cs-kj-yftrjl");
  for (const auto& h : hits) EXPECT_NE(h.item->title.find("研发"), std::string::npos) << h.item->id;
}

TEST(Search, TitleMatchesRankAboveKeywordMatches) {
  Catalog c;
  PolicyItem by_keyword, by_title;
  by_keyword.id = "kw";
  by_keyword.title = "某项补助";
  by_keyword.short_title = "补助";
  by_keyword.category = "其他";
  by_keyword.keywords = {"托育"};
  by_title = by_keyword;
  by_title.id = "title";
  by_title.title = "普惠托育机构运营补贴";
  by_title.keywords = {};
  c.items = {by_keyword, by_title};  // keyword item first in catalog order
  SearchIndex index(c);
  for (const char* q : {"托育", "tuoyu", "ty"}) {
    auto hits = index.search(q);
    ASSERT_EQ(hits.size(), 2u) << q;
    EXPECT_EQ(hits[0].item->id, "title") << q;
    EXPECT_GT(hits[0].score, hits[1].score) << q;
  }
  // and on the sample: 托育 in a title beats 托育 only as a keyword
  Catalog s = sample();
  SearchIndex sample_index(s);
  auto hits = sample_index.search("托育");
  EXPECT_LT(rank_of(hits, "zz-wjw-tyjgbt"), rank_of(hits, "hn-wjw-yebt"));
}
