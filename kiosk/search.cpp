// search.cpp — substring and pinyin matching with field weights (see search.h).
#include "kiosk/search.h"

#include <algorithm>

#include "base/utf8.h"
#include "kiosk/pinyin.h"

namespace zhidui {
namespace {

// Field weights leave room for the match-kind penalties below, so that any title match (even by
// initials, 100 − 20) outranks the best keyword match (55 + 20 for a whole-keyword hit).
constexpr int kTitleWeight = 100, kShortTitleWeight = 95, kKeywordWeight = 55, kCategoryWeight = 30;
constexpr int kWholeFieldBonus = 20, kAtStartBonus = 5;
constexpr int kFullPinyinPenalty = 10, kInitialsPenalty = 20;
constexpr int kNoMatch = -1;

char32_t lower(char32_t c) { return c >= U'A' && c <= U'Z' ? c - U'A' + U'a' : c; }

SearchIndex::Field make_field(std::string_view text, int weight) {
  SearchIndex::Field f;
  f.weight = weight;
  for (char32_t c : utf8::decode(text)) {
    f.text.push_back(lower(c));
    f.readings.push_back(pinyin_readings(c));
  }
  return f;
}

// Does `q` (from position p) match the characters of `f` from i on, each character consuming one of
// its readings — whole (strict) or any non-empty prefix of it (loose: initials, abbreviations)? In strict
// mode the last character may still be a prefix, as the citizen may not have finished typing.
bool pinyin_from(const SearchIndex::Field& f, size_t i, std::string_view q, size_t p, bool loose) {
  if (p == q.size()) return true;
  if (i == f.text.size()) return false;
  for (std::string_view r : f.readings[i]) {
    size_t common = 0;
    while (common < r.size() && p + common < q.size() && q[p + common] == r[common]) ++common;
    if (common == 0) continue;
    if (common == r.size() && pinyin_from(f, i + 1, q, p + common, loose)) return true;
    if (p + common == q.size()) return true;  // the query ends inside this syllable
    if (loose)
      for (size_t len = common; len >= 1; --len)
        if (len < r.size() && pinyin_from(f, i + 1, q, p + len, loose)) return true;
  }
  return false;
}

int pinyin_score(const SearchIndex::Field& f, std::string_view q) {
  for (bool loose : {false, true})
    for (size_t start = 0; start < f.text.size(); ++start)
      if (!f.readings[start].empty() && pinyin_from(f, start, q, 0, loose))
        return f.weight - (loose ? kInitialsPenalty : kFullPinyinPenalty) + (start == 0 ? kAtStartBonus : 0);
  return kNoMatch;
}

int substring_score(const SearchIndex::Field& f, std::u32string_view term) {
  size_t at = f.text.find(term);
  if (at == std::u32string::npos) return kNoMatch;
  if (term.size() == f.text.size()) return f.weight + kWholeFieldBonus;
  return f.weight + (at == 0 ? kAtStartBonus : 0);
}

bool is_pinyin_query(std::u32string_view term) {
  return std::all_of(term.begin(), term.end(), [](char32_t c) { return c >= U'a' && c <= U'z'; });
}

std::vector<std::u32string> terms_of(std::string_view query) {
  std::vector<std::u32string> terms;
  std::u32string current;
  for (char32_t c : utf8::decode(query)) {
    if (c == U' ' || c == U'\t' || c == U'\u3000') {
      if (!current.empty()) terms.push_back(std::move(current));
      current.clear();
    } else if (c != U'\'') {  // xi'an: the apostrophe only separates syllables
      current.push_back(lower(c));
    }
  }
  if (!current.empty()) terms.push_back(std::move(current));
  return terms;
}

}  // namespace

SearchIndex::SearchIndex(const Catalog& catalog) {
  entries_.reserve(catalog.items.size());
  for (const auto& item : catalog.items) {
    Entry e{&item, {}};
    e.fields.push_back(make_field(item.title, kTitleWeight));
    e.fields.push_back(make_field(item.short_title, kShortTitleWeight));
    for (const auto& k : item.keywords) e.fields.push_back(make_field(k, kKeywordWeight));
    e.fields.push_back(make_field(item.category, kCategoryWeight));
    entries_.push_back(std::move(e));
  }
}

std::vector<SearchHit> SearchIndex::search(std::string_view query, size_t limit) const {
  std::vector<std::u32string> terms = terms_of(query);
  std::vector<SearchHit> hits;
  if (terms.empty()) return hits;
  std::vector<std::string> ascii_terms;
  for (const auto& t : terms) ascii_terms.push_back(is_pinyin_query(t) ? utf8::encode(t) : std::string());
  for (const Entry& e : entries_) {
    int total = 0;
    bool all_matched = true;
    for (size_t t = 0; t < terms.size() && all_matched; ++t) {
      int best = kNoMatch;
      for (const Field& f : e.fields) {
        best = std::max(best, substring_score(f, terms[t]));
        if (!ascii_terms[t].empty()) best = std::max(best, pinyin_score(f, ascii_terms[t]));
      }
      all_matched = best != kNoMatch;
      total += best;
    }
    if (all_matched) hits.push_back({e.item, total});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace zhidui
