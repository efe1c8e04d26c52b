// form.cpp — 确认申请信息: the short form. Card and enterprise fields are prefilled and read-only (shown
// masked: the person next in the queue can see the screen); yes/no and choice fields are answered with
// buttons; the kiosk owns every editable field's text, drawn display-only, and the keyboard that fits
// the focused field edits it: digits for numbers, the USCC keyboard for codes, pinyin or handwriting
// for Chinese. A bank account is typed twice.
#include <algorithm>

#include "base/mask.h"
#include "kiosk/strings.h"
#include "ui/keyboards/alnum_keyboard.h"
#include "ui/keyboards/chinese_keyboard.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
enum class Keys { none, numeric, alnum, chinese };

Keys keys_for(FieldType t) {
  switch (t) {
    case FieldType::phone:
    case FieldType::bank_account:
    case FieldType::integer:
    case FieldType::money:
    case FieldType::date: return Keys::numeric;
    case FieldType::uscc:
    case FieldType::id_number: return Keys::alnum;
    case FieldType::text: return Keys::chinese;
    case FieldType::region:
    case FieldType::choice:
    case FieldType::yes_no: return Keys::none;
  }
  return Keys::none;
}

// The keyboard the focused field needs (none when nothing is focused or it takes no typing).
Keys focused_keys(const UiContext& ui) {
  const std::string& focus = ui.session.focused_field();
  for (const FieldState& f : ui.session.fields())
    if (f.field->id == focus || (f.needs_confirmation() && confirmation_focus(f.field->id) == focus)) {
      Keys k = keys_for(f.field->type);
      return k == Keys::chinese && !ui.state.chinese ? Keys::none : k;
    }
  return Keys::none;
}

float keys_height(Keys k, float w) {
  switch (k) {
    case Keys::numeric: return numeric_keypad_height();
    case Keys::alnum: return keyboards::alnum_keyboard_height(w);
    case Keys::chinese: return keyboards::chinese_keyboard_height(w);
    case Keys::none: break;
  }
  return 0;
}

// Buttons for a field whose answers are known: 是 / 否, or the catalog's choices (wrapping).
void draw_choices(UiContext& ui, const FieldState& f, float w) {
  std::vector<std::pair<std::string, std::string>> options;  // value, label
  if (f.field->type == FieldType::yes_no) options = {{"yes", tr("form.yes")}, {"no", tr("form.no")}};
  else
    for (const auto& c : f.field->choices) options.emplace_back(c.value, c.label);
  const float h = theme::kButtonHeight * 0.8f;
  ImFont* font = ui.fonts.heading;
  auto width_of = [&](const std::string& t) { return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, t.c_str()).x; };
  auto columns_for = [&] {
    float widest = 0;
    for (const auto& o : options) widest = std::max(widest, width_of(o.second));
    return std::clamp(int((w + 16) / (widest + 40 + 16)), 1, 4);
  };
  // A long list (banks, districts) as even columns, so the eye can run down them, in body size when
  // that makes it three columns instead of two; a few answers as buttons just wide enough for their words.
  const bool grid = options.size() > 3;
  int columns = columns_for();
  if (grid && columns < 3) {
    font = ui.fonts.body;
    if (columns_for() >= 3) columns = columns_for();
    else font = ui.fonts.heading;
  }
  ImVec2 start = ImGui::GetCursorScreenPos();
  float x = start.x, y = start.y;
  for (size_t i = 0; i < options.size(); ++i) {
    float bw = grid ? (w - 16 * float(columns - 1)) / float(columns)
                    : std::max(200.0f, width_of(options[i].second) + 60);
    if (x + bw > start.x + w + 0.5f && x > start.x) {
      x = start.x;
      y += h + 12;
    }
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    bool chosen = f.value == options[i].first;
    if (button(ui.widgets, "choice." + f.field->id + "." + std::to_string(i), options[i].second, font, ImVec2(bw, h),
               chosen ? ButtonKind::primary : ButtonKind::secondary))
      ui.actions.push_back(act::ChooseValue{f.field->id, options[i].first});
    x += bw + 16;
  }
  ImGui::SetCursorScreenPos(ImVec2(start.x, y + h + 8));
}

// A newly focused field is brought into view once (the keyboard below may hide it, and in 长辈模式 only
// a few fields fit); after that the person's own dragging decides.
void scroll_into_view_once(UiContext& ui, const std::string& id, bool focused) {
  // Once per application: the same field of the next policy is a new field.
  const std::string key = std::to_string(ui.session.application_generation()) + ":" + id;
  if (!focused || ui.state.scrolled_to_field == key) return;
  ImGui::SetScrollHereY(0.25f);
  ui.state.scrolled_to_field = key;
}

void draw_field(UiContext& ui, const FieldState& f, float w) {
  const std::string& focus = ui.session.focused_field();
  text(ui.fonts.body, f.field->label + (f.field->required ? " *" : ""), theme::kText);
  if (!f.read_only && keys_for(f.field->type) == Keys::none) {
    draw_choices(ui, f, w);
  } else {
    std::string_view tag;
    if (f.read_only) tag = tr(f.field->prefill.starts_with("enterprise.") ? "form.from_enterprise" : "form.from_card");
    else if (f.remembered) tag = tr("form.remembered");
    TextBoxLook look;
    look.focused = f.field->id == focus;
    scroll_into_view_once(ui, f.field->id, look.focused);
    look.error = !f.error.empty();
    look.read_only = f.read_only;
    look.tag = tag;
    if (text_box(ui, "field." + f.field->id, shown_value(f), w, look) && !f.read_only)
      ui.actions.push_back(act::FocusField{f.field->id});
    if (f.needs_confirmation()) {
      ImGui::Dummy(ImVec2(1, 8));
      text(ui.fonts.body, strings().format("form.account_confirm", {{"label", f.field->label}}), theme::kText);
      const std::string second = confirmation_focus(f.field->id);
      std::string shown = f.confirmation.empty() ? "" : mask_bank_account(f.confirmation);
      TextBoxLook again;
      again.focused = second == focus;
      scroll_into_view_once(ui, second, again.focused);
      again.error = !f.error.empty();
      if (text_box(ui, "field." + second, shown, w, again))
        ui.actions.push_back(act::FocusField{second});
    }
  }
  if (!f.error.empty()) wrapped_text(ui.fonts.body, f.error, w, theme::kError);
  ImGui::Dummy(ImVec2(1, theme::kGap / 2));
}
}  // namespace

void draw_form(UiContext& ui) {
  // Portrait: fields above, keyboard and 下一步 below. Landscape: fields on the left, keyboard and
  // 下一步 on the right, so neither hides the other.
  const bool two_columns = !ui.portrait();
  const float full_x = two_columns ? theme::kMargin : ui.content_x();
  const float full_w = two_columns ? ui.width - 2 * theme::kMargin : ui.content_width();
  const float fields_w = two_columns ? (full_w - theme::kMargin) * 0.5f : full_w;
  const float side_x = two_columns ? full_x + fields_w + theme::kMargin : full_x;
  const float side_w = two_columns ? full_w - fields_w - theme::kMargin : full_w;

  // In landscape the heading spans the fields only: the keyboard column starts at the top.
  const float heading_y = ImGui::GetCursorScreenPos().y + 6;
  draw_heading(ui, tr("form.title"), tr("form.instruction"), full_x, two_columns ? fields_w : full_w);
  if (!ui.session.form_refusal().empty()) {
    // Fixed above the fields, not scrolled away with them: why not, and that a typing mistake can be
    // fixed. It goes as soon as an answer changes.
    ImGui::SetCursorScreenPos(ImVec2(full_x, ImGui::GetCursorScreenPos().y));
    verdict_panel(ui.fonts.heading, ui.fonts.body, tr("form.not_eligible"), theme::kError, ui.session.form_refusal(),
                  tr("form.not_eligible_next"), fields_w);
    ImGui::Dummy(ImVec2(1, theme::kGap / 2));
  }
  const float top = ImGui::GetCursorScreenPos().y;
  const float bottom = ui.height - theme::kFooterHeight - theme::kGap;
  const float next_y = bottom - theme::kButtonHeight;

  const Keys keys = focused_keys(ui);
  float keys_h = keys_height(keys, side_w);
  const float keys_y = two_columns ? heading_y : next_y - theme::kGap - keys_h;
  keys_h = std::min(keys_h, next_y - theme::kGap - keys_y);
  const float reserved = two_columns ? theme::kGap : bottom - keys_y + theme::kGap;

  ImGui::SetCursorScreenPos(ImVec2(full_x, top));
  if (ui.begin_scroll("##form", reserved, full_x, fields_w)) {
    for (const FieldState& f : ui.session.fields()) draw_field(ui, f, fields_w);
    wrapped_text(ui.fonts.small, tr("form.commitment"), fields_w, theme::kTextMuted);
  }
  ui.end_scroll();

  keyboards::KeyboardIo io = keyboards::keyboard_io(ui);
  switch (keys) {
    case Keys::numeric:
      ImGui::SetCursorScreenPos(ImVec2(side_x, keys_y));
      draw_numeric_keypad(ui, side_w, keys_h);
      break;
    case Keys::alnum: keyboards::draw_alnum_keyboard(io, keyboards::Area{side_x, keys_y, side_w, keys_h}); break;
    case Keys::chinese:
      keyboards::draw_chinese_keyboard(io, *ui.state.chinese, keyboards::Area{side_x, keys_y, side_w, keys_h},
                                       keyboards::pad_pointer(ui));
      break;
    case Keys::none:
      if (two_columns) {
        ImGui::SetCursorScreenPos(ImVec2(side_x, keys_y));
        wrapped_text(ui.fonts.body, tr("form.keyboard_hint"), side_w, theme::kTextMuted);
      }
      break;
  }
  ImGui::SetCursorScreenPos(ImVec2(side_x, next_y));
  if (button(ui.widgets, "form.next", tr("form.next"), ui.fonts.heading, ImVec2(side_w, theme::kButtonHeight),
             ButtonKind::accent))
    ui.actions.push_back(act::Next{});
}

}  // namespace zhidui::ui
