// line_break.h — Chinese line breaking, one implementation for the screen and the receipt printer.
//
// Breaks fall between ideographs; runs of printable ASCII (words, numbers, URLs) stay whole unless a
// run alone is wider than the line; a break on a space drops the space. 禁则: no line starts with
// closing punctuation (，。、？！；：”）》 …) and none ends with an opening mark (“（《 …); when no earlier
// break satisfies the rules, the rule yields rather than losing or overflowing text. '\n' always breaks.
// Widths come from the caller (font advances on screen, printer dots on paper).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace zhidui {

std::vector<std::string> break_lines(std::string_view utf8, float max_width,
                                     const std::function<float(char32_t)>& width_of);

bool is_line_start_forbidden(char32_t cp);
bool is_line_end_forbidden(char32_t cp);

}  // namespace zhidui
