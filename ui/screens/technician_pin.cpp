// technician_pin.cpp — the technician's PIN entry, reached by the hidden long press. The PIN is shown
// as dots and typed on the kiosk's own keypad; wrong PINs lock the panel for a growing time.
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

void draw_technician_pin(UiContext& ui) {
  float x = ui.content_x(), w = std::min(ui.content_width(), 720.0f);
  x += (ui.content_width() - w) / 2;
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 20));
  centered_text(ui.fonts.title, tr("tech.pin_title"), w, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 10));
  centered_text(ui.fonts.body, tr("tech.pin_instruction"), w, theme::kTextMuted);

  ImVec2 p(x, ImGui::GetCursorScreenPos().y + 20);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + 100), color(theme::kSurface), 10);
  dl->AddRect(p, ImVec2(p.x + w, p.y + 100), color(theme::kFocus), 10, 0, 3);
  const size_t n = ui.session.pin_length();
  for (size_t i = 0; i < n; ++i)
    dl->AddCircleFilled(ImVec2(p.x + w / 2 - float(n) * 22 + 22 + float(i) * 44, p.y + 50), 12, color(theme::kText));
  ImGui::SetCursorScreenPos(ImVec2(x, p.y + 120));
  if (!ui.session.pin_message().empty()) centered_text(ui.fonts.body, ui.session.pin_message(), w, theme::kError);

  ImGui::SetCursorScreenPos(ImVec2(x, p.y + 190));
  draw_numeric_keypad(ui, w);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + theme::kGap));
  if (button(ui.widgets, "tech.pin_submit", tr("common.confirm"), ui.fonts.heading, ImVec2(w, theme::kButtonHeight),
             ButtonKind::primary))
    ui.actions.push_back(act::PinSubmit{});
}

}  // namespace zhidui::ui
