// ascii_keyboard.h — every printable character a technician types into the configuration on the panel:
// a kiosk id (HN-4301-YL-0001), a platform URL (https://platform.example.cn:8470), a token, a device path
// (/dev/ttyUSB0), a CUPS queue name. Digits, letters with a sticky 大写 key (ids are capitals, paths
// lower case: one tap switches the whole row, not the next letter only) and the symbols of URLs and paths.
// Citizens never see it; their keyboards (pinyin, USCC, digits) offer only what their fields accept.
//
// Widget names: kb.ascii.<character> (kb.ascii.a, kb.ascii.A once shifted, kb.ascii./),
// kb.ascii.shift, kb.ascii.backspace.
#pragma once

#include "ui/keyboards/keyboard.h"

namespace zhidui::ui::keyboards {

float ascii_keyboard_height(float width);

// Draws into `area`; characters go out as act::TypeText, 删除 as act::Backspace. `shifted` is the owner's
// (it outlives a frame): 大写 flips it.
void draw_ascii_keyboard(KeyboardIo& io, const Area& area, bool& shifted);

}  // namespace zhidui::ui::keyboards
