// identify.cpp — "please place your ID card": an animated prompt, and every reader problem explained
// in plain Chinese (place the card flat, card not recognised, reader unavailable). In an enterprise
// journey it asks for the legal representative's or the 经办人's card, and shows the platform's check.
#include <algorithm>
#include <cmath>

#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
const char* title_key(const Session& s) {
  if (s.journey() != Journey::enterprise) return "identify.title";
  return s.role() == RepresentativeRole::legal_representative ? "identify.legal_rep_title" : "identify.enterprise_title";
}

// The card gliding down onto the reader, once every second and a half.
void draw_card_animation(UiContext& ui, float cx, float top) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The reader sits 360 px below the start, or higher when the footer is nearer (landscape 长辈模式).
  const float reader_y = std::min(top + 360, ui.height - theme::kFooterHeight - theme::kGap - 70);
  dl->AddRectFilled(ImVec2(cx - 260, reader_y), ImVec2(cx + 260, reader_y + 70), color(theme::kHeader), 18);
  const float cw = 300, ch = cw * 0.63f;
  float phase = float(ui.now_ms % 1500) / 1500.0f;
  float card_y = top + phase * std::max(0.0f, reader_y - 160 - top);
  dl->AddRectFilled(ImVec2(cx - cw / 2, card_y), ImVec2(cx + cw / 2, card_y + ch), color(theme::kSurface), 14);
  dl->AddRect(ImVec2(cx - cw / 2, card_y), ImVec2(cx + cw / 2, card_y + ch), color(theme::kPrimary), 14, 0, 4);
  dl->AddRectFilled(ImVec2(cx + cw * 0.12f, card_y + ch * 0.2f), ImVec2(cx + cw * 0.4f, card_y + ch * 0.75f),
                    color(theme::kSecondaryPressed), 6);
}
}  // namespace

void draw_identify(UiContext& ui) {
  const Session& s = ui.session;
  float x = ui.content_x(), w = ui.content_width();
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 40));
  const bool unavailable = s.reader_prompt() == ReaderPrompt::unavailable;
  const bool checking = s.representative_check() == RepresentativeCheck::checking;
  // With the reader unusable, asking for a card would send the person looking for a slot that does
  // not work: only the problem and what to do are shown.
  draw_heading(ui, tr(title_key(s)), unavailable ? std::string_view{} : tr("identify.instruction"), x, w, true);

  const char* key = nullptr;
  theme::Rgb colour = theme::kError;
  if (checking) {
    key = "enterprise.rep_checking";
    colour = theme::kText;
  } else {
    switch (s.reader_prompt()) {
      case ReaderPrompt::waiting: break;
      case ReaderPrompt::misplaced: key = "identify.misplaced"; break;
      case ReaderPrompt::unrecognised: key = "identify.unrecognised"; break;
      case ReaderPrompt::unavailable: key = "identify.unavailable"; break;
    }
  }

  // Portrait: a prompt under the animation. Landscape (too short for both, above all in 长辈模式): the
  // animation on the left and the prompt beside it; with nothing to say, the animation stays centred.
  const float top = ImGui::GetCursorScreenPos().y + 40;
  const bool animated = !unavailable && !checking;
  const bool beside = animated && key && !ui.portrait();
  if (animated) draw_card_animation(ui, beside ? ui.width * 0.3f : x + w / 2, top);
  if (beside) {
    x = ui.width * 0.5f;
    w = ui.width * 0.45f;
  }
  ImGui::SetCursorScreenPos(ImVec2(x, !animated ? top : (beside ? top + 120 : top + 490)));
  if (key) wrapped_text_centered(ui.fonts.heading, tr(key), w, colour);
}

}  // namespace zhidui::ui
