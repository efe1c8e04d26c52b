// field_display.cpp — how a form value is shown on the form and the review screen. Card values are
// masked (the person next in the queue can see the screen); a bank account is masked even while it is
// typed, except its last four digits, which is what people check; yes/no answers read as words. The
// masking itself is the core's (kiosk/application_summary.h), shared with the A4 application form.
#include "kiosk/application_summary.h"
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

std::string shown_value(const FieldState& f, bool summary) {
  // While typing, the person sees what they type (a bank account excepted); everything else is masked.
  const bool as_typed = !summary && !f.read_only && f.field->type != FieldType::bank_account &&
                        f.field->type != FieldType::yes_no && f.field->choices.empty();
  return as_typed ? f.value : summary_value(f);
}

}  // namespace zhidui::ui

namespace zhidui::ui {

bool text_box(UiContext& ui, const std::string& name, std::string_view value, float w, const TextBoxLook& look) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImVec2 size(w, look.height);
  ImGui::PushID(name.c_str());
  bool clicked = ImGui::InvisibleButton("##box", size);
  ImGui::PopID();
  ui.widgets.record(name, p, ImVec2(p.x + size.x, p.y + size.y));
  dl->AddRectFilled(p, ImVec2(p.x + w, p.y + size.y), color(look.read_only ? theme::kFieldReadOnly : theme::kSurface), 10);
  dl->AddRect(p, ImVec2(p.x + w, p.y + size.y), color(look.error ? theme::kError : look.focused ? theme::kFocus : theme::kBorder),
              10, 0, look.focused || look.error ? 4.0f : 2.0f);
  // The kiosk owns the text, so it draws the caret too.
  std::string shown(value);
  if (shown.empty() && !look.placeholder.empty() && !look.focused) {
    shown = look.placeholder;
  } else if (look.focused) {
    shown += "|";
  }
  const bool placeholder = value.empty() && !look.placeholder.empty() && !look.focused;
  note_text(shown);
  ImFont* vf = ui.fonts.heading;
  ImVec4 clip(p.x + 12, p.y, p.x + w - 12, p.y + size.y);
  dl->AddText(vf, vf->FontSize, ImVec2(p.x + 24, p.y + (size.y - vf->FontSize) / 2),
              color(placeholder ? theme::kTextMuted : theme::kText), shown.c_str(), nullptr, 0.0f, &clip);
  if (!look.tag.empty()) {
    note_text(look.tag);
    ImFont* sf = ui.fonts.small;
    ImVec2 ts = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, look.tag.data(), look.tag.data() + look.tag.size());
    dl->AddText(sf, sf->FontSize, ImVec2(p.x + w - ts.x - 24, p.y + (size.y - ts.y) / 2), color(theme::kTextMuted),
                look.tag.data(), look.tag.data() + look.tag.size());
  }
  return clicked;
}

}  // namespace zhidui::ui
