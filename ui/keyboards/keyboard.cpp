// keyboard.cpp — see keyboard.h.
#include "ui/keyboards/keyboard.h"

#include "ui/screen.h"

namespace zhidui::ui::keyboards {

KeyboardIo keyboard_io(UiContext& ui) { return KeyboardIo{ui.widgets, ui.fonts, ui.actions}; }

bool key(KeyboardIo& io, const std::string& name, std::string_view label, ImFont* font, float x, float y, float w,
         float h, ButtonKind kind, std::string_view sublabel) {
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  return button(io.widgets, name, label, font, ImVec2(w, h), kind, sublabel, sublabel.empty() ? nullptr : io.fonts.small);
}

void inactive_key(std::string_view label, ImFont* font, float x, float y, float w, float h) {
  note_text(label);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), color(theme::kFieldReadOnly), theme::kRounding);
  dl->AddRect(ImVec2(x, y), ImVec2(x + w, y + h), color(theme::kBorder), theme::kRounding, 0, 2.0f);
  ImVec2 ls = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, label.data(), label.data() + label.size());
  dl->AddText(font, font->FontSize, ImVec2(x + (w - ls.x) / 2, y + (h - ls.y) / 2), color(theme::kTextMuted, 0.6f),
              label.data(), label.data() + label.size());
}

void line_text(std::string_view text, ImFont* font, float x, float y, float w, float h, theme::Rgb colour) {
  note_text(text);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec4 clip(x, y, x + w, y + h);
  dl->AddText(font, font->FontSize, ImVec2(x, y + (h - font->FontSize) / 2), color(colour), text.data(),
              text.data() + text.size(), 0.0f, &clip);
}

}  // namespace zhidui::ui::keyboards
