// result.cpp — the outcome of a submission, stated honestly: the platform's acceptance number, or
// 已保存，网络恢复后自动上传 when the platform has not answered yet — never a false success. The receipt
// stays on screen with its QR, so a failed printer still leaves the citizen a way to keep it.
#include <algorithm>

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
// 好差评: five levels in one row; the two poor ones ask for reasons before anything is saved.
void draw_rating(UiContext& ui, float x, float w) {
  const Session& s = ui.session;
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
  switch (s.rating_phase()) {
    case RatingPhase::saved: centered_text(ui.fonts.heading, tr("rating.thanks"), w, theme::kSuccess); return;
    case RatingPhase::failed: wrapped_text(ui.fonts.body, tr("rating.failed"), w, theme::kError); return;
    default: break;
  }
  text(ui.fonts.heading, tr("rating.title"), theme::kText);
  const float gap = 12, bw = (w - 4 * gap) / 5;
  float y = ImGui::GetCursorScreenPos().y + 10;
  for (int level = 5; level >= 1; --level) {
    ImGui::SetCursorScreenPos(ImVec2(x + float(5 - level) * (bw + gap), y));
    std::string key = "rating.level" + std::to_string(level);
    bool chosen = s.rating_level() == level;
    if (button(ui.widgets, "rating." + std::to_string(level), tr(key), bw >= 180 ? ui.fonts.body : ui.fonts.small,
               ImVec2(bw, 100),
               chosen ? ButtonKind::primary : ButtonKind::secondary))
      ui.actions.push_back(act::Rate{level});
  }
  if (s.rating_phase() != RatingPhase::choosing_reasons) return;
  ImGui::SetCursorScreenPos(ImVec2(x, y + 100 + 16));
  text(ui.fonts.body, tr("rating.reason_prompt"), theme::kTextMuted);
  y = ImGui::GetCursorScreenPos().y + 8;
  int i = 0;
  for (const char* reason : kRatingReasons) {
    bool on = std::find(s.rating_reasons().begin(), s.rating_reasons().end(), reason) != s.rating_reasons().end();
    ImGui::SetCursorScreenPos(ImVec2(x + float(i) * (bw + gap), y));
    if (button(ui.widgets, std::string("rating.reason.") + reason, tr(std::string("rating.reason.") + reason),
               ui.fonts.small, ImVec2(bw, 80), on ? ButtonKind::primary : ButtonKind::secondary))
      ui.actions.push_back(act::ToggleRatingReason{reason});
    ++i;
  }
  if (!s.rating_reasons().empty()) {
    ImGui::SetCursorScreenPos(ImVec2(x, y + 80 + 12));
    if (button(ui.widgets, "rating.submit", tr("rating.submit"), ui.fonts.body, ImVec2(w, 84), ButtonKind::accent))
      ui.actions.push_back(act::SubmitRating{});
  }
}

}  // namespace

void draw_result(UiContext& ui) {
  const Session& s = ui.session;
  // Landscape uses the whole width: the receipt on the left, the rating on the right.
  float x = ui.portrait() ? ui.content_x() : theme::kMargin;
  float w = ui.portrait() ? ui.content_width() : ui.width - 2 * theme::kMargin;
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
    const bool side_by_side = !ui.portrait();
    const float card_w = side_by_side ? w * 0.56f : w;
    float card_h = ui.portrait() ? 600 : 440;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(top, ImVec2(top.x + card_w, top.y + card_h), color(theme::kSurface), theme::kRounding);
    dl->AddRect(top, ImVec2(top.x + card_w, top.y + card_h), color(theme::kBorder), theme::kRounding, 0, 2);
    ImGui::SetCursorScreenPos(ImVec2(top.x + 30, top.y + 24));
    centered_text(ui.fonts.heading, tr("receipt.title"), card_w - 60, theme::kText);
    ImGui::SetCursorScreenPos(ImVec2(top.x + 30, ImGui::GetCursorScreenPos().y + 16));
    float text_w = ui.portrait() ? w - 60 : card_w - 360;
    receipt_line(ui, "receipt.policy", r->policy_title, top.x + 30, text_w);
    receipt_line(ui, "receipt.applicant", r->applicant_masked, top.x + 30, text_w);
    receipt_line(ui, "receipt.id_number", r->id_number_masked, top.x + 30, text_w);
    receipt_line(ui, "receipt.date", r->submitted_at, top.x + 30, text_w);
    receipt_line(ui, "receipt.acceptance_no", r->acceptance_no.empty() ? tr("receipt.pending") : r->acceptance_no,
                 top.x + 30, text_w);
    float qr_side = ui.portrait() ? 240 : 280;
    ImVec2 qr_pos = ui.portrait() ? ImVec2(top.x + (w - qr_side) / 2, ImGui::GetCursorScreenPos().y + 6)
                                  : ImVec2(top.x + card_w - qr_side - 30, top.y + 100);
    draw_qr(dl, r->qr_payload(), qr_pos, qr_side);
    ui.widgets.record("result.qr", qr_pos, ImVec2(qr_pos.x + qr_side, qr_pos.y + qr_side));
    ImGui::SetCursorScreenPos(ImVec2(x, top.y + card_h + 20));
    const char* print_key = s.print_outcome() == PrintOutcome::printed ? "result.receipt_printed" : "result.receipt_failed";
    wrapped_text(ui.fonts.body, tr(print_key), card_w,
                 s.print_outcome() == PrintOutcome::printed ? theme::kSuccess : theme::kError);
    if (s.can_rate()) {
      const float rx = side_by_side ? x + card_w + theme::kGap * 2 : x;
      const float rw = side_by_side ? w - card_w - theme::kGap * 2 : w;
      ImGui::SetCursorScreenPos(ImVec2(rx, side_by_side ? top.y : ImGui::GetCursorScreenPos().y + 24));
      draw_rating(ui, rx, rw);
    }
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
