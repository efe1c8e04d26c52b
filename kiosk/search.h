// search.h — finding policy items by what a citizen types on the kiosk keyboard: Chinese substrings
// (补贴), full pinyin (gaoling → 高龄津贴), pinyin initials (jycy → 就业创业) or a mix (jiuyecy), over
// titles, short titles, keywords and categories; ranked so that title matches come before keyword ones.
//
// The index is built once per catalog (readings come from the generated pinyin table, pinyin.h) and
// points into it: the catalog must outlive its index. Queries of several words (space-separated) need
// every word to match.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog.h"

namespace zhidui {

struct SearchHit {
  const PolicyItem* item = nullptr;
  int score = 0;  // higher is better; only the order is meaningful
};

class SearchIndex {
 public:
  explicit SearchIndex(const Catalog& catalog);

  // Best first; ties keep catalog order. An empty query finds nothing.
  std::vector<SearchHit> search(std::string_view query, size_t limit = 50) const;

  struct Field {
    std::u32string text;                                // lowercased ASCII, Chinese as is
    std::vector<std::vector<std::string_view>> readings;  // per character; empty for non-Chinese
    int weight = 0;
  };

 private:
  struct Entry {
    const PolicyItem* item;
    std::vector<Field> fields;
  };
  std::vector<Entry> entries_;
};

}  // namespace zhidui
