// printer_font.cpp — see printer_font.h.
#include "drivers/receipt_printer/printer_font.h"

#include <stb_truetype.h>  // implementation lives in Debian's libstb.so: no STB_TRUETYPE_IMPLEMENTATION

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#include "drivers/receipt_printer/escpos.h"

namespace zhidui::drivers::receipt_printer {

namespace {
// Coverage at or above this is ink. Slightly below half keeps the thin horizontal strokes of 24-pixel
// Chinese glyphs continuous, which is what the hand-tuned bitmap fonts of real printers achieve.
constexpr int kInkThreshold = 112;
constexpr int kNarrowInkMaxWidth = kAsciiCellWidthDots - 1;  // leave one dot between ASCII characters
}  // namespace

struct PrinterFont::Face {
  std::shared_ptr<const std::vector<uint8_t>> file;  // stbtt_fontinfo points into these bytes
  stbtt_fontinfo info{};
  float scale = 0;      // pixels per font unit at a 24-pixel em
  int baseline_px = 0;  // from the cell top, so that the ideographic em box fills the 24-dot cell
};

Result<PrinterFont> PrinterFont::open(const std::string& path, int face_index) {
  // One copy of each font file per process: tests build thousands of emulators.
  static std::mutex files_mutex;
  static std::map<std::string, std::shared_ptr<const std::vector<uint8_t>>> files;
  std::shared_ptr<const std::vector<uint8_t>> file;
  {
    std::lock_guard lock(files_mutex);
    auto it = files.find(path);
    if (it != files.end()) {
      file = it->second;
    } else {
      std::ifstream in(path, std::ios::binary);
      if (!in) return make_error("escpos_emulator.font_missing", "cannot open font " + path);
      auto bytes =
          std::make_shared<std::vector<uint8_t>>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      file = bytes;
      files.emplace(path, file);
    }
  }
  const int offset = stbtt_GetFontOffsetForIndex(file->data(), face_index);
  auto face = std::make_shared<Face>();
  face->file = file;
  if (offset < 0 || !stbtt_InitFont(&face->info, file->data(), offset)) {
    return make_error("escpos_emulator.font_invalid",
                      "no usable face " + std::to_string(face_index) + " in font " + path);
  }
  face->scale = stbtt_ScaleForMappingEmToPixels(&face->info, float(kCellHeightDots));
  int ascent = 0, descent = 0, gap = 0;
  if (!stbtt_GetFontVMetricsOS2(&face->info, &ascent, &descent, &gap))
    stbtt_GetFontVMetrics(&face->info, &ascent, &descent, &gap);
  // Noto CJK's typographic ascender (880/1000) is the top of the ideographic em box.
  face->baseline_px = int(std::lround(float(ascent) * face->scale));
  face->baseline_px = std::clamp(face->baseline_px, 1, kCellHeightDots);
  return PrinterFont(std::move(face));
}

PrinterFont::PrinterFont(std::shared_ptr<const Face> face) : face_(std::move(face)) {}
PrinterFont::PrinterFont(PrinterFont&&) noexcept = default;
PrinterFont& PrinterFont::operator=(PrinterFont&&) noexcept = default;
PrinterFont::~PrinterFont() = default;

const GlyphCell& PrinterFont::cell(char32_t cp, bool wide) {
  const uint64_t key = (uint64_t(cp) << 1) | (wide ? 1 : 0);
  auto it = cache_.find(key);
  if (it == cache_.end()) it = cache_.emplace(key, rasterise(cp, wide)).first;
  return it->second;
}

GlyphCell PrinterFont::rasterise(char32_t cp, bool wide) const {
  GlyphCell cell;
  cell.width = wide ? kCjkCellWidthDots : kAsciiCellWidthDots;
  cell.height = kCellHeightDots;
  cell.ink.assign(size_t(cell.width * cell.height), 0);
  auto set = [&](int x, int y) {
    if (x >= 0 && x < cell.width && y >= 0 && y < cell.height) cell.ink[size_t(y * cell.width + x)] = 1;
  };

  const stbtt_fontinfo* info = &face_->info;
  const int glyph = stbtt_FindGlyphIndex(info, int(cp));
  if (glyph == 0) {
    // Tofu: a hollow box inset from the cell edges, so a missing glyph is visible, not blank.
    cell.missing = true;
    for (int x = 2; x < cell.width - 2; ++x) set(x, 3), set(x, cell.height - 3);
    for (int y = 3; y <= cell.height - 3; ++y) set(2, y), set(cell.width - 3, y);
    return cell;
  }

  float scale_x = face_->scale;
  const float scale_y = face_->scale;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  stbtt_GetGlyphBitmapBox(info, glyph, scale_x, scale_y, &x0, &y0, &x1, &y1);
  if (x1 <= x0 || y1 <= y0) return cell;  // a space
  if (!wide && x1 - x0 > kNarrowInkMaxWidth) {
    scale_x *= float(kNarrowInkMaxWidth) / float(x1 - x0);
    stbtt_GetGlyphBitmapBox(info, glyph, scale_x, scale_y, &x0, &y0, &x1, &y1);
  }
  const int w = x1 - x0, h = y1 - y0;
  std::vector<uint8_t> coverage(size_t(w * h), 0);
  stbtt_MakeGlyphBitmap(info, coverage.data(), w, h, w, scale_x, scale_y, glyph);

  // Horizontal placement: Chinese (wide) glyphs keep the font's own position inside their advance box
  // (a full-width comma sits low left); narrow ones are centred, as in a monospaced printer font.
  int left = 0;
  if (wide) {
    int advance = 0, lsb = 0;
    stbtt_GetGlyphHMetrics(info, glyph, &advance, &lsb);
    const int advance_px = int(std::lround(float(advance) * scale_x));
    left = (cell.width - std::min(advance_px, cell.width)) / 2 + x0;
  } else {
    left = (cell.width - w) / 2;
  }
  const int top = face_->baseline_px + y0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      if (coverage[size_t(y * w + x)] >= kInkThreshold) set(left + x, top + y);
  return cell;
}

}  // namespace zhidui::drivers::receipt_printer
