// policy_list.cpp — the policies this person (or enterprise) can apply for here: this kiosk's area or
// the other 长株潭 cities' 跨域通办 items, narrowed by category chips, with a way into search; large cards
// in a list that scrolls by dragging.
#include "kiosk/base/mask.h"
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
  float x = ui.content_x(), w = ui.content_width();
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.body, strings().format("policies.greeting", {{"name", greeting_name(ui.session)}}), theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.title, tr("policies.title"), theme::kText);

  // Scope switch on the left, search on the right.
  float y = ImGui::GetCursorScreenPos().y + theme::kGap;
  const RegionScope scope = ui.session.policy_filter().scope;
  const float seg_w = std::min(300.0f, (w - 2 * theme::kGap) / 3), search_w = seg_w;
  const float row_h = theme::kButtonHeight * 0.8f;
  struct {
    const char* name;
    RegionScope scope;
  } segments[] = {{"policies.scope_here", RegionScope::here}, {"policies.scope_cross_city", RegionScope::cross_city}};
  for (int i = 0; i < 2; ++i) {
    ImGui::SetCursorScreenPos(ImVec2(x + float(i) * seg_w, y));
    if (button(ui.widgets, segments[i].name, tr(segments[i].name), ui.fonts.body, ImVec2(seg_w - 6, row_h),
               scope == segments[i].scope ? ButtonKind::primary : ButtonKind::secondary))
      ui.actions.push_back(act::SetRegionScope{segments[i].scope});
  }
  ImGui::SetCursorScreenPos(ImVec2(x + w - search_w, y));
  if (button(ui.widgets, "policies.search", tr("policies.search"), ui.fonts.body, ImVec2(search_w, row_h),
             ButtonKind::secondary))
    ui.actions.push_back(act::OpenSearch{});
  ImGui::SetCursorScreenPos(ImVec2(x, y + row_h + theme::kGap));
  draw_category_chips(ui, x, w);

  auto items = ui.session.offered_policies();
  if (items.empty()) {
    wrapped_text(ui.fonts.heading, tr("policies.empty"), w, theme::kTextMuted);
    return;
  }
  // Room for the idle countdown and notices above the footer, so they never cover the last card.
  if (ui.begin_scroll("##policies", 90)) {
    for (const PolicyItem* p : items) {
      std::string sub = p->category + "  ·  " +
                        tr(p->mode == ApplyMode::auto_grant ? "policies.mode_auto" : "policies.mode_quick") +
                        (p->cross_city ? "  ·  " + tr("policies.cross_city") : "");
      if (button(ui.widgets, "policy." + p->id, p->title, ui.fonts.heading, ImVec2(w, 170), ButtonKind::secondary,
                 sub, ui.fonts.small))
        ui.actions.push_back(act::SelectPolicy{p->id});
      ImGui::Dummy(ImVec2(1, theme::kGap / 2));
    }
  }
  ui.end_scroll();
}

}  // namespace zhidui::ui
