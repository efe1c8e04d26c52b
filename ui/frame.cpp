// frame.cpp — the chrome of every screen: the header (kiosk name, network state), the footer (返回首页
// and the privacy countdown), and the dispatch to the current screen.
#include <algorithm>
#include <cstdio>

#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

float UiContext::content_width() const { return std::min(width - 2 * theme::kMargin, 1000.0f); }
float UiContext::content_x() const { return (width - content_width()) / 2; }

bool UiContext::begin_scroll(const char* id, float bottom_reserved, float x, float w) {
  if (x < 0) x = content_x();
  if (w < 0) w = content_width();
  ImVec2 start = ImGui::GetCursorScreenPos();
  float h = height - theme::kFooterHeight - bottom_reserved - start.y;
  ImGui::SetCursorScreenPos(ImVec2(x, start.y));
  bool open = ImGui::BeginChild(id, ImVec2(w, std::max(h, 100.0f)), false,
                                ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
  drag_scroll(input.drag_scroll_delta(), input.drag_origin_x(), input.drag_origin_y(), input.dragging());
  return open;
}

void UiContext::end_scroll() {
  ImGui::Dummy(ImVec2(1, theme::kGap));
  ImGui::EndChild();
}

namespace {

void draw_header(UiContext& ui) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, theme::kHeaderHeight), color(theme::kHeader));
  const std::string& name = tr("app.name");
  ImFont* f = ui.fonts.heading;
  dl->AddText(f, f->FontSize, ImVec2(theme::kMargin, (theme::kHeaderHeight - f->FontSize) / 2),
              color(theme::kTextOnPrimary), name.c_str());
  const std::string& net = ui.session.network_online() ? tr("common.network_online") : tr("common.network_offline");
  ImFont* s = ui.fonts.small;
  ImVec2 ns = s->CalcTextSizeA(s->FontSize, FLT_MAX, 0, net.c_str());
  float dot_x = ui.width - theme::kMargin - ns.x - 28;
  float cy = theme::kHeaderHeight / 2;
  dl->AddCircleFilled(ImVec2(dot_x + 8, cy), 9,
                      ui.session.network_online() ? IM_COL32(0x6F, 0xE0, 0x8C, 255) : IM_COL32(0xFF, 0xC1, 0x4D, 255));
  dl->AddText(s, s->FontSize, ImVec2(dot_x + 28, cy - s->FontSize / 2), color(theme::kTextOnPrimary), net.c_str());

  // The technician's hidden entry: holding the top-left corner for 3 seconds. Nothing shows it; a
  // citizen's tap there does nothing.
  ImGui::SetCursorScreenPos(ImVec2(0, 0));
  ImGui::InvisibleButton("##technician_corner", ImVec2(220, theme::kHeaderHeight));
  ui.widgets.record("tech.corner", ImVec2(0, 0), ImVec2(220, theme::kHeaderHeight));
  // (The session ignores the repeats while the finger stays down: it has left the home screen.)
  if (ImGui::IsItemActive() && ImGui::GetIO().MouseDownDuration[0] >= 3.0f) ui.actions.push_back(act::OpenTechnician{});
  ImGui::SetCursorScreenPos(ImVec2(0, theme::kHeaderHeight + theme::kGap));
}

void draw_footer(UiContext& ui) {
  Screen sc = ui.session.screen();
  float top = ui.height - theme::kFooterHeight;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, top), ImVec2(ui.width, ui.height), color(theme::kSurface));
  dl->AddLine(ImVec2(0, top), ImVec2(ui.width, top), color(theme::kBorder), 2);
  if (sc != Screen::home && sc != Screen::submitting && sc != Screen::out_of_service) {
    ImGui::SetCursorScreenPos(ImVec2(theme::kMargin, top + (theme::kFooterHeight - theme::kButtonHeight) / 2));
    if (button(ui.widgets, "common.home", tr("common.home"), ui.fonts.body, ImVec2(300, theme::kButtonHeight),
               ButtonKind::secondary))
      ui.actions.push_back(act::GoHome{});
    if (sc == Screen::policy_detail || sc == Screen::form) {
      ImGui::SetCursorScreenPos(
          ImVec2(theme::kMargin + 300 + theme::kGap, top + (theme::kFooterHeight - theme::kButtonHeight) / 2));
      if (button(ui.widgets, "common.back", tr("common.back"), ui.fonts.body, ImVec2(240, theme::kButtonHeight),
                 ButtonKind::secondary))
        ui.actions.push_back(act::Back{});
    }
  }
  if (auto left = ui.session.idle_seconds_left(ui.now_ms)) {
    // Drawn on the foreground list so no scrolling region can cover it. It needs no button of its own:
    // any touch anywhere keeps the session alive (App feeds act::Touch for every press).
    std::string msg = strings().format("common.idle_countdown", {{"n", std::to_string(*left)}});
    note_text(msg);
    ImFont* f = ui.fonts.body;
    ImVec2 sz = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, msg.c_str());
    float x = ui.width - theme::kMargin - sz.x;
    float y = top - sz.y - 40;
    ImVec2 min(x - 24, y - 14), max(ui.width - theme::kMargin + 24, y + sz.y + 14);
    ImDrawList* fg = ImGui::GetForegroundDrawList();
    fg->AddRectFilled(min, max, color(theme::kWarning), theme::kRounding);
    fg->AddText(f, f->FontSize, ImVec2(x, y), color(theme::kTextOnPrimary), msg.c_str());
    ui.widgets.record("common.keepalive", min, max);
  }
}

}  // namespace

void draw_frame(UiContext& ui) {
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(ui.width, ui.height));
  ImGui::Begin("##kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  draw_header(ui);
  switch (ui.session.screen()) {
    case Screen::home: draw_home(ui); break;
    case Screen::identify: draw_identify(ui); break;
    case Screen::policy_list: draw_policy_list(ui); break;
    case Screen::policy_detail: draw_policy_detail(ui); break;
    case Screen::form: draw_form(ui); break;
    case Screen::submitting: draw_submitting(ui); break;
    case Screen::result: draw_result(ui); break;
    case Screen::out_of_service: draw_out_of_service(ui); break;
    case Screen::technician_pin: draw_technician_pin(ui); break;
    case Screen::technician: draw_technician(ui); break;
  }
  draw_footer(ui);
  ImGui::End();
}

}  // namespace zhidui::ui
