// catalog.cpp — parsing and validation of the policy catalog. Every rejection names the source, the
// item and the field, so a technician or the platform team can fix the file without guessing.
#include "kiosk/catalog.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <sstream>

namespace zhidui {
namespace {

using json = nlohmann::json;

using ChoiceLists = std::map<std::string, std::vector<Choice>>;

struct Ctx {
  const std::string& source;
  std::string item_id;
  const ChoiceLists* lists = nullptr;  // the catalog's named choice lists (banks, districts)
  Error fail(const std::string& field, const std::string& reason) const {
    std::string where = source;
    if (!item_id.empty()) where += ": item '" + item_id + "'";
    return make_error("catalog.invalid", where + ": field '" + field + "': " + reason);
  }
};

// A key the format does not know is an error, not ignored: a misspelt "eligibilty" would otherwise open
// an item to everyone, and a misspelt "required" make a material optional. Keys beginning with "_" are
// comments. `path` is the object's own path ("guide.", "materials[2]."), empty for an item.
std::optional<Error> unknown_key(const json& obj, std::initializer_list<std::string_view> known, const Ctx& c,
                                 const std::string& path) {
  for (const auto& [key, value] : obj.items()) {
    if (key.starts_with("_") || std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string names;
    for (std::string_view k : known) names += (names.empty() ? "" : ", ") + std::string(k);
    return c.fail(path + key, "unknown key (known here: " + names + ")");
  }
  return std::nullopt;
}

// Small typed getters: each returns false and fills `err` on a type mismatch or a missing key.
bool get_string(const json& obj, const char* key, std::string& out, const Ctx& c, const std::string& path,
                std::optional<Error>& err, bool required = true) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) err = c.fail(path + key, "missing");
    return !required;
  }
  if (!it->is_string()) {
    err = c.fail(path + key, "must be a string");
    return false;
  }
  out = it->get<std::string>();
  if (required && out.empty()) {
    err = c.fail(path + key, "must not be empty");
    return false;
  }
  return true;
}

bool get_bool(const json& obj, const char* key, bool& out, const Ctx& c, const std::string& path,
              std::optional<Error>& err) {
  auto it = obj.find(key);
  if (it == obj.end()) return true;  // booleans default
  if (!it->is_boolean()) {
    err = c.fail(path + key, "must be true or false");
    return false;
  }
  out = it->get<bool>();
  return true;
}

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::optional<FieldType> field_type_from(const std::string& s) {
  static const std::pair<const char*, FieldType> kTypes[] = {
      {"text", FieldType::text},         {"integer", FieldType::integer},
      {"money", FieldType::money},       {"date", FieldType::date},
      {"choice", FieldType::choice},     {"phone", FieldType::phone},
      {"bank_account", FieldType::bank_account}, {"uscc", FieldType::uscc},
      {"id_number", FieldType::id_number}, {"region", FieldType::region},
      {"yes_no", FieldType::yes_no}};
  for (auto& [name, type] : kTypes)
    if (s == name) return type;
  return std::nullopt;
}

const std::set<std::string> kPrefills = {"card.name", "card.id_number", "card.address", "card.sex",
                                         "card.birth_date", "enterprise.uscc", "enterprise.name"};

// --- eligibility rules ---------------------------------------------------------------------------------
// Facts the kiosk can know about an applicant (from the ID card, the USCC, the platform record) and
// their kinds; "form.<id>" refers to a numeric or yes/no answer of the item's own form.
std::optional<FactKind> fact_kind_of(const std::string& fact, const PolicyItem& item, std::string& why) {
  static const std::pair<const char*, FactKind> kFacts[] = {
      {"age", FactKind::number},           {"sex", FactKind::text},
      {"residence_city", FactKind::text},  {"residence_province", FactKind::text},
      {"enterprise_type", FactKind::text}, {"enterprise_region", FactKind::text}};
  for (auto& [name, kind] : kFacts)
    if (fact == name) return kind;
  if (fact.starts_with("form.")) {
    const FormField* f = item.field(std::string_view(fact).substr(5));
    if (!f) {
      why = "rule refers to unknown form field '" + fact.substr(5) + "'";
      return std::nullopt;
    }
    if (f->type == FieldType::integer || f->type == FieldType::money) return FactKind::number;
    if (f->type == FieldType::yes_no) return FactKind::boolean;
    if (f->type == FieldType::choice || f->type == FieldType::region) return FactKind::text;
    why = "form field '" + f->id + "' is not numeric, yes/no or a choice and cannot be used in a rule";
    return std::nullopt;
  }
  why = "unknown fact '" + fact + "'";
  return std::nullopt;
}

std::optional<RuleOp> rule_op_from(const std::string& s) {
  static const std::pair<const char*, RuleOp> kOps[] = {
      {"eq", RuleOp::eq}, {"ne", RuleOp::ne}, {"lt", RuleOp::lt}, {"le", RuleOp::le},
      {"gt", RuleOp::gt}, {"ge", RuleOp::ge}, {"between", RuleOp::between}, {"in", RuleOp::in}};
  for (auto& [name, op] : kOps)
    if (s == name) return op;
  return std::nullopt;
}

std::optional<RuleValue> rule_value_from(const json& v, FactKind kind) {
  RuleValue out;
  out.kind = kind;
  if (kind == FactKind::number && v.is_number()) out.number = v.get<double>();
  else if (kind == FactKind::text && v.is_string()) out.text = v.get<std::string>();
  else if (kind == FactKind::boolean && v.is_boolean()) out.boolean = v.get<bool>();
  else return std::nullopt;
  return out;
}

std::optional<Error> parse_rule(const json& j, const Ctx& c, const std::string& path, const PolicyItem& item,
                                Rule& rule, int depth) {
  if (depth > 16) return c.fail(path, "rules nested too deeply (more than 16 levels)");
  if (!j.is_object()) return c.fail(path, "a rule must be an object");
  if (auto e = unknown_key(j, {"all", "any", "not", "fact", "op", "value", "label"}, c, path + ".")) return e;
  std::optional<Error> err;
  if (!get_string(j, "label", rule.label, c, path + ".", err, /*required=*/false)) return err;
  int shapes = int(j.contains("all")) + int(j.contains("any")) + int(j.contains("not")) + int(j.contains("fact"));
  if (shapes != 1) return c.fail(path, "a rule needs exactly one of all, any, not or fact");
  for (const char* combinator : {"all", "any"}) {
    auto list = j.find(combinator);
    if (list == j.end()) continue;
    rule.kind = std::string(combinator) == "all" ? RuleKind::all : RuleKind::any;
    if (!list->is_array() || list->empty()) return c.fail(path + "." + combinator, "must be a non-empty list of rules");
    for (size_t i = 0; i < list->size(); ++i) {
      Rule child;
      if (auto e = parse_rule((*list)[i], c, path + "." + combinator + "[" + std::to_string(i) + "]", item, child,
                              depth + 1))
        return e;
      rule.children.push_back(std::move(child));
    }
    return std::nullopt;
  }
  if (auto inner = j.find("not"); inner != j.end()) {
    rule.kind = RuleKind::negation;
    Rule child;
    if (auto e = parse_rule(*inner, c, path + ".not", item, child, depth + 1)) return e;
    rule.children.push_back(std::move(child));
    return std::nullopt;
  }
  rule.kind = RuleKind::leaf;
  if (!get_string(j, "fact", rule.fact, c, path + ".", err)) return err;
  std::string why;
  auto kind = fact_kind_of(rule.fact, item, why);
  if (!kind) return c.fail(path + ".fact", why);
  rule.fact_kind = *kind;
  std::string op_name;
  if (!get_string(j, "op", op_name, c, path + ".", err)) return err;
  auto op = rule_op_from(op_name);
  if (!op) return c.fail(path + ".op", "unknown operator '" + op_name + "' (eq, ne, lt, le, gt, ge, between, in)");
  rule.op = *op;
  bool ordered = rule.op == RuleOp::lt || rule.op == RuleOp::le || rule.op == RuleOp::gt || rule.op == RuleOp::ge ||
                 rule.op == RuleOp::between;
  if (ordered && rule.fact_kind != FactKind::number)
    return c.fail(path + ".op", "'" + op_name + "' needs a numeric fact, '" + rule.fact + "' is not numeric");
  if (rule.op == RuleOp::in && rule.fact_kind == FactKind::boolean)
    return c.fail(path + ".op", "'in' cannot be used with a yes/no fact");
  auto value = j.find("value");
  if (value == j.end()) return c.fail(path + ".value", "missing");
  const char* kind_name = rule.fact_kind == FactKind::number ? "a number"
                          : rule.fact_kind == FactKind::text ? "a text" : "true or false";
  if (rule.op == RuleOp::between || rule.op == RuleOp::in) {
    if (!value->is_array() || value->empty() || (rule.op == RuleOp::between && value->size() != 2))
      return c.fail(path + ".value", rule.op == RuleOp::between ? "between needs a list [low, high]"
                                                                : "in needs a non-empty list");
    for (auto& v : *value) {
      auto rv = rule_value_from(v, rule.fact_kind);
      if (!rv) return c.fail(path + ".value", std::string("each value must be ") + kind_name);
      rule.values.push_back(*rv);
    }
    if (rule.op == RuleOp::between && rule.values[1].number < rule.values[0].number)
      return c.fail(path + ".value", "between: low is greater than high");
  } else {
    auto rv = rule_value_from(*value, rule.fact_kind);
    if (!rv) return c.fail(path + ".value", std::string("must be ") + kind_name);
    rule.values.push_back(*rv);
  }
  if (rule.fact == "sex")
    for (auto& v : rule.values)
      if (v.text != "male" && v.text != "female") return c.fail(path + ".value", "sex is 'male' or 'female'");
  return std::nullopt;
}

// A list of answers: texts (value and label alike) or {"value": …, "label": …} objects; no duplicates.
std::optional<Error> parse_choices(const json& list, const Ctx& c, const std::string& path, std::vector<Choice>& out) {
  if (!list.is_array() || list.empty()) return c.fail(path, "must be a non-empty list of texts or {value, label}");
  std::set<std::string> seen;
  for (const auto& v : list) {
    Choice ch;
    if (v.is_string()) {
      ch.value = ch.label = v.get<std::string>();
    } else if (v.is_object() && v.contains("value") && v["value"].is_string() && v.contains("label") &&
               v["label"].is_string()) {
      ch.value = v["value"].get<std::string>();
      ch.label = v["label"].get<std::string>();
    } else {
      return c.fail(path, "must be a non-empty list of texts or {value, label}, got " + v.dump());
    }
    if (ch.value.empty() || ch.label.empty()) return c.fail(path, "a choice must not be empty");
    if (!seen.insert(ch.value).second) return c.fail(path, "duplicate choice '" + ch.value + "'");
    out.push_back(std::move(ch));
  }
  return std::nullopt;
}

std::optional<Error> parse_item(const json& j, const Ctx& c, PolicyItem& item) {
  std::optional<Error> err;
  if (!j.is_object()) return c.fail("items[]", "each item must be an object");
  if (auto e = unknown_key(j, {"id", "title", "short_title", "category", "region", "audience", "mode", "guide",
                               "materials", "form", "devices", "valid_from", "valid_to", "keywords", "eligibility"},
                           c, ""))
    return e;
  if (!get_string(j, "title", item.title, c, "", err)) return err;
  if (!get_string(j, "short_title", item.short_title, c, "", err)) return err;
  if (!get_string(j, "category", item.category, c, "", err)) return err;

  auto region = j.find("region");
  if (region == j.end() || !region->is_object()) return c.fail("region", "missing or not an object");
  if (auto e = unknown_key(*region, {"code", "cross_city"}, c, "region.")) return e;
  if (!get_string(*region, "code", item.region_code, c, "region.", err)) return err;
  if (!item.region_code.starts_with("43") || (item.region_code.size() != 2 && item.region_code.size() != 4 &&
                                              item.region_code.size() != 6))
    return c.fail("region.code", "must be a Hunan code of 2, 4 or 6 digits (43, 4301, 430104), got '" +
                                     item.region_code + "'");
  if (!get_bool(*region, "cross_city", item.cross_city, c, "region.", err)) return err;

  std::string audience, mode;
  if (!get_string(j, "audience", audience, c, "", err)) return err;
  if (audience == "individual") item.audience = Audience::individual;
  else if (audience == "enterprise") item.audience = Audience::enterprise;
  else if (audience == "both") item.audience = Audience::both;
  else return c.fail("audience", "must be individual, enterprise or both, got '" + audience + "'");
  if (!get_string(j, "mode", mode, c, "", err)) return err;
  if (mode == "auto") item.mode = ApplyMode::auto_grant;
  else if (mode == "quick") item.mode = ApplyMode::quick;
  else return c.fail("mode", "must be auto (mian shen ji xiang) or quick (kuai shen kuai xiang), got '" + mode + "'");

  auto guide = j.find("guide");
  if (guide == j.end() || !guide->is_object()) return c.fail("guide", "missing or not an object");
  if (auto e = unknown_key(*guide, {"beneficiaries", "conditions", "standard", "time_limit_days", "department", "phone",
                                    "legal_basis"},
                           c, "guide."))
    return e;
  Guide& g = item.guide;
  if (!get_string(*guide, "beneficiaries", g.beneficiaries, c, "guide.", err)) return err;
  if (!get_string(*guide, "standard", g.standard, c, "guide.", err)) return err;
  if (!get_string(*guide, "department", g.department, c, "guide.", err)) return err;
  if (!get_string(*guide, "phone", g.phone, c, "guide.", err)) return err;
  if (!get_string(*guide, "legal_basis", g.legal_basis, c, "guide.", err)) return err;
  auto limit = guide->find("time_limit_days");
  if (limit == guide->end() || !limit->is_number_integer() || limit->get<int>() <= 0)
    return c.fail("guide.time_limit_days", "must be a positive whole number of working days");
  g.time_limit_days = limit->get<int>();
  auto conditions = guide->find("conditions");
  if (conditions == guide->end() || !conditions->is_array())
    return c.fail("guide.conditions", "must be a list of texts");
  for (auto& cond : *conditions) {
    if (!cond.is_string()) return c.fail("guide.conditions", "must be a list of texts");
    g.conditions.push_back(cond.get<std::string>());
  }

  std::set<std::string> material_ids;
  if (auto mats = j.find("materials"); mats != j.end()) {
    if (!mats->is_array()) return c.fail("materials", "must be a list");
    for (size_t i = 0; i < mats->size(); ++i) {
      const json& m = (*mats)[i];
      std::string path = "materials[" + std::to_string(i) + "].";
      if (!m.is_object()) return c.fail(path, "must be an object");
      if (auto e = unknown_key(m, {"id", "name", "required", "commitment_allowed", "e_licence", "trust_level"}, c, path))
        return e;
      Material mat;
      if (!get_string(m, "id", mat.id, c, path, err)) return err;
      if (!get_string(m, "name", mat.name, c, path, err)) return err;
      if (!get_bool(m, "required", mat.required, c, path, err)) return err;
      if (!get_bool(m, "commitment_allowed", mat.commitment_allowed, c, path, err)) return err;
      if (!get_bool(m, "e_licence", mat.e_licence, c, path, err)) return err;
      std::string trust = "copy";
      if (!get_string(m, "trust_level", trust, c, path, err, /*required=*/false)) return err;
      if (trust == "declared") mat.trust = TrustLevel::declared;
      else if (trust == "copy") mat.trust = TrustLevel::copy;
      else if (trust == "original") mat.trust = TrustLevel::original;
      else return c.fail(path + "trust_level", "must be declared, copy or original, got '" + trust + "'");
      // A material the department must see from its authoritative source cannot be promised instead.
      if (mat.trust == TrustLevel::original && mat.commitment_allowed)
        return c.fail(path + "commitment_allowed", "a material of trust_level original cannot be replaced by a commitment");
      if (!material_ids.insert(mat.id).second) return c.fail(path + "id", "duplicate material id '" + mat.id + "'");
      item.materials.push_back(std::move(mat));
    }
  }

  auto form = j.find("form");
  if (form == j.end() || !form->is_array()) return c.fail("form", "must be a list of fields");
  std::set<std::string> field_ids;
  for (size_t i = 0; i < form->size(); ++i) {
    const json& f = (*form)[i];
    std::string path = "form[" + std::to_string(i) + "].";
    if (!f.is_object()) return c.fail(path, "must be an object");
    if (auto e = unknown_key(f, {"id", "label", "type", "required", "prefill", "choices", "choice_list"}, c, path))
      return e;
    FormField field;
    std::string type;
    if (!get_string(f, "id", field.id, c, path, err)) return err;
    if (!get_string(f, "label", field.label, c, path, err)) return err;
    if (!get_string(f, "type", type, c, path, err)) return err;
    auto ft = field_type_from(type);
    if (!ft) return c.fail(path + "type", "unknown field type '" + type + "'");
    field.type = *ft;
    if (!get_bool(f, "required", field.required, c, path, err)) return err;
    if (!get_string(f, "prefill", field.prefill, c, path, err, /*required=*/false)) return err;
    if (!field.prefill.empty() && !kPrefills.count(field.prefill))
      return c.fail(path + "prefill", "unknown prefill source '" + field.prefill + "'");
    auto inline_choices = f.find("choices");
    auto named = f.find("choice_list");
    if (inline_choices != f.end() && named != f.end())
      return c.fail(path + "choice_list", "give either choices or a choice_list, not both");
    if (inline_choices != f.end()) {
      if (auto e = parse_choices(*inline_choices, c, path + "choices", field.choices)) return e;
    } else if (named != f.end()) {
      auto list = named->is_string() && c.lists ? c.lists->find(named->get<std::string>()) : ChoiceLists::const_iterator{};
      if (!named->is_string() || !c.lists || list == c.lists->end())
        return c.fail(path + "choice_list", "no choice list " + named->dump() + " in the catalog's choice_lists");
      field.choices = list->second;
    }
    const bool chosen = field.type == FieldType::choice || field.type == FieldType::region;
    if (chosen && field.choices.empty())
      return c.fail(path + "choices", std::string("a ") + type + " field needs its choices (choices or choice_list)");
    if (!chosen && !field.choices.empty())
      return c.fail(path + "choices", "only choice and region fields take choices");
    if (field.type == FieldType::region)
      for (const auto& ch : field.choices)
        if (ch.value.size() != 6 || !ch.value.starts_with("43") ||
            ch.value.find_first_not_of("0123456789") != std::string::npos)
          return c.fail(path + "choices", "a region's value must be a 6-digit Hunan code (43xxxx), got '" + ch.value + "'");
    if (!field_ids.insert(field.id).second) return c.fail(path + "id", "duplicate field id '" + field.id + "'");
    item.form.push_back(std::move(field));
  }

  auto devices = j.find("devices");
  if (devices != j.end()) {
    if (!devices->is_array()) return c.fail("devices", "must be a list of device classes");
    for (auto& d : *devices) {
      auto dc = d.is_string() ? drivers::device_class_from(d.get<std::string>()) : std::nullopt;
      if (!dc) return c.fail("devices", "unknown device class " + d.dump());
      item.devices.push_back(*dc);
    }
  }

  if (!get_string(j, "valid_from", item.valid_from, c, "", err)) return err;
  if (!get_string(j, "valid_to", item.valid_to, c, "", err)) return err;
  if (!is_iso_date(item.valid_from)) return c.fail("valid_from", "must be a date YYYY-MM-DD");
  if (!is_iso_date(item.valid_to)) return c.fail("valid_to", "must be a date YYYY-MM-DD");
  if (item.valid_to < item.valid_from) return c.fail("valid_to", "ends before valid_from");

  if (auto kw = j.find("keywords"); kw != j.end()) {
    if (!kw->is_array()) return c.fail("keywords", "must be a list of texts");
    for (auto& k : *kw) {
      if (!k.is_string()) return c.fail("keywords", "must be a list of texts");
      item.keywords.push_back(k.get<std::string>());
    }
  }

  if (auto rule = j.find("eligibility"); rule != j.end()) {
    Rule parsed;
    if (auto e = parse_rule(*rule, c, "eligibility", item, parsed, 0)) return e;
    item.eligibility = std::move(parsed);
  }
  return std::nullopt;
}

}  // namespace

const Choice* FormField::choice(std::string_view value) const {
  for (const auto& c : choices)
    if (c.value == value) return &c;
  return nullptr;
}

const FormField* PolicyItem::field(std::string_view field_id) const {
  for (const auto& f : form)
    if (f.id == field_id) return &f;
  return nullptr;
}

const PolicyItem* Catalog::find(std::string_view id) const {
  for (const auto& item : items)
    if (item.id == id) return &item;
  return nullptr;
}

std::vector<const PolicyItem*> Catalog::offered_to_individuals(std::string_view date_iso) const {
  std::vector<const PolicyItem*> out;
  for (const auto& item : items)
    if (item.for_individuals() && item.open_on(date_iso)) out.push_back(&item);
  return out;
}

Result<Catalog> parse_catalog(std::string_view json_text, const std::string& source_name) {
  json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  Ctx top{source_name, {}};
  if (j.is_discarded()) return top.fail("(document)", "not valid JSON");
  if (!j.is_object()) return top.fail("(document)", "must be a JSON object");
  if (auto e = unknown_key(j, {"format", "version", "sample_data", "choice_lists", "items"}, top, "")) return *e;
  Catalog cat;
  auto fmt = j.find("format");
  if (fmt == j.end() || !fmt->is_number_integer() || fmt->get<int>() != 1)
    return top.fail("format", "unsupported catalog format (this kiosk reads format 1)");
  std::optional<Error> err;
  if (!get_string(j, "version", cat.version, top, "", err)) return *err;
  if (!get_bool(j, "sample_data", cat.sample_data, top, "", err)) return *err;
  ChoiceLists lists;
  if (auto jl = j.find("choice_lists"); jl != j.end()) {
    if (!jl->is_object()) return top.fail("choice_lists", "must be an object of named lists");
    for (const auto& [name, list] : jl->items())
      if (!name.starts_with("_"))  // "_comment"
        if (auto e = parse_choices(list, top, "choice_lists." + name, lists[name])) return *e;
  }
  auto items = j.find("items");
  if (items == j.end() || !items->is_array()) return top.fail("items", "must be a list");
  std::set<std::string> ids;
  for (size_t i = 0; i < items->size(); ++i) {
    const json& ji = (*items)[i];
    PolicyItem item;
    Ctx c{source_name, "#" + std::to_string(i), &lists};
    if (!ji.is_object()) return c.fail("(item)", "must be an object");
    if (!get_string(ji, "id", item.id, c, "", err)) return *err;
    c.item_id = item.id;
    if (!ids.insert(item.id).second) return c.fail("id", "duplicate item id");
    if (auto e = parse_item(ji, c, item)) return *e;
    cat.items.push_back(std::move(item));
  }
  return cat;
}

Result<Catalog> load_catalog(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("catalog.open", "cannot open catalog " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  return parse_catalog(buf.str(), path);
}

}  // namespace zhidui
