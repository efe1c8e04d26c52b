// enterprise.h — the enterprise an enterprise representative acts for, as the platform knows it, and
// the representative's role. Lives for one session, like Identity.
//
// The platform never sends the legal representative's full ID number; whether the person at the kiosk
// is the legal representative is asked of the platform (a yes/no answer) with the card just read.
#pragma once

#include <string>

#include "base/sensitive.h"

namespace zhidui {

struct Enterprise {
  std::string uscc;               // 统一社会信用代码, 18 characters
  std::string name;               // 单位名称; empty when the platform could not be asked
  std::string legal_rep_masked;   // 法定代表人, already masked by the platform (张*)
  std::string region_code;        // registered region, 6 digits
  bool active = true;             // false: deregistered or revoked in the register (注销/吊销)
  bool verified = false;          // true: the record came from the platform now

  void wipe() {
    for (std::string* s : {&uscc, &name, &legal_rep_masked, &region_code}) zhidui::wipe(*s);
    active = true;
    verified = false;
  }
};

enum class RepresentativeRole { none, legal_representative, agent /* 经办人 */ };

}  // namespace zhidui
