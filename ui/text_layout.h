// text_layout.h — Chinese line breaking (ImGui's TextWrapped is word-based and breaks Chinese badly).
//
// Breaks are allowed between ideographs; runs of Latin letters and digits stay together; no line starts
// with closing punctuation (，。、？！；：”）》…) and none ends with opening punctuation (“（《). The
// measuring function is a parameter so the rules are testable without a font.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace zhidui::ui {

// width_of(code point) in pixels; returns lines as UTF-8 substrings. Explicit '\n' always breaks.
std::vector<std::string> break_lines(std::string_view text, float max_width,
                                     const std::function<float(char32_t)>& width_of);

bool is_line_start_forbidden(char32_t c);
bool is_line_end_forbidden(char32_t c);

}  // namespace zhidui::ui
