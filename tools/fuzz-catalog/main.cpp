// fuzz-catalog — libFuzzer harness for the catalog loader (built only with clang; see CMakeLists.txt).
//
// Feeds arbitrary bytes to parse_catalog; whatever it accepts is then indexed, searched and evaluated
// for eligibility, so rules and texts that pass validation are exercised too. Any crash, sanitizer
// report or escaping exception is a bug: a broken catalog must only ever be a rejected one.
// Run: build/fuzz_catalog -max_total_time=60 tools/fuzz-catalog/corpus
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kiosk/catalog.h"
#include "kiosk/eligibility.h"
#include "kiosk/search.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zhidui;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto catalog = parse_catalog(text, "fuzz.json");
  if (!catalog.ok()) return 0;
  SearchIndex index(catalog.value());
  (void)index.search("jycy");
  (void)index.search(text.substr(0, 16));
  ApplicantFacts facts;
  add_id_number_facts(facts, "11010519491231002X", "2026-11-25");
  add_uscc_facts(facts, "91110108551385082Q");
  facts.form = {{"employees", "12"}, {"revenue", "99.5"}, {"first_time", "yes"}};
  for (const auto& item : catalog->items) (void)evaluate_eligibility(item, facts, "2026-11-25");
  return 0;
}
