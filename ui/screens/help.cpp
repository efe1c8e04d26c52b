// help.cpp — 帮助: how a visit goes, in five steps, what happens to personal data, and where to get help.
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

void draw_help(UiContext& ui) {
  float x = ui.content_x(), w = ui.content_width();
  draw_heading(ui, tr("help.title"), {}, x, w);
  if (ui.begin_scroll("##help", 90)) {
    for (const char* key : {"help.step1", "help.step2", "help.step3", "help.step4", "help.step5"}) {
      wrapped_text(ui.fonts.heading, tr(key), w, theme::kText);
      ImGui::Dummy(ImVec2(1, theme::kGap));
    }
    for (const char* key : {"help.privacy", "help.elder"}) {
      wrapped_text(ui.fonts.body, tr(key), w, theme::kTextMuted);
      ImGui::Dummy(ImVec2(1, theme::kGap));
    }
  }
  ui.end_scroll();
}

}  // namespace zhidui::ui
