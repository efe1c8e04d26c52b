// identify.cpp — "please place your ID card": an animated prompt, and every reader problem explained
// in plain Chinese (place the card flat, card not recognised, reader unavailable).
#include <cmath>

#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

void draw_identify(UiContext& ui) {
  float x = ui.content_x(), w = ui.content_width();
  float y = ImGui::GetCursorScreenPos().y + 40;
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  centered_text(ui.fonts.title, tr("identify.title"), w, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 20));
  wrapped_text(ui.fonts.body, tr("identify.instruction"), w, theme::kTextMuted);

  // The card gliding down onto the reader, once a second and a half.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float cx = x + w / 2, top = ImGui::GetCursorScreenPos().y + 60;
  float reader_y = top + 360;
  dl->AddRectFilled(ImVec2(cx - 260, reader_y), ImVec2(cx + 260, reader_y + 70), color(theme::kHeader), 18);
  float phase = float(ui.now_ms % 1500) / 1500.0f;
  float card_y = top + phase * 200;
  float cw = 300, ch = cw * 0.63f;
  dl->AddRectFilled(ImVec2(cx - cw / 2, card_y), ImVec2(cx + cw / 2, card_y + ch), color(theme::kSurface), 14);
  dl->AddRect(ImVec2(cx - cw / 2, card_y), ImVec2(cx + cw / 2, card_y + ch), color(theme::kPrimary), 14, 0, 4);
  dl->AddRectFilled(ImVec2(cx + cw * 0.12f, card_y + ch * 0.2f), ImVec2(cx + cw * 0.4f, card_y + ch * 0.75f),
                    color(theme::kSecondaryPressed), 6);

  ImGui::SetCursorScreenPos(ImVec2(x, reader_y + 130));
  const char* key = nullptr;
  theme::Rgb c = theme::kError;
  switch (ui.session.reader_prompt()) {
    case ReaderPrompt::waiting: key = nullptr; break;
    case ReaderPrompt::misplaced: key = "identify.misplaced"; break;
    case ReaderPrompt::unrecognised: key = "identify.unrecognised"; break;
    case ReaderPrompt::unavailable: key = "identify.unavailable"; break;
  }
  if (key) {
    float h = wrapped_text(ui.fonts.heading, tr(key), w, c);
    (void)h;
  }
}

}  // namespace zhidui::ui
