// home.cpp — the home / attract screen: the five entries, and the hints that presenting an ID card
// starts a citizen session directly and that a licence or receipt QR can be scanned (the session
// reacts to the card and scanner events; nothing to tap).
#include <algorithm>

#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
// A simple ID-card pictogram, so the hint is understood without reading.
void draw_card_icon(ImDrawList* dl, ImVec2 p, float w) {
  float h = w * 0.63f;
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), color(theme::kSurface), 12);
  dl->AddRect(p, ImVec2(p.x + w, p.y + h), color(theme::kPrimary), 12, 0, 4);
  dl->AddRectFilled(ImVec2(p.x + w * 0.64f, p.y + h * 0.2f), ImVec2(p.x + w * 0.9f, p.y + h * 0.75f),
                    color(theme::kSecondaryPressed), 6);
  for (int i = 0; i < 3; ++i)
    dl->AddRectFilled(ImVec2(p.x + w * 0.1f, p.y + h * (0.25f + 0.18f * float(i))),
                      ImVec2(p.x + w * 0.55f, p.y + h * (0.25f + 0.18f * float(i)) + 10), color(theme::kBorder), 4);
}
}  // namespace

void draw_home(UiContext& ui) {
  float x = ui.content_x(), w = ui.content_width();
  float y = ImGui::GetCursorScreenPos().y + (ui.portrait() ? 60 : 10);
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  centered_text(ui.fonts.title, tr("home.title"), w, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
  centered_text(ui.fonts.body, tr("home.subtitle"), w, theme::kTextMuted);
  y = ImGui::GetCursorScreenPos().y + (ui.portrait() ? 70 : 30);

  // The main entry is the largest target; the others share a grid below it (portrait) or beside it
  // (landscape, where the height is short and 长辈模式's larger targets would not fit one under another).
  const bool beside = !ui.portrait();
  const float cell_h = ui.portrait() ? 190 : (ui.session.elder_mode() ? 180 : 130);
  const float row_w = beside ? std::min(ui.width - 2 * theme::kMargin, 1500.0f) : w;
  const float row_x = (ui.width - row_w) / 2;
  const float big_w = beside ? (row_w - theme::kGap) * 0.42f : w;
  const float big_h = beside ? 2 * cell_h + theme::kGap : 260;
  ImGui::SetCursorScreenPos(ImVec2(row_x, y));
  if (button(ui.widgets, "home.citizen", tr("home.citizen"), ui.fonts.title, ImVec2(big_w, big_h), ButtonKind::accent,
             tr("home.card_hint"), ui.fonts.body))
    ui.actions.push_back(act::StartCitizen{});
  const float grid_x = beside ? row_x + big_w + theme::kGap : row_x;
  const float grid_w = beside ? row_w - big_w - theme::kGap : w;
  if (!beside) y += big_h + theme::kGap;

  struct Entry {
    const char* name;
    std::string label;
    Action action;
  };
  const Entry entries[] = {
      {"home.enterprise", tr("home.enterprise"), act::StartEnterprise{}},
      {"home.progress", tr("home.progress"), act::StartProgress{}},
      {"home.elder", tr(ui.session.elder_mode() ? "common.elder_off" : "home.elder"), act::ToggleElderMode{}},
      {"home.help", tr("home.help"), act::OpenHelp{}},
  };
  const float cell_w = (grid_w - theme::kGap) / 2;
  for (int i = 0; i < 4; ++i) {
    ImGui::SetCursorScreenPos(
        ImVec2(grid_x + float(i % 2) * (cell_w + theme::kGap), y + float(i / 2) * (cell_h + theme::kGap)));
    if (button(ui.widgets, entries[i].name, entries[i].label, ui.fonts.heading, ImVec2(cell_w, cell_h),
               ButtonKind::primary))
      ui.actions.push_back(entries[i].action);
  }
  y += 2 * (cell_h + theme::kGap);

  if (ui.session.card_on_reader()) {  // the last person's card, forgotten: staff and the next person see it
    ImGui::SetCursorScreenPos(ImVec2(row_x, y));
    y += wrapped_text_centered(ui.fonts.heading, tr("home.card_left"), row_w, theme::kWarning) + 10;
  }
  if (ui.session.printer_degraded()) {
    ImGui::SetCursorScreenPos(ImVec2(row_x, y));
    y += wrapped_text_centered(ui.fonts.body, tr("home.printer_degraded"), row_w, theme::kWarning) + 10;
  }
  if (!ui.session.notice().empty()) {
    ImGui::SetCursorScreenPos(ImVec2(row_x, y));
    y += wrapped_text_centered(ui.fonts.body, tr(ui.session.notice()), row_w, theme::kWarning) + 10;
  }
  if (ui.portrait()) {
    float icon_w = 260;
    draw_card_icon(ImGui::GetWindowDrawList(), ImVec2(x + (w - icon_w) / 2, y + 40), icon_w);
    ImGui::SetCursorScreenPos(ImVec2(x, y + 40 + icon_w * 0.63f + 30));
    centered_text(ui.fonts.body, tr("home.card_hint"), w, theme::kTextMuted);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
    wrapped_text_centered(ui.fonts.small, tr("home.scan_hint"), w, theme::kTextMuted);
  } else {
    ImGui::SetCursorScreenPos(ImVec2(row_x, y + 10));
    wrapped_text_centered(ui.fonts.small, tr("home.scan_hint"), row_w, theme::kTextMuted);
  }
}

}  // namespace zhidui::ui
