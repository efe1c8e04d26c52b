// result.cpp — the outcome of a submission, stated honestly: the platform's acceptance number, or
// 已保存，网络恢复后自动上传 when the platform has not answered yet — never a false success. The receipt
// stays on screen with its QR, so a failed printer still leaves the citizen a way to keep it.
#include "kiosk/qr_code.h"
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
void draw_qr(ImDrawList* dl, const std::string& payload, ImVec2 p, float side) {
  auto qr = make_qr(payload);
  if (!qr) return;
  int quiet = 2, n = qr->size + 2 * quiet;
  float m = side / float(n);
  dl->AddRectFilled(p, ImVec2(p.x + side, p.y + side), IM_COL32_WHITE);
  for (int y = 0; y < qr->size; ++y)
    for (int x = 0; x < qr->size; ++x)
      if (qr->at(x, y))
        dl->AddRectFilled(ImVec2(p.x + float(x + quiet) * m, p.y + float(y + quiet) * m),
                          ImVec2(p.x + float(x + quiet + 1) * m, p.y + float(y + quiet + 1) * m), IM_COL32_BLACK);
}

void receipt_line(UiContext& ui, const char* label_key, const std::string& value, float x, float w) {
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* f = ui.fonts.body;
  note_text(tr(label_key));
  note_text(value);
  dl->AddText(f, f->FontSize, p, color(theme::kTextMuted), tr(label_key).c_str());
  dl->AddText(f, f->FontSize, ImVec2(p.x + 200, p.y), color(theme::kText), value.c_str());
  ImGui::Dummy(ImVec2(w, f->FontSize * 1.5f));
}
}  // namespace

void draw_result(UiContext& ui) {
  const Session& s = ui.session;
  float x = ui.content_x(), w = ui.content_width();
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 20));
  if (s.submit_phase() == SubmitPhase::failed) {
    centered_text(ui.fonts.title, tr("out_of_service.title"), w, theme::kError);
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 20));
    wrapped_text(ui.fonts.heading, tr("result.failed"), w, theme::kError);
    return;
  }
  centered_text(ui.fonts.title, tr("result.title"), w, theme::kSuccess);
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 20));
  switch (s.submit_phase()) {
    case SubmitPhase::accepted:
      centered_text(ui.fonts.body, tr("result.accepted"), w, theme::kText);
      ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 8));
      centered_text(ui.fonts.title, s.acceptance_no(), w, theme::kPrimary);
      break;
    case SubmitPhase::saved_offline:
      wrapped_text(ui.fonts.heading, tr("result.saved_offline"), w, theme::kWarning);
      break;
    case SubmitPhase::rejected:
      wrapped_text(ui.fonts.heading, tr("result.rejected"), w, theme::kError);
      break;
    default:
      centered_text(ui.fonts.heading, tr("result.waiting_platform"), w, theme::kTextMuted);
      break;
  }

  if (const auto& r = s.receipt()) {
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 30));
    ImVec2 top = ImGui::GetCursorScreenPos();
    float card_h = ui.portrait() ? 720 : 440;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(top, ImVec2(top.x + w, top.y + card_h), color(theme::kSurface), theme::kRounding);
    dl->AddRect(top, ImVec2(top.x + w, top.y + card_h), color(theme::kBorder), theme::kRounding, 0, 2);
    ImGui::SetCursorScreenPos(ImVec2(top.x + 30, top.y + 24));
    centered_text(ui.fonts.heading, tr("receipt.title"), w - 60, theme::kText);
    ImGui::SetCursorScreenPos(ImVec2(top.x + 30, ImGui::GetCursorScreenPos().y + 16));
    float text_w = ui.portrait() ? w - 60 : w - 420;
    receipt_line(ui, "receipt.policy", r->policy_title, top.x + 30, text_w);
    receipt_line(ui, "receipt.applicant", r->applicant_masked, top.x + 30, text_w);
    receipt_line(ui, "receipt.id_number", r->id_number_masked, top.x + 30, text_w);
    receipt_line(ui, "receipt.date", r->submitted_at, top.x + 30, text_w);
    receipt_line(ui, "receipt.acceptance_no", r->acceptance_no.empty() ? tr("receipt.pending") : r->acceptance_no,
                 top.x + 30, text_w);
    float qr_side = 300;
    ImVec2 qr_pos = ui.portrait() ? ImVec2(top.x + (w - qr_side) / 2, ImGui::GetCursorScreenPos().y + 10)
                                  : ImVec2(top.x + w - qr_side - 40, top.y + 90);
    draw_qr(dl, r->qr_payload(), qr_pos, qr_side);
    ui.widgets.record("result.qr", qr_pos, ImVec2(qr_pos.x + qr_side, qr_pos.y + qr_side));
    ImGui::SetCursorScreenPos(ImVec2(x, top.y + card_h + 20));
    const char* print_key = s.print_outcome() == PrintOutcome::printed ? "result.receipt_printed" : "result.receipt_failed";
    wrapped_text(ui.fonts.body, tr(print_key),
                 w, s.print_outcome() == PrintOutcome::printed ? theme::kSuccess : theme::kError);
  }

  float y = ui.height - theme::kFooterHeight - theme::kGap - theme::kButtonHeight;
  if (s.submit_phase() == SubmitPhase::accepted || s.submit_phase() == SubmitPhase::saved_offline ||
      s.submit_phase() == SubmitPhase::rejected) {
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    if (button(ui.widgets, "result.finish", tr("result.finish"), ui.fonts.heading, ImVec2(w, theme::kButtonHeight),
               ButtonKind::primary))
      ui.actions.push_back(act::Finish{});
  }
}

}  // namespace zhidui::ui
