// eligibility.cpp — three-valued evaluation of eligibility rules (yes / no / unknown) and the
// plain-Chinese explanation of each failed or unverifiable condition, composed from the templates in
// assets/strings/eligibility-zh-CN.json and the catalog's own labels.
#include "kiosk/eligibility.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kiosk/domain_texts.h"

namespace zhidui {
namespace {

enum class Truth { yes, no, unknown };

struct Outcome {
  Truth truth = Truth::yes;
  std::vector<std::string> failed;
  std::vector<std::string> unknown;
};

std::string number_text(double x) {
  char buf[32];
  if (std::fabs(x - std::round(x)) < 1e-9) std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(std::round(x)));
  else {
    std::snprintf(buf, sizeof buf, "%.2f", x);
    std::string s = buf;
    while (s.back() == '0') s.pop_back();
    return s;
  }
  return buf;
}

std::optional<double> parse_number(const std::string& s) {
  if (auto fen = parse_money_fen(s)) return static_cast<double>(*fen) / 100.0;
  if (s.size() > 1 && s[0] == '-')
    if (auto fen = parse_money_fen(s.substr(1))) return -static_cast<double>(*fen) / 100.0;
  return std::nullopt;
}

class Evaluator {
 public:
  Evaluator(const PolicyItem& item, const ApplicantFacts& facts, std::string_view date)
      : item_(item), facts_(facts), date_(parse_iso_date(date)) {}

  Outcome eval(const Rule& r) const {
    switch (r.kind) {
      case RuleKind::leaf: return eval_leaf(r);
      case RuleKind::all: return eval_all(r);
      case RuleKind::any: return eval_any(r);
      case RuleKind::negation: return eval_not(r);
    }
    return {};
  }

 private:
  // --- facts ------------------------------------------------------------------------------------------
  std::optional<RuleValue> actual(const Rule& r) const {
    auto text = [&](const std::optional<std::string>& v) -> std::optional<RuleValue> {
      if (!v) return std::nullopt;
      return RuleValue{FactKind::text, 0, *v, false};
    };
    if (r.fact == "age") {
      if (!facts_.birth_date || !date_) return std::nullopt;
      return RuleValue{FactKind::number, double(age_on(*facts_.birth_date, *date_)), {}, false};
    }
    if (r.fact == "sex") return text(facts_.sex);
    if (r.fact == "residence_city") return text(facts_.residence_city);
    if (r.fact == "residence_province") return text(facts_.residence_province);
    if (r.fact == "enterprise_type") return text(facts_.enterprise_type);
    if (r.fact == "enterprise_region") return text(facts_.enterprise_region);
    if (r.fact.starts_with("form.")) {
      auto it = facts_.form.find(r.fact.substr(5));
      if (it == facts_.form.end() || it->second.empty()) return std::nullopt;
      const std::string& answer = it->second;
      switch (r.fact_kind) {
        case FactKind::number:
          if (auto n = parse_number(answer)) return RuleValue{FactKind::number, *n, {}, false};
          return std::nullopt;
        case FactKind::boolean:
          if (answer == "yes" || answer == "true" || answer == "1") return RuleValue{FactKind::boolean, 0, {}, true};
          if (answer == "no" || answer == "false" || answer == "0") return RuleValue{FactKind::boolean, 0, {}, false};
          return std::nullopt;
        case FactKind::text: return RuleValue{FactKind::text, 0, answer, false};
      }
    }
    return std::nullopt;
  }

  static bool equal(const RuleValue& a, const RuleValue& b) {
    switch (a.kind) {
      case FactKind::number: return std::fabs(a.number - b.number) < 1e-9;
      case FactKind::text: return a.text == b.text;
      case FactKind::boolean: return a.boolean == b.boolean;
    }
    return false;
  }

  static bool holds(const Rule& r, const RuleValue& v) {
    const auto& c = r.values;
    switch (r.op) {
      case RuleOp::eq: return equal(v, c[0]);
      case RuleOp::ne: return !equal(v, c[0]);
      case RuleOp::lt: return v.number < c[0].number;
      case RuleOp::le: return v.number <= c[0].number;
      case RuleOp::gt: return v.number > c[0].number;
      case RuleOp::ge: return v.number >= c[0].number;
      case RuleOp::between: return c[0].number <= v.number && v.number <= c[1].number;
      case RuleOp::in: return std::any_of(c.begin(), c.end(), [&](const RuleValue& x) { return equal(v, x); });
    }
    return false;
  }

  // --- wording ------------------------------------------------------------------------------------------
  // What the leaf talks about: the form field's label or the fact's name (a leaf's own label describes
  // the whole condition, so it is used by explain() and unverifiable(), not here).
  std::string subject(const Rule& r) const {
    if (r.fact.starts_with("form."))
      if (const FormField* f = item_.field(std::string_view(r.fact).substr(5))) return f->label;
    return domain_text("fact." + r.fact);
  }

  std::string shown(const Rule& r, const RuleValue& v) const {
    switch (v.kind) {
      case FactKind::number: return number_text(v.number);
      case FactKind::boolean: return domain_text(v.boolean ? "value.yes" : "value.no");
      case FactKind::text: break;
    }
    std::string key;
    if (r.fact == "sex") key = "value." + v.text;
    else if (r.fact == "enterprise_type") key = "value.enterprise_type." + v.text;
    else if (r.fact.find("region") != std::string::npos || r.fact.find("residence") != std::string::npos)
      key = "region." + v.text;
    return !key.empty() && has_domain_text(key) ? domain_text(key) : v.text;
  }

  std::string shown_list(const Rule& r) const {
    std::string out;
    for (size_t i = 0; i < r.values.size(); ++i) {
      if (i) out += domain_text("value.list_separator");
      out += shown(r, r.values[i]);
    }
    return out;
  }

  // The sentence for a leaf that failed under `op` (the leaf's own, or its negation under "not").
  std::string explain(const Rule& r, RuleOp op, const RuleValue& v, bool negated_range = false) const {
    static const char* kOpNames[] = {"eq", "ne", "lt", "le", "gt", "ge", "between", "in"};
    std::string op_name = kOpNames[static_cast<int>(op)];
    TemplateArgs args = {{"subject", subject(r)}, {"actual", shown(r, v)}, {"value", shown_list(r)}};
    if (op == RuleOp::between) {
      args.push_back({"low", shown(r, r.values[0])});
      args.push_back({"high", shown(r, r.values[1])});
    }
    if (negated_range) return domain_text(op == RuleOp::between ? "explain.not_between" : "explain.not_in", args);
    // Age has precise wording of its own (年龄须在16至60周岁之间，您今年62周岁), better than any label.
    if (r.fact == "age" && op != RuleOp::in) return domain_text("explain.age." + op_name, args);
    if (!r.label.empty() && op == r.op) return domain_text("explain.labelled", {{"label", r.label}, {"actual", shown(r, v)}});
    return domain_text("explain." + op_name, args);
  }

  // --- nodes ---------------------------------------------------------------------------------------------
  Outcome eval_leaf(const Rule& r) const {
    auto v = actual(r);
    if (!v) return {Truth::unknown, {}, {domain_text("explain.unknown", {{"subject", r.label.empty() ? subject(r) : r.label}})}};
    if (holds(r, *v)) return {};
    return {Truth::no, {explain(r, r.op, *v)}, {}};
  }

  Outcome eval_all(const Rule& r) const {
    Outcome out;
    bool any_unknown = false, any_no = false;
    for (const Rule& child : r.children) {
      Outcome o = eval(child);
      if (o.truth == Truth::no) any_no = true;
      if (o.truth == Truth::unknown) any_unknown = true;
      out.failed.insert(out.failed.end(), o.failed.begin(), o.failed.end());
      out.unknown.insert(out.unknown.end(), o.unknown.begin(), o.unknown.end());
    }
    out.truth = any_no ? Truth::no : any_unknown ? Truth::unknown : Truth::yes;
    return out;
  }

  Outcome eval_any(const Rule& r) const {
    std::vector<Outcome> outcomes;
    for (const Rule& child : r.children) {
      outcomes.push_back(eval(child));
      if (outcomes.back().truth == Truth::yes) return {};
    }
    Outcome out;
    bool any_unknown = std::any_of(outcomes.begin(), outcomes.end(), [](auto& o) { return o.truth == Truth::unknown; });
    if (any_unknown) {
      out.truth = Truth::unknown;
      for (auto& o : outcomes) out.unknown.insert(out.unknown.end(), o.unknown.begin(), o.unknown.end());
      return out;
    }
    std::string parts;
    for (auto& o : outcomes)
      for (auto& f : o.failed) parts += (parts.empty() ? "" : domain_text("explain.part_separator")) + f;
    out.truth = Truth::no;
    out.failed.push_back(domain_text("explain.any", {{"parts", parts}}));
    return out;
  }

  Outcome eval_not(const Rule& r) const {
    const Rule& child = r.children.at(0);
    Outcome inner = eval(child);
    if (inner.truth == Truth::no) return {};
    if (inner.truth == Truth::unknown) return {Truth::unknown, {}, inner.unknown};
    Outcome out{Truth::no, {}, {}};
    if (!r.label.empty()) out.failed.push_back(domain_text("explain.not", {{"label", r.label}}));
    else if (child.kind == RuleKind::leaf) {
      RuleValue v = *actual(child);  // the child held, so its fact is known
      switch (child.op) {
        case RuleOp::eq: out.failed.push_back(explain(child, RuleOp::ne, v)); break;
        case RuleOp::ne: out.failed.push_back(explain(child, RuleOp::eq, v)); break;
        case RuleOp::lt: out.failed.push_back(explain(child, RuleOp::ge, v)); break;
        case RuleOp::le: out.failed.push_back(explain(child, RuleOp::gt, v)); break;
        case RuleOp::gt: out.failed.push_back(explain(child, RuleOp::le, v)); break;
        case RuleOp::ge: out.failed.push_back(explain(child, RuleOp::lt, v)); break;
        case RuleOp::between:
        case RuleOp::in: out.failed.push_back(explain(child, child.op, v, /*negated_range=*/true)); break;
      }
    } else if (!child.label.empty()) out.failed.push_back(domain_text("explain.not", {{"label", child.label}}));
    else out.failed.push_back(domain_text("explain.not_generic"));
    return out;
  }

  const PolicyItem& item_;
  const ApplicantFacts& facts_;
  std::optional<CivilDate> date_;
};

void unique_in_order(std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (auto& s : v)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  v = std::move(out);
}

}  // namespace

void add_id_number_facts(ApplicantFacts& facts, std::string_view id_number, std::string_view today_iso) {
  auto f = id_number_facts(id_number, today_iso);
  if (!f) return;
  facts.birth_date = f->birth;
  facts.sex = f->male ? "male" : "female";
  if (id_number[0] == '9') {  // foreigner permanent residence: province of application only
    facts.residence_province = std::string(id_number.substr(1, 2));
    return;
  }
  facts.residence_province = f->region_code.substr(0, 2);
  facts.residence_city = f->region_code.substr(0, 4);
}

void add_card_address_facts(ApplicantFacts& facts, std::string_view address) {
  // City names come from the same templates the explanations use (region.4301 …), not from code.
  static constexpr const char* kHunanCities[] = {"4301", "4302", "4303", "4304", "4305", "4306", "4307",
                                                 "4308", "4309", "4310", "4311", "4312", "4313", "4331"};
  const std::string province = domain_text("region.43");
  std::string_view rest = address;
  if (rest.starts_with(province)) rest.remove_prefix(province.size());
  for (const char* code : kHunanCities) {
    std::string name = domain_text(std::string("region.") + code);
    if (rest.starts_with(name)) {
      facts.residence_city = code;
      facts.residence_province = "43";
      return;
    }
  }
}

void add_uscc_facts(ApplicantFacts& facts, std::string_view uscc) {
  if (!validate_uscc(uscc).ok) return;
  facts.enterprise_type = std::string(uscc.substr(1, 1));
  facts.enterprise_region = std::string(uscc.substr(2, 4));
}

EligibilityResult evaluate_eligibility(const PolicyItem& item, const ApplicantFacts& facts,
                                       std::string_view application_date) {
  EligibilityResult result;
  if (!item.eligibility) return result;
  Outcome o = Evaluator(item, facts, application_date).eval(*item.eligibility);
  result.verdict = o.truth == Truth::yes ? Verdict::eligible
                   : o.truth == Truth::no ? Verdict::not_eligible
                                          : Verdict::needs_review;
  result.failed_zh = std::move(o.failed);
  result.unverified_zh = std::move(o.unknown);
  unique_in_order(result.failed_zh);
  unique_in_order(result.unverified_zh);
  return result;
}

}  // namespace zhidui
