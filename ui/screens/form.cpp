// form.cpp — 确认申请信息: the short form. Card fields are prefilled and read-only (shown masked: the
// person next in the queue can see the screen); the kiosk owns every editable field's text, drawn
// display-only, and the on-screen keypad edits the focused field.
#include <algorithm>

#include "kiosk/base/mask.h"
#include "kiosk/base/utf8.h"
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
std::string shown_value(const FieldState& f) {
  if (!f.read_only) return f.value;
  switch (f.field->type) {
    case FieldType::id_number: return mask_id_number(f.value);
    case FieldType::bank_account: return mask_bank_account(f.value);
    case FieldType::phone: return mask_phone(f.value);
    default: break;
  }
  if (f.field->prefill == "card.name") return mask_name(f.value);
  if (f.field->prefill == "card.address") {
    // The district is enough to recognise one's own address; the street and number stay hidden.
    std::u32string cps = utf8::decode(f.value);
    return utf8::encode(cps.substr(0, std::min<size_t>(cps.size(), 9))) + "****";
  }
  return f.value;
}
}  // namespace

void draw_form(UiContext& ui) {
  // Portrait: fields above, keypad and submit below. Landscape: fields on the left, keypad and submit
  // on the right, so neither hides the other.
  const bool two_columns = !ui.portrait();
  const float full_x = two_columns ? theme::kMargin : ui.content_x();
  const float full_w = two_columns ? ui.width - 2 * theme::kMargin : ui.content_width();
  const float fields_w = two_columns ? (full_w - theme::kMargin) * 0.56f : full_w;
  const float side_x = two_columns ? full_x + fields_w + theme::kMargin : full_x;
  const float side_w = two_columns ? full_w - fields_w - theme::kMargin : full_w;

  ImGui::SetCursorScreenPos(ImVec2(full_x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.title, tr("form.title"), theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(full_x, ImGui::GetCursorScreenPos().y + 6));
  wrapped_text(ui.fonts.small, tr("form.instruction"), full_w, theme::kTextMuted);
  const float top = ImGui::GetCursorScreenPos().y;

  bool editing = !ui.session.focused_field().empty();
  float keypad_h = editing ? 4 * (theme::kButtonHeight * 0.8f + 12) : 0;
  float reserved = two_columns ? theme::kGap : keypad_h + theme::kButtonHeight + 3 * theme::kGap;
  const float w = fields_w;
  if (ui.begin_scroll("##form", reserved, full_x, fields_w)) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const FieldState& f : ui.session.fields()) {
      std::string label = f.field->label + (f.field->required ? " *" : "");
      text(ui.fonts.body, label, theme::kText);
      ImVec2 p = ImGui::GetCursorScreenPos();
      ImVec2 size(w, 96);
      bool focused = f.field->id == ui.session.focused_field();
      ImGui::PushID(f.field->id.c_str());
      if (ImGui::InvisibleButton("##field", size) && !f.read_only)
        ui.actions.push_back(act::FocusField{f.field->id});
      ImGui::PopID();
      ui.widgets.record("field." + f.field->id, p, ImVec2(p.x + size.x, p.y + size.y));
      dl->AddRectFilled(p, ImVec2(p.x + w, p.y + size.y), color(f.read_only ? theme::kFieldReadOnly : theme::kSurface),
                        10);
      dl->AddRect(p, ImVec2(p.x + w, p.y + size.y),
                  color(!f.error.empty() ? theme::kError : focused ? theme::kFocus : theme::kBorder), 10, 0,
                  focused || !f.error.empty() ? 4.0f : 2.0f);
      std::string value = shown_value(f);
      if (focused) value += "|";  // the caret: the kiosk owns the text, so it draws the caret too
      ImFont* vf = ui.fonts.heading;
      dl->AddText(vf, vf->FontSize, ImVec2(p.x + 24, p.y + (size.y - vf->FontSize) / 2), color(theme::kText),
                  value.c_str());
      if (f.read_only) {
        const std::string& tag = tr("form.from_card");
        ImFont* sf = ui.fonts.small;
        ImVec2 ts = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, tag.c_str());
        dl->AddText(sf, sf->FontSize, ImVec2(p.x + w - ts.x - 24, p.y + (size.y - ts.y) / 2), color(theme::kTextMuted),
                    tag.c_str());
      }
      if (!f.error.empty()) wrapped_text(ui.fonts.body, f.error, w, theme::kError);
      ImGui::Dummy(ImVec2(1, theme::kGap / 2));
    }
    wrapped_text(ui.fonts.small, tr("form.commitment"), w, theme::kTextMuted);
  }
  ui.end_scroll();

  const float submit_y = two_columns ? top + keypad_h + theme::kGap
                                     : ui.height - theme::kFooterHeight - theme::kGap - theme::kButtonHeight;
  if (editing) {
    ImGui::SetCursorScreenPos(ImVec2(side_x, two_columns ? top : submit_y - theme::kGap - keypad_h + theme::kGap));
    draw_numeric_keypad(ui, side_w);
  }
  ImGui::SetCursorScreenPos(ImVec2(side_x, submit_y));
  if (button(ui.widgets, "form.submit", tr("form.submit"), ui.fonts.heading, ImVec2(side_w, theme::kButtonHeight),
             ButtonKind::accent))
    ui.actions.push_back(act::Submit{});
}

}  // namespace zhidui::ui
