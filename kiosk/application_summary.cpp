// application_summary.cpp — see application_summary.h.
#include "kiosk/application_summary.h"

#include <algorithm>

#include "base/mask.h"
#include "base/utf8.h"
#include "kiosk/strings.h"

namespace zhidui {

std::string summary_value(const FieldState& f) {
  if (f.value.empty()) return f.value;
  if (f.field->type == FieldType::yes_no) return tr(f.value == "yes" ? "form.yes" : "form.no");
  if (const Choice* c = f.field->choice(f.value)) return c->label;
  switch (f.field->type) {
    case FieldType::bank_account: return mask_bank_account(f.value);
    case FieldType::id_number: return mask_id_number(f.value);
    case FieldType::phone: return mask_phone(f.value);
    default: break;
  }
  if (f.field->prefill == "card.name") return mask_name(f.value);
  if (f.field->prefill == "card.address") {
    // The district is enough to recognise one's own address; the street and number stay hidden.
    std::u32string cps = utf8::decode(f.value);
    return utf8::encode(cps.substr(0, std::min<size_t>(cps.size(), 9))) + "****";
  }
  return f.value;
}

const char* material_handling_key(MaterialHandling h) {
  switch (h) {
    case MaterialHandling::e_licence: return "materials.e_licence";
    case MaterialHandling::commitment: return "materials.signed";
    case MaterialHandling::later: return "materials.later";
    case MaterialHandling::undecided: break;
  }
  return "materials.undecided";
}

}  // namespace zhidui
