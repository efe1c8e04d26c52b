// gb18030.h — GB18030 <-> Unicode, one character at a time, for the ESC/POS encoder and emulator.
//
// Chinese receipt printers in "FS &" mode read GB2312/GBK/GB18030 (hardware-facts §5.2). We convert per
// character, never per string, so that (a) a character that cannot be encoded is replaced by exactly one
// '?' and counted instead of aborting the whole string, and (b) no multi-byte sequence can ever be split
// across two commands. glibc's iconv does the table work; the byte-structure rules (how long a sequence
// is) are ours, because the emulator must frame characters in a byte stream that arrives in chunks.
#pragma once

#include <iconv.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace zhidui::drivers::receipt_printer {

// How many bytes the GB18030 character starting at `bytes` occupies, judged from its structure only:
//   1   ASCII (00–7F), or a byte that cannot start a character (80, FF) — the caller prints '?'
//   2   lead 81–FE, trail 40–7E / 80–FE
//   4   81–FE, 30–39, 81–FE, 30–39
//   0   more bytes are needed to decide (the span ends inside a possible character)
//  -1   bytes[0] is a lead byte whose follower is not a valid trail: treat bytes[0] alone as invalid
//       and parse bytes[1] afresh (so an LF or ESC after a stray lead byte is still honoured).
int gb18030_sequence_length(std::span<const uint8_t> bytes);

// One iconv conversion direction. Not thread-safe (iconv_t carries state); each owner keeps its own.
class IconvCodec {
 public:
  IconvCodec(const char* to, const char* from);
  ~IconvCodec();
  IconvCodec(IconvCodec&& other) noexcept;
  IconvCodec& operator=(IconvCodec&& other) noexcept;
  IconvCodec(const IconvCodec&) = delete;
  IconvCodec& operator=(const IconvCodec&) = delete;

  bool valid() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  // The whole input converted, or nullopt if iconv rejects any of it (EILSEQ/EINVAL) or is unavailable.
  std::optional<std::string> convert(std::span<const uint8_t> in);

 private:
  iconv_t cd_;
};

// Unicode code point -> GB18030 bytes, per character.
class Gb18030Encoder {
 public:
  Gb18030Encoder();
  // The GB18030 bytes of `cp`, or nullopt when GB18030 (as glibc implements it) cannot encode it.
  std::optional<std::string> encode(char32_t cp);

 private:
  IconvCodec codec_;  // UTF-32LE -> GB18030
};

// GB18030 character (1, 2 or 4 bytes, as framed by gb18030_sequence_length) -> code point.
class Gb18030Decoder {
 public:
  Gb18030Decoder();
  std::optional<char32_t> decode(std::span<const uint8_t> sequence);

 private:
  IconvCodec codec_;  // GB18030 -> UTF-32LE
};

// Result of converting a UTF-8 string for the printer.
struct Gb18030Text {
  std::string bytes;
  size_t replaced = 0;  // characters printed as '?': not encodable, invalid UTF-8, or control characters
};

// UTF-8 -> GB18030 for printing. Control characters (C0 and DEL) are replaced too: text from the data of
// an application must never be able to inject a printer command.
Gb18030Text utf8_to_gb18030(std::string_view utf8, Gb18030Encoder& encoder);

}  // namespace zhidui::drivers::receipt_printer
