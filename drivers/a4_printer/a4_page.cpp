// a4_page.cpp — see a4_page.h. Layout is two passes: every element becomes blocks of known height
// (a paragraph is one block per line, so long text can break between pages), the blocks are paginated,
// and only then drawn, because the footer needs the page count.
#include "drivers/a4_printer/a4_page.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>

namespace zhidui::drivers::a4_printer {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double kFooterSizePt = 8.5;

struct LayoutUnref {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::shared_ptr<PangoLayout>;

struct Block {
  double space_before = 0;  // dropped at the top of a page
  double height = 0;
  bool keep_with_next = false;  // a heading never ends a page
  std::function<void(cairo_t*, double x, double y)> draw;
  int page = 0;
  double y = 0;
};

struct Fonts {
  std::string family;
  PangoFontDescription* make(double size_pt, PangoWeight weight) const {
    PangoFontDescription* d = pango_font_description_from_string(family.c_str());
    pango_font_description_set_absolute_size(d, size_pt * PANGO_SCALE);
    pango_font_description_set_weight(d, weight);
    return d;
  }
};

class Composer {
 public:
  Composer(cairo_t* cr, const A4RenderOptions& o) : cr_(cr), options_(o), fonts_{o.font_family} {
    margin_ = o.margin_mm * kPointsPerMm;
    content_width_ = kA4WidthPt - 2 * margin_;
  }

  LayoutPtr layout(const std::string& text, double size_pt, PangoWeight weight, double width,
                   PangoAlignment align = PANGO_ALIGN_LEFT) {
    LayoutPtr l(pango_cairo_create_layout(cr_), LayoutUnref{});
    PangoFontDescription* d = fonts_.make(size_pt, weight);
    pango_layout_set_font_description(l.get(), d);
    pango_font_description_free(d);
    pango_layout_set_width(l.get(), int(width * PANGO_SCALE));
    pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l.get(), align);
    pango_layout_set_text(l.get(), text.c_str(), int(text.size()));
    return l;
  }

  static double height_of(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return double(h) / PANGO_SCALE;
  }

  // One block per line, so that a paragraph may continue on the next page.
  void add_lines(const std::string& text, double size_pt, PangoWeight weight, double space_before,
                 PangoAlignment align = PANGO_ALIGN_LEFT, double gray = 0) {
    LayoutPtr l = layout(text, size_pt, weight, content_width_, align);
    PangoLayoutIter* it = pango_layout_get_iter(l.get());
    bool first = true;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      const double baseline = double(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
      const double line_x = double(logical.x) / PANGO_SCALE;
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it);
      Block b;
      b.space_before = first ? space_before : 0;
      b.height = double(logical.height) / PANGO_SCALE;
      b.draw = [l, line, baseline, line_x, gray](cairo_t* cr, double x, double y) {
        cairo_set_source_rgb(cr, gray, gray, gray);
        cairo_move_to(cr, x + line_x, y + baseline);
        pango_cairo_show_layout_line(cr, line);
      };
      blocks_.push_back(std::move(b));
      first = false;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
  }

  void add_heading(const std::string& text) {
    LayoutPtr l = layout(text, options_.body_size_pt + 2, PANGO_WEIGHT_BOLD, content_width_);
    const double h = height_of(l.get());
    const double width = content_width_;
    Block b;
    b.space_before = 14;
    b.height = h + 5;
    b.keep_with_next = true;
    b.draw = [l, h, width](cairo_t* cr, double x, double y) {
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_move_to(cr, x, y);
      pango_cairo_show_layout(cr, l.get());
      cairo_set_line_width(cr, 0.8);
      cairo_move_to(cr, x, y + h + 2);
      cairo_line_to(cr, x + width, y + h + 2);
      cairo_stroke(cr);
    };
    blocks_.push_back(std::move(b));
  }

  void add_row(const A4Row& row) {
    const double gap = 10;
    const double label_width = content_width_ * 0.30;
    const double value_width = content_width_ - label_width - gap;
    LayoutPtr label = layout(row.label, options_.body_size_pt, PANGO_WEIGHT_NORMAL, label_width);
    LayoutPtr value = layout(row.value, options_.body_size_pt, PANGO_WEIGHT_NORMAL, value_width);
    const double h = std::max(height_of(label.get()), height_of(value.get()));
    const double width = content_width_;
    Block b;
    b.space_before = 0;
    b.height = h + 7;
    b.draw = [label, value, h, width, label_width, gap](cairo_t* cr, double x, double y) {
      cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
      cairo_move_to(cr, x, y + 3);
      pango_cairo_show_layout(cr, label.get());
      cairo_set_source_rgb(cr, 0, 0, 0);
      cairo_move_to(cr, x + label_width + gap, y + 3);
      pango_cairo_show_layout(cr, value.get());
      cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
      cairo_set_line_width(cr, 0.4);
      cairo_move_to(cr, x, y + h + 6.5);
      cairo_line_to(cr, x + width, y + h + 6.5);
      cairo_stroke(cr);
    };
    blocks_.push_back(std::move(b));
  }

  Status add_qr(const std::string& payload, const std::string& caption) {
    QRcode* code = QRcode_encodeString8bit(payload.c_str(), 0, QR_ECLEVEL_M);
    if (!code)
      return make_error("a4.qr_encode", "cannot encode a QR payload of " + std::to_string(payload.size()) + " bytes");
    auto modules = std::make_shared<std::vector<uint8_t>>(size_t(code->width) * size_t(code->width));
    for (size_t i = 0; i < modules->size(); ++i) (*modules)[i] = code->data[i] & 1;
    const int n = code->width;
    QRcode_free(code);
    const double side = options_.qr_size_mm * kPointsPerMm;
    const double left = (content_width_ - side) / 2;
    Block b;
    b.space_before = 16;
    b.height = side;
    b.keep_with_next = !caption.empty();
    // Vector squares, not a bitmap: sharp at any printer resolution and a few hundred bytes.
    b.draw = [modules, n, side, left](cairo_t* cr, double x, double y) {
      const double m = side / n;
      cairo_set_source_rgb(cr, 0, 0, 0);
      for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col)
          if ((*modules)[size_t(row) * size_t(n) + size_t(col)])
            cairo_rectangle(cr, x + left + col * m, y + row * m, m, m);
      cairo_fill(cr);
    };
    blocks_.push_back(std::move(b));
    if (!caption.empty())
      add_lines(caption, options_.body_size_pt - 1, PANGO_WEIGHT_NORMAL, 4, PANGO_ALIGN_CENTER, 0.3);
    return Ok{};
  }

  void compose_footer(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
    if (!text.empty()) footer_ = layout(text, kFooterSizePt, PANGO_WEIGHT_NORMAL, content_width_ * 0.8);
    page_number_ = layout("0 / 0", kFooterSizePt, PANGO_WEIGHT_NORMAL, content_width_ * 0.2, PANGO_ALIGN_RIGHT);
    footer_height_ = std::max(footer_ ? height_of(footer_.get()) : 0.0, height_of(page_number_.get()));
  }

  int paginate() {
    const double top = margin_;
    const double bottom = kA4HeightPt - margin_ - footer_height_ - 12;
    int page = 0;
    double y = top;
    for (size_t i = 0; i < blocks_.size(); ++i) {
      Block& b = blocks_[i];
      double needed = b.space_before + b.height;
      // A heading (or a QR code with its caption) moves to the next page together with what follows.
      for (size_t j = i; blocks_[j].keep_with_next && j + 1 < blocks_.size(); ++j)
        needed += blocks_[j + 1].space_before + blocks_[j + 1].height;
      if (y > top && y + needed > bottom) {
        ++page;
        y = top;
      }
      if (y > top) y += b.space_before;
      b.page = page;
      b.y = y;
      y += b.height;
    }
    return page + 1;
  }

  void draw(int pages) {
    size_t next = 0;
    for (int page = 0; page < pages; ++page) {
      cairo_set_source_rgb(cr_, 1, 1, 1);
      cairo_paint(cr_);
      for (; next < blocks_.size() && blocks_[next].page == page; ++next)
        blocks_[next].draw(cr_, margin_, blocks_[next].y);
      draw_footer(page + 1, pages);
      cairo_show_page(cr_);
    }
  }

 private:
  void draw_footer(int page, int pages) {
    const double y = kA4HeightPt - margin_ - footer_height_;
    cairo_set_source_rgb(cr_, 0.7, 0.7, 0.7);
    cairo_set_line_width(cr_, 0.4);
    cairo_move_to(cr_, margin_, y - 6);
    cairo_line_to(cr_, margin_ + content_width_, y - 6);
    cairo_stroke(cr_);
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    if (footer_) {
      cairo_move_to(cr_, margin_, y);
      pango_cairo_show_layout(cr_, footer_.get());
    }
    const std::string number = std::to_string(page) + " / " + std::to_string(pages);
    pango_layout_set_text(page_number_.get(), number.c_str(), int(number.size()));
    cairo_move_to(cr_, margin_ + content_width_ * 0.8, y);
    pango_cairo_show_layout(cr_, page_number_.get());
  }

  cairo_t* cr_;
  const A4RenderOptions& options_;
  Fonts fonts_;
  double margin_ = 0;
  double content_width_ = 0;
  std::vector<Block> blocks_;
  LayoutPtr footer_;
  LayoutPtr page_number_;
  double footer_height_ = 0;
};

cairo_status_t append_to_vector(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::vector<uint8_t>*>(closure);
  out->insert(out->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

Status check_text(const A4Page& page) {
  auto valid = [](const std::string& s) { return g_utf8_validate(s.data(), gssize(s.size()), nullptr) != 0; };
  bool ok = valid(page.title) && valid(page.subtitle) && valid(page.qr_caption);
  for (const auto& s : page.sections) {
    ok = ok && valid(s.heading);
    for (const auto& r : s.rows) ok = ok && valid(r.label) && valid(r.value);
  }
  for (const auto& p : page.paragraphs) ok = ok && valid(p);
  for (const auto& f : page.footer_lines) ok = ok && valid(f);
  if (!ok) return make_error("a4.invalid_text", "page text is not valid UTF-8");
  return Ok{};
}

}  // namespace

Result<RenderedPdf> render_pdf(const A4Page& page, const A4RenderOptions& options) {
  if (auto s = check_text(page); !s) return s.error();
  RenderedPdf out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append_to_vector, &out.bytes, kA4WidthPt, kA4HeightPt);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "zhidui");
  cairo_t* cr = cairo_create(surface);
  {
    Composer c(cr, options);
    if (!page.title.empty()) c.add_lines(page.title, options.title_size_pt, PANGO_WEIGHT_BOLD, 0, PANGO_ALIGN_CENTER);
    if (!page.subtitle.empty())
      c.add_lines(page.subtitle, options.body_size_pt + 1, PANGO_WEIGHT_NORMAL, 6, PANGO_ALIGN_CENTER, 0.3);
    for (const auto& section : page.sections) {
      if (!section.heading.empty()) c.add_heading(section.heading);
      for (const auto& row : section.rows) c.add_row(row);
    }
    for (const auto& paragraph : page.paragraphs) c.add_lines(paragraph, options.body_size_pt, PANGO_WEIGHT_NORMAL, 8);
    Status qr = Ok{};
    if (!page.qr_payload.empty()) qr = c.add_qr(page.qr_payload, page.qr_caption);
    if (qr) {
      c.compose_footer(page.footer_lines);
      out.pages = c.paginate();
      c.draw(out.pages);
    }
    if (!qr) {
      cairo_destroy(cr);
      cairo_surface_destroy(surface);
      return qr.error();
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return make_error("a4.render", std::string("cairo could not write the PDF: ") + cairo_status_to_string(status));
  return out;
}

Result<int> render_pdf_file(const A4Page& page, const std::string& path, const A4RenderOptions& options) {
  auto pdf = render_pdf(page, options);
  if (!pdf) return pdf.error();
  const std::string part = path + ".part";
  {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(pdf->bytes.data()), std::streamsize(pdf->bytes.size()));
    if (!out) return make_error("a4.write_file", "cannot write " + part);
  }
  std::error_code ec;
  std::filesystem::rename(part, path, ec);
  if (ec) return make_error("a4.write_file", "cannot rename " + part + ": " + ec.message());
  return pdf->pages;
}

}  // namespace zhidui::drivers::a4_printer
