// policy_finder.h — which policy items a person at this kiosk is shown: by audience (citizen or
// enterprise), validity date, region (this kiosk's own area, or 跨域通办 items of the other 长株潭
// cities), category, and the search box. Pure functions over the catalog.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog.h"
#include "kiosk/search.h"

namespace zhidui {

enum class RegionScope { here /* items of this kiosk's area */, cross_city /* 跨域通办 from other 长株潭 cities */ };

struct PolicyFilter {
  Audience audience = Audience::individual;  // individual or enterprise: who is at the kiosk
  RegionScope scope = RegionScope::here;
  std::string category;  // empty: every category
  std::string query;     // empty: no search
};

// Whether an item of `item_region` belongs to the area of a kiosk in `kiosk_region` (a prefix: province
// 43 covers every Hunan kiosk). An empty kiosk region (not configured) takes everything.
bool region_covers(std::string_view item_region, std::string_view kiosk_region);
// 长沙 4301, 株洲 4302, 湘潭 4303.
bool in_changzhutan(std::string_view region_code);

// Matches in catalog order, or best first when there is a query (a query searches both scopes).
std::vector<const PolicyItem*> find_policies(const Catalog& catalog, const SearchIndex& index, const PolicyFilter& filter,
                                             std::string_view kiosk_region, std::string_view today_iso);

// The categories of the items `find_policies` could show for this audience and scope, in catalog order.
std::vector<std::string> policy_categories(const Catalog& catalog, Audience audience, RegionScope scope,
                                           std::string_view kiosk_region, std::string_view today_iso);

}  // namespace zhidui
