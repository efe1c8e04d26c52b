// keypad.cpp — the numeric keypad drawn by the kiosk (phone numbers, amounts, account digits). Keys are
// large and named key.0 … key.9, key.backspace so tests and the demo type by name.
#include <algorithm>

#include "kiosk/strings.h"
#include "ui/screen.h"

namespace zhidui::ui {

namespace {
constexpr float kKeypadGap = 12;
float key_height() { return theme::kButtonHeight * 0.8f; }
}  // namespace

float numeric_keypad_height() { return 4 * key_height() + 3 * kKeypadGap; }

// Leaves the cursor below the keypad. Keys shrink to fit `height`, never below the minimum touch target.
void draw_numeric_keypad(UiContext& ui, float width, float height) {
  static const char* kKeys[4][3] = {{"1", "2", "3"}, {"4", "5", "6"}, {"7", "8", "9"}, {"", "0", "<"}};
  const float gap = kKeypadGap;
  const float key_h = height > 0 ? std::clamp((height - 3 * gap) / 4, theme::kMinTarget, key_height()) : key_height();
  float key_w = (width - 2 * gap) / 3;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 3; ++c) {
      std::string k = kKeys[r][c];
      if (k.empty()) continue;
      ImGui::SetCursorScreenPos(ImVec2(origin.x + float(c) * (key_w + gap), origin.y + float(r) * (key_h + gap)));
      bool back = k == "<";
      std::string name = back ? "key.backspace" : "key." + k;
      if (button(ui.widgets, name, back ? tr("common.delete") : k, ui.fonts.heading, ImVec2(key_w, key_h),
                 ButtonKind::secondary)) {
        if (back) ui.actions.push_back(act::Backspace{});
        else ui.actions.push_back(act::TypeText{k});
      }
    }
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + 4 * key_h + 3 * gap));
}

}  // namespace zhidui::ui
