// Pinyin input with librime: zhangsan → 张三, paging, backspace, Simplified output, the BMP filter,
// wiping, and preparing rime's data in the kiosk's own folder (first start compiles, later starts reuse).
#include <gtest/gtest.h>
#include <rime_api.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>

#include "kiosk/input/pinyin_ime.h"

namespace fs = std::filesystem;
using namespace zhidui::input;

namespace {

std::string make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "zhidui-ime-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return made ? made : "";
}

void type(PinyinIme& ime, const std::string& letters) {
  for (char c : letters) ASSERT_TRUE(ime.press(c)) << "letter " << c;
}

std::vector<std::string> texts(const std::vector<PinyinCandidate>& cands) {
  std::vector<std::string> out;
  for (const auto& c : cands) out.push_back(c.text);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

// One engine for the suite: rime's state is process-wide, and deploying once keeps the suite quick.
class PinyinImeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(make_temp_dir());
    ime_ = new PinyinIme(PinyinImeOptions{.data_dir = *dir_});
  }
  static void TearDownTestSuite() {
    delete ime_;
    ime_ = nullptr;
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  void SetUp() override {
    ASSERT_EQ(ime_->wait_until_prepared(), ImeState::ready) << ime_->error();
    ime_->clear();
  }
  static PinyinIme* ime_;
  static std::string* dir_;
};
PinyinIme* PinyinImeTest::ime_ = nullptr;
std::string* PinyinImeTest::dir_ = nullptr;

TEST_F(PinyinImeTest, ZhangsanOffersZhangSanOnTheFirstPageAndSelectingItCommitsIt) {
  type(*ime_, "zhangsan");
  EXPECT_TRUE(ime_->composing());
  EXPECT_EQ(ime_->composition(), "zhang san");
  auto cands = ime_->candidates();
  ASSERT_FALSE(cands.empty());
  auto it = std::find_if(cands.begin(), cands.end(), [](const PinyinCandidate& c) { return c.text == "张三"; });
  ASSERT_NE(it, cands.end()) << "first page: " << ::testing::PrintToString(texts(cands));
  EXPECT_EQ(ime_->select(it->index), "张三");
  EXPECT_FALSE(ime_->composing());
  EXPECT_TRUE(ime_->candidates().empty());
}

TEST_F(PinyinImeTest, CandidateIndicesAreOnePerPosition) {
  type(*ime_, "shi");
  auto cands = ime_->candidates();
  ASSERT_EQ(cands.size(), 6u);
  for (size_t i = 0; i < cands.size(); ++i) EXPECT_EQ(cands[i].index, int(i));
}

TEST_F(PinyinImeTest, OutputIsSimplifiedChinese) {
  type(*ime_, "guo");
  auto guo = texts(ime_->candidates());
  EXPECT_TRUE(contains(guo, "国")) << ::testing::PrintToString(guo);
  EXPECT_FALSE(contains(guo, "國"));
  ime_->clear();
  type(*ime_, "hanzi");
  EXPECT_EQ(texts(ime_->candidates()).front(), "汉字");
}

TEST_F(PinyinImeTest, PagingMovesThroughDistinctPagesAndBack) {
  type(*ime_, "shi");
  auto first = texts(ime_->candidates());
  EXPECT_FALSE(ime_->has_previous());
  ASSERT_TRUE(ime_->has_more());
  ime_->page_down();
  EXPECT_EQ(ime_->page(), 1);
  EXPECT_TRUE(ime_->has_previous());
  auto second = texts(ime_->candidates());
  ASSERT_FALSE(second.empty());
  for (const auto& s : second) EXPECT_FALSE(contains(first, s)) << s << " is on both pages";
  // Selecting on page two commits that page's candidate.
  ime_->page_up();
  EXPECT_EQ(texts(ime_->candidates()), first);
  ime_->page_down();
  EXPECT_EQ(ime_->select(0), second[0]);
}

TEST_F(PinyinImeTest, PagingStopsAtTheLastPage) {
  type(*ime_, "zhangsan");
  int pages = 1;
  while (ime_->has_more() && pages < 500) {
    ime_->page_down();
    ++pages;
  }
  EXPECT_LT(pages, 500);
  int last = ime_->page();
  ime_->page_down();  // past the end: stays
  EXPECT_EQ(ime_->page(), last);
  EXPECT_FALSE(ime_->candidates().empty());
}

TEST_F(PinyinImeTest, BackspaceEditsTheCompositionThenReportsNothingLeft) {
  type(*ime_, "zhangsanx");
  ASSERT_TRUE(ime_->backspace());
  EXPECT_EQ(ime_->composition(), "zhang san");
  EXPECT_TRUE(contains(texts(ime_->candidates()), "张三"));
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(ime_->backspace()) << i;
  EXPECT_FALSE(ime_->composing());
  EXPECT_TRUE(ime_->candidates().empty());
  EXPECT_FALSE(ime_->backspace()) << "with nothing composed, backspace belongs to the field";
}

TEST_F(PinyinImeTest, RefusesWhatIsNotALowercaseLetter) {
  EXPECT_FALSE(ime_->press('1'));
  EXPECT_FALSE(ime_->press('A'));
  EXPECT_FALSE(ime_->press(' '));
  EXPECT_FALSE(ime_->composing());
}

TEST_F(PinyinImeTest, SelectingAPartialCandidateKeepsComposingTheRest) {
  type(*ime_, "zhangsanfeng");
  auto cands = ime_->candidates();
  auto it = std::find_if(cands.begin(), cands.end(), [](const PinyinCandidate& c) { return c.text == "张三"; });
  if (it == cands.end()) GTEST_SKIP() << "rime offers the whole phrase first: " << ::testing::PrintToString(texts(cands));
  EXPECT_EQ(ime_->select(it->index), "");
  EXPECT_TRUE(ime_->composing());
  EXPECT_EQ(ime_->composition().rfind("张三", 0), 0u) << ime_->composition();
  auto rest = ime_->candidates();
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(ime_->select(0), "张三" + rest[0].text);
}

TEST_F(PinyinImeTest, CandidatesOutsideTheBmpAreNeverOffered) {
  // Rime itself offers characters beyond U+FFFF for "zhang" (CJK Extension B and later)…
  RimeApi* rime = rime_get_api();
  RimeSessionId raw = rime->create_session();
  ASSERT_TRUE(rime->select_schema(raw, "luna_pinyin_simp"));
  ASSERT_TRUE(rime->simulate_key_sequence(raw, "zhang"));
  size_t rime_total = 0, rime_bmp = 0;
  RimeCandidateListIterator it{};
  ASSERT_TRUE(rime->candidate_list_begin(raw, &it));
  while (rime->candidate_list_next(&it)) {
    ++rime_total;
    if (is_bmp_text(it.candidate.text)) ++rime_bmp;
  }
  rime->candidate_list_end(&it);
  rime->destroy_session(raw);
  ASSERT_LT(rime_bmp, rime_total) << "the test needs an input for which rime offers non-BMP characters";

  // …the engine offers exactly the BMP ones, page by page.
  type(*ime_, "zhang");
  size_t offered = 0;
  for (int guard = 0; guard < 1000; ++guard) {
    for (const auto& c : ime_->candidates()) {
      EXPECT_TRUE(is_bmp_text(c.text)) << c.text;
      ++offered;
    }
    if (!ime_->has_more()) break;
    ime_->page_down();
  }
  EXPECT_EQ(offered, rime_bmp);
}

TEST_F(PinyinImeTest, WipeForgetsTheCompositionAndTypingWorksAfterwards) {
  type(*ime_, "zhangsan");
  ime_->wipe();
  EXPECT_FALSE(ime_->composing());
  EXPECT_EQ(ime_->composition(), "");
  EXPECT_TRUE(ime_->candidates().empty());
  type(*ime_, "lisi");
  EXPECT_TRUE(contains(texts(ime_->candidates()), "李四"));
}

TEST(IsBmpText, AcceptsBmpAndRejectsAstralOrInvalidText) {
  EXPECT_TRUE(is_bmp_text("张三"));
  EXPECT_TRUE(is_bmp_text("a"));
  EXPECT_FALSE(is_bmp_text("𠀀"));
  EXPECT_FALSE(is_bmp_text("张𠀀"));
  EXPECT_FALSE(is_bmp_text("\xff"));
  EXPECT_FALSE(is_bmp_text(""));
}

// --- preparing rime's data (each test owns the one engine of the process while it runs) ------------------

TEST(PinyinImeDeploy, FirstStartCompilesIntoTheDataFolderAndLaterStartsReuseIt) {
  std::string dir = make_temp_dir();
  {
    PinyinIme first(PinyinImeOptions{.data_dir = dir});
    ASSERT_EQ(first.wait_until_prepared(), ImeState::ready) << first.error();
    EXPECT_TRUE(first.deployed_data());
    EXPECT_EQ(first.rime_dir(), dir + "/rime");
    EXPECT_TRUE(fs::exists(dir + "/rime/build/luna_pinyin_simp.prism.bin"));
    EXPECT_TRUE(fs::exists(dir + "/rime/build/luna_pinyin_simp.schema.yaml"));
    type(first, "zhangsan");
    EXPECT_EQ(first.select(0), "张三");
  }
  auto compiled_at = fs::last_write_time(dir + "/rime/build/luna_pinyin_simp.prism.bin");
  {
    PinyinIme warm(PinyinImeOptions{.data_dir = dir});
    ASSERT_EQ(warm.wait_until_prepared(), ImeState::ready) << warm.error();
    EXPECT_FALSE(warm.deployed_data()) << "a second start must reuse the compiled data";
    type(warm, "zhangsan");
    EXPECT_TRUE(contains(texts(warm.candidates()), "张三"));
  }
  EXPECT_EQ(fs::last_write_time(dir + "/rime/build/luna_pinyin_simp.prism.bin"), compiled_at);
  // Nothing typed is learnt: no user dictionary appears.
  for (const auto& e : fs::recursive_directory_iterator(dir))
    EXPECT_EQ(e.path().string().find("userdb"), std::string::npos) << e.path();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST(PinyinImeDeploy, MissingSchemaDataFailsWithoutBlockingAndRefusesInput) {
  std::string dir = make_temp_dir();
  {
    PinyinIme ime(PinyinImeOptions{.data_dir = dir, .shared_data_dir = dir + "/nowhere"});
    EXPECT_EQ(ime.wait_until_prepared(), ImeState::failed);
    EXPECT_NE(ime.error().find("luna_pinyin"), std::string::npos) << ime.error();
    EXPECT_FALSE(ime.press('a'));
    EXPECT_TRUE(ime.candidates().empty());
    EXPECT_EQ(ime.select(0), "");
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
