// cups_a4_printer.h — the real A4 printer: a CUPS queue reached over IPP with libcups.
//
// A job is created with Create-Job, the PDF sent with Send-Document (cupsStartDocument /
// cupsWriteRequestData / cupsFinishDocument, format application/pdf), and then followed with
// Get-Job-Attributes until it is completed, canceled or aborted, or until the job timeout; while it waits
// it also watches the queue, so staff pausing the queue or paper running out ends the wait with that
// reason (at once for a queued job, after a short grace for one being printed) instead of the timeout. A job that
// cannot finish is cancelled by default: a citizen who has left must not have their receipt printed later for the next
// person to take.
//
// Every call opens its own connection (cups_connection.h): the object holds no socket and may be used
// from several threads at once. All calls block (bounded): see the THREADS note in a4_printer.h.
#pragma once

#include <chrono>
#include <string>

#include "drivers/a4_printer/a4_printer.h"
#include "drivers/a4_printer/cups_connection.h"
#include "drivers/a4_printer/cups_status.h"

namespace zhidui::drivers::a4_printer {

struct CupsA4Config {
  std::string server;  // "/run/cups/cups.sock", "host:631", or "" for libcups' default
  std::string queue;   // CUPS queue name, e.g. "hall-a4" (lpstat -p lists them)
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds request_timeout{10000};  // one IPP request, including the upload
  std::chrono::milliseconds job_timeout{60000};      // from submission to job-state completed
  std::chrono::milliseconds poll_interval{200};
  // How long a job being printed may sit behind a device error (offline, out of paper) before the wait
  // gives up: long enough for a printer waking from sleep, short enough for a citizen at the kiosk.
  std::chrono::milliseconds device_condition_grace{5000};
  bool cancel_unfinished_jobs = true;
};

class CupsA4Printer : public A4Printer {
 public:
  explicit CupsA4Printer(CupsA4Config config);

  Result<PrintedJob> print_pdf(std::span<const uint8_t> pdf, const std::string& job_title) override;
  DeviceStatus status() override;

  // The steps of print_pdf, for the technician panel and tests.
  Result<CupsQueueState> queue_state();
  Result<int> submit(std::span<const uint8_t> pdf, const std::string& job_title);  // the job id
  Result<JobState> job_state(int job_id);
  // Blocks until the job completed (Ok) or failed, or the job timeout passed ("a4.timeout").
  Status wait_for_job(int job_id);
  Status cancel_job(int job_id);

  const CupsA4Config& config() const { return config_; }

 private:
  Result<HttpPtr> connect() const;
  DeviceStatus with_info(DeviceStatus s, const CupsQueueState* queue) const;

  CupsA4Config config_;
  CupsEndpoint endpoint_;
};

}  // namespace zhidui::drivers::a4_printer
