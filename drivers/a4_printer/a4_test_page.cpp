// a4_test_page.cpp — see a4_test_page.h.
#include "drivers/a4_printer/a4_test_page.h"

#include "drivers/a4_printer/cups_status.h"
#include "base/log.h"
#include "zhidui_build_paths.h"

namespace zhidui::drivers::a4_printer {

A4Page make_a4_test_page(const A4TestPageInfo& info, const DeviceStatus& status_before) {
  A4Page p;
  p.title = "zhidui A4 test page";
  p.subtitle = info.chinese_sample;
  A4Section printer{"Printer",
                    {{"Printer", info.printer_description},
                     {"State before printing",
                      std::string(to_string(status_before.state)) + " / " + to_string(status_before.severity)},
                     {"Last problem", status_before.code.empty() ? "none" : status_before.code},
                     {"Model", status_before.info.model}}};
  A4Section kiosk{"Kiosk", {{"Kiosk", info.kiosk_id}, {"Software", ZHIDUI_VERSION}, {"Printed at", info.printed_at}}};
  p.sections = {printer, kiosk};
  std::string wrapping;
  for (int i = 0; i < 4; ++i) wrapping += info.chinese_sample;
  p.paragraphs = {"Font and line wrapping check (the Chinese text below must wrap inside the margins):", wrapping};
  p.qr_payload = "zhidui://a4-test?kiosk=" + info.kiosk_id;
  p.qr_caption = "The QR code must scan as " + p.qr_payload;
  p.footer_lines = {"If this page is legible, the QR code scans and nothing is cut off, A4 printing works.",
                    "zhidui " ZHIDUI_VERSION};
  return p;
}

A4SelfTestResult run_a4_self_test(A4Printer& printer, const A4TestPageInfo& info) {
  A4SelfTestResult r;
  r.status_before = printer.status();
  r.job = print_page(printer, make_a4_test_page(info, r.status_before), "zhidui A4 test page");
  r.status_after = printer.status();
  if (r.job) {
    r.completion = Completion::success;
    r.summary = "A4 test page printed as job " + std::to_string(r.job->job_id) + " on queue " + r.job->queue;
  } else {
    r.completion = completion_of(r.job.error());
    r.summary = "A4 test page failed: " + r.job.error().code + " (" + r.job.error().message + ")";
  }
  log::info("a4", r.summary);
  return r;
}

}  // namespace zhidui::drivers::a4_printer
