// review.cpp — 核对并提交: everything the application will carry, on one screen, with personal values
// masked; 确认提交 is the only way to submit, and nothing counts as submitted before the store commits.
#include "kiosk/application_summary.h"
#include "base/mask.h"
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
void row(UiContext& ui, std::string_view label, std::string_view value, float x, float w) {
  const float label_w = std::min(300.0f, w * 0.34f);
  float y = ImGui::GetCursorScreenPos().y;
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  float lh = wrapped_text(ui.fonts.body, label, label_w - 16, theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(x + label_w, y));
  float vh = wrapped_text(ui.fonts.body, value, w - label_w, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, y + std::max(lh, vh) + 10));
}

void section(UiContext& ui, std::string_view title, float x) {
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
  text(ui.fonts.heading, title, theme::kPrimary);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 8));
}

}  // namespace

void draw_review(UiContext& ui) {
  const Session& s = ui.session;
  const BodyAndAction l = body_and_action(ui);
  const float w = l.body_w;
  draw_heading(ui, tr("review.title"), tr("review.instruction"), l.body_x, w);
  if (ui.begin_scroll("##review", l.body_reserved, l.body_x, w)) {
    const float ix = ImGui::GetCursorScreenPos().x;
    if (s.policy()) row(ui, tr("review.policy"), s.policy()->title, ix, w);
    if (s.journey() == Journey::enterprise) {
      const Enterprise& e = s.enterprise();
      row(ui, tr("review.enterprise"), e.name.empty() ? e.uscc : e.name + "\n" + e.uscc, ix, w);
      row(ui, tr("review.role"),
          tr(s.role() == RepresentativeRole::legal_representative ? "review.role_legal" : "review.role_agent"), ix, w);
    }
    row(ui, tr("review.applicant"),
        mask_name(s.identity().name) + "  " + mask_id_number(s.identity().id_number), ix, w);

    if (!s.fields().empty()) {
      section(ui, tr("review.answers"), ix);
      for (const FieldState& f : s.fields()) row(ui, f.field->label, shown_value(f, /*summary=*/true), ix, w);
    }
    if (!s.materials().empty()) {
      section(ui, tr("review.materials"), ix);
      for (const MaterialState& m : s.materials()) row(ui, m.material->name, tr(material_handling_key(m.handling)), ix, w);
    }
    ImGui::SetCursorScreenPos(ImVec2(ix, ImGui::GetCursorScreenPos().y + theme::kGap));
    wrapped_text(ui.fonts.small, tr("form.commitment"), w, theme::kTextMuted);
  }
  ui.end_scroll();
  ImGui::SetCursorScreenPos(ImVec2(l.action_x, l.action_y));
  if (button(ui.widgets, "review.submit", tr("form.submit"), ui.fonts.heading, ImVec2(l.action_w, theme::kButtonHeight),
             ButtonKind::accent))
    ui.actions.push_back(act::Submit{});
}

}  // namespace zhidui::ui
