// a4_page.h — an A4 document (application form, acceptance receipt, technician test page) as a small
// model, and its rendering to PDF with cairo + pango.
//
// The kiosk fills the model with finished text: every personal value is already masked by the caller
// (base/mask.h); this layer prints what it is given and never masks or reformats. Pango shapes
// and wraps the Chinese text (UAX #14 line breaking, CJK punctuation rules); content that does not fit
// flows onto further pages, each with the footer lines and "page / pages". A4 portrait, PDF points.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace zhidui::drivers::a4_printer {

struct A4Row {
  std::string label;
  std::string value;
};

struct A4Section {
  std::string heading;  // may be empty
  std::vector<A4Row> rows;
};

struct A4Page {
  std::string title;
  std::string subtitle;                   // under the title, smaller; may be empty
  std::vector<A4Section> sections;        // label/value tables, in order
  std::vector<std::string> paragraphs;    // free text after the sections
  std::string qr_payload;                 // empty: no QR code
  std::string qr_caption;                 // under the QR code
  std::vector<std::string> footer_lines;  // at the bottom of every page
};

struct A4RenderOptions {
  std::string font_family = "Noto Sans CJK SC";
  double body_size_pt = 11;
  double title_size_pt = 20;
  double margin_mm = 18;
  double qr_size_mm = 36;
};

struct RenderedPdf {
  std::vector<uint8_t> bytes;
  int pages = 0;
};

// A4 portrait in PDF points (1/72 inch).
constexpr double kA4WidthPt = 595.2756;
constexpr double kA4HeightPt = 841.8898;

Result<RenderedPdf> render_pdf(const A4Page& page, const A4RenderOptions& options = {});
// The same, written to `path` (replaced atomically: a reader never sees half a file).
Result<int> render_pdf_file(const A4Page& page, const std::string& path, const A4RenderOptions& options = {});

}  // namespace zhidui::drivers::a4_printer
