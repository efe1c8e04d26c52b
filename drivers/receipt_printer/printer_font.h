// printer_font.h — the emulator's character generator: 1-bit 24-dot glyph cells from Noto Sans CJK.
//
// A thermal printer prints characters from fixed bitmap cells: 12×24 for single-byte (ASCII) characters
// and 24×24 for Chinese. We make such cells once per character by rasterising the kiosk's CJK font with
// stb_truetype at a 24-pixel em and thresholding to ink/no ink, so the emulator's paper looks like the
// printer's: blocky when enlarged, never anti-aliased. The font file (19 MB) is read once per process
// and shared; each PrinterFont keeps its own glyph cache, so it needs no lock.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/result.h"

namespace zhidui::drivers::receipt_printer {

// One character cell, row-major, 1 = ink.
struct GlyphCell {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> ink;
  bool missing = false;  // the font has no glyph: the cell shows a hollow box, as printer fonts do
};

class PrinterFont {
 public:
  // Loads (or reuses) the font file and the face at `face_index` of a .ttc collection.
  static Result<PrinterFont> open(const std::string& path, int face_index);

  // The 24×24 (wide) or 12×24 (narrow) cell of `cp`. Narrow cells squeeze glyphs wider than the cell
  // horizontally, like the condensed ASCII of a printer font.
  const GlyphCell& cell(char32_t cp, bool wide);

  PrinterFont(PrinterFont&&) noexcept;
  PrinterFont& operator=(PrinterFont&&) noexcept;
  ~PrinterFont();

 private:
  struct Face;
  explicit PrinterFont(std::shared_ptr<const Face> face);
  GlyphCell rasterise(char32_t cp, bool wide) const;

  std::shared_ptr<const Face> face_;
  std::unordered_map<uint64_t, GlyphCell> cache_;
};

}  // namespace zhidui::drivers::receipt_printer
