// handwriting_pad.cpp — see handwriting_pad.h.
//
// Layout: the candidate row across the top; below it the square pad on the left and a column with
// 重写, 删除 and 切换 on the right.
#include "ui/keyboards/handwriting_pad.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "kiosk/strings.h"
#include "ui/theme.h"

namespace zhidui::ui::keyboards {

namespace {
constexpr float kCandidateRowH = 104.0f;
constexpr float kSideColumnW = 220.0f;
constexpr float kMinPointDistance = 3.0f;  // closer points add nothing but work for the recogniser
constexpr float kInkWidth = 9.0f;
}  // namespace

PadPointer pad_pointer_from_imgui() {
  const ImGuiIO& io = ImGui::GetIO();
  return PadPointer{io.MousePos.x, io.MousePos.y, io.MouseDown[0] && io.MousePos.x > -1e6f};
}

// --- stroke capture ----------------------------------------------------------------------------------------

void HandwritingPad::track(const PadPointer& pointer, float pad_x, float pad_y, float side) {
  side_ = side;
  const float x = pointer.x - pad_x, y = pointer.y - pad_y;
  const bool inside = x >= 0 && y >= 0 && x <= side && y <= side;
  if (pointer.down && !was_down_) {
    // A stroke starts only where the finger lands on the pad; a press that began on a key and slides
    // onto the pad draws nothing.
    press_began_outside_ = !inside;
    if (inside && available()) {
      strokes_.push_back({});
      stroke_open_ = true;
    }
  }
  if (pointer.down && stroke_open_) {
    input::PadPoint p{std::clamp(x, 0.0f, side), std::clamp(y, 0.0f, side)};
    auto& s = strokes_.back();
    if (s.empty() || std::hypot(p.x - s.back().x, p.y - s.back().y) >= kMinPointDistance) s.push_back(p);
  }
  if (!pointer.down && stroke_open_) {
    stroke_open_ = false;
    recognize();
  }
  was_down_ = pointer.down;
}

void HandwritingPad::recognize() {
  candidates_.clear();
  if (recognizer_ && !strokes_.empty()) candidates_ = recognizer_->recognize(strokes_, kCandidates, side_);
}

void HandwritingPad::clear() {
  strokes_.clear();
  candidates_.clear();
  stroke_open_ = false;
}

bool HandwritingPad::undo_stroke() {
  if (strokes_.empty()) return false;
  strokes_.pop_back();
  stroke_open_ = false;
  recognize();
  return true;
}

// --- drawing -----------------------------------------------------------------------------------------------

float handwriting_pad_height(float width) {
  return kCandidateRowH + std::min(width - kSideColumnW - kKeyGap, 560.0f);
}

std::optional<Layout> draw_handwriting_pad(KeyboardIo& io, HandwritingPad& pad, const Area& area,
                                           const PadPointer& pointer) {
  std::optional<Layout> switch_to;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  // Candidates.
  {
    const float h = kCandidateRowH - kKeyGap;
    const int n = HandwritingPad::kCandidates;
    const float w = (area.w - kKeyGap * float(n - 1)) / float(n);
    dl->AddRectFilled(ImVec2(area.x, area.y), ImVec2(area.x + area.w, area.y + h), color(theme::kSurface),
                      theme::kRounding);
    const auto& cands = pad.candidates();
    for (size_t i = 0; i < cands.size() && int(i) < n; ++i) {
      ButtonKind kind = i == 0 ? ButtonKind::primary : ButtonKind::secondary;
      if (key(io, "hw.cand." + std::to_string(i), cands[i].text, io.fonts.title, area.x + float(i) * (w + kKeyGap),
              area.y, w, h, kind)) {
        io.actions.push_back(act::TypeText{cands[i].text});
        pad.clear();
        break;
      }
    }
    if (cands.empty() && !pad.available())
      line_text(tr("keyboard.handwriting_unavailable"), io.fonts.body, area.x + 16, area.y, area.w - 32, h,
                theme::kWarning);
  }

  // The pad.
  const float top = area.y + kCandidateRowH;
  const float side = std::max(theme::kMinTarget, std::min(area.h - kCandidateRowH, area.w - kSideColumnW - kKeyGap));
  const ImVec2 p0(area.x, top), p1(area.x + side, top + side);
  ImGui::SetCursorScreenPos(p0);
  ImGui::InvisibleButton("##hw_pad", ImVec2(side, side));  // keeps ImGui from treating a stroke as anything else
  io.widgets.record("hw.pad", p0, p1);
  pad.track(pointer, p0.x, p0.y, side);

  dl->AddRectFilled(p0, p1, color(theme::kSurface), theme::kRounding);
  dl->AddRect(p0, p1, color(theme::kBorder), theme::kRounding, 0, 2.0f);
  // 田字格: the guide Chinese children learn to write in, faint so the ink stands out.
  const ImU32 guide = color(theme::kBorder, 0.7f);
  for (float t = 0; t < side; t += 24) {
    dl->AddLine(ImVec2(p0.x + t, p0.y + side / 2), ImVec2(p0.x + std::min(t + 12, side), p0.y + side / 2), guide, 2);
    dl->AddLine(ImVec2(p0.x + side / 2, p0.y + t), ImVec2(p0.x + side / 2, p0.y + std::min(t + 12, side)), guide, 2);
  }
  if (pad.strokes().empty()) {
    const std::string& hint = tr("keyboard.handwriting_hint");
    note_text(hint);
    ImFont* f = io.fonts.body;
    ImVec2 s = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, hint.c_str());
    dl->AddText(f, f->FontSize, ImVec2(p0.x + (side - s.x) / 2, p0.y + side * 0.25f - s.y / 2),
                color(theme::kTextMuted), hint.c_str());
  }
  dl->PushClipRect(p0, p1, true);
  for (const auto& stroke : pad.strokes()) {
    if (stroke.size() == 1) {
      dl->AddCircleFilled(ImVec2(p0.x + stroke[0].x, p0.y + stroke[0].y), kInkWidth / 2, color(theme::kText));
      continue;
    }
    std::vector<ImVec2> pts;
    pts.reserve(stroke.size());
    for (const auto& p : stroke) pts.emplace_back(p0.x + p.x, p0.y + p.y);
    dl->AddPolyline(pts.data(), int(pts.size()), color(theme::kText), 0, kInkWidth);
  }
  dl->PopClipRect();

  // The side column.
  const float cx = area.x + side + kKeyGap;
  const float cw = area.x + area.w - cx;
  const float bh = std::max(theme::kMinTarget, std::min(theme::kButtonHeight, (side - 2 * kKeyGap) / 3));
  if (key(io, "hw.clear", tr("keyboard.rewrite"), io.fonts.heading, cx, top, cw, bh)) pad.clear();
  if (key(io, "hw.backspace", tr("keyboard.delete"), io.fonts.heading, cx, top + bh + kKeyGap, cw, bh)) {
    if (!pad.undo_stroke()) io.actions.push_back(act::Backspace{});
  }
  if (key(io, "hw.switch", tr("keyboard.switch"), io.fonts.heading, cx, top + 2 * (bh + kKeyGap), cw, bh,
          ButtonKind::secondary, tr("keyboard.to_pinyin")))
    switch_to = Layout::pinyin;
  return switch_to;
}

}  // namespace zhidui::ui::keyboards
