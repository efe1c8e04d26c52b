// ascii_keyboard.cpp — see ascii_keyboard.h.
#include "ui/keyboards/ascii_keyboard.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "kiosk/strings.h"
#include "ui/theme.h"

namespace zhidui::ui::keyboards {

namespace {
constexpr float kPreferredKeyH = 88.0f;
constexpr int kRows = 5;
constexpr int kColumns = 11;
}  // namespace

float ascii_keyboard_height(float) { return float(kRows) * (kPreferredKeyH + kKeyGap); }

void draw_ascii_keyboard(KeyboardIo& io, const Area& area, bool& shifted) {
  const float key_h = std::clamp(area.h / float(kRows) - kKeyGap, theme::kMinTarget, kPreferredKeyH);
  const float unit = (area.w + kKeyGap) / float(kColumns);
  ImFont* kf = io.fonts.heading;
  auto character_keys = [&](std::string_view keys, float x, float y) {
    for (char c : keys) {
      const std::string label(1, shifted ? char(std::toupper(static_cast<unsigned char>(c))) : c);
      if (key(io, "kb.ascii." + label, label, kf, x, y, unit - kKeyGap, key_h)) io.actions.push_back(act::TypeText{label});
      x += unit;
    }
  };
  float y = area.y;
  character_keys("1234567890-", area.x, y);
  y += key_h + kKeyGap;
  character_keys("qwertyuiop_", area.x, y);
  y += key_h + kKeyGap;
  character_keys("asdfghjkl:", area.x + unit / 2, y);
  y += key_h + kKeyGap;
  const float wide = 2 * unit - kKeyGap;
  if (key(io, "kb.ascii.shift", tr(shifted ? "keyboard.unshift" : "keyboard.shift"), io.fonts.body, area.x, y, wide,
          key_h, shifted ? ButtonKind::primary : ButtonKind::secondary))
    shifted = !shifted;
  character_keys("zxcvbnm.", area.x + 2 * unit, y);
  if (key(io, "kb.ascii.backspace", tr("keyboard.delete"), io.fonts.body, area.x + 10 * unit, y, unit - kKeyGap, key_h))
    io.actions.push_back(act::Backspace{});
  y += key_h + kKeyGap;
  // The rest of what URLs, paths, tokens and queue names use.
  character_keys("/@+=~?&%#!*", area.x, y);
}

}  // namespace zhidui::ui::keyboards
