// screen.h — what every screen gets (a read-only session and the drawing kit) and gives back
// (actions). One file per screen in ui/screens/; ui/frame.cpp draws the chrome around them.
#pragma once

#include <cstdint>
#include <vector>

#include "kiosk/actions.h"
#include "kiosk/session.h"
#include "ui/fonts.h"
#include "ui/input.h"
#include "ui/ui_state.h"
#include "ui/widgets.h"

namespace zhidui::ui {

struct UiContext {
  const Session& session;
  WidgetRegistry& widgets;
  const Fonts& fonts;
  const InputLayer& input;
  float width = 0, height = 0;  // the whole display
  int64_t now_ms = 0;
  std::vector<Action>& actions;
  UiState& state;

  bool portrait() const { return height > width; }
  // The content column: centred, at most 1000 px wide.
  float content_width() const;
  float content_x() const;
  // A scrollable region (drag-to-scroll) filling the space down to `bottom_reserved` above the footer,
  // in the content column or, when given, in the column [x, x + w). It starts at the top for each new
  // application (a new person, another policy); a list the person comes back to (Back from a policy's
  // detail) keeps its place for the whole visit when `keep_for_the_visit`.
  bool begin_scroll(const char* id, float bottom_reserved, float x = -1, float w = -1,
                    bool keep_for_the_visit = false);
  void end_scroll();
};

void draw_frame(UiContext& ui);  // chrome + the current screen

// Where a screen with a scrolling body and one main action puts them: portrait, the body above the action
// in the content column; landscape (short, and shorter still in 长辈模式), the body on the left at full
// height and the action at the bottom of a column on the right, with room above it for a note.
struct BodyAndAction {
  bool beside = false;
  float body_x = 0, body_w = 0;
  float body_reserved = 0;  // begin_scroll's bottom_reserved for the body
  float action_x = 0, action_w = 0, action_y = 0;
};
BodyAndAction body_and_action(const UiContext& ui);

// A screen's title and (optional) instruction at the top of the column [x, x + w), centred or not.
void draw_heading(UiContext& ui, std::string_view title, std::string_view instruction, float x, float w,
                  bool centred = false);

void draw_home(UiContext& ui);
void draw_identify(UiContext& ui);
void draw_policy_list(UiContext& ui);
void draw_policy_detail(UiContext& ui);
void draw_form(UiContext& ui);
void draw_submitting(UiContext& ui);
void draw_result(UiContext& ui);
void draw_out_of_service(UiContext& ui);
void draw_technician_pin(UiContext& ui);
void draw_technician(UiContext& ui);
void draw_search(UiContext& ui);
void draw_materials(UiContext& ui);
void draw_commitment(UiContext& ui);
void draw_review(UiContext& ui);
void draw_enterprise_identify(UiContext& ui);
void draw_enterprise_role(UiContext& ui);
void draw_progress(UiContext& ui);
void draw_help(UiContext& ui);

// The numeric keypad (ui/keypad.cpp): digits and delete, emitting TypeText / Backspace; fitted into
// `height` when given (keys never smaller than theme::kMinTarget).
void draw_numeric_keypad(UiContext& ui, float width, float height = 0);
float numeric_keypad_height();

// How a field's value is shown (ui/field_display.cpp): card and account values masked (in a summary,
// typed personal values too), choices as words.
std::string shown_value(const FieldState& f, bool summary = false);

// A display-only text box (the kiosk's keyboards edit the text); tapping it returns true.
struct TextBoxLook {
  bool focused = false;
  bool error = false;
  bool read_only = false;
  std::string_view tag;          // right-aligned note, e.g. 来自身份证
  std::string_view placeholder;  // shown muted while empty and unfocused
  float height = 96;
};
bool text_box(UiContext& ui, const std::string& name, std::string_view value, float w, const TextBoxLook& look);

}  // namespace zhidui::ui
