// a4_printer.cpp — see a4_printer.h.
#include "drivers/a4_printer/a4_printer.h"

namespace zhidui::drivers::a4_printer {

A4Printer::~A4Printer() = default;

Result<PrintedJob> print_page(A4Printer& printer, const A4Page& page, const std::string& job_title,
                              const A4RenderOptions& options) {
  auto pdf = render_pdf(page, options);
  if (!pdf) return pdf.error();
  return printer.print_pdf(pdf->bytes, job_title);
}

}  // namespace zhidui::drivers::a4_printer
