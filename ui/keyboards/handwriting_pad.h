// handwriting_pad.h — the handwriting keyboard: a square pad (with a faint 田字格 guide) that captures
// strokes from the pointer and draws the ink, a row of candidates recognised after every stroke, 重写
// (clear the pad), 删除 (the last stroke, or with an empty pad a character of the field) and 切换.
//
// Widget names: hw.pad, hw.cand.0 … hw.cand.7, hw.clear, hw.backspace, hw.switch.
//
// The pointer is passed in rather than read from ImGui: the kiosk's input layer turns a vertical drag
// into scrolling and hides the pointer from ImGui while it does (ui/input.h), which would cut every
// vertical stroke short. The owner builds a PadPointer from the raw pointer; pad_pointer_from_imgui()
// serves where nothing turns drags into scrolling.
#pragma once

#include <optional>
#include <vector>

#include "kiosk/input/handwriting.h"
#include "ui/keyboards/keyboard.h"

namespace zhidui::ui::keyboards {

struct PadPointer {
  float x = 0, y = 0;
  bool down = false;
};
PadPointer pad_pointer_from_imgui();

// The pad's state: the strokes of the character being written and its candidates.
class HandwritingPad {
 public:
  static constexpr int kCandidates = 8;

  // `recognizer` may be null (model missing): the pad then says handwriting is unavailable.
  explicit HandwritingPad(const input::HandwritingRecognizer* recognizer) : recognizer_(recognizer) {}

  const std::vector<input::Stroke>& strokes() const { return strokes_; }
  const std::vector<input::HandwritingCandidate>& candidates() const { return candidates_; }
  bool available() const { return recognizer_ != nullptr; }

  // The pointer, in pad coordinates (0..side); called by draw_handwriting_pad every frame.
  void track(const PadPointer& pointer, float pad_x, float pad_y, float side);
  void clear();
  // Removes the last stroke; false when the pad was already empty.
  bool undo_stroke();
  // Session end: strokes and candidates are dropped (a drawn character can be part of a name).
  void wipe() { clear(); }

 private:
  void recognize();

  const input::HandwritingRecognizer* recognizer_;
  std::vector<input::Stroke> strokes_;
  std::vector<input::HandwritingCandidate> candidates_;
  bool stroke_open_ = false;
  bool press_began_outside_ = false;
  bool was_down_ = false;
  float side_ = 1;
};

float handwriting_pad_height(float width);

// Draws into `area`; a tapped candidate goes out as act::TypeText. Returns the layout asked for by 切换.
std::optional<Layout> draw_handwriting_pad(KeyboardIo& io, HandwritingPad& pad, const Area& area,
                                           const PadPointer& pointer);

}  // namespace zhidui::ui::keyboards
