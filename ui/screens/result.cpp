// result.cpp — the outcome of a submission, stated honestly: the platform's acceptance number, or
// 已保存，网络恢复后自动上传 when the platform has not answered yet — never a false success. The receipt
// stays on screen with its QR, so a failed printer still leaves the citizen a way to keep it.
#include <algorithm>
#include <optional>

#include "kiosk/qr_code.h"
#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
void draw_qr(ImDrawList* dl, const std::string& payload, ImVec2 p, float side) {
  // Encoding costs more than the rest of the frame: keep the last one (it holds no personal data).
  static std::string cached_payload;
  static std::optional<QrMatrix> cached;
  if (payload != cached_payload) {
    auto made = make_qr(payload);
    cached_payload = payload;
    cached = made ? std::optional<QrMatrix>(std::move(made.value())) : std::nullopt;
  }
  const auto& qr = cached;
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
  const float label_w = ui.fonts.body->FontSize * 6;
  const float y = ImGui::GetCursorScreenPos().y;
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  text(ui.fonts.body, tr(label_key), theme::kTextMuted);
  ImGui::SetCursorScreenPos(ImVec2(x + label_w, y));
  float h = wrapped_text(ui.fonts.body, value, w - label_w, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(x, y + h + 6));
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "、") + i;
  return out;
}

// The A4 copy on request: a button, then what became of it.
void draw_a4(UiContext& ui, float x, float w) {
  const Session& s = ui.session;
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 16));
  if (s.a4_printing()) {
    wrapped_text(ui.fonts.body, tr("result.a4_printing"), w, theme::kTextMuted);
  } else if (s.a4_outcome() == PrintOutcome::printed) {
    wrapped_text(ui.fonts.body, tr("result.a4_printed"), w, theme::kSuccess);
  } else {
    if (s.a4_outcome() == PrintOutcome::failed) {
      wrapped_text(ui.fonts.body, tr("result.a4_failed"), w, theme::kError);
      ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 8));
    }
    if (button(ui.widgets, "result.a4", tr("result.a4_print"), ui.fonts.body, ImVec2(w, 96), ButtonKind::secondary))
      ui.actions.push_back(act::PrintA4{});
  }
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
  // Landscape uses the whole width: the receipt on the left; rating, A4 and 完成 on the right.
  const bool side_by_side = !ui.portrait();
  float x = side_by_side ? theme::kMargin : ui.content_x();
  float w = side_by_side ? ui.width - 2 * theme::kMargin : ui.content_width();
  const float finish_y = ui.height - theme::kFooterHeight - theme::kGap - theme::kButtonHeight;
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 10));
  // The headline says what happened, and nothing contradicts it below.
  switch (s.submit_phase()) {
    case SubmitPhase::failed:
      centered_text(ui.fonts.title, tr("result.failed_title"), w, theme::kError);
      ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 20));
      wrapped_text_centered(ui.fonts.heading, tr("result.failed"), w, theme::kError);
      return;
    case SubmitPhase::rejected:
      centered_text(ui.fonts.title, tr("result.rejected_title"), w, theme::kError);
      ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
      wrapped_text_centered(ui.fonts.heading, tr("result.rejected"), w, theme::kError);
      break;
    case SubmitPhase::accepted:
      centered_text(ui.fonts.title, tr("result.title"), w, theme::kSuccess);
      ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
      centered_text(ui.fonts.body, tr("result.accepted"), w, theme::kText);
      ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 4));
      centered_text(ui.fonts.title, s.acceptance_no(), w, theme::kPrimary);
      break;
    case SubmitPhase::saved_offline:
      centered_text(ui.fonts.title, tr("result.title"), w, theme::kSuccess);
      ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
      wrapped_text_centered(ui.fonts.heading, tr("result.saved_offline"), w, theme::kWarning);
      break;
    default:
      centered_text(ui.fonts.title, tr("result.title"), w, theme::kSuccess);
      ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
      centered_text(ui.fonts.heading, tr("result.waiting_platform"), w, theme::kTextMuted);
      break;
  }

  const float card_w = side_by_side ? w * 0.56f : w;
  const float rx = side_by_side ? x + card_w + theme::kGap * 2 : x;
  const float rw = side_by_side ? w - card_w - theme::kGap * 2 : w;
  float right_y = 0;
  if (const auto& r = s.receipt()) {
    ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 24));
    ImVec2 top = ImGui::GetCursorScreenPos();
    right_y = top.y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // The card grows with its lines; its box is drawn behind them once their height is known.
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    const float qr_side = side_by_side ? 240 : 220;
    const float text_w = side_by_side ? card_w - qr_side - 90 : card_w - 60;
    ImGui::SetCursorScreenPos(ImVec2(top.x + 30, top.y + 20));
    centered_text(ui.fonts.heading, tr("receipt.title"), card_w - 60, theme::kText);
    ImGui::SetCursorScreenPos(ImVec2(top.x + 30, ImGui::GetCursorScreenPos().y + 12));
    const float lines_top = ImGui::GetCursorScreenPos().y;
    receipt_line(ui, "receipt.policy", r->policy_title, top.x + 30, text_w);
    if (!r->enterprise_name.empty()) receipt_line(ui, "receipt.enterprise", r->enterprise_name, top.x + 30, text_w);
    receipt_line(ui, "receipt.applicant", r->applicant_masked + "  " + r->id_number_masked, top.x + 30, text_w);
    receipt_line(ui, "receipt.date", r->submitted_at, top.x + 30, text_w);
    receipt_line(ui, "receipt.acceptance_no", r->acceptance_no.empty() ? tr("receipt.pending") : r->acceptance_no,
                 top.x + 30, text_w);
    if (!r->later_materials.empty())
      receipt_line(ui, "receipt.later_materials", joined(r->later_materials), top.x + 30, text_w);
    ImVec2 qr_pos = side_by_side ? ImVec2(top.x + card_w - qr_side - 30, lines_top)
                                 : ImVec2(top.x + (card_w - qr_side) / 2, ImGui::GetCursorScreenPos().y + 6);
    float card_bottom = std::max(ImGui::GetCursorScreenPos().y, side_by_side ? qr_pos.y + qr_side : 0.0f) + 20;
    if (!side_by_side) card_bottom = qr_pos.y + qr_side + 20;
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(top, ImVec2(top.x + card_w, card_bottom), color(theme::kSurface), theme::kRounding);
    dl->AddRect(top, ImVec2(top.x + card_w, card_bottom), color(theme::kBorder), theme::kRounding, 0, 2);
    dl->ChannelsMerge();
    draw_qr(dl, r->qr_payload(), qr_pos, qr_side);
    ui.widgets.record("result.qr", qr_pos, ImVec2(qr_pos.x + qr_side, qr_pos.y + qr_side));

    ImGui::SetCursorScreenPos(ImVec2(x, card_bottom + 16));
    const bool printed = s.print_outcome() == PrintOutcome::printed;
    wrapped_text(ui.fonts.body, tr(printed ? "result.receipt_printed" : "result.receipt_failed"), card_w,
                 printed ? theme::kSuccess : theme::kError);
    if (!side_by_side) right_y = ImGui::GetCursorScreenPos().y + 8;
    ImGui::SetCursorScreenPos(ImVec2(rx, right_y));
    if (s.can_rate()) draw_rating(ui, rx, rw);
    if (s.a4_available()) draw_a4(ui, rx, rw);
  }

  if (s.submit_phase() == SubmitPhase::accepted || s.submit_phase() == SubmitPhase::saved_offline ||
      s.submit_phase() == SubmitPhase::rejected) {
    ImGui::SetCursorScreenPos(ImVec2(rx, finish_y));
    if (button(ui.widgets, "result.finish", tr("result.finish"), ui.fonts.heading, ImVec2(rw, theme::kButtonHeight),
               ButtonKind::primary))
      ui.actions.push_back(act::Finish{});
  }
}

}  // namespace zhidui::ui
