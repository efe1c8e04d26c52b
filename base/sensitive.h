// sensitive.h — wiping personal data from memory.
//
// Personal values live in std::string for the length of one session. When the session ends they are
// overwritten before the memory is released, so a later heap read (a crash dump, a bug) finds zeros.
#pragma once

#include <sodium.h>

#include <string>

namespace zhidui {

inline void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
  s.shrink_to_fit();
}

}  // namespace zhidui
