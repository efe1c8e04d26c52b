// alnum_keyboard.h — digits and the capital letters of the 统一社会信用代码 (USCC): 0–9 and A–H, J–N,
// P–R, T–U, W–Y. I, O, Z, S and V are not used by the code (GB 32100-2015), so they have no key and a
// citizen cannot type a code that fails for that reason. Letters are in alphabetical order: people copy
// the code from a licence, not touch-type it.
//
// Widget names: kb.alnum.0 … kb.alnum.9, kb.alnum.A … kb.alnum.Y, kb.alnum.backspace.
#pragma once

#include <string_view>

#include "ui/keyboards/keyboard.h"

namespace zhidui::ui::keyboards {

// The letters the USCC uses, in order.
inline constexpr std::string_view kUsccLetters = "ABCDEFGHJKLMNPQRTUWXY";

float alnum_keyboard_height(float width);

// Draws into `area`; keys go out as act::TypeText, 删除 as act::Backspace. Stateless.
void draw_alnum_keyboard(KeyboardIo& io, const Area& area);

}  // namespace zhidui::ui::keyboards
