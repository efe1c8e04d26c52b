// enterprise_role.cpp — the enterprise as the register knows it, and the representative's role:
// 法定代表人 (the platform compares the card with the register) or 经办人 (signs an authorisation).
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

void draw_enterprise_role(UiContext& ui) {
  const Session& s = ui.session;
  // Landscape: wider than the content column, so both roles' explanations fit side by side.
  const float w = ui.portrait() ? ui.content_width() : std::min(ui.width - 2 * theme::kMargin, 1600.0f);
  const float x = (ui.width - w) / 2;
  draw_heading(ui, tr("enterprise.role_title"), tr("enterprise.role_instruction"), x, w);

  // The record card.
  const Enterprise& e = s.enterprise();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(p.x + 32, p.y + 24));
  text(ui.fonts.heading, e.name.empty() ? tr("enterprise.unverified_note") : e.name, theme::kText);
  auto line = [&](const char* label_key, const std::string& value) {
    if (value.empty()) return;
    ImGui::SetCursorScreenPos(ImVec2(p.x + 32, ImGui::GetCursorScreenPos().y + 8));
    text(ui.fonts.body, tr(label_key) + "：" + value, theme::kTextMuted);
  };
  line("enterprise.uscc", e.uscc);
  line("enterprise.legal_rep", e.legal_rep_masked);
  float card_bottom = ImGui::GetCursorScreenPos().y + 24;
  dl->AddRect(p, ImVec2(p.x + w, card_bottom), color(theme::kBorder), theme::kRounding, 0, 2);
  ImGui::SetCursorScreenPos(ImVec2(x, card_bottom + theme::kGap));

  if (s.representative_check() == RepresentativeCheck::mismatch) {
    wrapped_text(ui.fonts.heading, tr("enterprise.rep_mismatch"), w, theme::kError);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + theme::kGap));
  }

  const float bh = ui.portrait() ? 220 : 170;
  struct {
    const char* name;
    const char* hint;
    RepresentativeRole role;
  } roles[] = {{"enterprise.role_legal", "enterprise.role_legal_hint", RepresentativeRole::legal_representative},
               {"enterprise.role_agent", "enterprise.role_agent_hint", RepresentativeRole::agent}};
  const float y = ImGui::GetCursorScreenPos().y;
  const bool side_by_side = !ui.portrait();
  const float bw = side_by_side ? (w - theme::kGap) / 2 : w;
  for (int i = 0; i < 2; ++i) {
    ImGui::SetCursorScreenPos(side_by_side ? ImVec2(x + float(i) * (bw + theme::kGap), y)
                                           : ImVec2(x, y + float(i) * (bh + theme::kGap)));
    const std::string& hint = tr(roles[i].hint);
    ImFont* hint_font = ui.fonts.body;
    if (hint_font->CalcTextSizeA(hint_font->FontSize, FLT_MAX, 0, hint.c_str()).x > bw - 40) hint_font = ui.fonts.small;
    if (button(ui.widgets, roles[i].name, tr(roles[i].name), ui.fonts.title, ImVec2(bw, bh), ButtonKind::primary, hint,
               hint_font))
      ui.actions.push_back(act::ChooseRole{roles[i].role});
  }
}

}  // namespace zhidui::ui
