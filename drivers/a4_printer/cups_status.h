// cups_status.h — what CUPS says about a queue and a job, mapped to the kiosk's device model.
//
// Pure functions, so every mapping is tested without a cupsd. A queue's IPP printer-state (idle,
// processing, stopped), printer-is-accepting-jobs and printer-state-reasons (RFC 8011 keywords with
// -error / -warning / -report suffixes; CUPS treats a bare keyword as an error) decide the state, most
// severe first: error > warning > report (reports are ignored, except offline-report, which CUPS's own
// backends use for an unreachable printer). Stable codes for the technician:
//   a4.cups_unreachable  cupsd does not answer            offline         error    technician
//   a4.queue_missing     no such queue on that cupsd      not_configured  error    configuration
//   a4.media_empty       media-empty / media-needed       user_error      error    staff_can_clear
//   a4.media_jam         media-jam                        user_error      error    staff_can_clear
//   a4.cover_open        door-open / cover-open           user_error      error    staff_can_clear
//   a4.marker_empty      toner-empty / marker-supply-empty user_error     error    staff_can_clear
//   a4.offline           offline(-report) / shutdown      offline         error    automatic_retry
//   a4.printer_error     any other -error reason          hardware_error  error    technician
//   a4.stopped           queue stopped (paused) by staff  disabled        error    staff_can_clear
//   a4.rejecting         queue not accepting jobs         disabled        error    staff_can_clear
//   a4.holding_jobs      queue holds new jobs             disabled        error    staff_can_clear
//   a4.media_low         media-low                        online          warning  staff_can_clear
//   a4.toner_low         toner-low / marker-supply-low    online          warning  staff_can_clear
//   a4.warning           any other -warning reason        online          warning  none
//   (processing)                                          busy            ok       none
//   (idle)                                                online          ok       none
// A device error reason on an idle queue that still accepts jobs is downgraded to online + warning with
// the same code: CUPS only refreshes reasons while a job runs, so it is what the last job left behind,
// and the next job is allowed to find out. Processing or stopped, the reason is current: error.
#pragma once

#include <string>
#include <vector>

#include "drivers/device.h"
#include "base/result.h"

namespace zhidui::drivers::a4_printer {

// IPP printer-state values (RFC 8011 §5.4.11).
enum class QueueState { idle = 3, processing = 4, stopped = 5 };

struct CupsQueueState {
  QueueState state = QueueState::idle;
  bool accepting_jobs = true;
  std::vector<std::string> reasons;  // printer-state-reasons, "none" allowed
  std::string message;               // printer-state-message (from the backend or the admin)
  std::string make_and_model;
  std::string info;
};

DeviceStatus interpret_queue_state(const CupsQueueState& queue);

// The status when there is no queue state to read: cupsd unreachable or the queue missing.
DeviceStatus unreachable_status(const std::string& detail);
DeviceStatus queue_missing_status(const std::string& detail);

// IPP job-state values (RFC 8011 §5.3.7).
enum class JobState { pending = 3, held = 4, processing = 5, stopped = 6, canceled = 7, aborted = 8, completed = 9 };

bool is_final(JobState state);

// The error for a job that ended (or is stuck) without completing, e.g. "a4.job_aborted":
//   canceled -> a4.job_canceled, aborted -> a4.job_aborted, held -> a4.job_held, stopped -> a4.stopped.
// `reasons` are the job-state-reasons, `message` the job-printer-state-message; both go in the message.
Error job_error(JobState state, const std::vector<std::string>& reasons, const std::string& message);

// How a print request ended, in the device model's terms (for events and the technician panel):
// "a4.timeout" -> timeout, "a4.job_canceled" -> cancelled, paper/cover/stopped/missing -> device_not_ready
// or user_error, "a4.invalid_text" / "a4.qr_encode" -> invalid_data, anything else -> hardware_error.
Completion completion_of(const Error& error);

}  // namespace zhidui::drivers::a4_printer
