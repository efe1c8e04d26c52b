// result.cpp — the outcome of a submission, stated honestly: the platform's acceptance number, or
// 已保存，网络恢复后自动上传 when the platform has not answered yet — never a false success. The receipt
// stays on screen with its QR, so a failed printer still leaves the citizen a way to keep it.
#include <algorithm>
#include <optional>

#include "kiosk/qr_code.h"
#include "kiosk/strings.h"
#include "ui/keyboards/chinese_keyboard.h"
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
    if (button(ui.widgets, "result.a4", tr("result.a4_print"), ui.fonts.body, ImVec2(w, theme::kMinTarget + 24),
               ButtonKind::secondary))
      ui.actions.push_back(act::PrintA4{});
  }
}
struct GridButton {
  std::string name, label;
  bool on;
};

// Buttons of equal width in as many columns as their labels allow (five, else three): 长辈模式's larger
// text must not spill out of 非常不满意. Advances `y` past the grid; returns the tapped index, or -1.
int button_grid(UiContext& ui, const std::vector<GridButton>& items, float x, float& y, float w, float h) {
  ImFont* f = ui.fonts.body;
  float widest = 0;
  for (const GridButton& b : items)
    widest = std::max(widest, f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, b.label.c_str()).x + 24);
  const float gap = 12;
  const size_t columns = (widest * 5 + 4 * gap <= w) ? 5 : 3;
  const float bw = (w - float(columns - 1) * gap) / float(columns);
  int tapped = -1;
  for (size_t i = 0; i < items.size(); ++i) {
    ImGui::SetCursorScreenPos(ImVec2(x + float(i % columns) * (bw + gap), y + float(i / columns) * (h + gap)));
    if (button(ui.widgets, items[i].name, items[i].label, f, ImVec2(bw, h),
               items[i].on ? ButtonKind::primary : ButtonKind::secondary))
      tapped = int(i);
  }
  const size_t rows = (items.size() + columns - 1) / columns;
  y += float(rows) * h + float(rows - 1) * gap;
  return tapped;
}

// 好差评: five levels; the two poor ones ask for reasons before anything is saved.
void draw_rating(UiContext& ui, float x, float w) {
  const Session& s = ui.session;
  ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y));
  switch (s.rating_phase()) {
    case RatingPhase::saved: centered_text(ui.fonts.heading, tr("rating.thanks"), w, theme::kSuccess); return;
    case RatingPhase::failed: wrapped_text(ui.fonts.body, tr("rating.failed"), w, theme::kError); return;
    default: break;
  }
  text(ui.fonts.heading, tr("rating.title"), theme::kText);
  std::vector<GridButton> levels;
  for (int level = 5; level >= 1; --level) {
    const std::string label_key = "rating.level" + std::to_string(level);
    levels.push_back({"rating." + std::to_string(level), tr(label_key), s.rating_level() == level});
  }
  float y = ImGui::GetCursorScreenPos().y + 10;
  if (int i = button_grid(ui, levels, x, y, w, theme::kMinTarget + 28); i >= 0) ui.actions.push_back(act::Rate{5 - i});
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  if (s.rating_phase() != RatingPhase::choosing_reasons) return;
  ImGui::SetCursorScreenPos(ImVec2(x, y + 16));
  text(ui.fonts.body, tr("rating.reason_prompt"), theme::kTextMuted);
  y = ImGui::GetCursorScreenPos().y + 8;
  std::vector<GridButton> reasons;
  for (const char* reason : kRatingReasons) {
    bool on = std::find(s.rating_reasons().begin(), s.rating_reasons().end(), reason) != s.rating_reasons().end();
    reasons.push_back({std::string("rating.reason.") + reason, tr(std::string("rating.reason.") + reason), on});
  }
  if (int i = button_grid(ui, reasons, x, y, w, theme::kMinTarget + 8); i >= 0)
    ui.actions.push_back(act::ToggleRatingReason{kRatingReasons[i]});
  ImGui::SetCursorScreenPos(ImVec2(x, y));
  if (ui.state.chinese) {  // the optional words, on the kiosk's Chinese keyboard
    ImGui::SetCursorScreenPos(ImVec2(x, y + 12));
    text(ui.fonts.body, tr("rating.comment_label"), theme::kTextMuted);
    TextBoxLook look;
    look.focused = s.rating_comment_focused();
    look.placeholder = tr("rating.comment_placeholder");
    if (look.focused && ui.state.scrolled_to_field != kRatingComment) {
      ImGui::SetScrollHereY(0.2f);
      ui.state.scrolled_to_field = kRatingComment;
    }
    if (text_box(ui, kRatingComment, s.rating_comment(), w, look)) ui.actions.push_back(act::FocusField{kRatingComment});
    y = ImGui::GetCursorScreenPos().y;
  }
  if (!s.rating_reasons().empty()) {
    ImGui::SetCursorScreenPos(ImVec2(x, y + 12));
    if (button(ui.widgets, "rating.submit", tr("rating.submit"), ui.fonts.body, ImVec2(w, theme::kMinTarget + 12),
               ButtonKind::accent))
      ui.actions.push_back(act::SubmitRating{});
  }
}

void draw_receipt_card(UiContext& ui, const ReceiptData& r, float x, float card_w, bool wide) {
  ImVec2 top = ImGui::GetCursorScreenPos();
  // The QR beside the lines only while they keep room for a label and a full acceptance number.
  const bool qr_beside = wide && card_w - 240 - 90 >= 14 * ui.fonts.body->FontSize;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The card grows with its lines; its box is drawn behind them once their height is known.
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  const float qr_side = qr_beside ? 240 : 220;
  const float text_w = qr_beside ? card_w - qr_side - 90 : card_w - 60;
  ImGui::SetCursorScreenPos(ImVec2(top.x + 30, top.y + 20));
  centered_text(ui.fonts.heading, tr("receipt.title"), card_w - 60, theme::kText);
  ImGui::SetCursorScreenPos(ImVec2(top.x + 30, ImGui::GetCursorScreenPos().y + 12));
  const float lines_top = ImGui::GetCursorScreenPos().y;
  receipt_line(ui, "receipt.policy", r.policy_title, top.x + 30, text_w);
  if (!r.enterprise_name.empty()) receipt_line(ui, "receipt.enterprise", r.enterprise_name, top.x + 30, text_w);
  receipt_line(ui, "receipt.applicant", r.applicant_masked + "  " + r.id_number_masked, top.x + 30, text_w);
  receipt_line(ui, "receipt.date", r.submitted_at, top.x + 30, text_w);
  receipt_line(ui, "receipt.acceptance_no", r.acceptance_no.empty() ? tr("receipt.pending") : r.acceptance_no,
               top.x + 30, text_w);
  if (!r.later_materials.empty())
    receipt_line(ui, "receipt.later_materials", joined(r.later_materials), top.x + 30, text_w);
  ImVec2 qr_pos = qr_beside ? ImVec2(top.x + card_w - qr_side - 30, lines_top)
                            : ImVec2(top.x + (card_w - qr_side) / 2, ImGui::GetCursorScreenPos().y + 6);
  float card_bottom = qr_beside ? std::max(ImGui::GetCursorScreenPos().y, qr_pos.y + qr_side) + 20
                                : qr_pos.y + qr_side + 20;
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(top, ImVec2(top.x + card_w, card_bottom), color(theme::kSurface), theme::kRounding);
  dl->AddRect(top, ImVec2(top.x + card_w, card_bottom), color(theme::kBorder), theme::kRounding, 0, 2);
  dl->ChannelsMerge();
  draw_qr(dl, r.qr_payload(), qr_pos, qr_side);
  // Recorded (for tests, which mask it: it encodes a random UUID) only while it is on screen.
  const float clip_top = dl->GetClipRectMin().y, clip_bottom = dl->GetClipRectMax().y;
  if (qr_pos.y + qr_side > clip_top && qr_pos.y < clip_bottom)
    ui.widgets.record("result.qr", ImVec2(qr_pos.x, std::max(qr_pos.y, clip_top)),
                      ImVec2(qr_pos.x + qr_side, std::min(qr_pos.y + qr_side, clip_bottom)));
  ImGui::SetCursorScreenPos(ImVec2(x, card_bottom + 16));
}

}  // namespace

void draw_result(UiContext& ui) {
  const Session& s = ui.session;
  // Landscape uses the whole width: the receipt and 完成 on the left; the headline, rating and A4 on the
  // right. Below the headline everything scrolls, so 长辈模式's larger sizes never push anything under 完成.
  const bool side_by_side = !ui.portrait() && s.receipt().has_value();
  const float x = side_by_side ? theme::kMargin : ui.content_x();
  const float w = side_by_side ? ui.width - 2 * theme::kMargin : ui.content_width();
  const float card_w = side_by_side ? w * 0.5f : w;
  const float rx = side_by_side ? x + card_w + theme::kGap * 2 : x;  // the right column
  const float rw = side_by_side ? w - card_w - theme::kGap * 2 : w;
  const float finish_y = ui.height - theme::kFooterHeight - theme::kGap - theme::kButtonHeight;
  const float top = ImGui::GetCursorScreenPos().y + 10;

  // The headline says what happened, and nothing contradicts it below.
  const float hx = side_by_side ? rx : x, hw = side_by_side ? rw : w;
  ImGui::SetCursorScreenPos(ImVec2(hx, top));
  auto next_line = [&](float gap) { ImGui::SetCursorScreenPos(ImVec2(hx, ImGui::GetCursorScreenPos().y + gap)); };
  switch (s.submit_phase()) {
    case SubmitPhase::failed:
      centered_text(ui.fonts.title, tr("result.failed_title"), hw, theme::kError);
      next_line(20);
      wrapped_text_centered(ui.fonts.heading, tr("result.failed"), hw, theme::kError);
      return;
    case SubmitPhase::rejected:
      centered_text(ui.fonts.title, tr("result.rejected_title"), hw, theme::kError);
      next_line(12);
      wrapped_text_centered(ui.fonts.heading, tr("result.rejected"), hw, theme::kError);
      break;
    case SubmitPhase::accepted: {
      centered_text(ui.fonts.title, tr("result.title"), hw, theme::kSuccess);
      next_line(12);
      centered_text(ui.fonts.body, tr("result.accepted"), hw, theme::kText);
      next_line(4);
      // The number in the largest size that fits the column.
      ImFont* f = ui.fonts.title;
      if (f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, s.acceptance_no().c_str()).x > hw) f = ui.fonts.heading;
      centered_text(f, s.acceptance_no(), hw, theme::kPrimary);
      break;
    }
    case SubmitPhase::saved_offline:
      centered_text(ui.fonts.title, tr("result.title"), hw, theme::kSuccess);
      next_line(12);
      wrapped_text_centered(ui.fonts.heading, tr("result.saved_offline"), hw, theme::kWarning);
      break;
    default:
      centered_text(ui.fonts.title, tr("result.title"), hw, theme::kSuccess);
      next_line(12);
      wrapped_text_centered(ui.fonts.heading, tr("result.waiting_platform"), hw, theme::kTextMuted);
      break;
  }

  // Typing a poor rating's comment: the Chinese keyboard above 完成 (portrait) or where the receipt was
  // (landscape), which is hidden meanwhile.
  const bool typing = s.rating_comment_focused() && ui.state.chinese;
  const float below_headline = ImGui::GetCursorScreenPos().y + 24;
  const float keys_w = side_by_side ? card_w : w;
  const float keys_h = typing ? keyboards::chinese_keyboard_height(keys_w) : 0;
  if (typing) {
    keyboards::KeyboardIo io = keyboards::keyboard_io(ui);
    const float keys_y = side_by_side ? top : finish_y - theme::kGap - keys_h;
    keyboards::draw_chinese_keyboard(io, *ui.state.chinese,
                                     keyboards::Area{x, keys_y, keys_w, std::min(keys_h, finish_y - theme::kGap - keys_y)},
                                     keyboards::pad_pointer(ui));
  }
  if (const auto& r = s.receipt()) {
    const PrintOutcome printing = s.print_outcome();
    ImGui::SetCursorScreenPos(ImVec2(x, side_by_side ? top : below_headline));
    const float reserved = theme::kButtonHeight + 2 * theme::kGap + (typing && !side_by_side ? keys_h + theme::kGap : 0);
    if (!(typing && side_by_side) && ui.begin_scroll("##receipt", reserved, x, card_w)) {
      // What became of the paper receipt comes first: a failed printer must be seen without scrolling.
      if (printing == PrintOutcome::printing)
        wrapped_text(ui.fonts.body, tr("result.receipt_printing"), card_w, theme::kTextMuted);
      else if (printing == PrintOutcome::printed)
        wrapped_text(ui.fonts.body, tr("result.receipt_printed"), card_w, theme::kSuccess);
      else
        wrapped_text(ui.fonts.body, tr("result.receipt_failed"), card_w, theme::kError);
      if (s.card_on_reader()) wrapped_text(ui.fonts.heading, tr("result.take_card"), card_w, theme::kWarning);
      ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 12));
      draw_receipt_card(ui, *r, x, card_w, side_by_side);
      if (!side_by_side) {
        ImGui::SetCursorScreenPos(ImVec2(x, ImGui::GetCursorScreenPos().y + 8));
        if (s.can_rate()) draw_rating(ui, x, w);
        if (s.a4_available()) draw_a4(ui, x, w);
      }
    }
    if (!(typing && side_by_side)) ui.end_scroll();
    if (side_by_side) {
      ImGui::SetCursorScreenPos(ImVec2(rx, below_headline));
      if (ui.begin_scroll("##rating", theme::kGap, rx, rw)) {
        if (s.can_rate()) draw_rating(ui, rx, rw);
        if (s.a4_available()) draw_a4(ui, rx, rw);
      }
      ui.end_scroll();
    }
  }

  if (s.submit_phase() == SubmitPhase::accepted || s.submit_phase() == SubmitPhase::saved_offline ||
      s.submit_phase() == SubmitPhase::rejected) {
    // 完成 ends the session; the same person may instead go on to another policy without the card.
    const ImVec2 half((card_w - theme::kGap) / 2, theme::kButtonHeight);
    ImGui::SetCursorScreenPos(ImVec2(x, finish_y));
    if (s.can_apply_another() && button(ui.widgets, "result.apply_another", tr("result.apply_another"),
                                        ui.fonts.heading, half, ButtonKind::secondary))
      ui.actions.push_back(act::ApplyAnother{});
    ImGui::SetCursorScreenPos(ImVec2(x + half.x + theme::kGap, finish_y));
    if (button(ui.widgets, "result.finish", tr("result.finish"), ui.fonts.heading, half, ButtonKind::primary))
      ui.actions.push_back(act::Finish{});
  }
}

}  // namespace zhidui::ui
