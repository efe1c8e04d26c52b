// technician.cpp — the technician panel: every device with its state and last problem, device
// self-tests (a test receipt, an A4 test page, a card on the reader), the upload queue with its dead
// letters and 重新上传, the configuration (voice volume, idle timeout, required devices and orientation
// adjustable; identity, platform and ports edited on a keyboard; all saved to the file, the last ones for
// the next start, which 立即重启 brings), recent log lines (masked by the logging layer), and taking the
// kiosk out of / back into service. Technician screens may mix English.
#include "kiosk/strings.h"
#include "ui/keyboards/ascii_keyboard.h"
#include "ui/keyboards/chinese_keyboard.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {

void section(UiContext& ui, const char* key, theme::Rgb colour = theme::kPrimary) {
  ImGui::Dummy(ImVec2(1, theme::kGap));
  text(ui.fonts.heading, tr(key), colour);
  ImGui::Dummy(ImVec2(1, 4));
}

// Buttons side by side on one row; returns the index tapped, or -1.
int button_row(UiContext& ui, const std::vector<std::pair<std::string, std::string>>& buttons, float w) {
  const float gap = 16, bw = (w - gap * float(buttons.size() - 1)) / float(buttons.size());
  const ImVec2 start = ImGui::GetCursorScreenPos();
  int tapped = -1;
  for (size_t i = 0; i < buttons.size(); ++i) {
    ImGui::SetCursorScreenPos(ImVec2(start.x + float(i) * (bw + gap), start.y));
    if (button(ui.widgets, buttons[i].first, buttons[i].second, ui.fonts.body, ImVec2(bw, theme::kMinTarget),
               ButtonKind::secondary))
      tapped = int(i);
  }
  ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + theme::kMinTarget + 8));
  return tapped;
}

void draw_devices(UiContext& ui, float w) {
  const Session& s = ui.session;
  section(ui, "tech.devices");
  if (s.devices().empty()) text(ui.fonts.body, tr("tech.no_devices"), theme::kTextMuted);
  for (const auto& [cls, st] : s.devices()) {
    std::string line = std::string(drivers::to_string(cls)) + ": " + drivers::to_string(st.state) + " / " +
                       drivers::to_string(st.severity) + (st.code.empty() ? "" : "  [" + st.code + "]");
    text(ui.fonts.body, line, st.usable() ? theme::kText : theme::kError);
    if (!st.detail.empty()) wrapped_text(ui.fonts.small, st.detail, w, theme::kTextMuted);
  }
  section(ui, "tech.self_tests");
  // The A4 test only where an A4 printer is configured: a button that can only say "not available" is noise.
  std::vector<std::pair<std::string, std::string>> tests = {{"tech.test_receipt", tr("tech.test_receipt")}};
  if (s.a4_available()) tests.push_back({"tech.test_a4", tr("tech.test_a4")});
  int t = button_row(ui, tests, w);
  if (t == 0) ui.actions.push_back(act::SelfTest{"receipt_printer"});
  if (t == 1) ui.actions.push_back(act::SelfTest{"document_printer"});
  wrapped_text(ui.fonts.small, tr("tech.test_card_hint"), w, theme::kTextMuted);
  for (const auto& line : s.technician_results()) wrapped_text(ui.fonts.body, line, w, theme::kText);
}

void draw_queue(UiContext& ui, float w) {
  const TechnicianSnapshot& t = ui.session.technician_snapshot();
  section(ui, "tech.queue_title");
  if (!t.queue_known) {
    text(ui.fonts.body, tr("tech.queue_unavailable"), theme::kWarning);
    return;
  }
  wrapped_text(ui.fonts.body,
               strings().format("tech.queue", {{"pending", std::to_string(t.pending)},
                                               {"done", std::to_string(t.done)},
                                               {"dead", std::to_string(t.dead)}}),
               w, t.dead > 0 ? theme::kError : theme::kText);
  if (t.dead_letters.empty()) return;
  text(ui.fonts.body, tr("tech.dead_letters"), theme::kError);
  const float retry_w = ui.fonts.body->FontSize * 5 + 40;
  for (const auto& d : t.dead_letters) {
    const ImVec2 row = ImGui::GetCursorScreenPos();
    std::string line = strings().format("tech.dead_letter", {{"seq", std::to_string(d.seq)},
                                                             {"kind", d.kind},
                                                             {"uuid", d.uuid.substr(0, 8)},
                                                             {"attempts", std::to_string(d.attempts)},
                                                             {"reason", d.reason}});
    float h = wrapped_text(ui.fonts.small, line, w - retry_w - 16, theme::kText);
    ImGui::SetCursorScreenPos(ImVec2(row.x + w - retry_w, row.y));
    if (button(ui.widgets, "tech.requeue." + std::to_string(d.seq), tr("tech.requeue"), ui.fonts.body,
               ImVec2(retry_w, theme::kMinTarget), ButtonKind::secondary))
      ui.actions.push_back(act::RequeueDeadLetter{d.seq});
    ImGui::SetCursorScreenPos(ImVec2(row.x, row.y + std::max(h, theme::kMinTarget) + 8));
  }
  if (button_row(ui, {{"tech.requeue_all", tr("tech.requeue_all")}}, w) == 0)
    ui.actions.push_back(act::RequeueDeadLetter{0});
}

void draw_settings(UiContext& ui, float w) {
  const TechnicianSnapshot& t = ui.session.technician_snapshot();
  section(ui, "tech.settings");
  const float key_w = ui.fonts.small->FontSize * 14;
  for (const auto& [key, value] : t.settings) {
    const ImVec2 row = ImGui::GetCursorScreenPos();
    text(ui.fonts.small, key, theme::kTextMuted);
    ImGui::SetCursorScreenPos(ImVec2(row.x + key_w, row.y));
    float h = wrapped_text(ui.fonts.small, value, w - key_w, theme::kText);
    ImGui::SetCursorScreenPos(ImVec2(row.x, row.y + h + 4));
  }
  ImGui::Dummy(ImVec2(1, 8));
  for (const auto& [key, value] : {std::pair<const char*, int>{"voice_volume", t.voice_volume},
                                    {"idle_seconds", t.idle_seconds},
                                    {"platform_wait_seconds", t.platform_wait_seconds},
                                    {"platform_connect_timeout_seconds", t.connect_timeout_seconds},
                                    {"platform_total_timeout_seconds", t.total_timeout_seconds}}) {
    const std::string label_key = std::string("tech.") + key;
    text(ui.fonts.body, strings().format(label_key, {{"n", std::to_string(value)}}), theme::kText);
    int tapped = button_row(ui, {{std::string("tech.") + key + ".down", tr("tech.less")}, {std::string("tech.") + key + ".up", tr("tech.more")}},
                            w * 0.5f);
    if (tapped >= 0) ui.actions.push_back(act::ChangeSetting{key, tapped == 0 ? -1 : 1});
  }
  // Required devices: each a toggle (filled when required); without a required one the kiosk pauses.
  text(ui.fonts.body, tr("tech.required_devices"), theme::kText);
  const float toggle_w = (w - 3 * 12) / 4;
  const ImVec2 toggles = ImGui::GetCursorScreenPos();
  int column = 0;
  for (drivers::DeviceClass d : {drivers::DeviceClass::id_reader, drivers::DeviceClass::receipt_printer,
                                 drivers::DeviceClass::document_printer, drivers::DeviceClass::barcode_scanner}) {
    const auto& required = ui.session.required_devices();
    const bool on = std::find(required.begin(), required.end(), d) != required.end();
    const std::string name = drivers::to_string(d);
    ImGui::SetCursorScreenPos(ImVec2(toggles.x + float(column++) * (toggle_w + 12), toggles.y));
    if (button(ui.widgets, "tech.required." + name, name, ui.fonts.small, ImVec2(toggle_w, theme::kMinTarget),
               on ? ButtonKind::primary : ButtonKind::secondary))
      ui.actions.push_back(act::ChangeSetting{"required." + name, on ? -1 : 1});
  }
  ImGui::SetCursorScreenPos(ImVec2(toggles.x, toggles.y + theme::kMinTarget + 12));
  if (button_row(ui, {{"tech.orientation", tr("tech.orientation")}}, w * 0.5f) == 0)
    ui.actions.push_back(act::ChangeSetting{"orientation", 1});
  wrapped_text(ui.fonts.small, tr(t.settings_saved_to_file ? "tech.settings_saved" : "tech.settings_not_saved"), w,
               theme::kTextMuted);
}

// The lines of the configuration file edited on a keyboard: each with its value and 修改.
void draw_config_lines(UiContext& ui, float w) {
  const TechnicianSnapshot& t = ui.session.technician_snapshot();
  section(ui, "tech.config_lines");
  if (!t.settings_saved_to_file) return (void)wrapped_text(ui.fonts.small, tr("tech.config_lines_none"), w, theme::kTextMuted);
  if (!t.text_settings_problem.empty())
    return (void)wrapped_text(ui.fonts.small, strings().format("tech.config_lines_unreadable", {{"problem", t.text_settings_problem}}),
                              w, theme::kError);
  const float key_w = ui.fonts.small->FontSize * 14, edit_w = ui.fonts.body->FontSize * 3 + 40;
  for (const auto& line : t.text_settings) {
    const ImVec2 row = ImGui::GetCursorScreenPos();
    const float text_y = row.y + (theme::kMinTarget - ui.fonts.small->FontSize) / 2;  // level with 修改
    ImGui::SetCursorScreenPos(ImVec2(row.x, text_y));
    text(ui.fonts.small, line.key, theme::kTextMuted);
    ImGui::SetCursorScreenPos(ImVec2(row.x + key_w, text_y));
    const float h = wrapped_text(ui.fonts.small, line.shown, w - key_w - edit_w - 16, theme::kText) + text_y - row.y;
    ImGui::SetCursorScreenPos(ImVec2(row.x + w - edit_w, row.y));
    if (button(ui.widgets, "tech.edit." + line.key, tr("tech.edit"), ui.fonts.body, ImVec2(edit_w, theme::kMinTarget),
               ButtonKind::secondary))
      ui.actions.push_back(act::EditSetting{line.key});
    ImGui::SetCursorScreenPos(ImVec2(row.x, row.y + std::max(h, theme::kMinTarget) + 8));
  }
}

// One line of the configuration being typed: the value (a secret masked) with 保存 and 取消 beside it, why
// 保存 was refused, and the keyboard its characters need (the hall's name is Chinese; the rest is ASCII),
// which gets everything below down to the footer.
void draw_setting_editor(UiContext& ui, float x, float w) {
  const Session::SettingEdit& e = *ui.session.setting_edit();
  auto next_line = [&](float gap) { ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + gap)); };
  next_line(theme::kGap);
  text(ui.fonts.heading, strings().format("tech.edit_title", {{"key", e.key}}), theme::kPrimary);
  next_line(0);
  if (e.secret) wrapped_text(ui.fonts.small, tr("tech.edit_secret"), w, theme::kTextMuted);
  next_line(8);
  const ImVec2 row = ImGui::GetCursorScreenPos();
  const float button_w = ui.fonts.heading->FontSize * 3 + 48, box_w = w - 2 * (button_w + theme::kGap);
  TextBoxLook look;
  look.focused = true;
  look.error = !e.error.empty();
  text_box(ui, "tech.edit.box", e.secret ? std::string(e.text.size(), '*') : e.text, box_w, look);
  const float below = ImGui::GetCursorScreenPos().y;
  ImGui::SetCursorScreenPos(ImVec2(row.x + box_w + theme::kGap, row.y));
  if (button(ui.widgets, "tech.save", tr("tech.save"), ui.fonts.heading, ImVec2(button_w, look.height)))
    ui.actions.push_back(act::SaveSetting{});
  ImGui::SetCursorScreenPos(ImVec2(row.x + box_w + button_w + 2 * theme::kGap, row.y));
  if (button(ui.widgets, "tech.cancel", tr("tech.cancel"), ui.fonts.heading, ImVec2(button_w, look.height),
             ButtonKind::secondary))
    ui.actions.push_back(act::CancelSettingEdit{});
  ImGui::SetCursorScreenPos(ImVec2(x, std::max(below, row.y + look.height)));
  if (!e.error.empty()) {
    next_line(8);
    wrapped_text(ui.fonts.small, e.error, w, theme::kError);
  }

  const float kb_w = std::min(w, 1400.0f), kb_x = x + (w - kb_w) / 2;
  const float kb_y = ImGui::GetCursorScreenPos().y + theme::kGap;
  const float room = ui.height - theme::kFooterHeight - theme::kGap - kb_y;
  keyboards::KeyboardIo io = keyboards::keyboard_io(ui);
  if (e.key == "kiosk.hall" && ui.state.chinese) {
    const float kb_h = std::min(keyboards::chinese_keyboard_height(kb_w), room);
    keyboards::draw_chinese_keyboard(io, *ui.state.chinese, keyboards::Area{kb_x, kb_y, kb_w, kb_h},
                                     keyboards::pad_pointer(ui));
  } else {
    const float kb_h = std::min(keyboards::ascii_keyboard_height(kb_w), room);
    keyboards::draw_ascii_keyboard(io, keyboards::Area{kb_x, kb_y, kb_w, kb_h}, ui.state.ascii_shifted);
  }
}

}  // namespace

void draw_technician(UiContext& ui) {
  const Session& s = ui.session;
  // Landscape: devices, self-tests and the queue on the left, the configuration and the log on the right.
  const bool two_columns = !ui.portrait();
  const float x = two_columns ? theme::kMargin : ui.content_x();
  const float w = two_columns ? ui.width - 2 * theme::kMargin : ui.content_width();
  const float col_w = two_columns ? (w - theme::kMargin) / 2 : w;
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.title, tr("tech.title"), theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 6));
  text(ui.fonts.body, tr(s.taken_out_of_service() ? "tech.out_of_service" : "tech.in_service"),
       s.taken_out_of_service() ? theme::kError : theme::kSuccess);

  if (s.setting_edit()) return draw_setting_editor(ui, x, w);
  if (s.restart_needed()) {
    const float button_y = ImGui::GetCursorScreenPos().y + 8;
    ImGui::SetCursorScreenPos(ImVec2(x, button_y));
    if (button(ui.widgets, "tech.restart", tr("tech.restart"), ui.fonts.heading, ImVec2(w, theme::kMinTarget)))
      ui.actions.push_back(act::RestartKiosk{});
    ImGui::SetCursorScreenPos(ImVec2(x, button_y + theme::kMinTarget + 8));  // the lists start below it
  }

  const float top = ImGui::GetCursorScreenPos().y;
  const float buttons_h = theme::kButtonHeight + 2 * theme::kGap;
  auto settings_and_log = [&](float cw) {
    draw_settings(ui, cw);
    draw_config_lines(ui, cw);
    section(ui, "tech.logs");
    for (const auto& line : s.technician_snapshot().recent_log) wrapped_text(ui.fonts.small, line, cw, theme::kTextMuted);
  };
  if (ui.begin_scroll("##technician", buttons_h, x, col_w)) {
    if (!s.configuration_problem().empty()) {
      section(ui, "tech.config_problem", theme::kError);
      wrapped_text(ui.fonts.small, s.configuration_problem(), col_w, theme::kError);
    }
    if (!s.crash_loop().empty()) {
      section(ui, "tech.crash_loop", theme::kError);
      wrapped_text(ui.fonts.small, s.crash_loop(), col_w, theme::kError);
    }
    draw_devices(ui, col_w);
    draw_queue(ui, col_w);
    if (!two_columns) settings_and_log(col_w);
  }
  ui.end_scroll();
  if (two_columns) {
    const float rx = x + col_w + theme::kMargin;
    ImGui::SetCursorScreenPos(ImVec2(rx, top));
    if (ui.begin_scroll("##technician_settings", buttons_h, rx, col_w)) settings_and_log(col_w);
    ui.end_scroll();
  }

  float y = ui.height - theme::kFooterHeight - theme::kGap - theme::kButtonHeight;
  float half = (w - theme::kGap) / 2;
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  bool out = s.taken_out_of_service();
  // With a broken configuration there is nothing to put back into service until the file is fixed.
  if (s.configuration_problem().empty() &&
      button(ui.widgets, "tech.toggle_service", tr(out ? "tech.put_back" : "tech.take_out"), ui.fonts.heading,
             ImVec2(half, theme::kButtonHeight), out ? ButtonKind::primary : ButtonKind::accent))
    ui.actions.push_back(act::SetInService{out});
  ImGui::SetCursorScreenPos(ImVec2(x + half + theme::kGap, y));
  if (button(ui.widgets, "tech.exit", tr("tech.exit"), ui.fonts.heading, ImVec2(half, theme::kButtonHeight),
             ButtonKind::secondary))
    ui.actions.push_back(act::TechnicianExit{});
}

}  // namespace zhidui::ui
