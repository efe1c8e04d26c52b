// fonts.h — the glyph atlas: Noto Sans CJK SC at the theme's four sizes, built from the kiosk's own
// texts instead of ImGui's "Common" range (which lacks 兑 and 麓).
//
// The glyph set is: printable ASCII, CJK and full-width punctuation, every character of the strings
// file and the catalog, and the characters seen at run time (names and addresses from ID cards, typed
// text), which are persisted so the next start includes them. A character not yet in the atlas is added
// between frames (ensure_glyphs + rebuild_if_needed): the atlas must never change mid-frame.
//
// Memory: ImGui 1.86 copies the whole 19 MB .ttc for every AddFont it does not own; build() hands it one
// owned buffer for all four sizes and releases it right after the build.
#pragma once

#include <imgui.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zhidui::ui {

struct Fonts {
  ImFont* small = nullptr;
  ImFont* body = nullptr;
  ImFont* heading = nullptr;
  ImFont* title = nullptr;
};

class GlyphAtlas {
 public:
  GlyphAtlas(std::string font_path, int font_index);

  void add_texts(const std::vector<std::string>& texts);
  // Builds io.Fonts; returns false (with a message) when the font cannot be read.
  bool build(std::string* error);
  // The standard sizes, or the 长辈模式 ones (1.5×).
  const Fonts& fonts(bool elder = false) const { return elder ? elder_fonts_ : fonts_; }

  // Run-time text: remembers characters the atlas lacks. Cheap when nothing is new.
  void ensure_glyphs(std::string_view text);
  // True when characters were added since the last build: rebuild before the next NewFrame, then the
  // caller must recreate the renderer's font texture.
  bool needs_rebuild() const { return dirty_; }

  // Code points of `text` that the built atlas cannot draw (outside the BMP, or absent from the font).
  std::vector<char32_t> missing(std::string_view text) const;
  size_t glyph_count() const;

 private:
  std::string font_path_;
  int font_index_;
  std::set<char32_t> wanted_;
  std::vector<ImWchar> ranges_;
  Fonts fonts_;
  Fonts elder_fonts_;
  bool dirty_ = false;
};

}  // namespace zhidui::ui
