// enterprise_identify.cpp — 企业办事, first step: the 统一社会信用代码 typed on the kiosk's USCC keyboard
// (checked as it is typed: letters the code never uses have no key, the check character is verified at
// 18), or scanned from the business licence's QR. The platform's register answers with the enterprise.
#include <algorithm>

#include "kiosk/strings.h"
#include "ui/keyboards/alnum_keyboard.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
// The code in groups (登记管理部门 + 类别, 区划, 主体标识, 校验), easier to compare with the licence.
std::string grouped(const std::string& code) {
  std::string out;
  for (size_t i = 0; i < code.size(); ++i) {
    if (i == 2 || i == 8 || i == 17) out += ' ';
    out += code[i];
  }
  return out;
}
}  // namespace

void draw_enterprise_identify(UiContext& ui) {
  const bool two_columns = !ui.portrait();
  const float full_x = two_columns ? theme::kMargin : ui.content_x();
  const float full_w = two_columns ? ui.width - 2 * theme::kMargin : ui.content_width();
  const float left_w = two_columns ? (full_w - theme::kMargin) * 0.5f : full_w;
  const float kb_x = two_columns ? full_x + left_w + theme::kMargin : full_x;
  const float kb_w = two_columns ? full_w - left_w - theme::kMargin : full_w;

  const Session& s = ui.session;
  // In landscape the heading spans the left column only: the keyboard column starts at the top.
  const float heading_y = ImGui::GetCursorScreenPos().y + 6;
  draw_heading(ui, tr("enterprise.title"), tr("enterprise.instruction"), full_x, two_columns ? left_w : full_w);
  const float top = ImGui::GetCursorScreenPos().y;
  ImGui::SetCursorScreenPos(ImVec2(full_x, top));
  text(ui.fonts.body, tr("enterprise.uscc_label"), theme::kText);
  const bool looking_up = s.enterprise_lookup() == EnterpriseLookup::looking_up;
  ImGui::SetCursorScreenPos(ImVec2(full_x, ImGui::GetCursorScreenPos().y + 4));
  TextBoxLook look;
  look.focused = !looking_up;
  look.error = !s.uscc_error().empty();
  text_box(ui, "enterprise.uscc", grouped(s.uscc_entry()), left_w, look);
  ImGui::SetCursorScreenPos(ImVec2(full_x, ImGui::GetCursorScreenPos().y + 8));
  text(ui.fonts.small, strings().format("enterprise.uscc_count", {{"n", std::to_string(s.uscc_entry().size())}}),
       theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(full_x, ImGui::GetCursorScreenPos().y + 12));

  // What the code or the register says.
  if (!s.uscc_error().empty()) {
    wrapped_text(ui.fonts.heading, tr(s.uscc_error()), left_w, theme::kError);
  } else {
    switch (s.enterprise_lookup()) {
      case EnterpriseLookup::looking_up: wrapped_text(ui.fonts.heading, tr("enterprise.looking_up"), left_w, theme::kText); break;
      case EnterpriseLookup::not_found: wrapped_text(ui.fonts.heading, tr("enterprise.not_found"), left_w, theme::kError); break;
      case EnterpriseLookup::inactive: wrapped_text(ui.fonts.heading, tr("enterprise.inactive"), left_w, theme::kError); break;
      case EnterpriseLookup::unreachable:
        wrapped_text(ui.fonts.body, tr("enterprise.unreachable"), left_w, theme::kWarning);
        ImGui::SetCursorScreenPos(ImVec2(full_x, ImGui::GetCursorScreenPos().y + 12));
        if (button(ui.widgets, "enterprise.continue_unverified", tr("enterprise.continue_unverified"), ui.fonts.heading,
                   ImVec2(left_w, theme::kButtonHeight), ButtonKind::accent))
          ui.actions.push_back(act::ContinueUnverified{});
        break;
      case EnterpriseLookup::none:
      case EnterpriseLookup::found: break;
    }
  }

  if (looking_up) return;
  const float bottom = ui.height - theme::kFooterHeight - theme::kGap;
  const float kb_y0 = two_columns ? heading_y : top;
  float kb_h = std::min(keyboards::alnum_keyboard_height(kb_w), bottom - kb_y0);
  const float kb_y = two_columns ? kb_y0 : bottom - kb_h;
  keyboards::KeyboardIo io = keyboards::keyboard_io(ui);
  keyboards::draw_alnum_keyboard(io, keyboards::Area{kb_x, kb_y, kb_w, kb_h});
}

}  // namespace zhidui::ui
