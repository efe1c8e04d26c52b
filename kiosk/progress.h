// progress.h — 进度查询: what the kiosk shows a person about their applications, either as the platform
// reports it now or, when the platform cannot be reached, as this kiosk last knew it (labelled so).
#pragma once

#include <string>
#include <vector>

namespace zhidui {

struct ProgressStep {
  std::string status;  // platform status code: submitted, accepted, reviewing, approved, paid, rejected …
  std::string at;      // local time YYYY-MM-DD HH:MM
  std::string note;    // the department's note, may be empty
};

struct ProgressEntry {
  std::string uuid;
  std::string acceptance_no;  // empty: not yet uploaded
  std::string policy_title;
  std::string submitted_at;   // local time
  std::string status;         // the latest status code
  // The platform's progress read through the application lifecycle (kiosk/lifecycle.h), in plain
  // Chinese: 已受理, 需补正, 不予受理 (refused before acceptance) or 未通过 (after it)… Empty for the
  // kiosk's own last known states, which use the status code's text.
  std::string status_label;
  std::vector<ProgressStep> timeline;  // oldest first
};

struct ProgressQuery {
  std::string id_number;  // by ID card; or
  std::string uuid;       // by receipt QR, with
  std::string acceptance_no;
};

struct ProgressAnswer {
  std::vector<ProgressEntry> entries;
  bool last_known = false;  // the platform could not be reached: this kiosk's own last known states
};

}  // namespace zhidui
