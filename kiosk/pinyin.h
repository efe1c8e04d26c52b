// pinyin.h — pinyin readings of Chinese characters, for search (`jycy` and `jiuye` find 就业).
//
// The table is generated at build time by tools/pinyin-table from the luna-pinyin dictionary of the
// Debian package rime-data-luna-pinyin (see the pinyin block in CMakeLists.txt): no reading is typed
// by hand. Readings are plain lowercase letters without tones (ü is written v: 绿 lv).
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace zhidui {

struct PinyinEntry {
  char32_t code_point;
  const char* readings;  // space-separated, most frequent first, e.g. "chang zhang"
};

// Sorted by code point. Defined in the generated file.
std::span<const PinyinEntry> pinyin_table();

// The readings of one character, most frequent first; empty for characters without any (letters, digits).
std::vector<std::string_view> pinyin_readings(char32_t code_point);

}  // namespace zhidui
