// text_layout.cpp — see text_layout.h.
#include "ui/text_layout.h"

#include "kiosk/base/utf8.h"

namespace zhidui::ui {
namespace {

bool is_word_char(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.' ||
         c == '*' || c == '@' || c == '_' || c == '/' || c == ':';
}

// Units that must not be split: a single ideograph or a Latin/digit word.
struct Unit {
  std::u32string text;
  float width = 0;
};

}  // namespace

bool is_line_start_forbidden(char32_t c) {
  static const std::u32string kNoStart = U"，。、？！；：”’）》」』】〕…—·,.;:!?)]}%";
  return kNoStart.find(c) != std::u32string::npos;
}

bool is_line_end_forbidden(char32_t c) {
  static const std::u32string kNoEnd = U"“‘（《「『【〔([{";
  return kNoEnd.find(c) != std::u32string::npos;
}

std::vector<std::string> break_lines(std::string_view text, float max_width,
                                     const std::function<float(char32_t)>& width_of) {
  std::vector<std::string> lines;
  std::u32string cps = utf8::decode(text);
  std::vector<std::u32string> paragraphs(1);
  for (char32_t c : cps) {
    if (c == U'\n') paragraphs.emplace_back();
    else paragraphs.back() += c;
  }

  for (const auto& para : paragraphs) {
    std::vector<Unit> units;
    for (size_t i = 0; i < para.size();) {
      Unit u;
      if (is_word_char(para[i])) {
        while (i < para.size() && is_word_char(para[i])) u.text += para[i++];
      } else {
        u.text += para[i++];
      }
      for (char32_t c : u.text) u.width += width_of(c);
      units.push_back(std::move(u));
    }
    if (units.empty()) {
      lines.emplace_back();
      continue;
    }
    std::u32string line;
    float width = 0;
    size_t i = 0;
    while (i < units.size()) {
      const Unit& u = units[i];
      if (line.empty() || width + u.width <= max_width) {
        line += u.text;
        width += u.width;
        ++i;
        continue;
      }
      // Overflow at unit i. Kinsoku: if unit i may not start a line, pull the last character of the
      // current line down with it; if the line would end with an opening mark, move that down too.
      size_t carry = 0;
      if (u.text.size() == 1 && is_line_start_forbidden(u.text[0]) && line.size() > 1) carry = 1;
      while (line.size() > carry + 1 && is_line_end_forbidden(line[line.size() - 1 - carry])) ++carry;
      std::u32string moved = line.substr(line.size() - carry);
      line.resize(line.size() - carry);
      lines.push_back(utf8::encode(line));
      line = moved;
      width = 0;
      for (char32_t c : line) width += width_of(c);
      // A single unit wider than the line is placed alone (it cannot be broken further).
    }
    lines.push_back(utf8::encode(line));
  }
  return lines;
}

}  // namespace zhidui::ui
