// chinese_keyboard.h — the Chinese text keyboard a form shows for a name or an address: the pinyin
// keyboard and the handwriting pad behind one 切换 key, so the owner keeps one object per session.
//
// It starts on pinyin; when pinyin cannot work (rime failed to start) it shows handwriting, and while
// rime is still preparing the pinyin keyboard says so and 切换 already leads to handwriting.
#pragma once

#include "ui/keyboards/handwriting_pad.h"
#include "ui/keyboards/pinyin_keyboard.h"

namespace zhidui::ui::keyboards {

class ChineseKeyboard {
 public:
  ChineseKeyboard(input::PinyinIme& ime, const input::HandwritingRecognizer* recognizer)
      : pinyin_(ime), handwriting_(recognizer) {}

  Layout layout() const { return layout_; }
  void set_layout(Layout layout) { layout_ = layout == Layout::handwriting ? Layout::handwriting : Layout::pinyin; }
  PinyinKeyboard& pinyin() { return pinyin_; }
  HandwritingPad& handwriting() { return handwriting_; }
  // Session end: both input methods forget what was being written, and the next citizen starts on pinyin.
  void wipe() {
    pinyin_.wipe();
    handwriting_.wipe();
    layout_ = Layout::pinyin;
  }

 private:
  PinyinKeyboard pinyin_;
  HandwritingPad handwriting_;
  Layout layout_ = Layout::pinyin;
};

float chinese_keyboard_height(float width, const PinyinKeyboardOptions& options = {});

// The raw pointer of the kiosk's input layer, which sees strokes that drag-to-scroll hides from ImGui.
PadPointer pad_pointer(const UiContext& ui);

// Draws the current layout into `area` and follows its 切换 key. `pointer` feeds the handwriting pad
// (see handwriting_pad.h).
void draw_chinese_keyboard(KeyboardIo& io, ChineseKeyboard& keyboard, const Area& area, const PadPointer& pointer,
                           const PinyinKeyboardOptions& options = {});

}  // namespace zhidui::ui::keyboards
