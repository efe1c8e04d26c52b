// a4_test_page.h — the technician's "test A4 page" self-test: a page that proves the whole path (CJK
// font, wrapping, vector QR, footer, the queue) and the report of how printing it went.
//
// The page is for the technician, so its labels are English; the Chinese sample comes from the caller
// (a text from the strings file), so the page also shows that Chinese prints.
#pragma once

#include <string>

#include "drivers/a4_printer/a4_printer.h"
#include "drivers/device.h"

namespace zhidui::drivers::a4_printer {

struct A4TestPageInfo {
  std::string kiosk_id;             // e.g. the hall/kiosk name from the configuration
  std::string printer_description;  // e.g. "queue hall-a4 on /run/cups/cups.sock"
  std::string printed_at;           // local time, already formatted
  std::string chinese_sample;       // a sentence from the strings file
};

A4Page make_a4_test_page(const A4TestPageInfo& info, const DeviceStatus& status_before);

struct A4SelfTestResult {
  DeviceStatus status_before;
  Result<PrintedJob> job = make_error("a4.not_run", "self-test not run");
  Completion completion = Completion::hardware_error;
  DeviceStatus status_after;
  std::string summary;  // one English line for the technician panel and the log
};

// Asks the status, prints the test page and asks again. Blocking (a worker thread's job, like print_pdf).
A4SelfTestResult run_a4_self_test(A4Printer& printer, const A4TestPageInfo& info);

}  // namespace zhidui::drivers::a4_printer
