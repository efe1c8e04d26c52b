// commitment.cpp — 告知承诺书 / 经办人授权承诺书: the commitment's text in full, and a pad where the person
// signs with a finger. The stroke under the finger is UI state (UiState::stroke); each finished stroke
// goes to the session (act::SignStroke), which turns the signature into an image on 确认签名.
#include <algorithm>
#include <cmath>

#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
std::string commitment_text(const Session& s) {
  if (s.commitment_target() == kAuthorisationCommitment) {
    const std::string& who = s.enterprise().name.empty() ? s.enterprise().uscc : s.enterprise().name;
    return strings().format("commitment.authorisation_text", {{"enterprise", who}});
  }
  std::string material;
  for (const auto& m : s.materials())
    if (m.material->id == s.commitment_target()) material = m.material->name;
  return strings().format("commitment.material", {{"material", material}}) + "\n" + tr("commitment.text");
}

// Follows the raw pointer over the pad: points while the finger is down inside it, the stroke handed
// to the session when it lifts.
void track_pen(UiContext& ui, ImVec2 pad_min, ImVec2 pad_max) {
  SignatureStroke& stroke = ui.state.stroke;
  const float px = ui.input.pointer_x(), py = ui.input.pointer_y();
  const bool inside = px >= pad_min.x && px <= pad_max.x && py >= pad_min.y && py <= pad_max.y;
  if (ui.input.pointer_is_down() && inside) {
    SignaturePoint pt{(px - pad_min.x) / (pad_max.x - pad_min.x), (py - pad_min.y) / (pad_max.y - pad_min.y)};
    if (stroke.empty() || std::hypot(pt.x - stroke.back().x, pt.y - stroke.back().y) > 0.002f) stroke.push_back(pt);
  } else if (!stroke.empty() && (!ui.input.pointer_is_down() || !inside)) {
    ui.actions.push_back(act::SignStroke{stroke});
    stroke.clear();
  }
}

void draw_strokes(ImDrawList* dl, const std::vector<SignatureStroke>& strokes, ImVec2 o, ImVec2 size) {
  for (const auto& s : strokes) {
    if (s.size() == 1) dl->AddCircleFilled(ImVec2(o.x + s[0].x * size.x, o.y + s[0].y * size.y), 3, color(theme::kText));
    for (size_t i = 1; i < s.size(); ++i)
      dl->AddLine(ImVec2(o.x + s[i - 1].x * size.x, o.y + s[i - 1].y * size.y),
                  ImVec2(o.x + s[i].x * size.x, o.y + s[i].y * size.y), color(theme::kText), 6);
  }
}
}  // namespace

void draw_commitment(UiContext& ui) {
  const bool two_columns = !ui.portrait();
  const float full_x = two_columns ? theme::kMargin : ui.content_x();
  const float full_w = two_columns ? ui.width - 2 * theme::kMargin : ui.content_width();
  const float text_w = two_columns ? (full_w - theme::kMargin) * 0.45f : full_w;
  const float pad_x = two_columns ? full_x + text_w + theme::kMargin : full_x;
  const float pad_w = two_columns ? full_w - text_w - theme::kMargin : full_w;

  const bool authorisation = ui.session.commitment_target() == kAuthorisationCommitment;
  draw_heading(ui, tr(authorisation ? "commitment.authorisation_title" : "commitment.title"), {}, full_x, full_w);
  const float top = ImGui::GetCursorScreenPos().y;
  const float bottom = ui.height - theme::kFooterHeight - theme::kGap;
  const float buttons_y = bottom - theme::kButtonHeight;
  const float pad_h = two_columns ? buttons_y - top - theme::kGap - 60 : 420;
  const float pad_y = two_columns ? top + 60 : buttons_y - theme::kGap - pad_h;

  // The text, scrolling if it is longer than its space.
  ImGui::SetCursorScreenPos(ImVec2(full_x, top));
  float reserved = two_columns ? theme::kGap : bottom - pad_y + 60;
  if (ui.begin_scroll("##commitment_text", reserved, full_x, text_w))
    wrapped_text(ui.fonts.body, commitment_text(ui.session), text_w, theme::kText);
  ui.end_scroll();

  ImGui::SetCursorScreenPos(ImVec2(pad_x, pad_y - 50));
  text(ui.fonts.body, tr("commitment.sign_here"), theme::kTextMuted);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 pmin(pad_x, pad_y), pmax(pad_x + pad_w, pad_y + pad_h);
  dl->AddRectFilled(pmin, pmax, color(theme::kSurface), theme::kRounding);
  dl->AddRect(pmin, pmax, color(theme::kFocus), theme::kRounding, 0, 3);
  // A baseline to sign on.
  dl->AddLine(ImVec2(pad_x + 40, pad_y + pad_h * 0.75f), ImVec2(pad_x + pad_w - 40, pad_y + pad_h * 0.75f),
              color(theme::kBorder), 2);
  ui.widgets.record("signature.pad", pmin, pmax);
  // An invisible item over the pad, so a press there is not taken by the window behind it.
  ImGui::SetCursorScreenPos(pmin);
  ImGui::InvisibleButton("##signature_pad", ImVec2(pad_w, pad_h));
  track_pen(ui, pmin, pmax);
  ImVec2 psize(pad_w, pad_h);
  draw_strokes(dl, ui.session.signature_in_progress().strokes, pmin, psize);
  if (!ui.state.stroke.empty()) draw_strokes(dl, {ui.state.stroke}, pmin, psize);

  const float bw = (pad_w - theme::kGap) / 2;
  ImGui::SetCursorScreenPos(ImVec2(pad_x, buttons_y));
  if (button(ui.widgets, "commitment.clear", tr("commitment.clear"), ui.fonts.heading, ImVec2(bw, theme::kButtonHeight),
             ButtonKind::secondary))
    ui.actions.push_back(act::ClearSignature{});
  ImGui::SetCursorScreenPos(ImVec2(pad_x + bw + theme::kGap, buttons_y));
  if (button(ui.widgets, "commitment.confirm", tr("commitment.confirm"), ui.fonts.heading,
             ImVec2(bw, theme::kButtonHeight), ButtonKind::accent))
    ui.actions.push_back(act::ConfirmSignature{});
}

}  // namespace zhidui::ui
