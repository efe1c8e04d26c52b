// mask.h — how personal values look on screen, on paper and in logs.
//
// The rule (PIPL practice, docs/store-and-sync.md): an ID number never shows its birth-date digits,
// a bank account only its last 4 digits, a phone its first 3 and last 4, a name only its surname.
#pragma once

#include <string>
#include <string_view>

namespace zhidui {

std::string mask_id_number(std::string_view id);   // 430102199003077777 -> 4301**********7777
std::string mask_name(std::string_view utf8_name);  // 张三丰 -> 张**
std::string mask_phone(std::string_view phone);     // 13812345678 -> 138****5678
std::string mask_bank_account(std::string_view account);  // -> **** 1234

}  // namespace zhidui
