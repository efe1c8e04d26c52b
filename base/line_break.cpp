// line_break.cpp — see line_break.h.
#include "base/line_break.h"

#include "base/utf8.h"

namespace zhidui {

bool is_line_start_forbidden(char32_t cp) {
  static constexpr std::u32string_view kNoStart = U"，。、？！；：”）》’」』】〕〉〗…‥·%‰℃,.;:!?)]}";
  return kNoStart.find(cp) != std::u32string_view::npos;
}

bool is_line_end_forbidden(char32_t cp) {
  static constexpr std::u32string_view kNoEnd = U"“（《‘「『【〔〈〖([{";
  return kNoEnd.find(cp) != std::u32string_view::npos;
}

namespace {

// The smallest piece the wrapper places: an ASCII word, one space, or one other character.
struct Piece {
  std::u32string text;
  float width = 0;
  bool space = false;
};

bool is_ascii_word_char(char32_t cp) { return cp > 0x20 && cp < 0x7F; }

std::vector<Piece> split_into_pieces(std::u32string_view paragraph, float line_width,
                                     const std::function<float(char32_t)>& char_width) {
  std::vector<Piece> pieces;
  size_t i = 0;
  while (i < paragraph.size()) {
    char32_t cp = paragraph[i];
    if (is_ascii_word_char(cp)) {
      size_t j = i;
      float width = 0;
      while (j < paragraph.size() && is_ascii_word_char(paragraph[j])) width += char_width(paragraph[j++]);
      if (width <= line_width) {
        pieces.push_back({std::u32string(paragraph.substr(i, j - i)), width, false});
      } else {
        // A word longer than a line (a URL, a long number) has to break somewhere: anywhere.
        for (size_t k = i; k < j; ++k)
          pieces.push_back({std::u32string(1, paragraph[k]), char_width(paragraph[k]), false});
      }
      i = j;
    } else {
      pieces.push_back({std::u32string(1, cp), char_width(cp), cp == U' ' || cp == U'\t'});
      ++i;
    }
  }
  return pieces;
}

void wrap_paragraph(std::u32string_view paragraph, float max_width, const std::function<float(char32_t)>& char_width,
                    std::vector<std::string>& out) {
  std::vector<Piece> pieces = split_into_pieces(paragraph, max_width, char_width);
  std::vector<Piece> line;
  float width = 0;

  auto emit = [&](std::vector<Piece>& l) {
    while (!l.empty() && l.back().space) l.pop_back();
    std::u32string text;
    for (const Piece& p : l) text += p.text;
    out.push_back(utf8::encode(text));
  };
  auto width_of = [](const std::vector<Piece>& l, size_t from) {
    float w = 0;
    for (size_t k = from; k < l.size(); ++k) w += l[k].width;
    return w;
  };

  for (Piece& piece : pieces) {
    if (piece.space && line.empty()) continue;  // no leading spaces after a break
    if (width + piece.width <= max_width) {
      width += piece.width;
      line.push_back(std::move(piece));
      continue;
    }
    if (line.empty()) {  // cannot happen for widths ≥ one character (asserted); never loop or lose text
      width = piece.width;
      line.push_back(std::move(piece));
      continue;
    }
    if (piece.space) {  // the break falls on a space: it disappears
      emit(line);
      line.clear();
      width = 0;
      continue;
    }
    // Break before `piece`, then move the break earlier while it violates a rule: the next line would
    // start with closing punctuation, or this one would end with an opening bracket. Stop if moving
    // would empty this line or overfill the next (then the rule yields; content never gets lost).
    size_t cut = line.size();
    auto violates = [&](size_t at) {
      const char32_t next_first = at < line.size() ? line[at].text.front() : piece.text.front();
      return is_line_start_forbidden(next_first) || is_line_end_forbidden(line[at - 1].text.back());
    };
    while (cut > 1 && violates(cut) && width_of(line, cut - 1) + piece.width <= max_width) --cut;
    if (cut > 0 && violates(cut)) cut = line.size();  // no acceptable earlier break: break where it overflows
    std::vector<Piece> next(std::make_move_iterator(line.begin() + long(cut)), std::make_move_iterator(line.end()));
    line.resize(cut);
    emit(line);
    line = std::move(next);
    while (!line.empty() && line.front().space) line.erase(line.begin());
    line.push_back(std::move(piece));
    width = width_of(line, 0);
  }
  emit(line);  // a paragraph is at least one line, so "a\n\nb" keeps its blank line
}

}  // namespace

std::vector<std::string> break_lines(std::string_view utf8, float max_width,
                                     const std::function<float(char32_t)>& width_of) {
  std::vector<std::string> lines;
  if (utf8.empty()) return lines;
  std::u32string all = utf8::decode(utf8);
  size_t start = 0;
  while (true) {
    size_t nl = all.find(U'\n', start);
    std::u32string_view paragraph =
        std::u32string_view(all).substr(start, nl == std::u32string::npos ? std::u32string::npos : nl - start);
    wrap_paragraph(paragraph, max_width, width_of, lines);
    if (nl == std::u32string::npos) break;
    start = nl + 1;
  }
  return lines;
}

}  // namespace zhidui
