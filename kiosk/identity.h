// identity.h — who the citizen at the kiosk is, as read from their ID card, for one session only.
//
// The session keeps the minimum: what forms are prefilled with and what the platform needs. It is
// wiped (overwritten, then released) when the session ends, times out or the kiosk goes home.
#pragma once

#include <string>

#include "base/sensitive.h"

namespace zhidui {

struct Identity {
  std::string name;
  std::string sex;         // 男 / 女 as printed on the card
  std::string nation;      // e.g. 汉族
  std::string birth_date;  // YYYYMMDD
  std::string address;
  std::string id_number;

  bool present() const { return !id_number.empty(); }
  void wipe() {
    for (std::string* s : {&name, &sex, &nation, &birth_date, &address, &id_number}) zhidui::wipe(*s);
  }
};

}  // namespace zhidui
