// validators.h — checks of what a citizen or an enterprise types or the card reader delivers: resident
// ID number (GB 11643), unified social credit code (GB 32100), bank account, mobile number, money, date.
//
// Each returns a Validation: ok (may be submitted), warning (ok, but worth a second look — e.g. a bank
// account failing Luhn, since real corporate accounts do), and a plain-Chinese message for the citizen
// taken from assets/strings/eligibility-zh-CN.json. Pure functions: no I/O besides the templates.
// Vectors and sources: ../shared/docs/hardware-facts.md §2–4.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "kiosk/catalog.h"

namespace zhidui {

struct Validation {
  bool ok = false;
  bool warning = false;
  std::string message_zh;  // empty when ok and no warning
  std::string code;        // stable machine code, e.g. "id.check"; empty when ok and no warning
};

struct CivilDate {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const CivilDate&) const = default;
};

bool is_real_date(int year, int month, int day);
std::optional<CivilDate> parse_iso_date(std::string_view yyyy_mm_dd);  // real dates only
std::string to_iso(const CivilDate& d);
// Whole years completed on `on` by someone born on `birth` (29 Feb birthdays count on 1 Mar).
int age_on(const CivilDate& birth, const CivilDate& on);

// --- resident ID number (GB 11643) ---------------------------------------------------------------------
// The check character (ISO 7064 MOD 11-2) of the first 17 digits; '?' if they are not 17 digits.
char id_check_char(std::string_view first17);
// today_iso bounds the birth date (a birth date after today is rejected).
Validation validate_id_number(std::string_view id, std::string_view today_iso);
// First-generation 15-digit number → 18 digits ("19" inserted, check computed).
Result<std::string> id15_to_id18(std::string_view id15);

struct IdNumberFacts {
  std::string region_code;  // 6 digits as registered (historical codes kept)
  CivilDate birth;
  bool male = false;        // odd sequence number
};
// Facts of a number that validate_id_number accepted (nullopt otherwise).
std::optional<IdNumberFacts> id_number_facts(std::string_view id, std::string_view today_iso);
bool is_province_prefix(std::string_view two_digits);  // the 34 province-level codes

// --- unified social credit code (GB 32100) -------------------------------------------------------------
// The check character of the first 17 characters; '?' if any is outside the 31-symbol charset.
char uscc_check_char(std::string_view first17);
Validation validate_uscc(std::string_view code);

// --- bank account, mobile, money, date ------------------------------------------------------------------
bool luhn_valid(std::string_view digits);
Validation validate_bank_account(std::string_view account);  // spaces allowed as separators
Validation validate_mobile(std::string_view number);         // loose: [+86|0086]1xxxxxxxxxx
// Amount in yuan, e.g. "1234.5"; at most 2 decimals; max_yuan is inclusive.
Validation validate_money(std::string_view amount, int64_t max_yuan = 100'000'000);
std::optional<int64_t> parse_money_fen(std::string_view amount);  // "12.30" → 1230
Validation validate_date(std::string_view yyyy_mm_dd);

// --- one form field of a catalog item ------------------------------------------------------------------
// Runs the validator of the field's type: an empty optional field is fine, an empty required one is not;
// integer: optional minus and digits; yes_no: "yes" / "no"; choice and region: one of the field's choices
// (a region's are 6-digit codes); text: anything non-empty.
Validation validate_field(const FormField& field, std::string_view value, std::string_view today_iso);

}  // namespace zhidui
