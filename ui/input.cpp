// input.cpp — see input.h.
#include "ui/input.h"

#include <imgui.h>

#include <cfloat>
#include <cmath>

namespace zhidui::ui {

void InputLayer::pointer_down(float x, float y) {
  // A press is preceded by a move to the same place, so ImGui sees the widget hovered for one frame.
  queue_.push_back({PointerSample::Kind::move, x, y});
  queue_.push_back({PointerSample::Kind::down, x, y});
}
void InputLayer::pointer_move(float x, float y) {
  if (!queue_.empty() && queue_.back().kind == PointerSample::Kind::move) queue_.back() = {PointerSample::Kind::move, x, y};
  else queue_.push_back({PointerSample::Kind::move, x, y});
}
void InputLayer::pointer_up(float x, float y) { queue_.push_back({PointerSample::Kind::up, x, y}); }

void InputLayer::apply_to_imgui() {
  ImGuiIO& io = ImGui::GetIO();
  drag_delta_ = 0;
  touched_ = false;
  if (!queue_.empty()) {
    PointerSample s = queue_.front();
    queue_.pop_front();
    switch (s.kind) {
      case PointerSample::Kind::move:
        x_ = s.x;
        y_ = s.y;
        if (down_ && !dragging_ && std::fabs(s.y - press_y_) > kDragThreshold) {
          dragging_ = true;
          last_drag_y_ = press_y_;
        }
        // Only a finger that is down scrolls: the move that precedes the next press (or a mouse
        // hovering) must not drag the list back while the last drag is still settling.
        if (dragging_ && down_) {
          drag_delta_ = last_drag_y_ - s.y;
          last_drag_y_ = s.y;
        }
        break;
      case PointerSample::Kind::down:
        x_ = s.x;
        y_ = s.y;
        press_x_ = s.x;
        press_y_ = s.y;
        down_ = true;
        dragging_ = false;
        touched_ = true;
        break;
      case PointerSample::Kind::up:
        x_ = s.x;
        y_ = s.y;
        down_ = false;
        settle_frames_ = 3;
        break;
    }
  } else if (settle_frames_ > 0 && --settle_frames_ == 0) {
    x_ = y_ = -FLT_MAX;  // nothing stays hovered after a finger lifts
    dragging_ = false;
  }
  // While dragging, ImGui must not see the pointer over the widget where the press began, or the
  // release would click it.
  bool hide = dragging_;
  io.MousePos = hide ? ImVec2(-FLT_MAX, -FLT_MAX) : ImVec2(x_, y_);
  io.MouseDown[0] = down_ && !dragging_;
  if (!down_ && dragging_ && settle_frames_ == 0) dragging_ = false;
}

}  // namespace zhidui::ui
