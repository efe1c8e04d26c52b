// gb18030.cpp — see gb18030.h.
#include "drivers/receipt_printer/gb18030.h"

#include <cerrno>
#include <utility>

#include "base/utf8.h"

namespace zhidui::drivers::receipt_printer {

namespace {
bool is_lead(uint8_t b) { return b >= 0x81 && b <= 0xFE; }
bool is_two_byte_trail(uint8_t b) { return (b >= 0x40 && b <= 0x7E) || (b >= 0x80 && b <= 0xFE); }
bool is_four_byte_digit(uint8_t b) { return b >= 0x30 && b <= 0x39; }
}  // namespace

int gb18030_sequence_length(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return 0;
  const uint8_t b0 = bytes[0];
  if (!is_lead(b0)) return 1;  // ASCII, or 0x80/0xFF which start nothing
  if (bytes.size() < 2) return 0;
  const uint8_t b1 = bytes[1];
  if (is_two_byte_trail(b1)) return 2;
  if (!is_four_byte_digit(b1)) return -1;
  if (bytes.size() < 3) return 0;
  if (!is_lead(bytes[2])) return -1;
  if (bytes.size() < 4) return 0;
  if (!is_four_byte_digit(bytes[3])) return -1;
  return 4;
}

IconvCodec::IconvCodec(const char* to, const char* from) : cd_(iconv_open(to, from)) {}

IconvCodec::~IconvCodec() {
  if (valid()) iconv_close(cd_);
}

IconvCodec::IconvCodec(IconvCodec&& other) noexcept : cd_(std::exchange(other.cd_, reinterpret_cast<iconv_t>(-1))) {}

IconvCodec& IconvCodec::operator=(IconvCodec&& other) noexcept {
  if (this != &other) {
    if (valid()) iconv_close(cd_);
    cd_ = std::exchange(other.cd_, reinterpret_cast<iconv_t>(-1));
  }
  return *this;
}

std::optional<std::string> IconvCodec::convert(std::span<const uint8_t> in) {
  if (!valid()) return std::nullopt;
  iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // reset shift state left by a failed call
  std::string out;
  char buffer[64];
  // iconv's API takes non-const input pointers but does not write through them.
  char* in_ptr = const_cast<char*>(reinterpret_cast<const char*>(in.data()));
  size_t in_left = in.size();
  while (in_left > 0) {
    char* out_ptr = buffer;
    size_t out_left = sizeof buffer;
    size_t rc = iconv(cd_, &in_ptr, &in_left, &out_ptr, &out_left);
    out.append(buffer, size_t(out_ptr - buffer));
    if (rc == size_t(-1) && errno != E2BIG) return std::nullopt;
    // glibc counts irreversible conversions in rc; for our per-character use any such substitution
    // means the printer would not get the character we were asked for.
    if (rc != size_t(-1) && rc > 0) return std::nullopt;
  }
  char* out_ptr = buffer;
  size_t out_left = sizeof buffer;
  if (iconv(cd_, nullptr, nullptr, &out_ptr, &out_left) == size_t(-1)) return std::nullopt;
  out.append(buffer, size_t(out_ptr - buffer));
  return out;
}

Gb18030Encoder::Gb18030Encoder() : codec_("GB18030", "UTF-32LE") {}

std::optional<std::string> Gb18030Encoder::encode(char32_t cp) {
  if (cp < 0x80) return std::string(1, char(cp));
  const uint8_t le[4] = {uint8_t(cp), uint8_t(cp >> 8), uint8_t(cp >> 16), uint8_t(cp >> 24)};
  auto out = codec_.convert(le);
  if (!out || out->empty()) return std::nullopt;
  return out;
}

Gb18030Decoder::Gb18030Decoder() : codec_("UTF-32LE", "GB18030") {}

std::optional<char32_t> Gb18030Decoder::decode(std::span<const uint8_t> sequence) {
  if (sequence.size() == 1 && sequence[0] < 0x80) return char32_t(sequence[0]);
  auto out = codec_.convert(sequence);
  if (!out || out->size() != 4) return std::nullopt;
  const auto* b = reinterpret_cast<const uint8_t*>(out->data());
  return char32_t(b[0]) | char32_t(b[1]) << 8 | char32_t(b[2]) << 16 | char32_t(b[3]) << 24;
}

Gb18030Text utf8_to_gb18030(std::string_view utf8, Gb18030Encoder& encoder) {
  Gb18030Text result;
  result.bytes.reserve(utf8.size());
  for (char32_t cp : utf8::decode(utf8)) {
    // U+FFFD is what utf8::decode makes of invalid input: the text was already damaged, say so.
    const bool control = cp < 0x20 || cp == 0x7F;
    std::optional<std::string> bytes;
    if (!control && cp != U'\uFFFD') bytes = encoder.encode(cp);
    if (bytes) {
      result.bytes += *bytes;
    } else {
      result.bytes += '?';
      ++result.replaced;
    }
  }
  return result;
}

}  // namespace zhidui::drivers::receipt_printer
