// chinese_keyboard.cpp — see chinese_keyboard.h.
#include "ui/keyboards/chinese_keyboard.h"

#include <algorithm>

#include "ui/screen.h"

namespace zhidui::ui::keyboards {

float chinese_keyboard_height(float width, const PinyinKeyboardOptions& options) {
  return std::max(pinyin_keyboard_height(width, options), handwriting_pad_height(width));
}

PadPointer pad_pointer(const UiContext& ui) {
  return PadPointer{ui.input.pointer_x(), ui.input.pointer_y(), ui.input.pointer_is_down()};
}

void draw_chinese_keyboard(KeyboardIo& io, ChineseKeyboard& keyboard, const Area& area, const PadPointer& pointer,
                           const PinyinKeyboardOptions& options) {
  if (keyboard.pinyin().ime().state() == input::ImeState::failed) keyboard.set_layout(Layout::handwriting);
  std::optional<Layout> next;
  if (keyboard.layout() == Layout::handwriting) {
    next = draw_handwriting_pad(io, keyboard.handwriting(), area, pointer);
  } else {
    next = draw_pinyin_keyboard(io, keyboard.pinyin(), area, options);
  }
  if (next) {
    // Whatever was half-written in the layout being left is dropped, not committed behind the
    // citizen's back.
    if (keyboard.layout() == Layout::pinyin) keyboard.pinyin().ime().clear();
    else keyboard.handwriting().clear();
    keyboard.set_layout(*next);
  }
}

}  // namespace zhidui::ui::keyboards
