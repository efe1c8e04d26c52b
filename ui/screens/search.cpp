// search.cpp — 搜索政策: a search box typed on the kiosk's keyboard (letters for pinyin initials or full
// pinyin, or the Chinese keyboard), the matching policies below it as they are typed.
#include <algorithm>

#include "kiosk/strings.h"
#include "ui/keyboards/chinese_keyboard.h"
#include "ui/keyboards/letter_keyboard.h"
#include "ui/screen.h"

namespace zhidui::ui {

void draw_search(UiContext& ui) {
  // Portrait: results above the keyboard. Landscape: results left, keyboard right.
  const bool two_columns = !ui.portrait();
  const float full_x = two_columns ? theme::kMargin : ui.content_x();
  const float full_w = two_columns ? ui.width - 2 * theme::kMargin : ui.content_width();
  const float list_w = two_columns ? (full_w - theme::kMargin) * 0.5f : full_w;
  const float kb_x = two_columns ? full_x + list_w + theme::kMargin : full_x;
  const float kb_w = two_columns ? full_w - list_w - theme::kMargin : full_w;

  // In landscape the heading spans the list only: the keyboard column starts at the top.
  const float heading_y = ImGui::GetCursorScreenPos().y + 6;
  draw_heading(ui, tr("search.title"), tr("search.instruction"), full_x, two_columns ? list_w : full_w);
  ImGui::SetCursorScreenPos(ImVec2(full_x, ImGui::GetCursorScreenPos().y));
  TextBoxLook look;
  look.focused = true;
  look.placeholder = tr("search.placeholder");
  text_box(ui, "search.box", ui.session.search_query(), list_w, look);
  const float top = ImGui::GetCursorScreenPos().y + theme::kGap;

  const bool chinese_available = ui.state.chinese != nullptr;
  const bool chinese = chinese_available && ui.state.search_in_chinese;
  float kb_h = chinese ? keyboards::chinese_keyboard_height(kb_w) : keyboards::letter_keyboard_height(kb_w);
  if (chinese) kb_h += theme::kMinTarget + keyboards::kKeyGap;  // the 字母输入 key under it
  const float bottom = ui.height - theme::kFooterHeight - theme::kGap;
  const float kb_y = two_columns ? heading_y : bottom - kb_h;
  kb_h = std::min(kb_h, bottom - kb_y);

  ImGui::SetCursorScreenPos(ImVec2(full_x, top));
  const auto& results = ui.session.search_results();
  if (!ui.session.search_query().empty()) {
    if (results.empty()) {
      wrapped_text(ui.fonts.body, tr("search.no_results"), list_w, theme::kTextMuted);
    } else {
      text(ui.fonts.body, strings().format("search.results", {{"n", std::to_string(results.size())}}), theme::kTextMuted);
      ImGui::SetCursorScreenPos(ImVec2(full_x, ImGui::GetCursorScreenPos().y + 10));
      float reserved = two_columns ? 0 : ui.height - theme::kFooterHeight - kb_y + theme::kGap;
      if (ui.begin_scroll("##search", reserved, full_x, list_w, /*keep_for_the_visit=*/true)) {
        for (const PolicyItem* p : results) {
          if (button(ui.widgets, "policy." + p->id, p->title, ui.fonts.heading, ImVec2(list_w, 140),
                     ButtonKind::secondary, p->category, ui.fonts.small))
            ui.actions.push_back(act::SelectPolicy{p->id});
          ImGui::Dummy(ImVec2(1, 12));
        }
      }
      ui.end_scroll();
    }
  }

  keyboards::KeyboardIo io = keyboards::keyboard_io(ui);
  if (chinese) {
    const float switch_h = theme::kMinTarget;
    keyboards::Area area{kb_x, kb_y, kb_w, kb_h - switch_h - keyboards::kKeyGap};
    keyboards::draw_chinese_keyboard(io, *ui.state.chinese, area, keyboards::pad_pointer(ui),
                                     keyboards::PinyinKeyboardOptions{.digits_row = false});
    if (keyboards::key(io, "kb.letters", tr("keyboard.to_letters"), ui.fonts.body, kb_x, kb_y + kb_h - switch_h, kb_w,
                       switch_h))
      ui.state.search_in_chinese = false;
  } else if (keyboards::draw_letter_keyboard(io, keyboards::Area{kb_x, kb_y, kb_w, kb_h}, chinese_available)) {
    ui.state.search_in_chinese = true;
  }
}

}  // namespace zhidui::ui
