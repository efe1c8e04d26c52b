// technician.cpp — the technician panel (first slice): every device with its state and last problem,
// the upload queue, recent log lines (masked by the logging layer), and taking the kiosk out of / back
// into service. Technician screens may mix English.
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

void draw_technician(UiContext& ui) {
  const Session& s = ui.session;
  float x = ui.content_x(), w = ui.content_width();
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.title, tr("tech.title"), theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.body, tr(s.taken_out_of_service() ? "tech.out_of_service" : "tech.in_service"),
       s.taken_out_of_service() ? theme::kError : theme::kSuccess);

  const float buttons_h = theme::kButtonHeight + 2 * theme::kGap;
  if (ui.begin_scroll("##technician", buttons_h)) {
    if (!s.configuration_problem().empty()) {
      text(ui.fonts.heading, tr("tech.config_problem"), theme::kError);
      wrapped_text(ui.fonts.small, s.configuration_problem(), w, theme::kError);
      ImGui::Dummy(ImVec2(1, theme::kGap));
    }
    text(ui.fonts.heading, tr("tech.devices"), theme::kPrimary);
    if (s.devices().empty()) text(ui.fonts.body, tr("tech.no_devices"), theme::kTextMuted);
    for (const auto& [cls, st] : s.devices()) {
      std::string line = std::string(drivers::to_string(cls)) + ": " + drivers::to_string(st.state) + " / " +
                         drivers::to_string(st.severity) + (st.code.empty() ? "" : "  [" + st.code + "]");
      text(ui.fonts.body, line, st.usable() ? theme::kText : theme::kError);
      if (!st.detail.empty()) wrapped_text(ui.fonts.small, st.detail, w, theme::kTextMuted);
    }
    ImGui::Dummy(ImVec2(1, theme::kGap));
    text(ui.fonts.heading, tr("tech.queue_title"), theme::kPrimary);
    const TechnicianSnapshot& t = s.technician_snapshot();
    if (t.queue_known)
      wrapped_text(ui.fonts.body,
                   strings().format("tech.queue", {{"pending", std::to_string(t.pending)},
                                                   {"done", std::to_string(t.done)},
                                                   {"dead", std::to_string(t.dead)}}),
                   w, t.dead > 0 ? theme::kError : theme::kText);
    else
      text(ui.fonts.body, tr("tech.queue_unavailable"), theme::kWarning);
    ImGui::Dummy(ImVec2(1, theme::kGap));
    text(ui.fonts.heading, tr("tech.logs"), theme::kPrimary);
    for (const auto& line : t.recent_log) wrapped_text(ui.fonts.small, line, w, theme::kTextMuted);
  }
  ui.end_scroll();

  float y = ui.height - theme::kFooterHeight - theme::kGap - theme::kButtonHeight;
  float half = (w - theme::kGap) / 2;
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  bool out = s.taken_out_of_service();
  if (button(ui.widgets, "tech.toggle_service", tr(out ? "tech.put_back" : "tech.take_out"), ui.fonts.heading,
             ImVec2(half, theme::kButtonHeight), out ? ButtonKind::primary : ButtonKind::accent))
    ui.actions.push_back(act::SetInService{out});
  ImGui::SetCursorScreenPos(ImVec2(x + half + theme::kGap, y));
  if (button(ui.widgets, "tech.exit", tr("tech.exit"), ui.fonts.heading, ImVec2(half, theme::kButtonHeight),
             ButtonKind::secondary))
    ui.actions.push_back(act::TechnicianExit{});
}

}  // namespace zhidui::ui
