// pinyin_keyboard.cpp — see pinyin_keyboard.h.
//
// Layout, top to bottom: the composition line with 上一页 / 下一页 at its right, the candidate bar, then
// the key rows on a ten-column grid (digits, q–p, a–l, z–m with 删除, 切换 · 空格).
#include "ui/keyboards/pinyin_keyboard.h"

#include <algorithm>
#include <string>

#include "kiosk/strings.h"
#include "ui/theme.h"

namespace zhidui::ui::keyboards {

namespace {

constexpr float kCompositionRowH = 80.0f;
constexpr float kCandidateRowH = 96.0f;
constexpr float kPreferredKeyH = 88.0f;
constexpr float kPageButtonW = 150.0f;
constexpr float kCandidatePad = 24.0f;

int key_rows(const PinyinKeyboardOptions& o) { return (o.digits_row ? 1 : 0) + 4; }

void emit_text(KeyboardIo& io, std::string text) {
  if (!text.empty()) io.actions.push_back(act::TypeText{std::move(text)});
}

// Digits and the middle dot end a composition first, with its first candidate, so no key is ever dead.
void commit_first_then_type(KeyboardIo& io, input::PinyinIme& ime, const std::string& text) {
  if (ime.composing()) emit_text(io, ime.select(0));
  emit_text(io, text);
}

void draw_composition_row(KeyboardIo& io, input::PinyinIme& ime, const Area& a) {
  const float y = a.y;
  const float text_w = a.w - 2 * (kPageButtonW + kKeyGap) - kKeyGap;
  const float btn_h = std::max(theme::kMinTarget, kCompositionRowH - kKeyGap);
  switch (ime.state()) {
    case input::ImeState::preparing:
      line_text(tr("keyboard.preparing"), io.fonts.body, a.x, y, text_w, btn_h, theme::kTextMuted);
      break;
    case input::ImeState::failed:
      line_text(tr("keyboard.pinyin_unavailable"), io.fonts.body, a.x, y, text_w, btn_h, theme::kWarning);
      break;
    case input::ImeState::ready:
      if (ime.composing()) line_text(ime.composition(), io.fonts.heading, a.x + 8, y, text_w - 8, btn_h, theme::kText);
      else line_text(tr("keyboard.pinyin_hint"), io.fonts.body, a.x, y, text_w, btn_h, theme::kTextMuted);
      break;
  }
  const float prev_x = a.x + a.w - 2 * kPageButtonW - kKeyGap;
  const float next_x = a.x + a.w - kPageButtonW;
  if (ime.has_previous()) {
    if (key(io, "kb.page_prev", tr("keyboard.page_prev"), io.fonts.body, prev_x, y, kPageButtonW, btn_h)) ime.page_up();
  } else {
    inactive_key(tr("keyboard.page_prev"), io.fonts.body, prev_x, y, kPageButtonW, btn_h);
  }
  if (ime.has_more()) {
    if (key(io, "kb.page_next", tr("keyboard.page_next"), io.fonts.body, next_x, y, kPageButtonW, btn_h))
      ime.page_down();
  } else {
    inactive_key(tr("keyboard.page_next"), io.fonts.body, next_x, y, kPageButtonW, btn_h);
  }
}

void draw_candidate_bar(KeyboardIo& io, input::PinyinIme& ime, const Area& a) {
  const float h = kCandidateRowH - kKeyGap;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(a.x, a.y), ImVec2(a.x + a.w, a.y + h), color(theme::kSurface), theme::kRounding);
  auto cands = ime.candidates();
  if (cands.empty()) return;
  // The largest font at which the whole page fits; every candidate of a page must be reachable, or
  // paging would skip it.
  auto widths_for = [&](ImFont* f) {
    std::vector<float> w;
    for (const auto& c : cands) {
      ImVec2 s = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, c.text.c_str());
      w.push_back(std::max(theme::kMinTarget + 16, s.x + 2 * kCandidatePad));
    }
    return w;
  };
  auto total = [](const std::vector<float>& w) {
    float t = 0;
    for (float x : w) t += x + kKeyGap;
    return t - kKeyGap;
  };
  ImFont* font = io.fonts.heading;
  std::vector<float> widths = widths_for(font);
  if (total(widths) > a.w) {
    font = io.fonts.body;
    widths = widths_for(font);
  }
  if (total(widths) > a.w) {
    font = io.fonts.small;
    float each = (a.w - kKeyGap * float(cands.size() - 1)) / float(cands.size());
    widths.assign(cands.size(), each);
  }
  float x = a.x;
  for (size_t i = 0; i < cands.size(); ++i) {
    ButtonKind kind = i == 0 ? ButtonKind::primary : ButtonKind::secondary;  // 空格 takes the first one
    if (key(io, "kb.cand." + std::to_string(cands[i].index), cands[i].text, font, x, a.y, widths[i], h, kind)) {
      emit_text(io, ime.select(cands[i].index));
      return;  // the page is gone; the rest is drawn next frame
    }
    x += widths[i] + kKeyGap;
  }
}

}  // namespace

float pinyin_keyboard_height(float width, const PinyinKeyboardOptions& options) {
  return kCompositionRowH + kCandidateRowH + float(key_rows(options)) * (kPreferredKeyH + kKeyGap);
}

std::optional<Layout> draw_pinyin_keyboard(KeyboardIo& io, PinyinKeyboard& keyboard, const Area& area,
                                           const PinyinKeyboardOptions& options) {
  input::PinyinIme& ime = keyboard.ime();
  std::optional<Layout> switch_to;
  draw_composition_row(io, ime, Area{area.x, area.y, area.w, kCompositionRowH});
  draw_candidate_bar(io, ime, Area{area.x, area.y + kCompositionRowH, area.w, kCandidateRowH});

  const int rows = key_rows(options);
  const float keys_top = area.y + kCompositionRowH + kCandidateRowH;
  const float key_h =
      std::clamp((area.y + area.h - keys_top) / float(rows) - kKeyGap, theme::kMinTarget, kPreferredKeyH);
  const float unit = (area.w + kKeyGap) / 10.0f;  // one key plus its gap on the ten-column grid
  const float key_w = unit - kKeyGap;
  ImFont* kf = io.fonts.heading;
  float y = keys_top;
  auto letter_row = [&](const char* letters, float offset_units) {
    float x = area.x + offset_units * unit;
    for (const char* c = letters; *c; ++c, x += unit) {
      std::string label(1, *c);
      if (key(io, "kb.key." + label, label, kf, x, y, key_w, key_h)) ime.press(*c);
    }
    y += key_h + kKeyGap;
  };

  if (options.digits_row) {
    float x = area.x;
    for (const char* d = "1234567890"; *d; ++d, x += unit) {
      std::string label(1, *d);
      if (key(io, "kb.key." + label, label, kf, x, y, key_w, key_h)) commit_first_then_type(io, ime, label);
    }
    y += key_h + kKeyGap;
  }
  letter_row("qwertyuiop", 0);
  letter_row("asdfghjkl", 0.5f);
  {
    // z–m in the middle, 删除 on the right, as on any phone.
    float row_y = y;
    letter_row("zxcvbnm", 1.5f);
    if (key(io, "kb.key.backspace", tr("keyboard.delete"), io.fonts.body, area.x + 8.5f * unit, row_y,
            1.5f * unit - kKeyGap, key_h)) {
      if (!ime.backspace()) io.actions.push_back(act::Backspace{});
    }
  }
  {
    float x = area.x;
    if (options.offer_handwriting) {
      if (key(io, "kb.switch", tr("keyboard.switch"), io.fonts.body, x, y, 2.5f * unit - kKeyGap, key_h,
              ButtonKind::secondary, tr("keyboard.to_handwriting")))
        switch_to = Layout::handwriting;
      x += 2.5f * unit;
    }
    if (key(io, "kb.key.middle_dot", "·", kf, x, y, 1.5f * unit - kKeyGap, key_h))
      commit_first_then_type(io, ime, "·");
    x += 1.5f * unit;
    if (key(io, "kb.key.space", tr("keyboard.space"), io.fonts.body, x, y, area.x + area.w - x, key_h)) {
      if (ime.composing()) emit_text(io, ime.select(0));
      else emit_text(io, " ");
    }
  }
  return switch_to;
}

}  // namespace zhidui::ui::keyboards
