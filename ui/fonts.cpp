// fonts.cpp — see fonts.h.
#include "ui/fonts.h"

#include <cstdio>

#include "base/log.h"
#include "base/utf8.h"
#include "ui/theme.h"

namespace zhidui::ui {
namespace {

void add_range(std::set<char32_t>& out, char32_t from, char32_t to) {
  for (char32_t c = from; c <= to; ++c) out.insert(c);
}

}  // namespace

GlyphAtlas::GlyphAtlas(std::string font_path, int font_index)
    : font_path_(std::move(font_path)), font_index_(font_index) {
  add_range(wanted_, 0x20, 0x7E);      // ASCII
  add_range(wanted_, 0x3000, 0x3011);  // CJK punctuation 、。〈〉《》「」『』【】
  add_range(wanted_, 0xFF01, 0xFF5E);  // full-width forms ，：；？！（）
  for (char32_t c : U"·—…‘’“”￥×÷●○✓") wanted_.insert(c);
  wanted_.erase(U'\0');
}

void GlyphAtlas::add_texts(const std::vector<std::string>& texts) {
  for (const auto& t : texts)
    for (char32_t c : utf8::decode(t))
      if (c >= 0x20 && c <= 0xFFFF) wanted_.insert(c);
}

bool GlyphAtlas::build(std::string* error) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ranges_.clear();
  // Ranges are pairs [first, last]; consecutive code points are merged into one pair.
  for (char32_t c : wanted_) {
    if (!ranges_.empty() && ranges_.back() + 1 == ImWchar(c)) ranges_.back() = ImWchar(c);
    else {
      ranges_.push_back(ImWchar(c));
      ranges_.push_back(ImWchar(c));
    }
  }
  ranges_.push_back(0);

  // One copy of the font file serves all eight sizes (standard and 长辈模式): ImGui 1.86 would copy the
  // whole 19 MB .ttc for each AddFont unless the atlas owns the data, so the atlas is handed ownership of
  // a single buffer and all but the first config forget the pointer before ClearInputData() frees it.
  std::FILE* file = std::fopen(font_path_.c_str(), "rb");
  if (!file) {
    if (error) *error = "cannot open font " + font_path_;
    return false;
  }
  std::fseek(file, 0, SEEK_END);
  long file_size = std::ftell(file);
  std::fseek(file, 0, SEEK_SET);
  void* data = file_size > 0 ? IM_ALLOC(size_t(file_size)) : nullptr;
  bool read_ok = data && std::fread(data, 1, size_t(file_size), file) == size_t(file_size);
  std::fclose(file);
  if (!read_ok) {
    if (data) IM_FREE(data);
    if (error) *error = "cannot read font " + font_path_;
    return false;
  }

  ImFontConfig cfg;
  cfg.FontNo = font_index_;
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  cfg.FontDataOwnedByAtlas = true;
  ImFont** slots[] = {&fonts_.small,       &fonts_.body,       &fonts_.heading,       &fonts_.title,
                      &elder_fonts_.small, &elder_fonts_.body, &elder_fonts_.heading, &elder_fonts_.title};
  const theme::Sizes& a = theme::kStandardSizes;
  const theme::Sizes& b = theme::kElderSizes;
  const float sizes[] = {a.font_small, a.font_body, a.font_heading, a.font_title,
                         b.font_small, b.font_body, b.font_heading, b.font_title};
  for (int i = 0; i < 8; ++i)
    *slots[i] = io.Fonts->AddFontFromMemoryTTF(data, int(file_size), sizes[i], &cfg, ranges_.data());
  bool built = io.Fonts->Build();
  for (int i = 1; i < io.Fonts->ConfigData.Size; ++i) io.Fonts->ConfigData[i].FontData = nullptr;
  io.Fonts->ClearInputData();  // frees the single buffer
  if (!built) {
    if (error) *error = "font atlas build failed (font unreadable, or texture too large)";
    return false;
  }
  io.FontDefault = fonts_.body;
  dirty_ = false;
  return true;
}

void GlyphAtlas::ensure_glyphs(std::string_view text) {
  if (!fonts_.body) return;
  // Kept in memory only: run-time characters come from names, addresses and typing, and a rare one can
  // point to a person, so they are not remembered across runs (the next start rebuilds once more).
  for (char32_t c : utf8::decode(text)) {
    if (c < 0x20 || c > 0xFFFF || wanted_.count(c)) continue;
    wanted_.insert(c);
    dirty_ = true;
  }
}

std::vector<char32_t> GlyphAtlas::missing(std::string_view text) const {
  std::vector<char32_t> out;
  for (char32_t c : utf8::decode(text)) {
    if (c == U'\n' || c == U'\t') continue;
    if (c > 0xFFFF || !fonts_.body || !fonts_.body->FindGlyphNoFallback(ImWchar(c))) out.push_back(c);
  }
  return out;
}

size_t GlyphAtlas::glyph_count() const { return fonts_.body ? size_t(fonts_.body->Glyphs.Size) : 0; }

}  // namespace zhidui::ui
