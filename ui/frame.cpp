// frame.cpp — the chrome of every screen: the header (kiosk name, network state, the 长辈模式 switch),
// the footer (返回首页, 上一步, 朗读, 呼叫工作人员 and the privacy countdown), transient notices, and the
// dispatch to the current screen.
#include <algorithm>
#include <cstdio>

#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

float UiContext::content_width() const { return std::min(width - 2 * theme::kMargin, 1000.0f); }
float UiContext::content_x() const { return (width - content_width()) / 2; }

BodyAndAction body_and_action(const UiContext& ui) {
  BodyAndAction l;
  l.beside = !ui.portrait();
  l.action_y = ui.height - theme::kFooterHeight - theme::kGap - theme::kButtonHeight;
  if (!l.beside) {
    l.body_x = l.action_x = ui.content_x();
    l.body_w = l.action_w = ui.content_width();
    l.body_reserved = theme::kButtonHeight + 2 * theme::kGap;
    return l;
  }
  const float full_w = ui.width - 2 * theme::kMargin;
  l.action_w = std::min(520.0f, full_w * 0.3f);
  l.body_x = theme::kMargin;
  l.body_w = full_w - l.action_w - theme::kMargin;
  l.action_x = l.body_x + l.body_w + theme::kMargin;
  l.body_reserved = theme::kGap;
  return l;
}

bool UiContext::begin_scroll(const char* id, float bottom_reserved, float x, float w, bool keep_for_the_visit) {
  if (x < 0) x = content_x();
  if (w < 0) w = content_width();
  ImVec2 start = ImGui::GetCursorScreenPos();
  float h = height - theme::kFooterHeight - bottom_reserved - start.y;
  ImGui::SetCursorScreenPos(ImVec2(x, start.y));
  bool open = ImGui::BeginChild(id, ImVec2(w, std::max(h, 100.0f)), false,
                                ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBackground);
  // ImGui keeps a region's scroll for ever: the next person must not find the list where the last one
  // left it. Applied from the next frame (a screen change draws a few more).
  const uint32_t generation = keep_for_the_visit ? session.visit_generation() : session.application_generation();
  auto [seen, first] = state.scroll_generations.try_emplace(id, generation);
  if (!first && seen->second != generation) {
    ImGui::SetScrollY(0);
    seen->second = generation;
  }
  drag_scroll(input.drag_scroll_delta(), input.drag_origin_x(), input.drag_origin_y(), input.dragging());
  return open;
}

void UiContext::end_scroll() {
  ImGui::Dummy(ImVec2(1, theme::kGap));
  // More below: fade the last lines and say so, so a list cut mid-line does not look finished.
  if (ImGui::GetScrollY() < ImGui::GetScrollMaxY() - 1) {
    ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float top = pos.y + size.y - 90;
    dl->AddRectFilledMultiColor(ImVec2(pos.x, top), ImVec2(pos.x + size.x, pos.y + size.y), color(theme::kBackground, 0),
                                color(theme::kBackground, 0), color(theme::kBackground), color(theme::kBackground));
    const std::string& hint = tr("common.scroll_more");
    note_text(hint);
    ImFont* f = fonts.small;
    ImVec2 ts = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, hint.c_str());
    // On a pill of the background colour: the faded card text behind it must not mix with the hint.
    ImVec2 at(pos.x + (size.x - ts.x) / 2, pos.y + size.y - ts.y - 8);
    dl->AddRectFilled(ImVec2(at.x - 20, at.y - 4), ImVec2(at.x + ts.x + 20, at.y + ts.y + 4), color(theme::kBackground),
                      (ts.y + 8) / 2);
    dl->AddText(f, f->FontSize, at, color(theme::kTextMuted), hint.c_str());
  }
  ImGui::EndChild();
}

void draw_heading(UiContext& ui, std::string_view title, std::string_view instruction, float x, float w, bool centred) {
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  if (centred) centered_text(ui.fonts.title, title, w, theme::kText);
  else wrapped_text(ui.fonts.title, title, w, theme::kText);
  if (!instruction.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 8));
    if (centred) wrapped_text_centered(ui.fonts.body, instruction, w, theme::kTextMuted);
    else wrapped_text(ui.fonts.body, instruction, w, theme::kTextMuted);
  }
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + theme::kGap));
}

namespace {

void draw_header(UiContext& ui) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(ui.width, theme::kHeaderHeight), color(theme::kHeader));
  const std::string& name = tr("app.name");
  ImFont* f = ui.fonts.heading;
  dl->AddText(f, f->FontSize, ImVec2(theme::kMargin, (theme::kHeaderHeight - f->FontSize) / 2),
              color(theme::kTextOnPrimary), name.c_str());
  // The network state stays short in the header; what being offline means is said where it matters
  // (the result screen), not in a sentence that would crowd out the 长辈模式 switch.
  const bool online = ui.session.network_online();
  const std::string& net = online ? tr("common.network_online") : tr("common.network_offline");
  ImFont* s = ui.fonts.small;
  ImVec2 ns = s->CalcTextSizeA(s->FontSize, FLT_MAX, 0, net.c_str());
  float dot_x = ui.width - theme::kMargin - ns.x - 28;
  // 长辈模式 from any screen, for this session.
  if (ui.session.screen() != Screen::technician && ui.session.screen() != Screen::technician_pin) {
    const bool elder = ui.session.elder_mode();
    ImVec2 bs(elder ? 270 : 200, theme::kHeaderHeight - 36);
    ImGui::SetCursorScreenPos(ImVec2(dot_x - theme::kGap - bs.x, 18));
    if (button(ui.widgets, "common.elder", tr(elder ? "common.elder_off" : "common.elder_on"), ui.fonts.body, bs,
               ButtonKind::secondary))
      ui.actions.push_back(act::ToggleElderMode{});
  }
  float cy = theme::kHeaderHeight / 2;
  dl->AddCircleFilled(ImVec2(dot_x + 8, cy), 9,
                      online ? IM_COL32(0x6F, 0xE0, 0x8C, 255) : IM_COL32(0xFF, 0xC1, 0x4D, 255));
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

bool has_back(const Session& s) {
  switch (s.screen()) {
    case Screen::policy_detail:
    case Screen::search:
    case Screen::form:
    case Screen::materials:
    case Screen::review: return true;
    // Signing the 经办人 authorisation has nowhere to go back to: 返回首页 ends the journey.
    case Screen::commitment: return s.commitment_target() != kAuthorisationCommitment;
    default: return false;
  }
}

void draw_footer(UiContext& ui) {
  Screen sc = ui.session.screen();
  float top = ui.height - theme::kFooterHeight;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(0, top), ImVec2(ui.width, ui.height), color(theme::kSurface));
  dl->AddLine(ImVec2(0, top), ImVec2(ui.width, top), color(theme::kBorder), 2);
  const float by = top + (theme::kFooterHeight - theme::kButtonHeight) / 2;
  const bool technician = sc == Screen::technician || sc == Screen::technician_pin;
  const bool elder = ui.session.elder_mode();
  const float home_w = elder ? 260 : 250, back_w = 200, call_w = elder ? 360 : 300, speak_w = 150;
  float x = theme::kMargin;
  if (sc != Screen::home && sc != Screen::submitting && sc != Screen::out_of_service) {
    ImGui::SetCursorScreenPos(ImVec2(x, by));
    if (button(ui.widgets, "common.home", tr("common.home"), ui.fonts.body, ImVec2(home_w, theme::kButtonHeight),
               ButtonKind::secondary))
      ui.actions.push_back(act::GoHome{});
    x += home_w + theme::kGap;
    if (has_back(ui.session)) {
      ImGui::SetCursorScreenPos(ImVec2(x, by));
      if (button(ui.widgets, "common.back", tr("common.back"), ui.fonts.body, ImVec2(back_w, theme::kButtonHeight),
                 ButtonKind::secondary))
        ui.actions.push_back(act::Back{});
    }
  }
  if (sc == Screen::home && !ui.session.kiosk_id().empty()) {
    // Discreetly, where 返回首页 stands elsewhere: which hall and which kiosk, for a person who calls staff.
    const std::string identity =
        ui.session.hall().empty()
            ? strings().format("home.kiosk_identity_no_hall", {{"kiosk", ui.session.kiosk_id()}})
            : strings().format("home.kiosk_identity", {{"hall", ui.session.hall()}, {"kiosk", ui.session.kiosk_id()}});
    ImFont* f = ui.fonts.small;
    note_text(identity);
    // A long hall name is cut short of the buttons on the right, never under them.
    const float room_right = ui.width - theme::kMargin - call_w - (elder ? 0 : speak_w + theme::kGap) - theme::kGap;
    const ImVec4 clip(theme::kMargin, top, room_right, ui.height);
    dl->AddText(f, f->FontSize, ImVec2(theme::kMargin, top + (theme::kFooterHeight - f->FontSize) / 2),
                color(theme::kTextMuted), identity.c_str(), nullptr, 0.0f, &clip);
  }
  if (!technician) {
    // Right side: 呼叫工作人员 on every screen, and 朗读 (in 长辈模式 every screen speaks by itself).
    float right = ui.width - theme::kMargin;
    ImGui::SetCursorScreenPos(ImVec2(right - call_w, by));
    if (button(ui.widgets, "common.call_staff", tr("common.call_staff"), ui.fonts.body,
               ImVec2(call_w, theme::kButtonHeight), elder ? ButtonKind::primary : ButtonKind::secondary))
      ui.actions.push_back(act::CallStaff{});
    if (!elder) {
      ImGui::SetCursorScreenPos(ImVec2(right - call_w - theme::kGap - speak_w, by));
      if (button(ui.widgets, "common.speak", tr("common.speak"), ui.fonts.body, ImVec2(speak_w, theme::kButtonHeight),
                 ButtonKind::secondary))
        ui.actions.push_back(act::Speak{});
    }
  }
  // A transient notice (staff called, sign first…) above the footer, where every screen leaves room.
  if (!ui.session.notice().empty() && sc != Screen::home) {
    const std::string& msg = tr(ui.session.notice());
    note_text(msg);
    ImFont* f = ui.fonts.body;
    float maxw = ui.width - 2 * theme::kMargin - 48;
    ImVec2 sz = f->CalcTextSizeA(f->FontSize, FLT_MAX, maxw, msg.c_str());
    float x0 = (ui.width - sz.x) / 2, y0 = top - sz.y - 150;
    ImDrawList* fg = ImGui::GetForegroundDrawList();
    fg->AddRectFilled(ImVec2(x0 - 24, y0 - 16), ImVec2(x0 + sz.x + 24, y0 + sz.y + 16), color(theme::kPrimary),
                      theme::kRounding);
    fg->AddText(f, f->FontSize, ImVec2(x0, y0), color(theme::kTextOnPrimary), msg.c_str(), nullptr, maxw);
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
    case Screen::search: draw_search(ui); break;
    case Screen::materials: draw_materials(ui); break;
    case Screen::commitment: draw_commitment(ui); break;
    case Screen::review: draw_review(ui); break;
    case Screen::enterprise_identify: draw_enterprise_identify(ui); break;
    case Screen::enterprise_role: draw_enterprise_role(ui); break;
    case Screen::progress: draw_progress(ui); break;
    case Screen::help: draw_help(ui); break;
  }
  draw_footer(ui);
  ImGui::End();
}

}  // namespace zhidui::ui
