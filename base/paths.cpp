// paths.cpp — see paths.h.
#include "base/paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include "zhidui_build_paths.h"

namespace zhidui::paths {

std::string assets_dir() {
  if (const char* env = std::getenv("ZHIDUI_ASSETS"); env && *env) return env;
  // Installed (<prefix>/bin/zhidui-kiosk): <prefix>/share/zhidui/assets, so that a technician's
  // `zhidui-kiosk --self-check` finds what the package installed without being told.
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path installed = exe.parent_path().parent_path() / "share/zhidui/assets";
    if (std::filesystem::exists(installed / "strings/zh-CN.json", ec)) return installed.string();
  }
  return ZHIDUI_ASSETS_DIR;
}

std::string cjk_font_path() {
  if (const char* env = std::getenv("ZHIDUI_FONT"); env && *env) return env;
  return ZHIDUI_CJK_FONT;
}

int cjk_font_index() { return ZHIDUI_CJK_FONT_INDEX; }

}  // namespace zhidui::paths
