// a4_printer.h — the A4 printer as the kiosk sees it: hand over a finished PDF, learn how the job
// ended, ask for status in the device model (DeviceClass::document_printer).
//
// The real adapter talks IPP to a CUPS queue (cups_a4_printer.h); the tests' fake is the same adapter
// in front of a real private cupsd (private_cupsd.h), so no test skips the CUPS code path.
//
// THREADS: print_pdf() and print_page() block until the job completed, failed or timed out (bounded by
// the adapter's configured timeouts, up to about a minute). Call them on a worker thread and report the
// result to the UI thread through the EventQueue; never call them from the frame loop. status() blocks
// for at most the connect + request timeouts (a few seconds when cupsd is gone): also a worker's job.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "drivers/a4_printer/a4_page.h"
#include "drivers/device.h"
#include "base/result.h"

namespace zhidui::drivers::a4_printer {

struct PrintedJob {
  int job_id = 0;
  std::string queue;
};

class A4Printer {
 public:
  virtual ~A4Printer();
  // Prints one PDF document and waits for the printer to finish it. Fails without creating a job when the
  // queue cannot print (stopped, out of paper, missing, cupsd unreachable), with the status's code. A job
  // that does not complete in time is cancelled (so it does not print later, unattended) and reported
  // as "a4.timeout". `job_title` is visible in the CUPS queue and logs: never put personal data in it.
  virtual Result<PrintedJob> print_pdf(std::span<const uint8_t> pdf, const std::string& job_title) = 0;
  // Asks the queue now: printer-state and printer-state-reasons mapped as in cups_status.h.
  virtual DeviceStatus status() = 0;
};

// Renders `page` (its text already masked by the caller) and prints it with print_pdf(). Blocking.
Result<PrintedJob> print_page(A4Printer& printer, const A4Page& page, const std::string& job_title,
                              const A4RenderOptions& options = {});

}  // namespace zhidui::drivers::a4_printer
