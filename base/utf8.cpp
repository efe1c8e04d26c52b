// utf8.cpp — see utf8.h.
#include "base/utf8.h"

namespace zhidui::utf8 {

std::u32string decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += char32_t(c);
      ++i;
      continue;
    }
    int extra = (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
    if (extra < 0 || i + size_t(extra) >= s.size()) {
      out += U'\uFFFD';
      ++i;
      continue;
    }
    char32_t cp = c & (0x3F >> extra);
    bool bad = false;
    for (int k = 1; k <= extra; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + size_t(k)]);
      if ((cc >> 6) != 2) {
        bad = true;
        break;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (bad || cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out += U'\uFFFD';
      ++i;
      continue;
    }
    out += cp;
    i += size_t(extra) + 1;
  }
  return out;
}

std::string encode_one(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string encode(std::u32string_view cps) {
  std::string out;
  out.reserve(cps.size() * 3);
  for (char32_t cp : cps) out += encode_one(cp);
  return out;
}

std::string from_ucs2le(std::span<const uint8_t> bytes) {
  std::string out;
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    char32_t cp = char32_t(bytes[i]) | (char32_t(bytes[i + 1]) << 8);
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    out += encode_one(cp);
  }
  return out;
}

std::string to_ucs2le(std::string_view s) {
  std::string out;
  for (char32_t cp : decode(s)) {
    if (cp > 0xFFFF) cp = 0xFFFD;
    out += char(cp & 0xFF);
    out += char(cp >> 8);
  }
  return out;
}

size_t length(std::string_view s) { return decode(s).size(); }

}  // namespace zhidui::utf8
