// catalog.h — the policy catalog (政策事项目录): what a kiosk can inform about and take applications for.
//
// Parsed from JSON (assets/catalog/, or refreshed from the platform) and validated completely before
// it is used: a broken catalog is rejected with the file, the item id, the field and the reason, and the
// caller keeps serving the last good one. Format: docs/catalog-format.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/device.h"
#include "base/result.h"
#include "kiosk/eligibility_rule.h"

namespace zhidui {

enum class Audience { individual, enterprise, both };
enum class ApplyMode { auto_grant /* 免申即享 */, quick /* 快申快享 */ };
enum class FieldType { text, integer, money, date, choice, phone, bank_account, uscc, id_number, region, yes_no };

// How much the department must trust a material's source (可信等级), which decides what may stand in for it.
enum class TrustLevel {
  declared,  // the applicant's own statement is enough (a form, a declaration)
  copy,      // a copy (paper or scan) checked by staff: the default
  original,  // only the authoritative source: the original or the electronic licence; never a commitment
};

struct Material {
  std::string id;
  std::string name;
  bool required = true;
  bool commitment_allowed = false;  // 告知承诺 may replace it
  bool e_licence = false;           // fetched as an electronic licence
  TrustLevel trust = TrustLevel::copy;
};

// One answer of a choice or region field: what is stored and sent, and what the person sees
// (a region's value is its 6-digit code, its label the district's name; plain choices are both).
struct Choice {
  std::string value;
  std::string label;
  bool operator==(const Choice&) const = default;
};

struct FormField {
  std::string id;
  std::string label;
  FieldType type = FieldType::text;
  bool required = false;
  std::string prefill;          // "card.name", "card.id_number", "card.address", "enterprise.uscc" or empty
  std::vector<Choice> choices;  // choice and region fields: inline, or a named list of the catalog
  bool prefilled() const { return !prefill.empty(); }
  const Choice* choice(std::string_view value) const;  // nullptr: not one of the choices
};

struct Guide {  // 申兑指南: everything "inform once" shows
  std::string beneficiaries;
  std::vector<std::string> conditions;
  std::string standard;
  int time_limit_days = 0;
  std::string department;
  std::string phone;
  std::string legal_basis;
};

struct PolicyItem {
  std::string id;
  std::string title;
  std::string short_title;
  std::string category;
  std::string region_code;  // "43" province, "4301" city, "430104" district
  bool cross_city = false;  // 跨域通办 within 长株潭
  Audience audience = Audience::individual;
  ApplyMode mode = ApplyMode::quick;
  Guide guide;
  std::vector<Material> materials;
  std::vector<FormField> form;
  std::vector<drivers::DeviceClass> devices;
  std::string valid_from;  // YYYY-MM-DD inclusive
  std::string valid_to;    // YYYY-MM-DD inclusive
  std::vector<std::string> keywords;
  std::optional<Rule> eligibility;  // absent: everyone in the audience may apply

  const FormField* field(std::string_view field_id) const;
  bool open_on(std::string_view date_iso) const { return valid_from <= date_iso && date_iso <= valid_to; }
  bool for_individuals() const { return audience != Audience::enterprise; }
};

struct Catalog {
  int format = 1;
  std::string version;
  bool sample_data = false;
  std::vector<PolicyItem> items;

  const PolicyItem* find(std::string_view id) const;
  // Items a citizen may apply for on this date, in catalog order.
  std::vector<const PolicyItem*> offered_to_individuals(std::string_view date_iso) const;
};

Result<Catalog> parse_catalog(std::string_view json_text, const std::string& source_name);
Result<Catalog> load_catalog(const std::string& path);

}  // namespace zhidui
