// materials.cpp — 申请材料: the kiosk takes no paper, so each material says how it will be provided:
// fetched as an electronic licence (电子证照), replaced by a signed 告知承诺, or brought later (容缺, listed
// on the receipt). Only the ways the catalog allows for that material are offered.
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
struct Choice {
  MaterialHandling handling;
  const char* label;
  const char* hint;
};

// Portrait: the name, the choices below it, the hint under them. Wide (landscape): name and hint on
// the left, the choices on the right, so several materials fit above 下一步.
void draw_material(UiContext& ui, const MaterialState& m, float w, bool wide) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  std::vector<Choice> choices;
  if (m.material->e_licence)
    choices.push_back({MaterialHandling::e_licence, "materials.e_licence", "materials.e_licence_hint"});
  if (m.material->commitment_allowed)
    choices.push_back({MaterialHandling::commitment, "materials.commitment", "materials.commitment_hint"});
  choices.push_back({MaterialHandling::later, "materials.later", "materials.later_hint"});
  const char* hint = "materials.undecided";
  for (const Choice& c : choices)
    if (c.handling == m.handling) hint = c.hint;
  const bool missing = m.handling == MaterialHandling::undecided && m.material->required;

  const float pad = 24;
  const float text_w = wide ? (w - 3 * pad) * 0.42f : w - 2 * pad;
  const std::string tag = tr(m.material->required ? "materials.required" : "materials.optional");
  ImGui::SetCursorScreenPos(ImVec2(p.x + pad, p.y + 20));
  float text_h = wrapped_text(ui.fonts.heading, m.material->name + "（" + tag + "）", text_w, theme::kText);
  auto draw_hint = [&](float y) {
    ImGui::SetCursorScreenPos(ImVec2(p.x + pad, y));
    return wrapped_text(ui.fonts.body, tr(hint), text_w, missing ? theme::kWarning : theme::kTextMuted);
  };
  if (wide) text_h += 8 + draw_hint(p.y + 20 + text_h + 8);

  const float bx = wide ? p.x + 2 * pad + text_w : p.x + pad;
  const float bw_all = wide ? w - 3 * pad - text_w : w - 2 * pad;
  const float bw = (bw_all - float(choices.size() - 1) * 16) / float(choices.size());
  const float bh = theme::kButtonHeight;
  const float by = wide ? p.y + 20 : p.y + 20 + text_h + 16;
  for (size_t i = 0; i < choices.size(); ++i) {
    const Choice& c = choices[i];
    ImGui::SetCursorScreenPos(ImVec2(bx + float(i) * (bw + 16), by));
    bool chosen = m.handling == c.handling;
    std::string label = tr(c.label);
    if (chosen && c.handling == MaterialHandling::commitment) label = tr("materials.signed");
    if (button(ui.widgets, "material." + m.material->id + "." + std::to_string(int(c.handling)), label, ui.fonts.heading,
               ImVec2(bw, bh), chosen ? ButtonKind::primary : ButtonKind::secondary))
      ui.actions.push_back(act::ChooseMaterial{m.material->id, int(c.handling)});
  }
  float bottom = wide ? std::max(p.y + 20 + text_h, by + bh) + 20 : by + bh + 12 + draw_hint(by + bh + 12) + 20;
  dl->AddRect(p, ImVec2(p.x + w, bottom), color(missing ? theme::kWarning : theme::kBorder), theme::kRounding, 0, 2);
  ImGui::SetCursorScreenPos(ImVec2(p.x, bottom + theme::kGap / 2));
  ImGui::Dummy(ImVec2(w, 1));
}
}  // namespace

void draw_materials(UiContext& ui) {
  const BodyAndAction l = body_and_action(ui);
  draw_heading(ui, tr("materials.title"), tr("materials.instruction"), l.body_x, l.body_w);
  const bool complete = ui.session.materials_complete();
  const float list_y = ImGui::GetCursorScreenPos().y;
  if (ui.begin_scroll("##materials", l.body_reserved + (complete || l.beside ? 0 : 70), l.body_x, l.body_w)) {
    for (const MaterialState& m : ui.session.materials()) draw_material(ui, m, l.body_w, l.beside);
  }
  ui.end_scroll();
  if (!complete) {  // beside: at the top of the right column; otherwise just above 下一步
    ImGui::SetCursorScreenPos(ImVec2(l.action_x, l.beside ? list_y : l.action_y - 56));
    wrapped_text_centered(ui.fonts.body, tr("materials.incomplete"), l.action_w, theme::kWarning);
  }
  ImGui::SetCursorScreenPos(ImVec2(l.action_x, l.action_y));
  if (button(ui.widgets, "materials.next", tr("form.next"), ui.fonts.heading, ImVec2(l.action_w, theme::kButtonHeight),
             complete ? ButtonKind::accent : ButtonKind::secondary))
    ui.actions.push_back(act::Next{});
}

}  // namespace zhidui::ui
