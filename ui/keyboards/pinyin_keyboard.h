// pinyin_keyboard.h — the full-pinyin keyboard: a composition line with paging (上一页 / 下一页), a
// candidate bar, an optional digits row, QWERTY letters, 删除, 空格 (takes the first candidate), the
// middle dot of names such as 买买提·艾力, and 切换 to handwriting.
//
// Widget names (tests and the demo tap by name): kb.key.a … kb.key.z, kb.key.0 … kb.key.9,
// kb.key.backspace, kb.key.space, kb.key.middle_dot, kb.switch, kb.cand.0 … kb.cand.N, kb.page_prev,
// kb.page_next.
#pragma once

#include <optional>

#include "kiosk/input/pinyin_ime.h"
#include "ui/keyboards/keyboard.h"

namespace zhidui::ui::keyboards {

struct PinyinKeyboardOptions {
  bool digits_row = true;          // addresses need house numbers; a name field may turn it off
  bool offer_handwriting = true;   // the 切换 key
};

// The keyboard's state: the engine holds the composition and the candidates; this object is what the
// owner keeps and wipes.
class PinyinKeyboard {
 public:
  explicit PinyinKeyboard(input::PinyinIme& ime) : ime_(ime) {}
  input::PinyinIme& ime() { return ime_; }
  // Session end: the composition (part of a name, perhaps) and rime's memory of it are dropped.
  void wipe() { ime_.wipe(); }

 private:
  input::PinyinIme& ime_;
};

// The height the keyboard wants for `width` (it also draws into a smaller area, keys shrinking to the
// 72 px minimum).
float pinyin_keyboard_height(float width, const PinyinKeyboardOptions& options = {});

// Draws into `area` of the current ImGui window; committed text goes out as act::TypeText, a delete with
// nothing composed as act::Backspace. Returns the layout asked for by 切换, if it was tapped.
std::optional<Layout> draw_pinyin_keyboard(KeyboardIo& io, PinyinKeyboard& keyboard, const Area& area,
                                           const PinyinKeyboardOptions& options = {});

}  // namespace zhidui::ui::keyboards
