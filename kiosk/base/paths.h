// paths.h — where the kiosk finds its read-only assets and keeps its writable data.
#pragma once

#include <string>

namespace zhidui::paths {

// The assets folder baked in at build time, unless ZHIDUI_ASSETS is set in the environment.
std::string assets_dir();
// The CJK font file and its face index.
std::string cjk_font_path();
int cjk_font_index();

}  // namespace zhidui::paths
