// policy_finder.cpp — see policy_finder.h.
#include "kiosk/policy_finder.h"

#include <algorithm>

namespace zhidui {

bool region_covers(std::string_view item_region, std::string_view kiosk_region) {
  if (kiosk_region.empty()) return true;
  return kiosk_region.substr(0, item_region.size()) == item_region;
}

bool in_changzhutan(std::string_view region_code) {
  std::string_view city = region_code.substr(0, 4);
  return city == "4301" || city == "4302" || city == "4303";
}

namespace {

bool audience_matches(const PolicyItem& item, Audience who) {
  return item.audience == Audience::both || item.audience == who;
}

bool in_scope(const PolicyItem& item, RegionScope scope, std::string_view kiosk_region) {
  if (scope == RegionScope::here) return region_covers(item.region_code, kiosk_region);
  // Another 长株潭 city's item that may be handled here (跨域通办): never one this kiosk's area covers anyway.
  return item.cross_city && !region_covers(item.region_code, kiosk_region) && in_changzhutan(item.region_code) &&
         (kiosk_region.empty() || in_changzhutan(kiosk_region));
}

bool shown(const PolicyItem& item, const PolicyFilter& f, std::string_view kiosk_region, std::string_view today) {
  // A search looks everywhere the kiosk can take applications; browsing looks at one scope at a time.
  bool scope_ok = f.query.empty() ? in_scope(item, f.scope, kiosk_region)
                                  : in_scope(item, RegionScope::here, kiosk_region) ||
                                        in_scope(item, RegionScope::cross_city, kiosk_region);
  return audience_matches(item, f.audience) && item.open_on(today) && scope_ok &&
         (f.category.empty() || item.category == f.category);
}

}  // namespace

std::vector<const PolicyItem*> find_policies(const Catalog& catalog, const SearchIndex& index, const PolicyFilter& filter,
                                             std::string_view kiosk_region, std::string_view today_iso) {
  std::vector<const PolicyItem*> out;
  if (!filter.query.empty()) {
    for (const SearchHit& hit : index.search(filter.query, catalog.items.size()))
      if (shown(*hit.item, filter, kiosk_region, today_iso)) out.push_back(hit.item);
    return out;
  }
  for (const PolicyItem& item : catalog.items)
    if (shown(item, filter, kiosk_region, today_iso)) out.push_back(&item);
  return out;
}

std::vector<std::string> policy_categories(const Catalog& catalog, Audience audience, RegionScope scope,
                                           std::string_view kiosk_region, std::string_view today_iso) {
  std::vector<std::string> out;
  PolicyFilter f;
  f.audience = audience;
  f.scope = scope;
  for (const PolicyItem& item : catalog.items)
    if (shown(item, f, kiosk_region, today_iso) && std::find(out.begin(), out.end(), item.category) == out.end())
      out.push_back(item.category);
  return out;
}

}  // namespace zhidui
