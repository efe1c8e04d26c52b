// utf8.h — the few Unicode conversions the kiosk needs: UTF-8 <-> code points, and the UCS-2
// little-endian text of the ID-card chip.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace zhidui::utf8 {

// Invalid sequences decode to U+FFFD, so a caller can always tell something was wrong.
std::u32string decode(std::string_view s);
std::string encode(std::u32string_view cps);
std::string encode_one(char32_t cp);
// UCS-2 LE bytes (odd trailing byte ignored) to UTF-8; surrogates become U+FFFD.
std::string from_ucs2le(std::span<const uint8_t> bytes);
// UTF-8 to UCS-2 LE; code points above U+FFFF become U+FFFD (the chip cannot hold them).
std::string to_ucs2le(std::string_view s);
size_t length(std::string_view s);  // in code points

}  // namespace zhidui::utf8
