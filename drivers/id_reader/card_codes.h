// card_codes.h — the code tables printed on the chip: sex (GB/T 2261.1) and nation (GB 3304).
//
// Kept apart from the text-block layout because the UI and the forms need the same names (a form
// prefilled with "汉族" must match what the card said), and a table is easier to review on its own.
#pragma once

#include <string>
#include <string_view>

namespace zhidui::drivers::id_reader {

// "1" → 男, "2" → 女, "9" → 未说明, "0" or anything unrecognised → 未知 (the raw code is kept on the card).
std::string sex_name(std::string_view sex_code);
// Inverse for the fake and the dev dock: 男 → "1", 女 → "2", 未说明 → "9", else "0".
std::string sex_code_for(std::string_view sex_name);

// GB 3304 name without 族 ("01" → "汉", "97" → "其他"); empty for an unknown code.
std::string_view nation_base_name(std::string_view nation_code);
// What people read on screen and paper: "汉族", "蒙古族"; 97 and 98 are not ethnic groups and keep
// their plain names ("其他", "外国血统中国籍人士"). Empty for an unknown code.
std::string nation_display_name(std::string_view nation_code);
// "汉族" or "汉" → "01"; empty when not found.
std::string nation_code_for(std::string_view name);

}  // namespace zhidui::drivers::id_reader
