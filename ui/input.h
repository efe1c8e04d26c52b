// input.h — the kiosk's own input layer: SDL finger and mouse events (and test taps) become one
// pointer, which is written into ImGui after NewFrame.
//
// Why not ImGui's SDL backend: on 1.86 it polls the X server's global mouse state and captures the
// mouse every frame, which swallows touch events (docs/imgui-1.86-notes.md). Here a press is held back
// one frame so the widget is hovered first; the release position stays for a few frames and is then
// moved off-screen so nothing stays highlighted. A vertical drag past a threshold turns into scrolling
// and cancels the press, so lifting the finger after scrolling never "clicks".
#pragma once

#include <cstdint>
#include <deque>

namespace zhidui::ui {

struct PointerSample {
  enum class Kind : uint8_t { move, down, up };
  Kind kind;
  float x, y;
};

class InputLayer {
 public:
  static constexpr float kDragThreshold = 16.0f;

  // From the platform (SDL events already converted to window pixels) or from tests.
  void pointer_down(float x, float y);
  void pointer_move(float x, float y);
  void pointer_up(float x, float y);

  // Called once per frame after ImGui::NewFrame(): advances the queued samples by one step and writes
  // the pointer into ImGui's IO.
  void apply_to_imgui();
  // Vertical scroll distance produced by dragging during this frame (positive = content moves up).
  float drag_scroll_delta() const { return drag_delta_; }
  // Where the current drag started (scroll areas only scroll when the drag began inside them).
  float drag_origin_x() const { return press_x_; }
  float drag_origin_y() const { return press_y_; }
  bool dragging() const { return dragging_; }
  // True while samples are still being fed or a release is settling: the loop must keep rendering.
  bool busy() const { return !queue_.empty() || settle_frames_ > 0; }
  // A finger or button is down: the loop keeps ticking so long presses are timed.
  bool held() const { return down_; }
  // True on the frame a pointer went down (any touch keeps the session alive).
  bool touched_this_frame() const { return touched_; }
  // The raw pointer, drags included: drawing surfaces (signature, handwriting) need every movement,
  // which drag-to-scroll hides from ImGui.
  float pointer_x() const { return x_; }
  float pointer_y() const { return y_; }
  bool pointer_is_down() const { return down_; }

 private:
  std::deque<PointerSample> queue_;
  bool down_ = false;
  bool dragging_ = false;
  bool touched_ = false;
  float x_ = -1e9f, y_ = -1e9f;
  float press_x_ = 0, press_y_ = 0, last_drag_y_ = 0;
  float drag_delta_ = 0;
  int settle_frames_ = 0;
};

}  // namespace zhidui::ui
