// validators.cpp — the number and format checks of validators.h. Algorithms follow the standards as
// summarised in hardware-facts.md §2–4; messages come from the domain templates (domain_texts.h).
#include "kiosk/validators.h"

#include <algorithm>
#include <array>

#include "kiosk/domain_texts.h"

namespace zhidui {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }
int digits_to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

Validation pass() { return Validation{true, false, {}, {}}; }
Validation fail(const std::string& code, const TemplateArgs& args = {}) {
  return Validation{false, false, domain_text("validate." + code, args), code};
}
Validation warn(const std::string& code) { return Validation{true, true, domain_text("validate." + code), code}; }

std::string without_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return out;
}

// GB 32100 charset: digits and capitals without I, O, Z, S, V (they look like 1, 0, 2, 5, U).
constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";

}  // namespace

bool is_real_date(int year, int month, int day) {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::optional<CivilDate> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return std::nullopt;
  CivilDate d{digits_to_int(s.substr(0, 4)), digits_to_int(s.substr(5, 2)), digits_to_int(s.substr(8, 2))};
  if (!is_real_date(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

std::string to_iso(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

int age_on(const CivilDate& birth, const CivilDate& on) {
  int age = on.year - birth.year;
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

// --- resident ID number -----------------------------------------------------------------------------------

char id_check_char(std::string_view first17) {
  if (first17.size() != 17 || !all_digits(first17)) return '?';
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kTable[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kTable[sum % 11];
}

bool is_province_prefix(std::string_view p) {
  static constexpr std::array<std::string_view, 34> kProvinces = {
      "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
      "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"};
  return std::find(kProvinces.begin(), kProvinces.end(), p) != kProvinces.end();
}

Validation validate_id_number(std::string_view id, std::string_view today_iso) {
  if (id.empty()) return fail("empty");
  if (id.size() != 18) return fail("id.length");
  if (!all_digits(id.substr(0, 17))) return fail("id.chars");
  char last = id[17];
  // Strict policy: the standard writes a capital X; a lowercase x is refused with its own message so the
  // citizen knows exactly what to change (the card chip always carries the capital).
  if (last == 'x') return fail("id.lower_x");
  if (!is_digit(last) && last != 'X') return fail("id.chars");
  // Only the province prefix is checked: address codes are never updated when divisions change, so
  // historical county codes (430122 望城县 …) must pass. 81/82/83 are the HK/Macau/Taiwan residence
  // permits; new foreigner permanent-residence numbers start with 9 followed by a province code.
  std::string_view prefix = id.substr(0, 2);
  bool region_ok = id[0] == '9' ? is_province_prefix(id.substr(1, 2)) : (is_province_prefix(prefix) || prefix == "83");
  if (!region_ok) return fail("id.region");
  CivilDate birth{digits_to_int(id.substr(6, 4)), digits_to_int(id.substr(10, 2)), digits_to_int(id.substr(12, 2))};
  if (birth.year < 1850 || !is_real_date(birth.year, birth.month, birth.day)) return fail("id.birth");
  if (auto today = parse_iso_date(today_iso); today && *today < birth) return fail("id.birth_future");
  if (id_check_char(id.substr(0, 17)) != last) return fail("id.check");
  return pass();
}

Result<std::string> id15_to_id18(std::string_view id15) {
  if (id15.size() != 15 || !all_digits(id15))
    return make_error("id.15_format", domain_text("validate.id15.format"));
  std::string first17 = std::string(id15.substr(0, 6)) + "19" + std::string(id15.substr(6));
  if (!is_real_date(digits_to_int(first17.substr(6, 4)), digits_to_int(first17.substr(10, 2)),
                    digits_to_int(first17.substr(12, 2))))
    return make_error("id.birth", domain_text("validate.id.birth"));
  return first17 + id_check_char(first17);
}

std::optional<IdNumberFacts> id_number_facts(std::string_view id, std::string_view today_iso) {
  if (!validate_id_number(id, today_iso).ok) return std::nullopt;
  IdNumberFacts f;
  f.region_code = std::string(id.substr(0, 6));
  f.birth = {digits_to_int(id.substr(6, 4)), digits_to_int(id.substr(10, 2)), digits_to_int(id.substr(12, 2))};
  f.male = (id[16] - '0') % 2 == 1;
  return f;
}

// --- unified social credit code ---------------------------------------------------------------------------

char uscc_check_char(std::string_view first17) {
  if (first17.size() != 17) return '?';
  int sum = 0, weight = 1;  // weights are 3^i mod 31
  for (char c : first17) {
    auto v = kUsccCharset.find(c);
    if (v == std::string_view::npos) return '?';
    sum += static_cast<int>(v) * weight;
    weight = weight * 3 % 31;
  }
  int check = 31 - sum % 31;
  return kUsccCharset[check == 31 ? 0 : check];  // 31 → 0: the case naive implementations get wrong
}

Validation validate_uscc(std::string_view code) {
  if (code.empty()) return fail("empty");
  if (code.size() != 18) return fail("uscc.length");
  if (std::any_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; })) return fail("uscc.lower");
  for (char c : code)
    if (kUsccCharset.find(c) == std::string_view::npos) return fail("uscc.chars");
  if (!all_digits(code.substr(2, 6))) return fail("uscc.chars");  // the registration division code
  if (uscc_check_char(code.substr(0, 17)) != code[17]) return fail("uscc.check");
  return pass();
}

// --- bank account, mobile, money, date --------------------------------------------------------------------

bool luhn_valid(std::string_view digits) {
  if (!all_digits(digits)) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

Validation validate_bank_account(std::string_view account) {
  std::string digits = without_spaces(account);
  if (digits.empty()) return fail("empty");
  if (digits.size() < 10 || digits.size() > 30 || !all_digits(digits)) return fail("bank.format");
  // Corporate and some personal accounts do not carry a Luhn digit: warn, never refuse.
  if (!luhn_valid(digits)) return warn("bank.luhn");
  return pass();
}

Validation validate_mobile(std::string_view number) {
  std::string n = without_spaces(number);
  if (n.empty()) return fail("empty");
  std::string_view rest = n;
  if (rest.starts_with("+86")) rest.remove_prefix(3);
  else if (rest.starts_with("0086")) rest.remove_prefix(4);
  if (rest.size() != 11 || rest[0] != '1' || !all_digits(rest)) return fail("mobile.format");
  return pass();
}

std::optional<int64_t> parse_money_fen(std::string_view s) {
  auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (!all_digits(whole) || whole.size() > 15) return std::nullopt;
  if (dot != std::string_view::npos && (frac.empty() || frac.size() > 2 || !all_digits(frac))) return std::nullopt;
  int64_t fen = 0;
  for (char c : whole) fen = fen * 10 + (c - '0');
  fen *= 100;
  if (frac.size() >= 1) fen += (frac[0] - '0') * 10;
  if (frac.size() == 2) fen += frac[1] - '0';
  return fen;
}

Validation validate_money(std::string_view amount, int64_t max_yuan) {
  if (amount.empty()) return fail("empty");
  auto fen = parse_money_fen(amount);
  if (!fen) return fail("money.format");
  if (*fen > max_yuan * 100) return fail("money.too_large", {{"max", std::to_string(max_yuan)}});
  return pass();
}

Validation validate_date(std::string_view s) {
  if (s.empty()) return fail("empty");
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) ||
      !all_digits(s.substr(8, 2)))
    return fail("date.format");
  if (!parse_iso_date(s)) return fail("date.invalid");
  return pass();
}

Validation validate_field(const FormField& field, std::string_view value, std::string_view today_iso) {
  if (value.empty()) return field.required ? fail("empty") : pass();
  switch (field.type) {
    case FieldType::text: return pass();
    case FieldType::integer: {
      std::string_view digits = value.starts_with('-') ? value.substr(1) : value;
      return all_digits(digits) && digits.size() <= 15 ? pass() : fail("integer.format");
    }
    case FieldType::money: return validate_money(value);
    case FieldType::date: return validate_date(value);
    case FieldType::choice: return field.choice(value) ? pass() : fail("choice.invalid");
    case FieldType::phone: return validate_mobile(value);
    case FieldType::bank_account: return validate_bank_account(value);
    case FieldType::uscc: return validate_uscc(value);
    case FieldType::id_number: return validate_id_number(value, today_iso);
    case FieldType::region: return field.choice(value) ? pass() : fail("region.invalid");
    case FieldType::yes_no: return value == "yes" || value == "no" ? pass() : fail("yes_no.invalid");
  }
  return pass();
}

}  // namespace zhidui
