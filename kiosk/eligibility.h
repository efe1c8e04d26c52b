// eligibility.h — the eligibility engine: evaluates an item's declarative rule (eligibility_rule.h)
// against what the kiosk knows about the applicant, and explains in plain Chinese every condition
// that failed, e.g. 年龄须在16至60周岁之间，您今年62周岁.
//
// Three outcomes: eligible; not_eligible (at least one condition certainly fails); needs_review (nothing
// fails for certain, but some fact cannot be verified at the kiosk — e.g. enterprise facts without a
// platform record, or a form answer not given yet — so staff decide). Pure: no I/O besides templates.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/catalog.h"
#include "kiosk/validators.h"

namespace zhidui {

// What is known about the applicant; an empty optional is a fact the kiosk cannot verify.
struct ApplicantFacts {
  std::optional<CivilDate> birth_date;
  std::optional<std::string> sex;                 // "male" or "female"
  std::optional<std::string> residence_city;      // 4 digits, e.g. "4301"
  std::optional<std::string> residence_province;  // 2 digits, e.g. "43"
  std::optional<std::string> enterprise_type;     // USCC 2nd character, e.g. "1" 企业, "2" 个体工商户
  std::optional<std::string> enterprise_region;   // 4-digit city of the USCC division code, e.g. "4302"
  std::map<std::string, std::string> form;        // answers by field id: "12", "3000.50", "yes"/"no"
};

// Birth date, sex and residence from an ID number (the card's registration region); nothing on failure.
void add_id_number_facts(ApplicantFacts& facts, std::string_view id_number, std::string_view today_iso);
// Residence from the card address (湖南省长沙市…, 株洲市…) when it names a Hunan city: the address is
// the current household registration, newer than the ID number's region code, so it takes precedence.
void add_card_address_facts(ApplicantFacts& facts, std::string_view address);
// Enterprise type and region from a valid USCC; nothing on failure.
void add_uscc_facts(ApplicantFacts& facts, std::string_view uscc);

enum class Verdict { eligible, not_eligible, needs_review };

struct EligibilityResult {
  Verdict verdict = Verdict::eligible;
  std::vector<std::string> failed_zh;      // one sentence per failed condition (not_eligible)
  std::vector<std::string> unverified_zh;  // one sentence per fact the kiosk cannot verify
};

// `application_date` (YYYY-MM-DD) is the date ages are computed at.
EligibilityResult evaluate_eligibility(const PolicyItem& item, const ApplicantFacts& facts,
                                       std::string_view application_date);

}  // namespace zhidui
