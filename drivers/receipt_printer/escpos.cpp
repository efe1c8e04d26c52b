// escpos.cpp — see escpos.h. Command bytes first, then the builder, then measurement and wrapping.
#include "drivers/receipt_printer/escpos.h"

#include <algorithm>
#include <cassert>

#include "base/line_break.h"
#include "base/utf8.h"

namespace zhidui::drivers::receipt_printer {

using namespace ascii;

const char* to_string(PaperWidth paper) { return paper == PaperWidth::mm58 ? "58mm" : "80mm"; }

// --- commands -------------------------------------------------------------------------------------------
namespace cmd {
namespace {
// GS ( k pL pH cn fn params…, cn = 49 (QR). pL + pH·256 counts the bytes after pH.
Bytes qr_function(uint8_t fn, std::span<const uint8_t> params) {
  const size_t length = 2 + params.size();
  assert(length <= 0xFFFF && "GS ( k parameter block longer than pL/pH can express");
  Bytes b = {GS, '(', 'k', uint8_t(length & 0xFF), uint8_t(length >> 8), 49, fn};
  b.insert(b.end(), params.begin(), params.end());
  return b;
}
}  // namespace

Bytes initialize() { return {ESC, '@'}; }
Bytes chinese_mode_on() { return {FS, '&'}; }
Bytes chinese_mode_off() { return {FS, '.'}; }
Bytes line_feed() { return {LF}; }
Bytes align(Align a) { return {ESC, 'a', uint8_t(a)}; }
Bytes bold(bool on) { return {ESC, 'E', uint8_t(on ? 1 : 0)}; }

Bytes char_size(int width, int height) {
  assert(width >= 1 && width <= kMaxCharSizeMultiplier && "GS ! width must be 1..8");
  assert(height >= 1 && height <= kMaxCharSizeMultiplier && "GS ! height must be 1..8");
  // Epson layout: width in the high nibble, height in the low one (a Flutter plugin has it reversed).
  return {GS, '!', uint8_t(((width - 1) << 4) | (height - 1))};
}

Bytes feed_lines(uint8_t lines) { return {ESC, 'd', lines}; }
Bytes line_spacing(uint8_t dots) { return {ESC, '3', dots}; }
Bytes default_line_spacing() { return {ESC, '2'}; }

Bytes qr_select_model(QrModel model) {
  const uint8_t p[] = {uint8_t(model), 0};
  return qr_function(65, p);  // fn 165
}
Bytes qr_module_size(uint8_t dots) {
  assert(dots >= 1 && dots <= 16 && "QR module size must be 1..16 dots");
  const uint8_t p[] = {dots};
  return qr_function(67, p);  // fn 167
}
Bytes qr_error_correction(QrErrorCorrection level) {
  const uint8_t p[] = {uint8_t(level)};
  return qr_function(69, p);  // fn 169
}
Bytes qr_store(std::span<const uint8_t> payload) {
  assert(!payload.empty() && payload.size() <= kQrMaxPayloadBytes && "QR payload must be 1..7089 bytes");
  Bytes p = {48};  // m = 48
  p.insert(p.end(), payload.begin(), payload.end());
  return qr_function(80, p);  // fn 180
}
Bytes qr_print() {
  const uint8_t p[] = {48};
  return qr_function(81, p);  // fn 181
}

Bytes cut(CutMode mode) { return {GS, 'V', uint8_t(mode == CutMode::full ? 0 : 1)}; }
Bytes feed_and_cut(CutMode mode, uint8_t feed_dots) {
  return {GS, 'V', uint8_t(mode == CutMode::full ? 65 : 66), feed_dots};
}
Bytes status_request(StatusRequest which) { return {DLE, EOT, uint8_t(which)}; }
}  // namespace cmd

// --- builder --------------------------------------------------------------------------------------------
EscPosBuilder::EscPosBuilder() = default;

EscPosBuilder& EscPosBuilder::initialize() {
  append(cmd::initialize());
  chinese_mode_ = false;  // ESC @ restores power-on modes; we cannot know those, so assume the safe one
  at_line_start_ = true;  // ESC @ also clears the print buffer
  return *this;
}

EscPosBuilder& EscPosBuilder::chinese_mode(bool on) {
  append(on ? cmd::chinese_mode_on() : cmd::chinese_mode_off());
  chinese_mode_ = on;
  return *this;
}

void EscPosBuilder::append_text_segment(std::string_view utf8) {
  if (utf8.empty()) return;
  std::string bytes;
  if (chinese_mode_) {
    Gb18030Text converted = utf8_to_gb18030(utf8, encoder_);
    bytes = std::move(converted.bytes);
    replaced_ += converted.replaced;
  } else {
    // Outside Chinese mode the printer reads single-byte code pages we do not target: ASCII only.
    for (char32_t cp : utf8::decode(utf8)) {
      if (cp >= 0x20 && cp < 0x7F) {
        bytes += char(cp);
      } else {
        bytes += '?';
        ++replaced_;
      }
    }
  }
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  at_line_start_ = false;
}

EscPosBuilder& EscPosBuilder::text(std::string_view utf8) {
  // Split on '\n' first so a newline is a real LF and not a replaced control character.
  size_t start = 0;
  while (start <= utf8.size()) {
    size_t nl = utf8.find('\n', start);
    append_text_segment(utf8.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    line_feed();
    start = nl + 1;
  }
  return *this;
}

EscPosBuilder& EscPosBuilder::line(std::string_view utf8) {
  text(utf8);
  return line_feed();
}

EscPosBuilder& EscPosBuilder::line_feed() {
  append(cmd::line_feed());
  at_line_start_ = true;
  return *this;
}

EscPosBuilder& EscPosBuilder::align(Align a) {
  assert(at_line_start_ && "ESC a is only honoured at the start of a line: end the line first");
  append(cmd::align(a));
  return *this;
}

EscPosBuilder& EscPosBuilder::bold(bool on) {
  append(cmd::bold(on));
  return *this;
}

EscPosBuilder& EscPosBuilder::size(int width, int height) {
  append(cmd::char_size(width, height));
  return *this;
}

EscPosBuilder& EscPosBuilder::line_spacing(uint8_t dots) {
  append(cmd::line_spacing(dots));
  return *this;
}

EscPosBuilder& EscPosBuilder::default_line_spacing() {
  append(cmd::default_line_spacing());
  return *this;
}

EscPosBuilder& EscPosBuilder::feed_lines(uint8_t lines) {
  append(cmd::feed_lines(lines));
  at_line_start_ = true;
  return *this;
}

EscPosBuilder& EscPosBuilder::qr(std::string_view utf8_payload, const QrOptions& options) {
  if (utf8_payload.empty() || utf8_payload.size() > kQrMaxPayloadBytes) {
    if (!first_error_) {
      first_error_ = make_error(utf8_payload.empty() ? "escpos.qr_payload_empty" : "escpos.qr_payload_too_long",
                                "QR payload of " + std::to_string(utf8_payload.size()) +
                                    " bytes; the printer accepts 1.." + std::to_string(kQrMaxPayloadBytes));
    }
    return *this;
  }
  const auto* data = reinterpret_cast<const uint8_t*>(utf8_payload.data());
  append(cmd::qr_select_model(options.model));
  append(cmd::qr_module_size(options.module_dots));
  append(cmd::qr_error_correction(options.error_correction));
  append(cmd::qr_store({data, utf8_payload.size()}));
  append(cmd::qr_print());
  at_line_start_ = true;  // the printer ends the current line before printing the symbol
  return *this;
}

EscPosBuilder& EscPosBuilder::cut(CutMode mode) {
  append(cmd::cut(mode));
  at_line_start_ = true;
  return *this;
}

EscPosBuilder& EscPosBuilder::feed_and_cut(uint8_t feed_dots, CutMode mode) {
  append(cmd::feed_and_cut(mode, feed_dots));
  at_line_start_ = true;
  return *this;
}

EscPosBuilder& EscPosBuilder::raw(std::span<const uint8_t> bytes) {
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  return *this;
}

Result<std::vector<uint8_t>> EscPosBuilder::build() const {
  if (first_error_) return *first_error_;
  return bytes_;
}

// --- measurement ----------------------------------------------------------------------------------------
int char_width_dots(char32_t cp, int width_multiplier) {
  const bool single_byte = cp < 0x80 || cp == U'\uFFFD';  // controls and invalid input print as '?'
  return (single_byte ? kAsciiCellWidthDots : kCjkCellWidthDots) * width_multiplier;
}

int text_width_dots(std::string_view utf8, int width_multiplier) {
  int width = 0;
  for (char32_t cp : utf8::decode(utf8)) width += char_width_dots(cp, width_multiplier);
  return width;
}

int columns_per_line(PaperWidth paper, int width_multiplier) {
  assert(width_multiplier >= 1 && "width multiplier must be at least 1");
  return printable_dots(paper) / (kAsciiCellWidthDots * width_multiplier);
}

int cjk_chars_per_line(PaperWidth paper, int width_multiplier) {
  assert(width_multiplier >= 1 && "width multiplier must be at least 1");
  return printable_dots(paper) / (kCjkCellWidthDots * width_multiplier);
}

// --- wrapping -------------------------------------------------------------------------------------------
// The rules live in base/line_break (shared with the screen); here only the widths are the printer's.
std::vector<std::string> wrap_text(std::string_view utf8, int line_width_dots, int width_multiplier) {
  assert(line_width_dots >= kCjkCellWidthDots * width_multiplier && "line narrower than one character");
  return break_lines(utf8, float(line_width_dots),
                     [width_multiplier](char32_t cp) { return float(char_width_dots(cp, width_multiplier)); });
}

}  // namespace zhidui::drivers::receipt_printer
