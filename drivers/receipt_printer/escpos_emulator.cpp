// escpos_emulator.cpp — see escpos_emulator.h.
//
// Sections: status bytes · Impl (state) · reception (real-time scan, buffering) · parser (one command per
// step) · printing (characters, lines, QR, raster images, cut) · public methods.
//
// The parser works on `pending`, the bytes received but not yet consumed. Each step looks at the front,
// decides from the bytes present how long the command is, and either consumes it whole or returns 0 to
// wait for more. Lengths taken from the stream (pL pH, image sizes) are checked against caps before any
// byte is read, so the parser never reads past what it has and never waits for gigabytes.
#include "drivers/receipt_printer/escpos_emulator.h"

#include <qrencode.h>
#include <stb_image_write.h>  // implementation lives in Debian's libstb.so: no STB_IMAGE_WRITE_IMPLEMENTATION

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <deque>

#include "drivers/receipt_printer/gb18030.h"
#include "drivers/receipt_printer/printer_font.h"
#include "base/log.h"
#include "base/paths.h"

namespace zhidui::drivers::receipt_printer {

using namespace ascii;

namespace {
constexpr const char* kLogComponent = "escpos-emulator";
constexpr uint8_t kStatusFixedBits = 0x12;                // bit 1 and bit 4 set, bits 0 and 7 clear
constexpr int kDefaultTabDots = 8 * kAsciiCellWidthDots;  // tab stops every 8 ASCII columns
constexpr int kCutMarkRows = 4;                           // 2 blank rows, then a 2-row dashed line
constexpr size_t kMaxGraphicsBytes = 1u << 20;            // cap for GS 8 L and friends (≫ any receipt)
constexpr size_t kMaxBarcodeBytes = 255;                  // NUL-terminated barcode data (GS k m≤6)
}  // namespace

const char* to_string(PrinterCondition c) {
  switch (c) {
    case PrinterCondition::ok: return "ok";
    case PrinterCondition::paper_low: return "paper_low";
    case PrinterCondition::paper_out: return "paper_out";
    case PrinterCondition::cover_open: return "cover_open";
    case PrinterCondition::jammed: return "jammed";
  }
  return "?";
}

bool prints_in(PrinterCondition c) { return c == PrinterCondition::ok || c == PrinterCondition::paper_low; }

// --- state ----------------------------------------------------------------------------------------------
struct EscPosEmulator::Impl {
  struct Modes {
    Align align = Align::left;
    bool bold = false;
    bool double_strike = false;  // ESC G; on a thermal head it looks the same as bold
    int underline = 0;           // dots: 0, 1, 2
    int size_w = 1;
    int size_h = 1;
    int line_spacing = kDefaultLineSpacingDots;
    int ascii_right_spacing = 0;  // ESC SP n
    bool chinese = false;
  };
  struct QrSettings {
    uint8_t model = uint8_t(QrModel::model2);
    int module_dots = 3;  // Epson power-on value
    uint8_t error_correction = uint8_t(QrErrorCorrection::L);
    std::vector<uint8_t> data;
  };
  // A character waiting in the line buffer; drawn when the line is printed (alignment needs its width).
  struct Placed {
    int x;
    char32_t cp;
    bool wide;
    int size_w, size_h;
    bool bold;
    int underline;
    int advance;
  };

  Impl(const EmulatorOptions& o, PrinterFont f)
      : options(o), width(printable_dots(o.paper)), font(std::move(f)), cp437("UTF-32LE", "CP437") {
    reset_modes();
  }

  EmulatorOptions options;
  int width;
  PrinterFont font;
  Gb18030Decoder gb18030;
  IconvCodec cp437;  // single-byte characters outside Chinese mode (code table 0)

  PrinterCondition condition = PrinterCondition::ok;
  bool answers_status = true;
  std::vector<uint8_t> replies;
  EmulatorStats stats;

  std::vector<uint8_t> pending;
  int realtime_state = 0;  // 0 nothing, 1 after DLE, 2 after DLE EOT

  Modes modes;
  QrSettings qr;
  std::vector<Placed> line;
  int line_x = 0;

  std::vector<uint8_t> paper;  // rows [0, paper_rows) of the current ticket, white = 255
  int paper_rows = 0;
  int y = 0;  // top of the next line, in dots from the top of the ticket
  std::deque<Raster> tickets;
  size_t first_ticket = 0;  // number of the ticket at tickets.front()

  // -- status ---------------------------------------------------------------------------------------------
  uint8_t status_byte(uint8_t n) const {
    uint8_t b = kStatusFixedBits;
    const bool offline = !prints_in(condition);
    switch (n) {
      case 1:
        if (offline) b |= 0x08;
        break;
      case 2:
        if (condition == PrinterCondition::cover_open) b |= 0x04;
        if (condition == PrinterCondition::paper_out) b |= 0x20;
        if (condition == PrinterCondition::jammed) b |= 0x40;
        break;
      case 3:
        if (condition == PrinterCondition::jammed) b |= 0x08;  // autocutter error
        break;
      case 4:
        if (condition == PrinterCondition::paper_low) b |= 0x0C;
        if (condition == PrinterCondition::paper_out) b |= 0x60;
        break;
      default: break;
    }
    return b;
  }

  void reply(uint8_t byte) {
    replies.push_back(byte);
    ++stats.status_replies;
  }

  // -- reception ------------------------------------------------------------------------------------------
  // DLE EOT n is executed when received, wherever it appears, as on the real printers.
  void scan_realtime(std::span<const uint8_t> bytes) {
    for (uint8_t b : bytes) {
      switch (realtime_state) {
        case 0: realtime_state = b == DLE ? 1 : 0; break;
        case 1: realtime_state = b == EOT ? 2 : (b == DLE ? 1 : 0); break;
        case 2:
          if (b >= 1 && b <= 4) {
            if (answers_status) reply(status_byte(b));
            realtime_state = 0;
          } else {
            realtime_state = b == DLE ? 1 : 0;
          }
          break;
      }
    }
  }

  void receive(std::span<const uint8_t> bytes) {
    stats.bytes_received += bytes.size();
    scan_realtime(bytes);
    if (!prints_in(condition)) {
      // Offline: a real printer holds or drops the data; either way nothing reaches the paper now.
      stats.bytes_discarded += bytes.size();
      return;
    }
    pending.insert(pending.end(), bytes.begin(), bytes.end());
    size_t pos = 0;
    while (pos < pending.size()) {
      const size_t used = step(std::span<const uint8_t>(pending).subspan(pos));
      if (used == 0) break;
      assert(pos + used <= pending.size() && "parser consumed more bytes than it had");
      pos += used;
    }
    pending.erase(pending.begin(), pending.begin() + long(pos));
  }

  // -- parser ---------------------------------------------------------------------------------------------
  void unknown(std::span<const uint8_t> s) {
    ++stats.unknown_commands;
    char hex[32];
    std::snprintf(hex, sizeof hex, "%02X %02X", s[0], s.size() > 1 ? s[1] : 0);
    log::debug(kLogComponent, std::string("skipped unknown command ") + hex);
  }
  size_t ignored(size_t length) {
    ++stats.ignored_commands;
    return length;
  }
  size_t rejected(size_t length) {
    ++stats.rejected_commands;
    return length;
  }

  // Returns the number of bytes consumed from the front of s, 0 when s holds only part of a command.
  size_t step(std::span<const uint8_t> s) {
    const uint8_t b0 = s[0];
    if (b0 >= 0x20) return step_character(s);
    switch (b0) {
      case LF: print_line(modes.line_spacing); return 1;
      case 0x0D: return 1;  // CR: ignored when auto line feed is off (the usual setting)
      case 0x09: horizontal_tab(); return 1;
      case DLE: return step_dle(s);
      case ESC: return step_esc(s);
      case FS: return step_fs(s);
      case GS: return step_gs(s);
      case 0x00: return ignored(1);  // NUL padding
      default: unknown(s); return 1;
    }
  }

  size_t step_character(std::span<const uint8_t> s) {
    const uint8_t b0 = s[0];
    if (!modes.chinese) {
      if (b0 < 0x80) {
        print_char(b0 == 0x7F ? U'?' : char32_t(b0), false);
      } else {
        const uint8_t byte[] = {b0};
        auto out = cp437.convert(byte);
        char32_t cp = U'?';
        if (out && out->size() == 4) {
          const auto* u = reinterpret_cast<const uint8_t*>(out->data());
          cp = char32_t(u[0]) | char32_t(u[1]) << 8 | char32_t(u[2]) << 16 | char32_t(u[3]) << 24;
        }
        print_char(cp, false);
      }
      return 1;
    }
    const int length = gb18030_sequence_length(s);
    if (length == 0) return 0;
    if (length == -1 || (length == 1 && b0 >= 0x80)) {  // a byte that starts no character
      ++stats.replaced_characters;
      print_char(U'?', false);
      return 1;
    }
    if (length == 1) {
      print_char(b0 == 0x7F ? U'?' : char32_t(b0), false);
      return 1;
    }
    auto cp = gb18030.decode(s.first(size_t(length)));
    if (!cp) {
      ++stats.replaced_characters;
      print_char(U'?', false);
    } else {
      print_char(*cp, true);
    }
    return size_t(length);
  }

  size_t step_dle(std::span<const uint8_t> s) {
    if (s.size() < 2) return 0;
    switch (s[1]) {
      case EOT:  // already answered on reception; DLE EOT 7/8 (ink, some models) carry one more byte
        if (s.size() < 3) return 0;
        if (s[2] == 7 || s[2] == 8) return s.size() < 4 ? 0 : ignored(4);
        return 3;
      case 0x05: return s.size() < 3 ? 0 : ignored(3);  // DLE ENQ n: recover from error
      case 0x14: return s.size() < 5 ? 0 : ignored(5);  // DLE DC4 fn a b: drawer pulse, power off…
      default: unknown(s); return 1;
    }
  }

  size_t step_esc(std::span<const uint8_t> s) {
    if (s.size() < 2) return 0;
    const uint8_t c = s[1];
    // Commands with a fixed length: wait until all of them is here, then act.
    auto fixed = [&](size_t n) { return s.size() >= n; };
    switch (c) {
      case '@': reset_modes(); return 2;
      case '!': {
        if (!fixed(3)) return 0;
        const uint8_t n = s[2];
        modes.bold = n & 0x08;
        modes.size_h = (n & 0x10) ? 2 : 1;
        modes.size_w = (n & 0x20) ? 2 : 1;
        modes.underline = (n & 0x80) ? 1 : 0;
        return 3;
      }
      case '-': {
        if (!fixed(3)) return 0;
        const uint8_t n = s[2];
        if (n == 0 || n == 48)
          modes.underline = 0;
        else if (n == 1 || n == 49)
          modes.underline = 1;
        else if (n == 2 || n == 50)
          modes.underline = 2;
        else
          return rejected(3);
        return 3;
      }
      case '2': modes.line_spacing = kDefaultLineSpacingDots; return 2;
      case '3':
        if (!fixed(3)) return 0;
        modes.line_spacing = s[2];
        return 3;
      case 'E':
        if (!fixed(3)) return 0;
        modes.bold = s[2] & 1;
        return 3;
      case 'G':
        if (!fixed(3)) return 0;
        modes.double_strike = s[2] & 1;
        return 3;
      case 'a': {
        if (!fixed(3)) return 0;
        const uint8_t n = s[2];
        Align a;
        if (n == 0 || n == 48)
          a = Align::left;
        else if (n == 1 || n == 49)
          a = Align::center;
        else if (n == 2 || n == 50)
          a = Align::right;
        else
          return rejected(3);
        if (!line.empty()) return ignored(3);  // only honoured at the start of a line
        modes.align = a;
        return 3;
      }
      case 'd':
        if (!fixed(3)) return 0;
        feed_lines(s[2]);
        return 3;
      case 'J':
        if (!fixed(3)) return 0;
        print_line(s[2]);
        return 3;
      case ' ':
        if (!fixed(3)) return 0;
        modes.ascii_right_spacing = s[2];
        return 3;
      case '$': {
        if (!fixed(4)) return 0;
        const int x = s[2] | s[3] << 8;
        if (x >= width) return rejected(4);
        line_x = x;
        return 4;
      }
      case 'D': {  // tab positions n1…nk NUL, k ≤ 32
        for (size_t i = 2; i < s.size() && i < 2 + 32; ++i)
          if (s[i] == 0) return ignored(i + 1);
        if (s.size() >= 2 + 32) return ignored(2 + 32);
        return 0;
      }
      case '*': {  // bit image: ESC * m nL nH d1…dk, not rendered
        if (!fixed(5)) return 0;
        const uint8_t m = s[2];
        const size_t columns = size_t(s[3]) | size_t(s[4]) << 8;
        if ((m != 0 && m != 1 && m != 32 && m != 33) || columns == 0 || columns > 2047) return rejected(5);
        const size_t total = 5 + columns * (m >= 32 ? 3 : 1);
        return s.size() < total ? 0 : ignored(total);
      }
      case '(': return step_generic_length_prefixed(s);
      case 'c': {
        if (!fixed(3)) return 0;
        if (s[2] >= '3' && s[2] <= '5') return fixed(4) ? ignored(4) : 0;
        unknown(s);
        return 2;
      }
      case 'p': return fixed(5) ? ignored(5) : 0;    // drawer kick
      case 'B': return fixed(4) ? ignored(4) : 0;    // buzzer (Chinese models)
      case 'W': return fixed(10) ? ignored(10) : 0;  // page-mode print area
      case '\\': return fixed(4) ? ignored(4) : 0;   // relative position
      case 't':
      case 'R':
      case 'M':
      case 'U':
      case 'V':
      case '{':
      case 'r':
      case '=':
      case 'T':
      case 'e':
      case '%':
      case '?': return fixed(3) ? ignored(3) : 0;  // code table, character set, font, rotation, colour…
      case 'L':
      case 'S':
      case 0x0C: return ignored(2);  // page mode: not emulated
      default: unknown(s); return 2;
    }
  }

  size_t step_fs(std::span<const uint8_t> s) {
    if (s.size() < 2) return 0;
    switch (s[1]) {
      case '&': modes.chinese = true; return 2;
      case '.': modes.chinese = false; return 2;
      case '!':
      case '-':
      case 'C':
      case 'W': return s.size() < 3 ? 0 : ignored(3);
      case 'S':
      case 'p': return s.size() < 4 ? 0 : ignored(4);
      case '2': return s.size() < 76 ? 0 : ignored(76);  // user-defined Chinese character, 72 data bytes
      case '(': return step_generic_length_prefixed(s);
      default: unknown(s); return 2;
    }
  }

  // ESC ( x / FS ( x / GS ( x with pL pH: skip exactly the announced length.
  size_t step_generic_length_prefixed(std::span<const uint8_t> s) {
    if (s.size() < 5) return 0;
    const size_t total = 5 + (size_t(s[3]) | size_t(s[4]) << 8);
    return s.size() < total ? 0 : ignored(total);
  }

  size_t step_gs(std::span<const uint8_t> s) {
    if (s.size() < 2) return 0;
    auto fixed = [&](size_t n) { return s.size() >= n; };
    switch (s[1]) {
      case '!': {
        if (!fixed(3)) return 0;
        const uint8_t n = s[2];
        if (n & 0x88) return rejected(3);  // width and height are 1..8 each
        modes.size_w = ((n >> 4) & 0x07) + 1;
        modes.size_h = (n & 0x07) + 1;
        return 3;
      }
      case 'V': {
        if (!fixed(3)) return 0;
        const uint8_t m = s[2];
        if (m == 0 || m == 48 || m == 1 || m == 49) {
          cut(m == 1 || m == 49, 0);
          return 3;
        }
        if (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104) {
          if (!fixed(4)) return 0;
          cut(m == 66 || m == 98 || m == 104, s[3]);
          return 4;
        }
        return rejected(3);
      }
      case '(': {
        if (!fixed(5)) return 0;
        const size_t length = size_t(s[3]) | size_t(s[4]) << 8;
        if (s.size() < 5 + length) return 0;
        if (s[2] == 'k')
          qr_function(s.subspan(5, length));
        else
          ++stats.ignored_commands;
        return 5 + length;
      }
      case 'v': {  // GS v 0 m xL xH yL yH d1…dk: raster image
        if (!fixed(3)) return 0;
        if (s[2] != '0') {
          unknown(s);
          return 2;
        }
        if (!fixed(8)) return 0;
        const uint8_t m = s[3];
        const size_t x_bytes = size_t(s[4]) | size_t(s[5]) << 8;
        const size_t rows = size_t(s[6]) | size_t(s[7]) << 8;
        const bool mode_ok = m <= 3 || (m >= 48 && m <= 51);
        if (!mode_ok || x_bytes == 0 || x_bytes > 255 || rows == 0 || rows > 4095) return rejected(8);
        const size_t total = 8 + x_bytes * rows;
        if (s.size() < total) return 0;
        print_raster_image(s.subspan(8, x_bytes * rows), int(x_bytes), int(rows), m & 0x03);
        return total;
      }
      case 'k': {  // barcodes: framed, not rendered
        if (!fixed(3)) return 0;
        const uint8_t m = s[2];
        if (m <= 6) {
          for (size_t i = 3; i < s.size() && i < 3 + kMaxBarcodeBytes; ++i)
            if (s[i] == 0) return ignored(i + 1);
          return s.size() < 3 + kMaxBarcodeBytes ? 0 : rejected(3);
        }
        if (m >= 65 && m <= 79) return fixed(4) ? (s.size() < 4 + size_t(s[3]) ? 0 : ignored(4 + size_t(s[3]))) : 0;
        return rejected(3);
      }
      case 'r': {  // transmit status (not real-time: processed in order, only while online)
        if (!fixed(3)) return 0;
        const uint8_t n = s[2];
        if (n == 1 || n == 49) {
          uint8_t b = 0;
          if (condition == PrinterCondition::paper_low) b |= 0x03;
          if (answers_status) reply(b);
        } else if (n == 2 || n == 50 || n == 4 || n == 52) {
          if (answers_status) reply(0x00);
        } else {
          return rejected(3);
        }
        return 3;
      }
      case '8': {  // GS 8 L p1 p2 p3 p4 …: graphics with a 32-bit length
        if (!fixed(7)) return 0;
        const size_t length = size_t(s[3]) | size_t(s[4]) << 8 | size_t(s[5]) << 16 | size_t(s[6]) << 24;
        if (s[2] != 'L' || length > kMaxGraphicsBytes) return rejected(7);
        return s.size() < 7 + length ? 0 : ignored(7 + length);
      }
      case '*': {  // define downloaded bit image: x·y·8 bytes
        if (!fixed(4)) return 0;
        const size_t total = 4 + size_t(s[2]) * size_t(s[3]) * 8;
        return s.size() < total ? 0 : ignored(total);
      }
      case 'B':
      case 'H':
      case 'f':
      case 'h':
      case 'w':
      case 'a':
      case 'b':
      case 'I':
      case '/':
      case 'E': return fixed(3) ? ignored(3) : 0;
      case 'L':
      case 'W':
      case 'P':
      case '$':
      case '\\': return fixed(4) ? ignored(4) : 0;
      case ':': return ignored(2);
      default: unknown(s); return 2;
    }
  }

  // GS ( k, cn = 49: QR code functions 165/167/169/180/181 (hardware-facts §5.3).
  void qr_function(std::span<const uint8_t> p) {
    if (p.size() < 2) {
      ++stats.rejected_commands;
      return;
    }
    if (p[0] != 49) {  // other 2-D symbologies (PDF417 = 48, …) are not emulated
      ++stats.ignored_commands;
      return;
    }
    switch (p[1]) {
      case 65:  // 165: model
        if (p.size() >= 4 && p[2] >= 49 && p[2] <= 51)
          qr.model = p[2];
        else
          ++stats.rejected_commands;
        return;
      case 67:  // 167: module size
        if (p.size() >= 3 && p[2] >= 1 && p[2] <= 16)
          qr.module_dots = p[2];
        else
          ++stats.rejected_commands;
        return;
      case 69:  // 169: error correction
        if (p.size() >= 3 && p[2] >= 48 && p[2] <= 51)
          qr.error_correction = p[2];
        else
          ++stats.rejected_commands;
        return;
      case 80:  // 180: store, m = 48
        if (p.size() >= 4 && p[2] == 48 && p.size() - 3 <= kQrMaxPayloadBytes)
          qr.data.assign(p.begin() + 3, p.end());
        else
          ++stats.rejected_commands;
        return;
      case 81:  // 181: print, m = 48
        if (p.size() >= 3 && p[2] == 48)
          print_qr();
        else
          ++stats.rejected_commands;
        return;
      case 82:  // 182: size information (the reply is not emulated)
        ++stats.ignored_commands;
        return;
      default:
        ++stats.unknown_commands;
        log::debug(kLogComponent, "skipped unknown QR function " + std::to_string(p[1]));
        return;
    }
  }

  // -- printing ---------------------------------------------------------------------------------------------
  void reset_modes() {
    modes = Modes{};
    modes.chinese = options.chinese_mode_at_power_on;
    qr = QrSettings{};
    line.clear();  // ESC @ clears the print buffer: unprinted text is lost, as on the printer
    line_x = 0;
  }

  void ensure_rows(int rows) {
    rows = std::min(rows, options.max_ticket_dots);
    if (rows <= paper_rows) return;
    paper.resize(size_t(rows) * size_t(width), 255);
    paper_rows = rows;
  }

  void fill(int x, int y0, int w, int h) {
    const int x_begin = std::max(x, 0), x_end = std::min(x + w, width);
    if (x_begin >= x_end || h <= 0) return;
    const int y_end = y0 + h;
    if (y_end > options.max_ticket_dots)
      stats.clipped_dots += size_t(y_end - std::max(y0, options.max_ticket_dots)) * size_t(x_end - x_begin);
    const int y_limit = std::min(y_end, options.max_ticket_dots);
    if (y_limit <= y0) return;
    ensure_rows(y_limit);
    for (int row = std::max(y0, 0); row < y_limit; ++row)
      std::fill_n(paper.begin() + long(size_t(row) * size_t(width) + size_t(x_begin)), x_end - x_begin, uint8_t(0));
  }

  int aligned_left(int content_width) const {
    switch (modes.align) {
      case Align::center: return std::max(0, (width - content_width) / 2);
      case Align::right: return std::max(0, width - content_width);
      case Align::left: break;
    }
    return 0;
  }

  void print_char(char32_t cp, bool wide) {
    const GlyphCell& cell = font.cell(cp, wide);
    if (cell.missing) ++stats.missing_glyphs;
    const int cell_w = cell.width * modes.size_w;
    int advance = cell_w + (wide ? 0 : modes.ascii_right_spacing * modes.size_w);
    if (line_x + cell_w > width && line_x > 0) print_line(modes.line_spacing);  // wrap, never split
    advance = std::min(advance, width - line_x);
    line.push_back(
        {line_x, cp, wide, modes.size_w, modes.size_h, modes.bold || modes.double_strike, modes.underline, advance});
    line_x += advance;
    ++stats.characters_printed;
  }

  void horizontal_tab() {
    const int next = (line_x / kDefaultTabDots + 1) * kDefaultTabDots;
    if (next < width) line_x = next;  // beyond the print area HT is ignored
  }

  // Prints the line buffer (if any) and moves the paper by `advance` dots, or by the line's height
  // when that is taller, so enlarged characters never overlap the next line.
  // Moves the paper. y stops at the ticket limit (everything printed beyond it is clipped), so no stream
  // of feeds can overflow it.
  void advance_paper(int dots) { y = std::min(y + std::max(dots, 0), options.max_ticket_dots); }

  void print_line(int advance) {
    if (line.empty()) {
      advance_paper(advance);
      line_x = 0;
      return;
    }
    int line_height = 0;
    for (const Placed& p : line) line_height = std::max(line_height, kCellHeightDots * p.size_h);
    const int left = aligned_left(line_x);
    const int baseline = y + line_height;  // characters of different sizes share their bottom edge
    for (const Placed& p : line) {
      const GlyphCell& cell = font.cell(p.cp, p.wide);
      const int cell_left = left + p.x;
      const int cell_top = baseline - cell.height * p.size_h;
      for (int cy = 0; cy < cell.height; ++cy)
        for (int cx = 0; cx < cell.width; ++cx)
          if (cell.ink[size_t(cy * cell.width + cx)]) {
            fill(cell_left + cx * p.size_w, cell_top + cy * p.size_h, p.size_w, p.size_h);
            if (p.bold) fill(cell_left + cx * p.size_w + 1, cell_top + cy * p.size_h, p.size_w, p.size_h);
          }
      if (p.underline > 0) fill(cell_left, baseline - p.underline, p.advance, p.underline);
    }
    advance_paper(std::max(advance, line_height));
    line.clear();
    line_x = 0;
  }

  void feed_lines(int n) {
    const int advance = n * modes.line_spacing;
    if (line.empty()) {
      advance_paper(advance);
      return;
    }
    print_line(advance);
  }

  void end_line_before_block() {
    if (!line.empty()) print_line(modes.line_spacing);
    line_x = 0;
  }

  void print_qr() {
    end_line_before_block();
    if (qr.data.empty()) {
      ++stats.qr_failed;
      log::debug(kLogComponent, "QR print with no stored data");
      return;
    }
    QRecLevel level = QR_ECLEVEL_L;
    switch (qr.error_correction) {
      case 49: level = QR_ECLEVEL_M; break;
      case 50: level = QR_ECLEVEL_Q; break;
      case 51: level = QR_ECLEVEL_H; break;
      default: break;
    }
    QRcode* code = nullptr;
    const int size = int(qr.data.size());
    if (qr.model == uint8_t(QrModel::model2)) {
      code = QRcode_encodeData(size, qr.data.data(), 0, level);
    } else if (qr.model == uint8_t(QrModel::micro)) {
      for (int version = 1; version <= 4 && !code; ++version)
        code = QRcode_encodeDataMQR(size, qr.data.data(), version, level);
    }  // model 1 is obsolete and libqrencode cannot draw it: not printed
    if (!code) {
      ++stats.qr_failed;
      log::debug(kLogComponent, "QR symbol could not be encoded (" + std::to_string(size) + " bytes)");
      return;
    }
    const int dots = code->width * qr.module_dots;
    if (dots > width) {
      ++stats.qr_failed;  // "symbols wider than the print area are not printed" (§5.3)
      log::debug(kLogComponent, "QR symbol of " + std::to_string(dots) + " dots is wider than the paper");
      QRcode_free(code);
      return;
    }
    const int left = aligned_left(dots);
    ensure_rows(y + dots);
    for (int my = 0; my < code->width; ++my)
      for (int mx = 0; mx < code->width; ++mx)
        if (code->data[my * code->width + mx] & 1)
          fill(left + mx * qr.module_dots, y + my * qr.module_dots, qr.module_dots, qr.module_dots);
    advance_paper(dots);
    ++stats.qr_printed;
    QRcode_free(code);
  }

  // GS v 0: bits MSB first, 1 = ink; scale 0 normal, 1 double width, 2 double height, 3 both.
  void print_raster_image(std::span<const uint8_t> data, int x_bytes, int rows, int scale) {
    end_line_before_block();
    const int sx = (scale & 1) ? 2 : 1, sy = (scale & 2) ? 2 : 1;
    const int image_width = x_bytes * 8 * sx;
    const int left = aligned_left(std::min(image_width, width));
    ensure_rows(y + rows * sy);
    for (int r = 0; r < rows; ++r)
      for (int bx = 0; bx < x_bytes * 8; ++bx)
        if (data[size_t(r * x_bytes + bx / 8)] & (0x80 >> (bx % 8))) fill(left + bx * sx, y + r * sy, sx, sy);
    advance_paper(rows * sy);
  }

  void cut(bool partial, int feed_dots) {
    end_line_before_block();
    advance_paper(feed_dots);
    const int content_rows = std::min(y, options.max_ticket_dots);
    ensure_rows(content_rows);
    Raster ticket;
    ticket.width = width;
    ticket.height = content_rows + kCutMarkRows;
    ticket.pixels.assign(size_t(ticket.height) * size_t(width), 255);
    std::copy_n(paper.begin(), size_t(content_rows) * size_t(width), ticket.pixels.begin());
    // The cut: a dashed line; a partial cut leaves a tab of paper uncut in the middle.
    const int tab_begin = width * 5 / 12, tab_end = width * 7 / 12;
    for (int row = ticket.height - 2; row < ticket.height; ++row)
      for (int x = 0; x < width; ++x) {
        const bool dash = (x % 12) < 8;
        const bool uncut = partial && x >= tab_begin && x < tab_end;
        if (dash && !uncut) ticket.pixels[size_t(row) * size_t(width) + size_t(x)] = 0;
      }
    tickets.push_back(std::move(ticket));
    paper.clear();
    paper_rows = 0;
    y = 0;
  }

  Raster uncut() const {
    Raster r;
    r.width = width;
    r.height = std::min(y, options.max_ticket_dots);
    r.pixels.assign(size_t(r.height) * size_t(width), 255);
    std::copy_n(paper.begin(), std::min(paper.size(), r.pixels.size()), r.pixels.begin());
    return r;
  }
};

// --- public ---------------------------------------------------------------------------------------------
Result<EscPosEmulator> EscPosEmulator::create(const EmulatorOptions& options) {
  assert(options.max_ticket_dots > 0 && "max_ticket_dots must be positive");
  const std::string path = options.font_path.empty() ? paths::cjk_font_path() : options.font_path;
  const int index = options.font_index < 0 ? paths::cjk_font_index() : options.font_index;
  auto font = PrinterFont::open(path, index);
  if (!font) return font.error();
  return EscPosEmulator(std::make_unique<Impl>(options, std::move(font).value()));
}

EscPosEmulator::EscPosEmulator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EscPosEmulator::EscPosEmulator(EscPosEmulator&&) noexcept = default;
EscPosEmulator& EscPosEmulator::operator=(EscPosEmulator&&) noexcept = default;
EscPosEmulator::~EscPosEmulator() = default;

void EscPosEmulator::feed(std::span<const uint8_t> bytes) { impl_->receive(bytes); }

std::vector<uint8_t> EscPosEmulator::take_replies() { return std::exchange(impl_->replies, {}); }

void EscPosEmulator::set_condition(PrinterCondition condition) {
  if (condition != impl_->condition)
    log::debug(kLogComponent, std::string("condition ") + to_string(impl_->condition) + " -> " + to_string(condition));
  impl_->condition = condition;
}
PrinterCondition EscPosEmulator::condition() const { return impl_->condition; }
void EscPosEmulator::set_answers_status(bool answers) { impl_->answers_status = answers; }
uint8_t EscPosEmulator::status_byte(StatusRequest which) const { return impl_->status_byte(uint8_t(which)); }

size_t EscPosEmulator::ticket_count() const { return impl_->first_ticket + impl_->tickets.size(); }

const Raster& EscPosEmulator::ticket(size_t index) const {
  assert(index >= impl_->first_ticket && index < ticket_count() && "ticket index not held (forgotten or not cut yet)");
  return impl_->tickets[index - impl_->first_ticket];
}

Status EscPosEmulator::write_png(size_t ticket_index, const std::string& path) const {
  if (ticket_index < impl_->first_ticket || ticket_index >= ticket_count())
    return make_error("escpos_emulator.no_such_ticket", "ticket " + std::to_string(ticket_index) + " is not held");
  return receipt_printer::write_png(ticket(ticket_index), path);
}

void EscPosEmulator::forget_tickets_before(size_t index) {
  while (impl_->first_ticket < index && !impl_->tickets.empty()) {
    impl_->tickets.pop_front();
    ++impl_->first_ticket;
  }
}

Raster EscPosEmulator::uncut_paper() const { return impl_->uncut(); }
PaperWidth EscPosEmulator::paper() const { return impl_->options.paper; }
int EscPosEmulator::width_dots() const { return impl_->width; }
const EmulatorStats& EscPosEmulator::stats() const { return impl_->stats; }

Status write_png(const Raster& raster, const std::string& path) {
  if (raster.width <= 0 || raster.height <= 0 || raster.pixels.size() != size_t(raster.width) * size_t(raster.height))
    return make_error("escpos_emulator.empty_raster", "nothing to write to " + path);
  if (!stbi_write_png(path.c_str(), raster.width, raster.height, 1, raster.pixels.data(), raster.width))
    return make_error("escpos_emulator.png_write", "cannot write " + path);
  return Ok{};
}

}  // namespace zhidui::drivers::receipt_printer
