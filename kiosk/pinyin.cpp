// pinyin.cpp — look-up in the generated pinyin table (pinyin.h).
#include "kiosk/pinyin.h"

#include <algorithm>

namespace zhidui {

std::vector<std::string_view> pinyin_readings(char32_t code_point) {
  auto table = pinyin_table();
  auto it = std::lower_bound(table.begin(), table.end(), code_point,
                             [](const PinyinEntry& e, char32_t cp) { return e.code_point < cp; });
  std::vector<std::string_view> out;
  if (it == table.end() || it->code_point != code_point) return out;
  std::string_view all = it->readings;
  while (!all.empty()) {
    size_t space = all.find(' ');
    out.push_back(all.substr(0, space));
    if (space == std::string_view::npos) break;
    all.remove_prefix(space + 1);
  }
  return out;
}

}  // namespace zhidui
