// keyboard.h — what every on-screen keyboard of the kiosk shares: where it draws, where its actions go,
// and how it asks its owner to switch to another layout.
//
// The kiosk owns the text and the caret; fields are drawn display-only. A keyboard only emits
// act::TypeText / act::Backspace into the frame's action list, and the session edits the focused field.
// Input-method state (the composition, the candidates, the strokes on the pad) is input-device state
// local to the UI, held in an object the caller owns and wipes when the session ends.
#pragma once

#include <optional>
#include <vector>

#include "kiosk/actions.h"
#include "ui/fonts.h"
#include "ui/widgets.h"

namespace zhidui::ui {

struct UiContext;

namespace keyboards {

// The frame's drawing kit, without the session: keyboards never read the journey.
struct KeyboardIo {
  WidgetRegistry& widgets;
  const Fonts& fonts;
  std::vector<Action>& actions;
};
KeyboardIo keyboard_io(UiContext& ui);

// The rectangle a keyboard fills, in screen pixels.
struct Area {
  float x = 0, y = 0, w = 0, h = 0;
};

// A keyboard's 切换 key asks its owner for another layout; the owner decides what to draw next frame.
enum class Layout { pinyin, handwriting, numeric, alnum };

// Every key is at least theme::kMinTarget large and this far from its neighbours.
inline constexpr float kKeyGap = 10.0f;

// A key at (x, y) of size (w, h): the project's button, tapped by name. Returns true when tapped.
bool key(KeyboardIo& io, const std::string& name, std::string_view label, ImFont* font, float x, float y, float w,
         float h, ButtonKind kind = ButtonKind::secondary, std::string_view sublabel = {});
// A key that cannot be used now (no next page): drawn muted, not tappable, not in the registry.
void inactive_key(std::string_view label, ImFont* font, float x, float y, float w, float h);
// Text within (x, y, w, h): vertically centred, left-aligned, clipped to the width.
void line_text(std::string_view text, ImFont* font, float x, float y, float w, float h, theme::Rgb colour);

}  // namespace keyboards
}  // namespace zhidui::ui
