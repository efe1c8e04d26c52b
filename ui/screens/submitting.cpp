// submitting.cpp — shown while the store commits the application: no way out until COMMIT returns, so
// that "submitted" is never shown for something that was not saved.
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

void draw_submitting(UiContext& ui) {
  float x = ui.content_x(), w = ui.content_width();
  ImGui::SetCursorScreenPos(ImVec2(x, ui.height * 0.35f));
  centered_text(ui.fonts.title, tr("submitting.title"), w, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 30));
  centered_text(ui.fonts.body, tr("submitting.instruction"), w, theme::kTextMuted);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float cx = x + w / 2, cy = ImGui::GetCursorScreenPos().y + 120;
  float a0 = float(ui.now_ms % 1000) / 1000.0f * 6.2832f;
  dl->PathArcTo(ImVec2(cx, cy), 50, a0, a0 + 4.5f, 32);
  dl->PathStroke(color(theme::kPrimary), 0, 10);
}

}  // namespace zhidui::ui
