// letter_keyboard.cpp — see letter_keyboard.h.
#include "ui/keyboards/letter_keyboard.h"

#include <algorithm>
#include <string>

#include "kiosk/strings.h"
#include "ui/theme.h"

namespace zhidui::ui::keyboards {

namespace {
constexpr float kPreferredKeyH = 96.0f;
constexpr int kRows = 4;
}  // namespace

float letter_keyboard_height(float) { return float(kRows) * (kPreferredKeyH + kKeyGap); }

bool draw_letter_keyboard(KeyboardIo& io, const Area& area, bool offer_chinese) {
  const float key_h = std::clamp(area.h / float(kRows) - kKeyGap, theme::kMinTarget, kPreferredKeyH);
  const float unit = (area.w + kKeyGap) / 10.0f;
  ImFont* kf = io.fonts.heading;
  float y = area.y;
  const std::string_view rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
  for (std::string_view keys : rows) {
    float x = area.x + (10.0f - float(keys.size())) * unit / 2;  // staggered like a real keyboard
    for (char c : keys) {
      std::string label(1, c);
      if (key(io, "kb.letter." + label, label, kf, x, y, unit - kKeyGap, key_h))
        io.actions.push_back(act::TypeText{label});
      x += unit;
    }
    y += key_h + kKeyGap;
  }
  bool chinese = false;
  const float wide = 3 * unit - kKeyGap;
  if (offer_chinese && key(io, "kb.letter.chinese", tr("keyboard.to_chinese"), io.fonts.body, area.x, y, wide, key_h))
    chinese = true;
  if (key(io, "kb.letter.backspace", tr("keyboard.delete"), io.fonts.body, area.x + area.w - wide, y, wide, key_h))
    io.actions.push_back(act::Backspace{});
  return chinese;
}

}  // namespace zhidui::ui::keyboards
