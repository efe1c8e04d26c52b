// Handwriting recognition with zinnia: drawn stroke fixtures (tests/kiosk/input/fixtures/*.json) are
// recognised as their character; no strokes give no candidates; the model is simplified and BMP-only.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/utf8.h"
#include "kiosk/input/handwriting.h"
#include "zhidui_build_paths.h"

using namespace zhidui;
using namespace zhidui::input;

namespace {

struct Fixture {
  std::string character;
  float pad_size = 0;
  std::vector<Stroke> strokes;
};

Fixture load_fixture(const std::string& name) {
  std::ifstream in(std::string(ZHIDUI_SOURCE_DIR) + "/tests/kiosk/input/fixtures/" + name + ".json");
  EXPECT_TRUE(in) << name;
  std::stringstream buf;
  buf << in.rdbuf();
  auto j = nlohmann::json::parse(buf.str());
  Fixture f;
  f.character = j.at("character").get<std::string>();
  f.pad_size = j.at("pad_size").get<float>();
  for (const auto& s : j.at("strokes")) {
    Stroke stroke;
    for (const auto& p : s) stroke.push_back({p.at(0).get<float>(), p.at(1).get<float>()});
    f.strokes.push_back(std::move(stroke));
  }
  return f;
}

std::unique_ptr<HandwritingRecognizer> open_model() {
  auto r = HandwritingRecognizer::open();
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r.value()) : nullptr;
}

}  // namespace

class HandwritingFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HandwritingFixtureTest, DrawnCharacterIsAmongTheTopCandidates) {
  auto model = open_model();
  ASSERT_TRUE(model);
  Fixture f = load_fixture(GetParam());
  auto cands = model->recognize(f.strokes, 10, f.pad_size);
  ASSERT_FALSE(cands.empty());
  std::vector<std::string> top;
  for (size_t i = 0; i < cands.size() && i < 3; ++i) top.push_back(cands[i].text);
  EXPECT_NE(std::find(top.begin(), top.end(), f.character), top.end())
      << f.character << " not in the top 3: " << ::testing::PrintToString(top);
  for (size_t i = 1; i < cands.size(); ++i) EXPECT_LE(cands[i].score, cands[i - 1].score) << "best first";
}

INSTANTIATE_TEST_SUITE_P(Characters, HandwritingFixtureTest,
                         ::testing::Values("yi", "er", "san", "shi", "kou", "ren", "da", "wang"));

TEST(Handwriting, ScaledPadGivesTheSameAnswer) {
  auto model = open_model();
  ASSERT_TRUE(model);
  Fixture f = load_fixture("wang");
  for (auto& s : f.strokes)
    for (auto& p : s) p = {p.x * 2, p.y * 2};
  auto cands = model->recognize(f.strokes, 3, f.pad_size * 2);
  ASSERT_FALSE(cands.empty());
  EXPECT_EQ(cands[0].text, "王");
}

TEST(Handwriting, NoStrokesGiveNoCandidates) {
  auto model = open_model();
  ASSERT_TRUE(model);
  EXPECT_TRUE(model->recognize({}, 10, 300).empty());
  EXPECT_TRUE(model->recognize({Stroke{}, Stroke{}}, 10, 300).empty());
  EXPECT_TRUE(model->recognize(load_fixture("shi").strokes, 0, 300).empty());
}

TEST(Handwriting, ModelIsSimplifiedChineseAndBmpOnly) {
  auto model = open_model();
  ASSERT_TRUE(model);
  auto chars = model->characters();
  std::set<std::string> all(chars.begin(), chars.end());
  EXPECT_GT(all.size(), 6000u);
  for (const char* simplified : {"国", "张", "汉", "门", "马", "兑", "湖", "南", "长", "沙"})
    EXPECT_TRUE(all.count(simplified)) << simplified;
  for (const char* traditional : {"國", "張", "漢", "門", "馬", "東", "長", "兌"})
    EXPECT_FALSE(all.count(traditional)) << traditional;
  for (const auto& c : chars) {
    auto cps = utf8::decode(c);
    ASSERT_EQ(cps.size(), 1u) << c;
    EXPECT_LE(cps[0], 0xFFFFu) << c;
  }
}

TEST(Handwriting, MissingModelIsAnError) {
  auto r = HandwritingRecognizer::open("/nonexistent/model");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "handwriting.model");
}
