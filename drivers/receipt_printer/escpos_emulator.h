// escpos_emulator.h — a virtual ESC/POS receipt printer: raw bytes in, paper (one raster per ticket) out.
//
// It interprets the byte stream exactly as it arrives — in chunks of any size, with commands split
// anywhere — and prints as a printer with the standard 24-dot font would: 12×24 ASCII and 24×24 Chinese
// cells (GB18030 after FS &), GS ! / ESC ! enlargement, bold, alignment per line, line spacing, feeds,
// QR symbols regenerated from the stored payload with libqrencode, raster images (GS v 0), and cuts.
// Each cut ends a ticket (drawn with a dashed cut line) and starts the next. It answers the real-time
// status request DLE EOT n for a simulated condition, and while the condition keeps a real printer
// offline (paper out, cover open, jammed) the bytes it receives are not printed.
//
// What it does not emulate is counted, never fatal: unknown commands are skipped (EmulatorStats), and a
// malformed stream cannot make it read outside its buffers or grow without bound.
//
// Decisions where printers differ (documented so tests and readers know what "exact" means here):
//  - ESC ! and GS ! set one shared character size for ASCII and Chinese alike (Chinese clones; Epson's
//    Kanji models use FS ! for Chinese instead). FS ! is consumed and ignored.
//  - ESC a is honoured only at the start of a line (Epson); mid-line it is ignored and counted.
//  - ESC @ clears the line being assembled and the stored QR data, and restores power-on modes.
//  - DLE EOT is recognised on reception, anywhere in the stream (as on Epson printers), so a status
//    query is answered even while the parser waits for the rest of a long or truncated command.
//  - The paper is cut at the current print position (GS V 65/66 n first feed n dots); the distance
//    from the head to the cutter is not modelled.
//  - Lines wider than the print area wrap onto the next line, never splitting a character.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "drivers/receipt_printer/escpos.h"
#include "base/result.h"

namespace zhidui::drivers::receipt_printer {

// A 1-bit-looking grayscale image: one byte per pixel, 0 = ink, 255 = paper. Row-major, no padding.
struct Raster {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;

  uint8_t at(int x, int y) const { return pixels[size_t(y) * size_t(width) + size_t(x)]; }
  bool operator==(const Raster&) const = default;
};

// What the simulated printer is going through; each maps to the DLE EOT bits of hardware-facts §5.4.
enum class PrinterCondition : uint8_t {
  ok,
  paper_low,   // near-end sensor: still prints
  paper_out,   // offline, printing stopped by paper end
  cover_open,  // offline
  jammed,      // offline with an error: autocutter error (paper jammed in the cutter)
};
const char* to_string(PrinterCondition c);
// False for the conditions in which a real printer is offline and prints nothing.
bool prints_in(PrinterCondition c);

struct EmulatorOptions {
  PaperWidth paper = PaperWidth::mm80;
  // Most Chinese-market printers can be set to start in Chinese mode; the strict default makes a
  // stream that forgets FS & print mojibake, as it would on an Epson.
  bool chinese_mode_at_power_on = false;
  std::string font_path;  // empty: paths::cjk_font_path()
  int font_index = -1;    // negative: paths::cjk_font_index()
  // Paper longer than this (2 m at 8 dots/mm) within one ticket is clipped, so a malicious stream of
  // feeds cannot exhaust memory.
  int max_ticket_dots = 16000;
};

struct EmulatorStats {
  size_t bytes_received = 0;
  size_t bytes_discarded = 0;      // received while offline (paper out, cover open, jammed)
  size_t unknown_commands = 0;     // not recognised: skipped
  size_t ignored_commands = 0;     // recognised and framed, but not emulated (drawer kick, code page…)
  size_t rejected_commands = 0;    // recognised, parameters out of range: ignored as a printer does
  size_t replaced_characters = 0;  // bytes that are not a valid GB18030 character, printed as '?'
  size_t missing_glyphs = 0;       // valid characters the font lacks, printed as a hollow box
  size_t characters_printed = 0;
  size_t qr_printed = 0;
  size_t qr_failed = 0;  // nothing stored, payload not encodable, or wider than the paper
  size_t status_replies = 0;
  size_t clipped_dots = 0;  // rows dropped beyond max_ticket_dots
};

class EscPosEmulator {
 public:
  // Fails only when the font cannot be loaded.
  static Result<EscPosEmulator> create(const EmulatorOptions& options = {});
  EscPosEmulator(EscPosEmulator&&) noexcept;
  EscPosEmulator& operator=(EscPosEmulator&&) noexcept;
  ~EscPosEmulator();

  // The printer's receive path. Any bytes, any chunking.
  void feed(std::span<const uint8_t> bytes);
  // Bytes the printer sent back (status replies), oldest first; the buffer is emptied.
  std::vector<uint8_t> take_replies();

  void set_condition(PrinterCondition condition);
  PrinterCondition condition() const;
  // A printer on a one-way link, or with firmware that ignores DLE EOT, never answers.
  void set_answers_status(bool answers);
  // The byte DLE EOT n answers in the current condition (n = 1..4).
  uint8_t status_byte(StatusRequest which) const;

  // Completed tickets are numbered from 0 in cut order; numbers stay valid after forgetting older ones.
  size_t ticket_count() const;
  const Raster& ticket(size_t index) const;  // asserts index is held
  Status write_png(size_t ticket, const std::string& path) const;
  // Releases the rasters of tickets before `index` (a long-running fake keeps memory flat).
  void forget_tickets_before(size_t index);
  // The paper printed since the last cut (not yet a ticket), for previews.
  Raster uncut_paper() const;

  PaperWidth paper() const;
  int width_dots() const;
  const EmulatorStats& stats() const;

 private:
  struct Impl;
  explicit EscPosEmulator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Writes any raster as an 8-bit grayscale PNG.
Status write_png(const Raster& raster, const std::string& path);

}  // namespace zhidui::drivers::receipt_printer
