// paths.cpp — see paths.h.
#include "kiosk/base/paths.h"

#include <cstdlib>

namespace zhidui::paths {

std::string assets_dir() {
  if (const char* env = std::getenv("ZHIDUI_ASSETS"); env && *env) return env;
  return ZHIDUI_ASSETS_DIR;
}

std::string cjk_font_path() {
  if (const char* env = std::getenv("ZHIDUI_FONT"); env && *env) return env;
  return ZHIDUI_CJK_FONT;
}

int cjk_font_index() { return ZHIDUI_CJK_FONT_INDEX; }

}  // namespace zhidui::paths
