// session.h — the citizen's journey as a state machine, with no UI and no I/O of its own.
//
// The UI thread owns the Session. Screens read it (const) and return Actions; worker threads send
// Events through the EventQueue; both are applied here, and only here. I/O is reached through
// SessionServices, so tests run the whole journey with in-memory services, and the kiosk wires in the
// real store worker, sync engine and printer.
//
// Privacy: the identity, the form values and anything derived from them live only for one session;
// end_session() overwrites them, and nothing of a wiped session can be reached again.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/actions.h"
#include "kiosk/catalog.h"
#include "kiosk/eligibility.h"
#include "kiosk/events.h"
#include "kiosk/identity.h"
#include "kiosk/receipt.h"
#include "kiosk/technician_auth.h"
#include "offline/store.h"

namespace zhidui {

enum class Screen {
  home, identify, policy_list, policy_detail, form, submitting, result, out_of_service,
  technician_pin, technician,
};
const char* to_string(Screen s);

enum class ReaderPrompt { waiting, misplaced, unrecognised, unavailable };

// Where a submission stands. "Submitted" is only ever shown after the store's COMMIT returned.
enum class SubmitPhase {
  none,
  saving,            // the store worker is committing
  waiting_platform,  // committed; waiting (bounded) for the platform's acceptance number
  accepted,          // the platform acknowledged: acceptance number known, receipt printed
  saved_offline,     // committed, no answer in time: uploads later, receipt says 待上传
  rejected,          // committed, but the platform refused it (kept for the technician)
  failed,            // NOT saved: nothing was submitted
};

enum class PrintOutcome { none, printed, failed };

// 好差评 after a submission: a level, and for the two poor levels at least one reason.
enum class RatingPhase { none, choosing_reasons, saving, saved, failed };
// The reasons offered for a poor rating (text keys rating.reason.*), in display order.
inline constexpr const char* kRatingReasons[] = {"wait", "complex", "unclear", "device", "other"};

struct FieldState {
  const FormField* field = nullptr;
  std::string value;
  bool read_only = false;
  std::string error;  // plain Chinese, empty when fine
};

// What the technician panel shows of the rest of the kiosk.
struct TechnicianSnapshot {
  bool queue_known = false;
  int64_t pending = 0, done = 0, dead = 0;
  std::vector<std::string> recent_log;  // already masked by the logging layer
};

struct SessionServices {
  std::function<void(offline::NewApplication)> save_async;  // answers with ev::SubmitSaved
  std::function<void(std::string uuid, std::string body)> save_rating_async;  // answers with ev::RatingSaved
  std::function<void()> wake_sync;
  std::function<Result<std::string>(const ReceiptData&)> print_receipt;  // where it went (file, device)
  std::function<std::string()> now_iso_utc;   // stored and sent as data only
  std::function<std::string()> now_local;     // YYYY-MM-DD HH:MM for the receipt and validity windows
  std::string kiosk_id;
  std::string catalog_version;
  std::function<TechnicianSnapshot()> technician_snapshot;  // optional
  std::string technician_pin_hash = TechnicianAuth::kDemoPinHash;
};

struct SessionConfig {
  int64_t idle_timeout_ms = 120000;   // no touch for this long ends the session
  int64_t idle_warning_ms = 30000;    // the countdown shows for the last part of it
  int64_t platform_wait_ms = 8000;    // how long the result screen waits for the acceptance number
};

class Session {
 public:
  Session(const Catalog& catalog, SessionServices services, SessionConfig config = {});

  void apply(const Action& action, int64_t now_ms);
  void handle(const Event& event, int64_t now_ms);
  void tick(int64_t now_ms);  // deadlines: idle timeout, waiting for the platform
  // The earliest time tick() has something to do (the UI sleeps until then); nullopt: nothing pending.
  std::optional<int64_t> next_deadline_ms() const;

  // Read-only view for the UI.
  Screen screen() const { return screen_; }
  const Catalog& catalog() const { return catalog_; }
  const Identity& identity() const { return identity_; }
  std::vector<const PolicyItem*> offered_policies() const;
  const PolicyItem* policy() const { return policy_; }
  // The selected policy's eligibility for this applicant (set when a policy is selected).
  const std::optional<EligibilityResult>& eligibility() const { return eligibility_; }
  const std::vector<FieldState>& fields() const { return fields_; }
  const std::string& focused_field() const { return focused_field_; }
  ReaderPrompt reader_prompt() const { return reader_prompt_; }
  SubmitPhase submit_phase() const { return submit_phase_; }
  const std::string& acceptance_no() const { return acceptance_no_; }
  const std::string& application_uuid() const { return uuid_; }
  const std::optional<ReceiptData>& receipt() const { return receipt_; }
  PrintOutcome print_outcome() const { return print_outcome_; }
  const std::string& notice() const { return notice_; }  // a transient message key, e.g. home.coming_soon
  bool network_online() const { return network_online_; }
  // The last status of each device class (absent: never heard from).
  const std::map<drivers::DeviceClass, drivers::DeviceStatus>& devices() const { return devices_; }
  // True when a device the kiosk cannot work without (the ID-card reader) is known to be unusable.
  bool out_of_service_needed() const;
  // The receipt printer is known to be unusable: receipts are shown on screen only.
  bool printer_degraded() const;
  // Seconds left before the idle timeout wipes the session, when the countdown is showing.
  std::optional<int> idle_seconds_left(int64_t now_ms) const;
  bool has_personal_data() const;
  int rating_level() const { return rating_level_; }
  const std::vector<std::string>& rating_reasons() const { return rating_reasons_; }
  RatingPhase rating_phase() const { return rating_phase_; }
  bool can_rate() const;
  // Technician screens.
  size_t pin_length() const { return pin_entry_.size(); }
  const std::string& pin_message() const { return pin_message_; }
  bool taken_out_of_service() const { return service_disabled_; }
  // A broken configuration: out of service until a technician fixes it; the panel shows why.
  void report_configuration_problem(std::string problem, int64_t now_ms);
  const std::string& configuration_problem() const { return configuration_problem_; }
  const TechnicianSnapshot& technician_snapshot() const { return tech_snapshot_; }

 private:
  void go(Screen s, int64_t now_ms);
  bool idle_timeout_applies() const;
  void update_service_state(int64_t now_ms);
  void refresh_technician_snapshot();
  bool device_usable(drivers::DeviceClass c) const;
  void end_session(int64_t now_ms);
  void start_form();
  bool validate_form();
  void submit(int64_t now_ms);
  void finish_submission(bool accepted);
  std::string build_upload_body(const std::string& submitted_at) const;

  const Catalog& catalog_;
  SessionServices services_;
  SessionConfig config_;

  Screen screen_ = Screen::home;
  Identity identity_;
  const PolicyItem* policy_ = nullptr;
  std::optional<EligibilityResult> eligibility_;
  std::vector<FieldState> fields_;
  std::string focused_field_;
  ReaderPrompt reader_prompt_ = ReaderPrompt::waiting;
  SubmitPhase submit_phase_ = SubmitPhase::none;
  std::string uuid_;
  std::string acceptance_no_;
  std::string early_acceptance_no_;  // an acknowledgement that overtook the store's SubmitSaved event
  std::string submitted_at_local_;
  std::optional<ReceiptData> receipt_;
  PrintOutcome print_outcome_ = PrintOutcome::none;
  std::string notice_;
  bool network_online_ = true;
  std::map<drivers::DeviceClass, drivers::DeviceStatus> devices_;
  TechnicianAuth technician_auth_;
  std::string pin_entry_;
  std::string pin_message_;  // plain Chinese, shown under the PIN field
  bool service_disabled_ = false;
  std::string configuration_problem_;
  TechnicianSnapshot tech_snapshot_;
  int rating_level_ = 0;
  std::vector<std::string> rating_reasons_;
  RatingPhase rating_phase_ = RatingPhase::none;
  void save_rating();
  int64_t last_touch_ms_ = 0;
  int64_t platform_deadline_ms_ = 0;
};

}  // namespace zhidui
