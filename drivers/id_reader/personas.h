// personas.h — sample cardholders for the dev dock and the tests.
//
// Each persona exercises something the kiosk must get right: a working-age resident, an elderly one
// (age-based policies), a rare-character name (fonts, masking), a 港澳台 residence permit, foreigner
// cards of both versions, and a damaged card the module refuses. All numbers are invented but carry
// valid GB 11643 check characters, so validators accept them exactly as they would a real card.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/id_reader/fake_sam_module.h"
#include "drivers/id_reader/id_card.h"

namespace zhidui::drivers::id_reader {

struct Persona {
  std::string id;     // stable ASCII key, e.g. "resident_changsha"
  std::string label;  // Chinese, for the dev dock
  IdCard card;
  CardCondition condition = CardCondition::readable;
};

std::vector<Persona> all_personas();
std::optional<Persona> find_persona(std::string_view id);

// GB 11643 / ISO 7064 MOD 11-2 check character for the first 17 digits; '\0' when the input is not
// 17 ASCII digits. Just enough to build sample numbers; full validation belongs to kiosk/.
char gb11643_check_char(std::string_view first17);

}  // namespace zhidui::drivers::id_reader
