// policy_list.cpp — the policies this citizen can apply for here, as large cards in a list that
// scrolls by dragging.
#include "kiosk/base/mask.h"
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

void draw_policy_list(UiContext& ui) {
  float x = ui.content_x(), w = ui.content_width();
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 10));
  text(ui.fonts.body, strings().format("policies.greeting", {{"name", mask_name(ui.session.identity().name)}}),
       theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 8));
  text(ui.fonts.title, tr("policies.title"), theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + theme::kGap));

  auto items = ui.session.offered_policies();
  if (items.empty()) {
    wrapped_text(ui.fonts.heading, tr("policies.empty"), w, theme::kTextMuted);
    return;
  }
  if (ui.begin_scroll("##policies", 0)) {
    for (const PolicyItem* p : items) {
      std::string sub = p->category + "  ·  " +
                        tr(p->mode == ApplyMode::auto_grant ? "policies.mode_auto" : "policies.mode_quick") +
                        (p->cross_city ? "  ·  " + tr("policies.cross_city") : "");
      if (button(ui.widgets, "policy." + p->id, p->title, ui.fonts.heading, ImVec2(w, 170), ButtonKind::secondary,
                 sub, ui.fonts.small))
        ui.actions.push_back(act::SelectPolicy{p->id});
      ImGui::Dummy(ImVec2(1, theme::kGap / 2));
    }
    ui.end_scroll();
  } else {
    ImGui::EndChild();
  }
}

}  // namespace zhidui::ui
