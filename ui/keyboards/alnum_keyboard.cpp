// alnum_keyboard.cpp — see alnum_keyboard.h.
//
// Layout: a row of ten digits, three rows of seven letters, and a last row with the reminder of the
// letters the code does not use and 删除.
#include "ui/keyboards/alnum_keyboard.h"

#include <algorithm>
#include <string>

#include "kiosk/strings.h"
#include "ui/theme.h"

namespace zhidui::ui::keyboards {

namespace {
constexpr float kPreferredKeyH = 96.0f;
constexpr int kRows = 5;
}  // namespace

float alnum_keyboard_height(float width) { return float(kRows) * (kPreferredKeyH + kKeyGap); }

void draw_alnum_keyboard(KeyboardIo& io, const Area& area) {
  const float key_h = std::clamp(area.h / float(kRows) - kKeyGap, theme::kMinTarget, kPreferredKeyH);
  ImFont* kf = io.fonts.heading;
  float y = area.y;
  auto row = [&](std::string_view keys) {
    const float unit = (area.w + kKeyGap) / float(keys.size());
    float x = area.x;
    for (char c : keys) {
      std::string label(1, c);
      if (key(io, "kb.alnum." + label, label, kf, x, y, unit - kKeyGap, key_h))
        io.actions.push_back(act::TypeText{label});
      x += unit;
    }
    y += key_h + kKeyGap;
  };
  row("1234567890");
  for (size_t i = 0; i < kUsccLetters.size(); i += 7) row(kUsccLetters.substr(i, 7));

  const float delete_w = (area.w + kKeyGap) * 2.0f / 7.0f - kKeyGap;
  line_text(tr("keyboard.uscc_letters_hint"), io.fonts.small, area.x + 8, y, area.w - delete_w - 24, key_h,
            theme::kTextMuted);
  if (key(io, "kb.alnum.backspace", tr("keyboard.delete"), io.fonts.body, area.x + area.w - delete_w, y, delete_w,
          key_h))
    io.actions.push_back(act::Backspace{});
}

}  // namespace zhidui::ui::keyboards
