// policy_detail.cpp — 一次告知: the whole 申兑指南 of one policy on one screen (who, conditions, amount,
// materials, time limit, department, phone, legal basis), with 开始申请 always in reach above the footer.
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
void section(UiContext& ui, const char* title_key, const std::string& body, float w) {
  text(ui.fonts.heading, tr(title_key), theme::kPrimary);
  ImGui::Dummy(ImVec2(1, 6));
  wrapped_text(ui.fonts.body, body, w, theme::kText);
  ImGui::Dummy(ImVec2(1, theme::kGap));
}
}  // namespace

void draw_policy_detail(UiContext& ui) {
  const PolicyItem* p = ui.session.policy();
  if (!p) return;
  float x = ui.content_x(), w = ui.content_width();
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.small, tr("detail.title"), theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 4));
  wrapped_text(ui.fonts.title, p->title, w, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 10));

  const float apply_area = theme::kButtonHeight + 2 * theme::kGap;
  if (ui.begin_scroll("##guide", apply_area)) {
    const Guide& g = p->guide;
    section(ui, "detail.beneficiaries", g.beneficiaries, w);
    std::string conds;
    for (size_t i = 0; i < g.conditions.size(); ++i)
      conds += std::to_string(i + 1) + ". " + g.conditions[i] + (i + 1 < g.conditions.size() ? "\n" : "");
    section(ui, "detail.conditions", conds, w);
    section(ui, "detail.standard", g.standard, w);
    std::string mats;
    for (size_t i = 0; i < p->materials.size(); ++i) {
      const Material& m = p->materials[i];
      mats += "· " + m.name + "（" + tr(m.required ? "detail.material_required" : "detail.material_optional");
      if (m.commitment_allowed) mats += "，" + tr("detail.material_commitment");
      if (m.e_licence) mats += "，" + tr("detail.material_elicence");
      mats += "）" + std::string(i + 1 < p->materials.size() ? "\n" : "");
    }
    if (!mats.empty()) section(ui, "detail.materials", mats, w);
    section(ui, "detail.time_limit",
            strings().format("detail.time_limit_value", {{"n", std::to_string(g.time_limit_days)}}), w);
    section(ui, "detail.department", g.department, w);
    section(ui, "detail.phone", g.phone, w);
    section(ui, "detail.legal_basis", g.legal_basis, w);
  }
  ui.end_scroll();

  float y = ui.height - theme::kFooterHeight - theme::kButtonHeight - theme::kGap;
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  if (button(ui.widgets, "detail.apply", tr("detail.apply"), ui.fonts.heading, ImVec2(w, theme::kButtonHeight),
             ButtonKind::accent))
    ui.actions.push_back(act::StartApply{});
}

}  // namespace zhidui::ui
