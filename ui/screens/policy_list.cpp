// policy_list.cpp — the policies this person (or enterprise) can apply for here: this kiosk's area or
// the other 长株潭 cities' 跨域通办 items, narrowed by category chips, with a way into search; large cards
// in a list that scrolls by dragging.
#include "base/mask.h"
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
std::string greeting_name(const Session& s) {
  if (s.journey() == Journey::enterprise)
    return s.enterprise().name.empty() ? s.enterprise().uscc : s.enterprise().name;
  return mask_name(s.identity().name);
}

// A row of chips that wraps; returns the height used.
float draw_category_chips(UiContext& ui, float x, float w) {
  const PolicyFilter& filter = ui.session.policy_filter();
  std::vector<std::pair<std::string, std::string>> chips = {{"", tr("policies.all_categories")}};
  for (const auto& c : ui.session.categories()) chips.emplace_back(c, c);
  const float h = theme::kMinTarget + 8, pad = 36;
  float cx = x, cy = ImGui::GetCursorScreenPos().y;
  const float y0 = cy;
  for (size_t i = 0; i < chips.size(); ++i) {
    ImFont* f = ui.fonts.body;
    float cw = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, chips[i].second.c_str()).x + 2 * pad;
    if (cx + cw > x + w && cx > x) {
      cx = x;
      cy += h + 12;
    }
    ImGui::SetCursorScreenPos(ImVec2(cx, cy));
    bool selected = filter.category == chips[i].first;
    if (button(ui.widgets, "category." + std::to_string(i), chips[i].second, f, ImVec2(cw, h),
               selected ? ButtonKind::primary : ButtonKind::secondary))
      ui.actions.push_back(act::SetCategory{chips[i].first});
    cx += cw + 12;
  }
  ImGui::SetCursorScreenPos(ImVec2(x, cy + h + theme::kGap));
  return cy + h - y0;
}
}  // namespace

void draw_policy_list(UiContext& ui) {
  // Portrait: everything in the content column, filters above the list. Landscape: the scope switch and
  // search beside the title, the category chips in a side panel and the list next to them, so the cards
  // start near the top even with 长辈模式's larger sizes.
  const bool side_panel = !ui.portrait();
  const float top = ImGui::GetCursorScreenPos().y;
  float x = ui.content_x(), w = ui.content_width(), list_x = x, list_w = w;
  if (side_panel) {
    x = theme::kMargin;
    w = ui.session.elder_mode() ? 700 : 560;
    list_x = x + w + 2 * theme::kGap;
    list_w = ui.width - theme::kMargin - list_x;
  }
  ImGui::SetCursorScreenPos(ImVec2(x, top + 6));
  text(ui.fonts.body, strings().format("policies.greeting", {{"name", greeting_name(ui.session)}}), theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.title, tr("policies.title"), theme::kText);
  const float below_title = ImGui::GetCursorScreenPos().y;

  // The scope switch on the left (portrait) or right of the title (landscape), search at the far right.
  const RegionScope scope = ui.session.policy_filter().scope;
  const float row_h = theme::kButtonHeight * 0.8f;
  float label_w = 0;
  for (const char* key : {"policies.scope_here", "policies.scope_cross_city", "policies.search"})
    label_w = std::max(label_w, ui.fonts.body->CalcTextSizeA(ui.fonts.body->FontSize, FLT_MAX, 0, tr(key).c_str()).x);
  const float seg_w = side_panel ? label_w + 80 : std::min(300.0f, (w - 2 * theme::kGap) / 3);
  const float row_right = side_panel ? ui.width - theme::kMargin : x + w;
  const float seg_x = side_panel ? row_right - 3 * seg_w - theme::kGap : x;
  const float y = side_panel ? below_title - row_h : below_title + theme::kGap;
  struct {
    const char* name;
    RegionScope scope;
  } segments[] = {{"policies.scope_here", RegionScope::here}, {"policies.scope_cross_city", RegionScope::cross_city}};
  for (int i = 0; i < 2; ++i) {
    ImGui::SetCursorScreenPos(ImVec2(seg_x + float(i) * seg_w, y));
    if (button(ui.widgets, segments[i].name, tr(segments[i].name), ui.fonts.body, ImVec2(seg_w - 6, row_h),
               scope == segments[i].scope ? ButtonKind::primary : ButtonKind::secondary))
      ui.actions.push_back(act::SetRegionScope{segments[i].scope});
  }
  ImGui::SetCursorScreenPos(ImVec2(row_right - seg_w, y));
  if (button(ui.widgets, "policies.search", tr("policies.search"), ui.fonts.body, ImVec2(seg_w, row_h),
             ButtonKind::secondary))
    ui.actions.push_back(act::OpenSearch{});
  const float below_filters = y + row_h + theme::kGap;
  ImGui::SetCursorScreenPos(ImVec2(x, below_filters));
  draw_category_chips(ui, x, w);
  if (side_panel) ImGui::SetCursorScreenPos(ImVec2(list_x, below_filters));

  auto items = ui.session.offered_policies();
  if (items.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(list_x, ImGui::GetCursorScreenPos().y));
    wrapped_text(ui.fonts.heading, tr("policies.empty"), list_w, theme::kTextMuted);
    return;
  }
  // Room for the idle countdown and notices above the footer, so they never cover the last card.
  if (ui.begin_scroll("##policies", 90, list_x, list_w, /*keep_for_the_visit=*/true)) {
    for (const PolicyItem* p : items) {
      std::string sub = p->category + "  ·  " +
                        tr(p->mode == ApplyMode::auto_grant ? "policies.mode_auto" : "policies.mode_quick") +
                        (p->cross_city ? "  ·  " + tr("policies.cross_city") : "") +
                        (ui.session.applied_this_session(p->id) ? "  ·  " + tr("policies.applied") : "");
      if (button(ui.widgets, "policy." + p->id, p->title, ui.fonts.heading, ImVec2(list_w, 170),
                 ButtonKind::secondary, sub, ui.fonts.small))
        ui.actions.push_back(act::SelectPolicy{p->id});
      ImGui::Dummy(ImVec2(1, theme::kGap / 2));
    }
  }
  ui.end_scroll();
}

}  // namespace zhidui::ui
