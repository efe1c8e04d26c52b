// mask.cpp — see mask.h.
#include "base/mask.h"

#include "base/utf8.h"

namespace zhidui {

std::string mask_id_number(std::string_view id) {
  if (id.size() <= 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') + std::string(id.substr(id.size() - 4));
}

std::string mask_name(std::string_view utf8_name) {
  std::u32string cps = utf8::decode(utf8_name);
  if (cps.empty()) return {};
  std::string out = utf8::encode(cps.substr(0, 1));
  for (size_t i = 1; i < cps.size(); ++i) out += '*';
  if (cps.size() == 1) out += '*';
  return out;
}

std::string mask_phone(std::string_view p) {
  if (p.size() < 7) return std::string(p.size(), '*');
  return std::string(p.substr(0, 3)) + std::string(p.size() - 7, '*') + std::string(p.substr(p.size() - 4));
}

std::string mask_bank_account(std::string_view a) {
  if (a.size() <= 4) return std::string(a.size(), '*');
  return "**** " + std::string(a.substr(a.size() - 4));
}

}  // namespace zhidui
