// letter_keyboard.h — plain QWERTY letters for the policy search, where pinyin initials (cy → 创业) and
// full pinyin are typed as they are, with no input method between the key and the search box. An
// optional 中文 key asks the owner for the Chinese keyboard instead.
//
// Widget names: kb.letter.a … kb.letter.z, kb.letter.backspace, kb.letter.chinese.
#pragma once

#include "ui/keyboards/keyboard.h"

namespace zhidui::ui::keyboards {

float letter_keyboard_height(float width);

// Draws into `area`; letters go out as act::TypeText, 删除 as act::Backspace. Returns true when the
// 中文 key (drawn only with `offer_chinese`) was tapped.
bool draw_letter_keyboard(KeyboardIo& io, const Area& area, bool offer_chinese);

}  // namespace zhidui::ui::keyboards
