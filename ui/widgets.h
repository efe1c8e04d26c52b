// widgets.h — the kiosk's widgets, drawn with ImGui's draw list so they look the same everywhere and
// are big enough for a finger. Every interactive widget has a stable name and records its rectangle
// in the WidgetRegistry, so tests (and the headless demo) tap widgets by name, never by coordinates.
#pragma once

#include <imgui.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ui/theme.h"

namespace zhidui::ui {

struct Fonts;

struct WidgetRect {
  float x0, y0, x1, y1;
  float cx() const { return (x0 + x1) / 2; }
  float cy() const { return (y0 + y1) / 2; }
};

class WidgetRegistry {
 public:
  void begin_frame() { current_.clear(); }
  void record(const std::string& name, const ImVec2& min, const ImVec2& max);
  void end_frame() { last_ = current_; }
  // Rectangles of the last complete frame.
  std::optional<WidgetRect> find(const std::string& name) const;
  const std::map<std::string, WidgetRect>& all() const { return last_; }

 private:
  std::map<std::string, WidgetRect> current_, last_;
};

enum class ButtonKind { primary, accent, secondary };

ImU32 color(theme::Rgb c, float alpha = 1.0f);

// Every text drawn goes through note_text(), which tells the glyph atlas about characters it lacks;
// the app adds them between frames and draws again at once (see fonts.h). Installed by ui::App.
void set_glyph_sink(class GlyphAtlas* atlas);
void note_text(std::string_view text);

// A large button with centred (possibly two-line) text; returns true when tapped.
bool button(WidgetRegistry& reg, const std::string& name, std::string_view label, ImFont* font, ImVec2 size,
            ButtonKind kind = ButtonKind::primary, std::string_view sublabel = {}, ImFont* subfont = nullptr);

// Chinese-aware wrapped text at the cursor; advances the cursor. Returns the height used.
float wrapped_text(ImFont* font, std::string_view text, float width, theme::Rgb colour);
// The same, each line centred within `width`.
float wrapped_text_centered(ImFont* font, std::string_view text, float width, theme::Rgb colour);
// Single line of text at the cursor.
void text(ImFont* font, std::string_view text, theme::Rgb colour);
// Text centred horizontally within `width` starting at the cursor x.
void centered_text(ImFont* font, std::string_view text, float width, theme::Rgb colour);

// A verdict box at the cursor, as wide as `width`, growing with its text: the heading in the accent
// colour, one bullet per line, then what to do next (muted; may be empty), on the surface colour with an
// accent bar at the left. Advances the cursor below it.
void verdict_panel(ImFont* heading_font, ImFont* body_font, std::string_view heading, theme::Rgb accent,
                   const std::vector<std::string>& lines, std::string_view next, float width);

// A scrolling region that scrolls by dragging anywhere inside it (ImGui has no drag-to-scroll).
// Call between BeginChild and EndChild with the frame's drag delta and origin.
void drag_scroll(float delta, float origin_x, float origin_y, bool dragging);

}  // namespace zhidui::ui
