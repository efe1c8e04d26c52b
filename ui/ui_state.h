// ui_state.h — what the UI itself remembers between frames, beyond the session: the Chinese keyboard's
// input-method state, the signature stroke under the finger, the search keyboard's layout. App owns it
// and wipes it whenever the session is back on the home screen (it can hold part of a name or a
// signature, so it must not outlive the session).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "kiosk/signature.h"
#include "ui/keyboards/chinese_keyboard.h"

namespace zhidui::ui {

struct UiState {
  // Null when the kiosk has no pinyin engine (then Chinese text fields offer no keyboard).
  std::unique_ptr<keyboards::ChineseKeyboard> chinese;
  SignatureStroke stroke;       // the stroke being drawn on the signature pad (normalised points)
  bool search_in_chinese = false;  // the search keyboard: letters (pinyin initials) or Chinese
  bool ascii_shifted = false;      // the technician's keyboard: capitals
  std::string scrolled_to_field;   // the form field last scrolled into view (a field id, nothing personal)
  // Per scroll region, the session generation it was last drawn in (see UiContext::begin_scroll).
  std::map<std::string, uint32_t> scroll_generations;

  void wipe() {
    if (chinese) chinese->wipe();
    for (auto& p : stroke) p = SignaturePoint{};
    stroke.clear();
    search_in_chinese = false;
    ascii_shifted = false;
    scrolled_to_field.clear();
  }
};

}  // namespace zhidui::ui
