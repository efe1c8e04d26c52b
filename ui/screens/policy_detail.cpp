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
// The verdict first, in the colour of its meaning, with every reason and what to do next.
void draw_eligibility(UiContext& ui, const EligibilityResult& e, const std::string& phone, float w) {
  switch (e.verdict) {
    case Verdict::eligible:
      verdict_panel(ui.fonts.heading, ui.fonts.body, tr("detail.eligible"), theme::kSuccess, e.unverified_zh, {}, w);
      break;
    case Verdict::not_eligible:
      verdict_panel(ui.fonts.heading, ui.fonts.body, tr("detail.not_eligible"), theme::kError, e.failed_zh,
                    strings().format("detail.not_eligible_next", {{"phone", phone}}), w);
      break;
    case Verdict::needs_review:
      verdict_panel(ui.fonts.heading, ui.fonts.body, tr("detail.needs_review"), theme::kWarning, e.unverified_zh, {},
                    w);
      break;
  }
  ImGui::Dummy(ImVec2(w, theme::kGap));
}

}  // namespace

void draw_policy_detail(UiContext& ui) {
  const PolicyItem* p = ui.session.policy();
  if (!p) return;
  const BodyAndAction l = body_and_action(ui);
  const float x = l.body_x, w = l.body_w;
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.small, tr("detail.title"), theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 4));
  wrapped_text(ui.fonts.title, p->title, w, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 10));

  const auto& elig = ui.session.eligibility();
  const bool not_eligible = elig && elig->verdict == Verdict::not_eligible;
  const bool already_applied = ui.session.applied_this_session(p->id);
  if (ui.begin_scroll("##guide", l.body_reserved, x, w)) {
    const Guide& g = p->guide;
    if (already_applied) {
      wrapped_text(ui.fonts.heading, tr("detail.already_applied"), w, theme::kWarning);
      ImGui::Dummy(ImVec2(1, theme::kGap / 2));
    } else if (elig) {
      draw_eligibility(ui, *elig, g.phone, w);
    }
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
      else if (m.trust == TrustLevel::original) mats += "，" + tr("detail.material_original");
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

  ImGui::SetCursorScreenPos(ImVec2(l.action_x, l.action_y));
  const ImVec2 action(l.action_w, theme::kButtonHeight);
  if (not_eligible || already_applied) {
    if (button(ui.widgets, "detail.other_policies", tr("detail.other_policies"), ui.fonts.heading, action,
               ButtonKind::secondary))
      ui.actions.push_back(act::Back{});
  } else if (button(ui.widgets, "detail.apply", tr("detail.apply"), ui.fonts.heading, action, ButtonKind::accent)) {
    ui.actions.push_back(act::StartApply{});
  }
}

}  // namespace zhidui::ui
