// eligibility_rule.h — the declarative eligibility rule of a catalog item (its "eligibility" field),
// as the catalog loader parses it: leaves compare one applicant fact with constants; all/any/not combine.
//
// Kept apart from the engine (eligibility.h) so that catalog.h can hold rules without pulling in the
// evaluation code. Format and the list of facts: docs/catalog-format.md.
#pragma once

#include <string>
#include <vector>

namespace zhidui {

enum class RuleOp { eq, ne, lt, le, gt, ge, between, in };
enum class RuleKind { leaf, all, any, negation };
enum class FactKind { number, text, boolean };

struct RuleValue {
  FactKind kind = FactKind::number;
  double number = 0;
  std::string text;
  bool boolean = false;
};

struct Rule {
  RuleKind kind = RuleKind::all;
  // leaf only
  std::string fact;  // "age", "sex", "residence_city", …, or "form.<field id>"
  FactKind fact_kind = FactKind::number;
  RuleOp op = RuleOp::eq;
  std::vector<RuleValue> values;  // one for comparisons, two for between (inclusive), any number for in
  // any node
  std::string label;              // optional human description, used in explanations
  std::vector<Rule> children;     // all/any: any number; not: exactly one
};

}  // namespace zhidui
