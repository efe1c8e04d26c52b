// The on-screen keyboards, headless (ImGui + SDL's software renderer, as ui::App does), driven through
// the kiosk's input layer by widget name: pinyin zhangsan → 张三, handwriting of a drawn 十, the USCC
// keyboard. Each keyboard is also written as a PNG to <build>/test-screens/ for a person to look at.
#include <SDL.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_impl_sdlrenderer.h>
#include <stb_image_write.h>
#include <stdlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/paths.h"
#include "kiosk/input/handwriting.h"
#include "kiosk/input/pinyin_ime.h"
#include "kiosk/strings.h"
#include "ui/fonts.h"
#include "ui/input.h"
#include "ui/keyboards/alnum_keyboard.h"
#include "ui/keyboards/chinese_keyboard.h"
#include "ui/keyboards/handwriting_pad.h"
#include "ui/keyboards/pinyin_keyboard.h"
#include "ui/widgets.h"
#include "zhidui_build_paths.h"

namespace fs = std::filesystem;
using namespace zhidui;
using namespace zhidui::ui;
using namespace zhidui::ui::keyboards;

namespace {

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buf;
  buf << in.rdbuf();
  return nlohmann::json::parse(buf.str());
}

void install_kiosk_and_keyboard_strings() {
  auto s = Strings::load_kiosk(std::string(ZHIDUI_SOURCE_DIR) + "/assets");
  ASSERT_TRUE(s.ok());
  install_strings(std::move(s.value()));
}

std::string make_temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "zhidui-kb-test-XXXXXX").string();
  char* made = mkdtemp(pattern.data());
  return made ? made : "";
}

// ImGui on an SDL software surface with the kiosk's glyph atlas, widget registry and input layer.
class Harness {
 public:
  static constexpr int kWidth = 1080;

  explicit Harness(int height) : height_(height) {
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0");
    EXPECT_EQ(SDL_Init(0), 0);
    surface_ = SDL_CreateRGBSurfaceWithFormat(0, kWidth, height, 32, SDL_PIXELFORMAT_RGBA32);
    renderer_ = SDL_CreateSoftwareRenderer(surface_);
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(float(kWidth), float(height));
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = ImVec2(0, 0);
    style.ItemSpacing = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.Colors[ImGuiCol_WindowBg] = ImVec4(theme::kBackground.r / 255.f, theme::kBackground.g / 255.f,
                                             theme::kBackground.b / 255.f, 1);
    atlas_ = std::make_unique<GlyphAtlas>(paths::cjk_font_path(), paths::cjk_font_index());
    std::vector<std::string> texts;
    for (const auto& [k, v] : strings().all()) texts.push_back(v);
    atlas_->add_texts(texts);
    std::string err;
    EXPECT_TRUE(atlas_->build(&err)) << err;
    ImGui_ImplSDLRenderer_Init(renderer_);
    set_glyph_sink(atlas_.get());
  }
  ~Harness() {
    set_glyph_sink(nullptr);
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui::DestroyContext(ctx_);
    SDL_DestroyRenderer(renderer_);
    SDL_FreeSurface(surface_);
    SDL_Quit();
  }

  // One frame of `draw`, with the glyph atlas grown between frames as ui::App does.
  void frame() {
    if (atlas_->needs_rebuild()) {
      ImGui_ImplSDLRenderer_DestroyFontsTexture();
      std::string err;
      EXPECT_TRUE(atlas_->build(&err)) << err;
      ImGui_ImplSDLRenderer_CreateFontsTexture();
    }
    ImGui::GetIO().DeltaTime = 1.0f / 60;
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui::NewFrame();
    input.apply_to_imgui();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("##keyboard_test", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoScrollWithMouse);
    widgets.begin_frame();
    KeyboardIo io{widgets, atlas_->fonts(), actions};
    draw(io);
    widgets.end_frame();
    ImGui::End();
    ImGui::Render();
    SDL_SetRenderDrawColor(renderer_, theme::kBackground.r, theme::kBackground.g, theme::kBackground.b, 255);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    SDL_RenderPresent(renderer_);
  }
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }
  // Taps the named widget of the last frame at its centre, through the input layer.
  bool tap(const std::string& name) {
    auto r = widgets.find(name);
    if (!r) return false;
    input.pointer_down(r->cx(), r->cy());
    input.pointer_up(r->cx(), r->cy());
    while (input.busy()) frame();
    frame();
    return true;
  }
  void screenshot(const std::string& name) {
    std::string dir = std::string(ZHIDUI_BUILD_DIR) + "/test-screens";
    fs::create_directories(dir);
    std::vector<uint8_t> pixels(size_t(kWidth) * size_t(height_) * 4);
    SDL_LockSurface(surface_);
    for (int y = 0; y < height_; ++y)
      std::memcpy(&pixels[size_t(y) * kWidth * 4], static_cast<uint8_t*>(surface_->pixels) + y * surface_->pitch,
                  size_t(kWidth) * 4);
    SDL_UnlockSurface(surface_);
    for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
    EXPECT_TRUE(stbi_write_png((dir + "/" + name + ".png").c_str(), kWidth, height_, 4, pixels.data(), kWidth * 4));
  }
  // Characters of `text` the atlas cannot draw (they would show as '?').
  std::vector<char32_t> missing_glyphs(const std::string& text) const { return atlas_->missing(text); }

  std::function<void(KeyboardIo&)> draw = [](KeyboardIo&) {};
  WidgetRegistry widgets;
  InputLayer input;
  std::vector<Action> actions;

 private:
  int height_;
  SDL_Surface* surface_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  ImGuiContext* ctx_ = nullptr;
  std::unique_ptr<GlyphAtlas> atlas_;
};

std::vector<std::string> typed(const std::vector<Action>& actions) {
  std::vector<std::string> out;
  for (const auto& a : actions)
    if (auto t = std::get_if<act::TypeText>(&a)) out.push_back(t->text);
  return out;
}
size_t backspaces(const std::vector<Action>& actions) {
  return size_t(std::count_if(actions.begin(), actions.end(),
                              [](const Action& a) { return std::holds_alternative<act::Backspace>(a); }));
}

constexpr float kMargin = 40;

}  // namespace

// --- pinyin --------------------------------------------------------------------------------------------------

class PinyinKeyboardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(make_temp_dir());
    ime_ = new input::PinyinIme(input::PinyinImeOptions{.data_dir = *dir_});
  }
  static void TearDownTestSuite() {
    delete ime_;
    std::error_code ec;
    fs::remove_all(*dir_, ec);
    delete dir_;
  }
  void SetUp() override {
    install_kiosk_and_keyboard_strings();
    ASSERT_EQ(ime_->wait_until_prepared(), input::ImeState::ready) << ime_->error();
    ime_->wipe();
    keyboard = std::make_unique<PinyinKeyboard>(*ime_);
    const float w = Harness::kWidth - 2 * kMargin;
    area = Area{kMargin, kMargin, w, pinyin_keyboard_height(w)};
    harness = std::make_unique<Harness>(int(area.h + 2 * kMargin));
    harness->draw = [this](KeyboardIo& io) {
      if (auto to = draw_pinyin_keyboard(io, *keyboard, area)) switched_to = *to;
    };
    harness->frames(2);
  }
  void tap_all(const std::string& names_prefix, const std::string& letters) {
    for (char c : letters) ASSERT_TRUE(harness->tap(names_prefix + c)) << c;
  }

  static input::PinyinIme* ime_;
  static std::string* dir_;
  std::unique_ptr<PinyinKeyboard> keyboard;
  std::unique_ptr<Harness> harness;
  Area area;
  std::optional<Layout> switched_to;
};
input::PinyinIme* PinyinKeyboardTest::ime_ = nullptr;
std::string* PinyinKeyboardTest::dir_ = nullptr;

TEST_F(PinyinKeyboardTest, TypingZhangsanAndTappingZhangSanTypesZhangSan) {
  tap_all("kb.key.", "zhangsan");
  EXPECT_TRUE(harness->actions.empty()) << "nothing reaches the field while composing";
  EXPECT_EQ(ime_->composition(), "zhang san");
  auto cands = ime_->candidates();
  auto it = std::find_if(cands.begin(), cands.end(), [](const auto& c) { return c.text == "张三"; });
  ASSERT_NE(it, cands.end());
  harness->frames(2);  // candidates drawn with their glyphs
  for (const auto& c : cands) EXPECT_TRUE(harness->missing_glyphs(c.text).empty()) << c.text << " would draw as ?";
  harness->screenshot("keyboard-pinyin");
  ASSERT_TRUE(harness->tap("kb.cand." + std::to_string(it->index)));
  EXPECT_EQ(typed(harness->actions), std::vector<std::string>{"张三"});
  EXPECT_FALSE(ime_->composing());
}

TEST_F(PinyinKeyboardTest, SpaceTakesTheFirstCandidate) {
  tap_all("kb.key.", "hanzi");
  ASSERT_TRUE(harness->tap("kb.key.space"));
  EXPECT_EQ(typed(harness->actions), std::vector<std::string>{"汉字"});
}

TEST_F(PinyinKeyboardTest, PagingKeysShowTheNextPageAndBack) {
  EXPECT_FALSE(harness->widgets.find("kb.page_next")) << "no paging without candidates";
  tap_all("kb.key.", "shi");
  auto first = ime_->candidates();
  ASSERT_TRUE(harness->tap("kb.page_next"));
  EXPECT_EQ(ime_->page(), 1);
  auto second = ime_->candidates();
  ASSERT_FALSE(second.empty());
  EXPECT_NE(second[0].text, first[0].text);
  ASSERT_TRUE(harness->tap("kb.cand.0"));
  EXPECT_EQ(typed(harness->actions), std::vector<std::string>{second[0].text});
}

TEST_F(PinyinKeyboardTest, DeleteEditsTheCompositionFirstThenTheField) {
  tap_all("kb.key.", "ab");
  ASSERT_TRUE(harness->tap("kb.key.backspace"));
  EXPECT_EQ(ime_->composition(), "a");
  EXPECT_EQ(backspaces(harness->actions), 0u);
  ASSERT_TRUE(harness->tap("kb.key.backspace"));
  ASSERT_TRUE(harness->tap("kb.key.backspace"));
  EXPECT_EQ(backspaces(harness->actions), 1u);
}

TEST_F(PinyinKeyboardTest, DigitsAndMiddleDotCommitTheCompositionFirst) {
  tap_all("kb.key.", "1");
  tap_all("kb.key.", "maimaiti");
  auto cands = ime_->candidates();
  ASSERT_FALSE(cands.empty());
  const std::string first = cands[0].text;
  ASSERT_TRUE(harness->tap("kb.key.middle_dot"));
  auto t = typed(harness->actions);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], "1");
  EXPECT_EQ(t[1], first);
  EXPECT_EQ(t[2], "·");
}

TEST_F(PinyinKeyboardTest, SwitchAsksForHandwritingAndKeysAreLargeEnough) {
  ASSERT_TRUE(harness->tap("kb.switch"));
  EXPECT_EQ(switched_to, Layout::handwriting);
  for (const auto& [name, r] : harness->widgets.all()) {
    EXPECT_GE(r.x1 - r.x0, theme::kMinTarget) << name;
    EXPECT_GE(r.y1 - r.y0, theme::kMinTarget) << name;
  }
}

TEST_F(PinyinKeyboardTest, ChineseKeyboardSwitchesBetweenPinyinAndHandwritingAndWipesBackToPinyin) {
  auto recognizer = input::HandwritingRecognizer::open();
  ASSERT_TRUE(recognizer.ok());
  ChineseKeyboard chinese(*ime_, recognizer.value().get());
  harness->draw = [&](KeyboardIo& io) { draw_chinese_keyboard(io, chinese, area, pad_pointer_from_imgui()); };
  harness->frames(2);
  tap_all("kb.key.", "zh");
  ASSERT_TRUE(harness->tap("kb.switch"));
  EXPECT_EQ(chinese.layout(), Layout::handwriting);
  EXPECT_FALSE(ime_->composing()) << "the half-typed pinyin is dropped, not committed";
  EXPECT_TRUE(harness->widgets.find("hw.pad"));
  EXPECT_FALSE(harness->widgets.find("kb.key.a"));
  ASSERT_TRUE(harness->tap("hw.switch"));
  EXPECT_EQ(chinese.layout(), Layout::pinyin);
  chinese.set_layout(Layout::handwriting);
  chinese.wipe();
  EXPECT_EQ(chinese.layout(), Layout::pinyin);
  EXPECT_TRUE(harness->actions.empty());
}

// --- handwriting ------------------------------------------------------------------------------------------

class HandwritingPadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    install_kiosk_and_keyboard_strings();
    auto r = input::HandwritingRecognizer::open();
    ASSERT_TRUE(r.ok());
    recognizer = std::move(r.value());
    pad = std::make_unique<HandwritingPad>(recognizer.get());
    const float w = Harness::kWidth - 2 * kMargin;
    area = Area{kMargin, kMargin, w, handwriting_pad_height(w)};
    harness = std::make_unique<Harness>(int(area.h + 2 * kMargin));
    harness->draw = [this](KeyboardIo& io) {
      PadPointer p = scripted ? *scripted : pad_pointer_from_imgui();
      if (auto to = draw_handwriting_pad(io, *pad, area, p)) switched_to = *to;
    };
    harness->frames(2);
  }
  // Draws the fixture's strokes on the pad, scaled to its size, one point per frame. The pointer comes
  // straight to the pad, as from the input layer's raw pointer (see handwriting_pad.h).
  void draw_fixture(const std::string& name) {
    auto j = read_json(std::string(ZHIDUI_SOURCE_DIR) + "/tests/kiosk/input/fixtures/" + name + ".json");
    auto r = harness->widgets.find("hw.pad");
    ASSERT_TRUE(r);
    const float scale = (r->x1 - r->x0) / j.at("pad_size").get<float>();
    for (const auto& stroke : j.at("strokes")) {
      for (const auto& p : stroke) {
        scripted = PadPointer{r->x0 + p.at(0).get<float>() * scale, r->y0 + p.at(1).get<float>() * scale, true};
        harness->frame();
      }
      scripted->down = false;
      harness->frame();
    }
    scripted.reset();
    harness->frames(2);
  }

  std::unique_ptr<input::HandwritingRecognizer> recognizer;
  std::unique_ptr<HandwritingPad> pad;
  std::unique_ptr<Harness> harness;
  std::optional<PadPointer> scripted;
  Area area;
  std::optional<Layout> switched_to;
};

TEST_F(HandwritingPadTest, DrawnShiIsOfferedAndTappingItTypesIt) {
  draw_fixture("shi");
  EXPECT_EQ(pad->strokes().size(), 2u);
  const auto& cands = pad->candidates();
  auto it = std::find_if(cands.begin(), cands.end(), [](const auto& c) { return c.text == "十"; });
  ASSERT_NE(it, cands.end());
  for (const auto& c : cands) EXPECT_TRUE(harness->missing_glyphs(c.text).empty()) << c.text << " would draw as ?";
  harness->screenshot("keyboard-handwriting");
  ASSERT_TRUE(harness->tap("hw.cand." + std::to_string(it - cands.begin())));
  EXPECT_EQ(typed(harness->actions), std::vector<std::string>{"十"});
  EXPECT_TRUE(pad->strokes().empty()) << "the pad is ready for the next character";
}

TEST_F(HandwritingPadTest, RewriteClearsAndDeleteUndoesAStrokeThenDeletesInTheField) {
  draw_fixture("er");
  ASSERT_EQ(pad->strokes().size(), 2u);
  ASSERT_TRUE(harness->tap("hw.backspace"));
  EXPECT_EQ(pad->strokes().size(), 1u);
  EXPECT_EQ(backspaces(harness->actions), 0u);
  ASSERT_TRUE(harness->tap("hw.clear"));
  EXPECT_TRUE(pad->strokes().empty());
  EXPECT_TRUE(pad->candidates().empty());
  ASSERT_TRUE(harness->tap("hw.backspace"));
  EXPECT_EQ(backspaces(harness->actions), 1u);
  ASSERT_TRUE(harness->tap("hw.switch"));
  EXPECT_EQ(switched_to, Layout::pinyin);
}

TEST_F(HandwritingPadTest, TapsOutsideThePadDrawNothing) {
  ASSERT_TRUE(harness->tap("hw.clear"));
  ASSERT_TRUE(harness->tap("hw.switch"));
  EXPECT_TRUE(pad->strokes().empty());
  pad->wipe();
  EXPECT_TRUE(pad->candidates().empty());
}

// --- USCC letters and digits ------------------------------------------------------------------------------

TEST(AlnumKeyboard, TypesDigitsAndUsccLettersAndHasNoKeyForIOZSV) {
  install_kiosk_and_keyboard_strings();
  const float w = Harness::kWidth - 2 * kMargin;
  Area area{kMargin, kMargin, w, alnum_keyboard_height(w)};
  Harness harness(int(area.h + 2 * kMargin));
  harness.draw = [&](KeyboardIo& io) { draw_alnum_keyboard(io, area); };
  harness.frames(2);
  for (const char* name : {"kb.alnum.9", "kb.alnum.1", "kb.alnum.A", "kb.alnum.Y", "kb.alnum.backspace"})
    ASSERT_TRUE(harness.tap(name)) << name;
  EXPECT_EQ(typed(harness.actions), (std::vector<std::string>{"9", "1", "A", "Y"}));
  EXPECT_EQ(backspaces(harness.actions), 1u);
  for (char c = 'A'; c <= 'Z'; ++c) {
    bool used = kUsccLetters.find(c) != std::string_view::npos;
    EXPECT_EQ(bool(harness.widgets.find(std::string("kb.alnum.") + c)), used) << c;
  }
  EXPECT_EQ(kUsccLetters.size(), 21u);
  for (const auto& [name, r] : harness.widgets.all()) EXPECT_GE(r.y1 - r.y0, theme::kMinTarget) << name;
  harness.screenshot("keyboard-alnum");
}
