// out_of_service.cpp — 暂停服务: shown when the kiosk cannot serve anyone (required devices failed,
// configuration broken); it points people to a staffed counter.
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

void draw_out_of_service(UiContext& ui) {
  float x = ui.content_x(), w = ui.content_width();
  ImGui::SetCursorScreenPos(ImVec2(x, ui.height * 0.35f));
  centered_text(ui.fonts.title, tr("out_of_service.title"), w, theme::kError);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 30));
  centered_text(ui.fonts.heading, tr("out_of_service.instruction"), w, theme::kText);
}

}  // namespace zhidui::ui
