// paths.h — where the kiosk finds its read-only assets and keeps its writable data.
#pragma once

#include <string>

namespace zhidui::paths {

// ZHIDUI_ASSETS from the environment; else the installed <prefix>/share/zhidui/assets beside the
// executable's <prefix>/bin; else the source tree's folder baked in at build time.
std::string assets_dir();
// The CJK font file and its face index.
std::string cjk_font_path();
int cjk_font_index();

}  // namespace zhidui::paths
