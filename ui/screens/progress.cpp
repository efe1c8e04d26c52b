// progress.cpp — 进度查询: asks for the ID card (or a receipt's QR on the scanner), then lists the
// person's applications, each with its status timeline. When the platform cannot be reached, the
// kiosk's own last known states are shown under a banner that says so.
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
std::string status_text(const std::string& code) {
  std::string key = "progress.status." + code;
  return strings().has(key) ? tr(key) : tr("progress.status.unknown");
}

theme::Rgb status_colour(const std::string& code) {
  if (code == "paid" || code == "approved") return theme::kSuccess;
  if (code == "rejected" || code == "dead") return theme::kError;
  if (code == "returned") return theme::kWarning;  // the person has something to do
  return theme::kPrimary;
}

void draw_entry(UiContext& ui, const ProgressEntry& e, float w) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 p = ImGui::GetCursorScreenPos();
  const float inner = w - 64;
  ImGui::SetCursorScreenPos(ImVec2(p.x + 32, p.y + 24));
  wrapped_text(ui.fonts.heading, e.policy_title, inner, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 32, ImGui::GetCursorScreenPos().y + 4));
  text(ui.fonts.heading, e.status_label.empty() ? status_text(e.status) : e.status_label, status_colour(e.status));
  ImGui::SetCursorScreenPos(ImVec2(p.x + 32, ImGui::GetCursorScreenPos().y + 8));
  text(ui.fonts.body, strings().format("progress.submitted_at", {{"at", e.submitted_at}}), theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 32, ImGui::GetCursorScreenPos().y + 4));
  text(ui.fonts.body,
       e.acceptance_no.empty() ? tr("progress.not_uploaded")
                               : strings().format("progress.acceptance_no", {{"no", e.acceptance_no}}),
       theme::kTextMuted);

  // The timeline: a dot per step, newest last, joined by a line.
  float y = ImGui::GetCursorScreenPos().y + 20;
  const float dot_x = p.x + 48;
  for (size_t i = 0; i < e.timeline.size(); ++i) {
    const ProgressStep& step = e.timeline[i];
    const bool last = i + 1 == e.timeline.size();
    ImGui::SetCursorScreenPos(ImVec2(dot_x + 36, y));
    text(ui.fonts.body, status_text(step.status) + "    " + step.at, last ? theme::kText : theme::kTextMuted);
    float h = ui.fonts.body->FontSize * 1.35f;
    if (!step.note.empty()) {
      ImGui::SetCursorScreenPos(ImVec2(dot_x + 36, y + h));
      h += wrapped_text(ui.fonts.small, step.note, inner - 60, theme::kTextMuted);
    }
    dl->AddCircleFilled(ImVec2(dot_x, y + ui.fonts.body->FontSize / 2), last ? 13 : 9,
                        color(last ? status_colour(step.status) : theme::kBorder));
    if (!last)
      dl->AddLine(ImVec2(dot_x, y + ui.fonts.body->FontSize / 2 + 12), ImVec2(dot_x, y + h + 12 + ui.fonts.body->FontSize / 2 - 12),
                  color(theme::kBorder), 3);
    y += h + 12;
  }
  float bottom = y + 12;
  dl->AddRect(p, ImVec2(p.x + w, bottom), color(theme::kBorder), theme::kRounding, 0, 2);
  ImGui::SetCursorScreenPos(ImVec2(p.x, bottom + theme::kGap));
  ImGui::Dummy(ImVec2(w, 1));
}
}  // namespace

void draw_progress(UiContext& ui) {
  const Session& s = ui.session;
  float x = ui.content_x(), w = ui.content_width();
  const bool shown = s.progress_phase() == ProgressPhase::shown;
  draw_heading(ui, tr("progress.title"), shown ? std::string_view{} : tr("progress.instruction"), x, w, !shown);

  if (!s.progress_error().empty()) {
    wrapped_text_centered(ui.fonts.heading, tr(s.progress_error()), w, theme::kError);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + theme::kGap));
  }
  if (s.progress_phase() == ProgressPhase::loading) {
    wrapped_text_centered(ui.fonts.heading, tr("progress.loading"), w, theme::kText);
    return;
  }
  if (!shown) return;

  const ProgressAnswer& answer = s.progress();
  if (answer.last_known) {
    // The banner's height is known only once its text is laid out: text on channel 1, box behind it on 0.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(p.x + 24, p.y + 16));
    float h = wrapped_text(ui.fonts.body, tr("progress.last_known"), w - 48, theme::kTextOnPrimary);
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h + 32), color(theme::kWarning), theme::kRounding);
    dl->ChannelsMerge();
    ImGui::SetCursorScreenPos(ImVec2(x, p.y + h + 32 + theme::kGap));
  }
  text(ui.fonts.body, strings().format("progress.count", {{"n", std::to_string(answer.entries.size())}}),
       theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
  if (ui.begin_scroll("##progress", 90)) {
    for (const ProgressEntry& e : answer.entries) draw_entry(ui, e, w);
  }
  ui.end_scroll();
}

}  // namespace zhidui::ui
