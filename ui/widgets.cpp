// widgets.cpp — see widgets.h.
#include "ui/widgets.h"

#include "base/line_break.h"
#include "ui/fonts.h"

namespace zhidui::ui {

namespace {
GlyphAtlas* g_glyph_sink = nullptr;
}

void set_glyph_sink(GlyphAtlas* atlas) { g_glyph_sink = atlas; }
void note_text(std::string_view text) {
  if (g_glyph_sink) g_glyph_sink->ensure_glyphs(text);
}

void WidgetRegistry::record(const std::string& name, const ImVec2& min, const ImVec2& max) {
  current_[name] = {min.x, min.y, max.x, max.y};
}

std::optional<WidgetRect> WidgetRegistry::find(const std::string& name) const {
  auto it = last_.find(name);
  if (it == last_.end()) return std::nullopt;
  return it->second;
}

ImU32 color(theme::Rgb c, float alpha) { return IM_COL32(c.r, c.g, c.b, int(alpha * 255)); }

bool button(WidgetRegistry& reg, const std::string& name, std::string_view label, ImFont* font, ImVec2 size,
            ButtonKind kind, std::string_view sublabel, ImFont* subfont) {
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::PushID(name.c_str());
  bool clicked = ImGui::InvisibleButton("##b", size);
  bool held = ImGui::IsItemActive();
  ImGui::PopID();
  ImVec2 max(pos.x + size.x, pos.y + size.y);
  // Record only what is visible inside the current clip rectangle (scrolled-away items are not tappable).
  ImVec2 cmin = ImGui::GetWindowDrawList()->GetClipRectMin(), cmax = ImGui::GetWindowDrawList()->GetClipRectMax();
  if (pos.y >= cmin.y - 1 && max.y <= cmax.y + 1) reg.record(name, pos, max);

  theme::Rgb bg, fg;
  switch (kind) {
    case ButtonKind::primary:
      bg = held ? theme::kPrimaryPressed : theme::kPrimary;
      fg = theme::kTextOnPrimary;
      break;
    case ButtonKind::accent:
      bg = held ? theme::kAccentPressed : theme::kAccent;
      fg = theme::kTextOnPrimary;
      break;
    case ButtonKind::secondary:
      bg = held ? theme::kSecondaryPressed : theme::kSecondaryButton;
      fg = theme::kText;
      break;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(pos, max, color(bg), theme::kRounding);
  if (kind == ButtonKind::secondary) dl->AddRect(pos, max, color(theme::kBorder), theme::kRounding, 0, 2.0f);

  note_text(label);
  note_text(sublabel);
  ImVec2 ls = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label.data(), label.data() + label.size());
  float total_h = ls.y;
  ImVec2 ss(0, 0);
  if (!sublabel.empty() && subfont) {
    ss = subfont->CalcTextSizeA(subfont->FontSize, FLT_MAX, 0, sublabel.data(), sublabel.data() + sublabel.size());
    total_h += ss.y + 6;
  }
  float y = pos.y + (size.y - total_h) / 2;
  dl->AddText(font, font->FontSize, ImVec2(pos.x + (size.x - ls.x) / 2, y), color(fg), label.data(),
              label.data() + label.size());
  if (!sublabel.empty() && subfont) {
    dl->AddText(subfont, subfont->FontSize, ImVec2(pos.x + (size.x - ss.x) / 2, y + ls.y + 6), color(fg, 0.9f),
                sublabel.data(), sublabel.data() + sublabel.size());
  }
  return clicked;
}

namespace {
float wrapped_lines(ImFont* font, std::string_view text, float width, theme::Rgb colour, bool centred) {
  note_text(text);
  auto width_of = [font](char32_t c) { return c > 0xFFFF ? font->FontSize : font->GetCharAdvance(ImWchar(c)); };
  auto lines = break_lines(text, width, width_of);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  float line_h = font->FontSize * 1.35f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t i = 0; i < lines.size(); ++i) {
    float x = pos.x;
    if (centred) x += (width - font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, lines[i].c_str()).x) / 2;
    dl->AddText(font, font->FontSize, ImVec2(x, pos.y + float(i) * line_h), color(colour), lines[i].c_str());
  }
  float h = float(lines.size()) * line_h;
  ImGui::Dummy(ImVec2(width, h));
  return h;
}
}  // namespace

float wrapped_text(ImFont* font, std::string_view text, float width, theme::Rgb colour) {
  return wrapped_lines(font, text, width, colour, false);
}
float wrapped_text_centered(ImFont* font, std::string_view text, float width, theme::Rgb colour) {
  return wrapped_lines(font, text, width, colour, true);
}

void verdict_panel(ImFont* heading_font, ImFont* body_font, std::string_view heading, theme::Rgb accent,
                   const std::vector<std::string>& lines, std::string_view next, float width) {
  // The box's height is known only once its text is laid out: text on channel 1, box behind it on 0.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float inner = width - 48;
  auto indent = [&](float extra) { ImGui::SetCursorScreenPos(ImVec2(top.x + 24, ImGui::GetCursorScreenPos().y + extra)); };
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(top.x + 24, top.y + 18));
  wrapped_text(heading_font, heading, inner, accent);
  for (const std::string& line : lines) {
    indent(0);
    wrapped_text(body_font, "· " + line, inner, theme::kText);
  }
  if (!next.empty()) {
    indent(6);
    wrapped_text(body_font, next, inner, theme::kTextMuted);
  }
  const float bottom = ImGui::GetCursorScreenPos().y + 18;
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(top, ImVec2(top.x + width, bottom), color(theme::kSurface), theme::kRounding);
  dl->AddRectFilled(top, ImVec2(top.x + 10, bottom), color(accent), theme::kRounding, ImDrawFlags_RoundCornersLeft);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(ImVec2(top.x, bottom));
}

void text(ImFont* font, std::string_view s, theme::Rgb colour) {
  note_text(s);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size());
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, pos, color(colour), s.data(), s.data() + s.size());
  ImGui::Dummy(size);
}

void centered_text(ImFont* font, std::string_view s, float width, theme::Rgb colour) {
  note_text(s);
  ImVec2 pos = ImGui::GetCursorScreenPos();
  ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size());
  ImGui::GetWindowDrawList()->AddText(font, font->FontSize, ImVec2(pos.x + (width - size.x) / 2, pos.y),
                                      color(colour), s.data(), s.data() + s.size());
  ImGui::Dummy(ImVec2(width, size.y));
}

void drag_scroll(float delta, float origin_x, float origin_y, bool dragging) {
  if (!dragging || delta == 0) return;
  ImVec2 wmin = ImGui::GetWindowPos();
  ImVec2 wsize = ImGui::GetWindowSize();
  if (origin_x < wmin.x || origin_x > wmin.x + wsize.x || origin_y < wmin.y || origin_y > wmin.y + wsize.y) return;
  ImGui::SetScrollY(ImGui::GetScrollY() + delta);
}

}  // namespace zhidui::ui
