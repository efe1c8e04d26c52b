// escpos.h — the ESC/POS encoder: every command a kiosk receipt needs, as exact bytes, and a builder.
//
// Byte facts come from docs/hardware-facts §5 (Epson ESC/POS as implemented by Chinese 58/80 mm
// printers). Text is given in UTF-8 and sent as GB18030 after FS & (Chinese mode); a character that
// cannot be encoded is printed as '?' and counted, never silently dropped. Layout helpers below say how
// much text fits on a line with the standard 24-dot font (ASCII 12×24, Chinese 24×24) and wrap Chinese
// text by the usual line-breaking rules, so the receipt layout in kiosk/ never guesses widths.
//
// Sections: paper and font geometry · command enums · cmd:: (one function per command) · EscPosBuilder ·
// text measurement and wrapping.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/receipt_printer/gb18030.h"
#include "base/result.h"

namespace zhidui::drivers::receipt_printer {

// --- paper and font geometry ---------------------------------------------------------------------------
// 203 dpi heads (8 dots/mm): 58 mm paper prints 48 mm = 384 dots, 80 mm paper prints 72 mm = 576 dots.
enum class PaperWidth : uint8_t { mm58, mm80 };
constexpr int printable_dots(PaperWidth paper) { return paper == PaperWidth::mm58 ? 384 : 576; }
const char* to_string(PaperWidth paper);

inline constexpr int kAsciiCellWidthDots = 12;  // font A, single-byte characters
inline constexpr int kCjkCellWidthDots = 24;    // Chinese (double-byte / four-byte) characters
inline constexpr int kCellHeightDots = 24;
inline constexpr int kDefaultLineSpacingDots = 30;  // ESC 2: 1/6 inch, the usual power-on value
inline constexpr int kMaxCharSizeMultiplier = 8;    // GS ! accepts 1..8 in each direction

// --- command enums (values are the protocol bytes) ------------------------------------------------------
namespace ascii {
inline constexpr uint8_t LF = 0x0A, DLE = 0x10, EOT = 0x04, ESC = 0x1B, FS = 0x1C, GS = 0x1D;
}

enum class Align : uint8_t { left = 0, center = 1, right = 2 };
enum class QrModel : uint8_t { model1 = 49, model2 = 50, micro = 51 };
enum class QrErrorCorrection : uint8_t { L = 48, M = 49, Q = 50, H = 51 };
enum class CutMode : uint8_t { full, partial };
// DLE EOT n: which real-time status byte to ask for (hardware-facts §5.4).
enum class StatusRequest : uint8_t { printer = 1, offline_cause = 2, error_cause = 3, roll_paper = 4 };

inline constexpr size_t kQrMaxPayloadBytes = 7089;  // fn 180: pL + pH·256 = k + 3 ≤ 7092

struct QrOptions {
  QrModel model = QrModel::model2;
  uint8_t module_dots = 6;  // 1..16; 6 dots = 0.75 mm modules, easy for phone cameras
  QrErrorCorrection error_correction = QrErrorCorrection::M;
};

// --- one function per command ---------------------------------------------------------------------------
// Arguments outside the protocol's range are programming errors and assert with a message.
namespace cmd {
using Bytes = std::vector<uint8_t>;
Bytes initialize();                      // ESC @
Bytes chinese_mode_on();                 // FS &
Bytes chinese_mode_off();                // FS .
Bytes line_feed();                       // LF
Bytes align(Align a);                    // ESC a n (n = 0/1/2)
Bytes bold(bool on);                     // ESC E n
Bytes char_size(int width, int height);  // GS ! n, each 1..8: bits 4–6 = width−1, bits 0–2 = height−1
Bytes feed_lines(uint8_t lines);         // ESC d n
Bytes line_spacing(uint8_t dots);        // ESC 3 n
Bytes default_line_spacing();            // ESC 2
Bytes qr_select_model(QrModel model);                        // GS ( k … 31 41 n1 00   (fn 165)
Bytes qr_module_size(uint8_t dots);                          // GS ( k … 31 43 n       (fn 167)
Bytes qr_error_correction(QrErrorCorrection level);          // GS ( k … 31 45 n       (fn 169)
Bytes qr_store(std::span<const uint8_t> payload);            // GS ( k pL pH 31 50 30 d… (fn 180)
Bytes qr_print();                                            // GS ( k … 31 51 30      (fn 181)
Bytes cut(CutMode mode);                                     // GS V 0 / GS V 1
Bytes feed_and_cut(CutMode mode, uint8_t feed_dots);         // GS V 65/66 n
Bytes status_request(StatusRequest which);                   // DLE EOT n
}  // namespace cmd

// --- builder --------------------------------------------------------------------------------------------
// Appends commands to one byte buffer. It remembers just enough printer state to keep its promises:
// whether Chinese mode is on (text is GB18030 only then) and whether the print position is at the start
// of a line (ESC a is honoured only there, so align() mid-line is a layout bug and asserts).
class EscPosBuilder {
 public:
  EscPosBuilder();

  EscPosBuilder& initialize();  // ESC @; the printer forgets every mode, and so does the builder
  EscPosBuilder& chinese_mode(bool on);
  // UTF-8 text. '\n' becomes LF; other control characters and, outside Chinese mode, every non-ASCII
  // character print as '?' and are counted in replaced_characters().
  EscPosBuilder& text(std::string_view utf8);
  EscPosBuilder& line(std::string_view utf8 = {});  // text + LF
  EscPosBuilder& line_feed();
  EscPosBuilder& align(Align a);
  EscPosBuilder& bold(bool on);
  EscPosBuilder& size(int width, int height);
  EscPosBuilder& line_spacing(uint8_t dots);
  EscPosBuilder& default_line_spacing();
  EscPosBuilder& feed_lines(uint8_t lines);
  // Model, module size, error correction, store, print. The payload is sent as UTF-8 bytes. An empty
  // or too long payload prints nothing and makes build() fail: a receipt without its code is wrong.
  // Printers print no quiet zone: leave 4 modules blank around the symbol (feed_lines(1) above and
  // below is enough up to 7-dot modules), or phones will struggle to read it.
  EscPosBuilder& qr(std::string_view utf8_payload, const QrOptions& options = {});
  EscPosBuilder& cut(CutMode mode = CutMode::partial);
  EscPosBuilder& feed_and_cut(uint8_t feed_dots, CutMode mode = CutMode::partial);
  EscPosBuilder& raw(std::span<const uint8_t> bytes);

  size_t replaced_characters() const { return replaced_; }
  bool at_line_start() const { return at_line_start_; }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  // The stream, or the first error recorded while building (e.g. "escpos.qr_payload_too_long").
  Result<std::vector<uint8_t>> build() const;

 private:
  void append(const cmd::Bytes& b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); }
  void append_text_segment(std::string_view utf8);

  std::vector<uint8_t> bytes_;
  Gb18030Encoder encoder_;
  bool chinese_mode_ = false;
  bool at_line_start_ = true;
  size_t replaced_ = 0;
  std::optional<Error> first_error_;
};

// --- text measurement and wrapping ----------------------------------------------------------------------
// Widths assume Chinese mode and the standard font: ASCII 12 dots, anything else (sent as a GB18030
// multi-byte character) 24 dots; control characters count as the '?' they will print as.
int char_width_dots(char32_t cp, int width_multiplier = 1);
int text_width_dots(std::string_view utf8, int width_multiplier = 1);
// Half-width columns per line (a Chinese character takes two): 32 / 48 at 1×, 16 / 24 at 2×.
int columns_per_line(PaperWidth paper, int width_multiplier = 1);
// Chinese characters per line: 16 / 24 at 1×.
int cjk_chars_per_line(PaperWidth paper, int width_multiplier = 1);

// Breaks text into lines no wider than line_width_dots. Chinese may break between any two characters;
// runs of ASCII letters/digits (words, numbers, URLs) break only at spaces unless a run alone is wider
// than the line. Line-breaking rules (禁则): no line starts with ，。、？！；：”）》 (and their kin) and
// none ends with “（《 (and kin). Spaces at a break are dropped. Explicit '\n' forces a break.
std::vector<std::string> wrap_text(std::string_view utf8, int line_width_dots, int width_multiplier = 1);

}  // namespace zhidui::drivers::receipt_printer
