// cups_status.cpp — see cups_status.h.
#include "drivers/a4_printer/cups_status.h"

#include <algorithm>
#include <string_view>

namespace zhidui::drivers::a4_printer {
namespace {

enum class Level { report, warning, error };

struct Reason {
  std::string keyword;  // without the suffix
  Level level;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

Reason parse_reason(const std::string& raw) {
  // CUPS backends say "offline-report" while they cannot reach the printer: that is the printer being
  // offline, whatever the suffix suggests.
  if (raw == "offline-report") return {"offline", Level::error};
  for (auto [suffix, level] :
       {std::pair{"-error", Level::error}, {"-warning", Level::warning}, {"-report", Level::report}})
    if (ends_with(raw, suffix)) return {raw.substr(0, raw.size() - std::string_view(suffix).size()), level};
  return {raw, Level::error};
}

DeviceStatus make(DeviceState state, Severity severity, ActionHint hint, std::string code, std::string detail) {
  return make_status(DeviceClass::document_printer, state, severity, hint, std::move(code), std::move(detail));
}

bool is_any(const std::string& keyword, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), keyword) != names.end();
}

// The status for one reason at error level.
DeviceStatus error_status(const std::string& keyword, const std::string& detail) {
  if (is_any(keyword, {"media-empty", "media-needed", "input-tray-missing"}))
    return make(DeviceState::user_error, Severity::error, ActionHint::staff_can_clear, "a4.media_empty", detail);
  if (is_any(keyword, {"media-jam", "input-tray-jam", "output-tray-jam"}))
    return make(DeviceState::user_error, Severity::error, ActionHint::staff_can_clear, "a4.media_jam", detail);
  if (is_any(keyword, {"door-open", "cover-open", "interlock-open"}))
    return make(DeviceState::user_error, Severity::error, ActionHint::staff_can_clear, "a4.cover_open", detail);
  if (is_any(keyword, {"toner-empty", "marker-supply-empty", "marker-waste-full"}))
    return make(DeviceState::user_error, Severity::error, ActionHint::staff_can_clear, "a4.marker_empty", detail);
  if (is_any(keyword, {"offline", "shutdown", "timed-out"}))
    return make(DeviceState::offline, Severity::error, ActionHint::automatic_retry, "a4.offline", detail);
  return make(DeviceState::hardware_error, Severity::error, ActionHint::technician, "a4.printer_error", detail);
}

DeviceStatus warning_status(const std::string& keyword, const std::string& detail) {
  if (is_any(keyword, {"media-low"}))
    return make(DeviceState::online, Severity::warning, ActionHint::staff_can_clear, "a4.media_low", detail);
  if (is_any(keyword, {"toner-low", "marker-supply-low"}))
    return make(DeviceState::online, Severity::warning, ActionHint::staff_can_clear, "a4.toner_low", detail);
  return make(DeviceState::online, Severity::warning, ActionHint::none, "a4.warning", detail);
}

// Reasons that say why a queue is stopped or that are pure bookkeeping, not a device condition.
bool is_bookkeeping(const std::string& keyword) {
  // connecting-to-device comes (without a suffix) at the start of every job: not a fault.
  return is_any(keyword,
                {"none", "paused", "moving-to-paused", "cups-waiting-for-job-completed", "connecting-to-device",
                 "hold-new-jobs", "cups-missing-filter", "cups-insecure-filter", "other"}) ||
         keyword.rfind("com.apple.", 0) == 0;
}

}  // namespace

DeviceStatus interpret_queue_state(const CupsQueueState& queue) {
  std::string reasons_text;
  for (const auto& r : queue.reasons) reasons_text += (reasons_text.empty() ? "" : ",") + r;
  auto detail = [&](std::string_view what) {
    std::string d(what);
    if (!reasons_text.empty() && reasons_text != "none") d += " (printer-state-reasons " + reasons_text + ")";
    if (!queue.message.empty()) d += ": " + queue.message;
    return d;
  };

  // Device errors first: they say what to fix even when the queue is also stopped because of them.
  for (const auto& raw : queue.reasons) {
    Reason r = parse_reason(raw);
    if (r.level != Level::error || is_bookkeeping(r.keyword)) continue;
    DeviceStatus s = error_status(r.keyword, detail("printer reports " + r.keyword));
    // CUPS refreshes reasons only while a backend runs. On an idle, enabled queue they are what the last
    // job left behind (staff may have fixed it since): the next job is allowed to find out.
    if (queue.state == QueueState::idle && queue.accepting_jobs) {
      s.state = DeviceState::online;
      s.severity = Severity::warning;
      s.detail += " (left by the last job; the queue is enabled)";
    }
    return s;
  }
  if (queue.state == QueueState::stopped)
    return make(DeviceState::disabled, Severity::error, ActionHint::staff_can_clear, "a4.stopped",
                detail("queue is stopped (cupsenable to resume)"));
  if (std::find(queue.reasons.begin(), queue.reasons.end(), "hold-new-jobs") != queue.reasons.end())
    return make(DeviceState::disabled, Severity::error, ActionHint::staff_can_clear, "a4.holding_jobs",
                detail("queue holds every new job (cupsenable --release to resume)"));
  if (!queue.accepting_jobs)
    return make(DeviceState::disabled, Severity::error, ActionHint::staff_can_clear, "a4.rejecting",
                detail("queue is not accepting jobs (cupsaccept to resume)"));
  for (const auto& raw : queue.reasons) {
    Reason r = parse_reason(raw);
    if (r.level == Level::warning && !is_bookkeeping(r.keyword))
      return warning_status(r.keyword, detail("printer reports " + r.keyword));
  }
  DeviceStatus s = make(queue.state == QueueState::processing ? DeviceState::busy : DeviceState::online, Severity::ok,
                        ActionHint::none, "", queue.state == QueueState::processing ? "printing" : "idle");
  return s;
}

DeviceStatus unreachable_status(const std::string& detail) {
  return make(DeviceState::offline, Severity::error, ActionHint::technician, "a4.cups_unreachable", detail);
}

DeviceStatus queue_missing_status(const std::string& detail) {
  return make(DeviceState::not_configured, Severity::error, ActionHint::configuration, "a4.queue_missing", detail);
}

bool is_final(JobState state) {
  return state == JobState::canceled || state == JobState::aborted || state == JobState::completed;
}

Error job_error(JobState state, const std::vector<std::string>& reasons, const std::string& message) {
  std::string why;
  for (const auto& r : reasons) why += (why.empty() ? "" : ",") + r;
  auto text = [&](std::string what) {
    if (!why.empty()) what += " (job-state-reasons " + why + ")";
    if (!message.empty()) what += ": " + message;
    return what;
  };
  switch (state) {
    case JobState::canceled:
      return make_error("a4.job_canceled", text("the job was canceled"));
    case JobState::aborted:
      return make_error("a4.job_aborted", text("the printer aborted the job"));
    case JobState::held:
      return make_error("a4.job_held", text("the job is held and will not print without staff"));
    case JobState::stopped:
      return make_error("a4.stopped", text("the queue stopped while printing the job"));
    default:
      return make_error("a4.job_failed", text("the job did not complete"));
  }
}

Completion completion_of(const Error& error) {
  const std::string& c = error.code;
  if (c == "a4.timeout") return Completion::timeout;
  if (c == "a4.job_canceled") return Completion::cancelled;
  if (c == "a4.invalid_text" || c == "a4.qr_encode" || c == "a4.empty_document") return Completion::invalid_data;
  if (c == "a4.media_empty" || c == "a4.media_jam" || c == "a4.cover_open" || c == "a4.marker_empty")
    return Completion::user_error;
  if (c == "a4.stopped" || c == "a4.rejecting" || c == "a4.holding_jobs" || c == "a4.queue_missing" ||
      c == "a4.cups_unreachable" || c == "a4.offline" || c == "a4.job_held")
    return Completion::device_not_ready;
  return Completion::hardware_error;
}

}  // namespace zhidui::drivers::a4_printer
