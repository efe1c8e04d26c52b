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
#include "kiosk/enterprise.h"
#include "kiosk/events.h"
#include "kiosk/identity.h"
#include "kiosk/policy_finder.h"
#include "kiosk/progress.h"
#include "kiosk/receipt.h"
#include "kiosk/search.h"
#include "kiosk/signature.h"
#include "kiosk/technician_auth.h"
#include "offline/store.h"

namespace zhidui {

enum class Screen {
  home, identify, policy_list, search, policy_detail, form, materials, commitment, review, submitting, result,
  enterprise_identify, enterprise_role, progress, help, out_of_service, technician_pin, technician,
};
const char* to_string(Screen s);
inline constexpr Screen kAllScreens[] = {
    Screen::home, Screen::identify, Screen::policy_list, Screen::search, Screen::policy_detail, Screen::form,
    Screen::materials, Screen::commitment, Screen::review, Screen::submitting, Screen::result,
    Screen::enterprise_identify, Screen::enterprise_role, Screen::progress, Screen::help, Screen::out_of_service,
    Screen::technician_pin, Screen::technician};

// Who the journey is for: a citizen for themself, an enterprise's representative, or a progress query.
enum class Journey { citizen, enterprise, progress };

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

enum class PrintOutcome { none, printing, printed, failed };

// 好差评 after a submission: a level, and for the two poor levels at least one reason.
enum class RatingPhase { none, choosing_reasons, saving, saved, failed };
// The reasons offered for a poor rating (text keys rating.reason.*), in display order.
inline constexpr const char* kRatingReasons[] = {"wait", "complex", "unclear", "device", "other"};
// The focus id of a poor rating's optional comment (typed on the Chinese keyboard).
inline constexpr const char* kRatingComment = "rating.comment";

struct FieldState {
  const FormField* field = nullptr;
  std::string value;
  std::string confirmation;  // bank accounts are typed twice; this is the second entry
  bool read_only = false;
  bool remembered = false;  // filled from this person's earlier application in this session (editable)
  std::string error;  // plain Chinese, empty when fine
  bool needs_confirmation() const { return field->type == FieldType::bank_account && !read_only; }
};
// The focus id of a field's second entry (FocusField{confirmation_focus(id)}).
std::string confirmation_focus(const std::string& field_id);

// How a material is provided at a self-service kiosk, which takes no paper.
enum class MaterialHandling {
  undecided,
  e_licence,   // fetched by the department from the electronic licence library (电子证照)
  commitment,  // replaced by a signed 告知承诺
  later,       // 容缺: brought or uploaded later, listed on the receipt
};
struct MaterialState {
  const Material* material = nullptr;
  MaterialHandling handling = MaterialHandling::undecided;
  std::vector<uint8_t> signature_png;  // when handling == commitment
};
// What the commitment screen is signing.
inline constexpr const char* kAuthorisationCommitment = "#authorisation";  // 经办人授权承诺

// The enterprise part of an enterprise journey.
enum class EnterpriseLookup { none, looking_up, found, not_found, inactive, unreachable };
enum class RepresentativeCheck { unchecked, checking, confirmed, mismatch, unverifiable };

enum class ProgressPhase { waiting, loading, shown, failed };

// What the technician panel shows of the rest of the kiosk.
struct TechnicianSnapshot {
  bool queue_known = false;
  int64_t pending = 0, done = 0, dead = 0;
  struct DeadLetter {
    int64_t seq = 0;
    std::string kind;    // application, rating
    std::string uuid;    // the application's (no personal data)
    int attempts = 0;
    std::string reason;  // the platform's or the transport's
  };
  std::vector<DeadLetter> dead_letters;  // the oldest few
  // The configuration as the technician reads it: (key, value), secrets masked.
  std::vector<std::pair<std::string, std::string>> settings;
  bool settings_saved_to_file = false;  // changes are written to the configuration file (else: this run only)
  // The lines the panel edits (identity, platform, ports) as the configuration file has them: they take
  // effect at the next start. Empty without a file, or when the file cannot be read (`text_settings_problem`).
  struct TextLine {
    std::string key;
    std::string shown;    // the value; for a secret, only whether it is set
    bool secret = false;  // typed anew, never shown or edited in place
  };
  std::vector<TextLine> text_settings;
  std::string text_settings_problem;
  int voice_volume = 0, idle_seconds = 0, platform_wait_seconds = 0;  // the settings the panel steps
  int connect_timeout_seconds = 0, total_timeout_seconds = 0;  // stepped too, for the next start
  std::vector<std::string> recent_log;  // already masked by the logging layer
};

struct SessionServices {
  std::function<void(offline::NewApplication)> save_async;  // answers with ev::SubmitSaved
  // Optional: without them the journeys that need them say the service is unavailable.
  std::function<void(std::string uscc)> lookup_enterprise_async;  // answers with ev::EnterpriseLooked
  std::function<void(std::string uscc, std::string id_number)> check_representative_async;  // ev::RepresentativeChecked
  std::function<void(ProgressQuery)> query_progress_async;  // answers with ev::ProgressLoaded
  std::function<void(ReceiptData)> print_a4_async;          // answers with ev::A4Printed
  std::function<void(std::string prompt_key)> speak;       // voice guidance (prompt keys: screen names, errors)
  std::function<void()> call_staff;                         // 呼叫工作人员
  std::string kiosk_region;                                 // 6-digit code of the hall's area
  std::function<void(std::string uuid, std::string body)> save_rating_async;  // answers with ev::RatingSaved
  std::function<void()> wake_sync;
  // Off the UI thread (a printer may take seconds, or time out): answers with ev::ReceiptPrinted.
  std::function<void(ReceiptData receipt, bool self_test)> print_receipt_async;
  std::function<std::string()> now_iso_utc;   // stored and sent as data only
  std::function<std::string()> now_local;     // YYYY-MM-DD HH:MM for the receipt and validity windows
  std::string kiosk_id;
  std::string hall;  // the service hall's name, shown discreetly on the home screen with kiosk_id
  std::function<void(const std::string& version)> catalog_adopted;  // optional: the heartbeat reports it
  std::function<TechnicianSnapshot()> technician_snapshot;  // optional
  // Technician actions (optional; without them the panel says the action is not available).
  std::function<void()> self_test_a4;                      // answers with ev::TechnicianDone{"a4"}
  std::function<void(int64_t seq)> requeue_dead_letter;    // 0: all; answers with ev::TechnicianDone{"requeue"}
  // Applies one step of a setting now and saves the configuration; the new value, or why not.
  std::function<Result<std::string>(const std::string& key, int delta)> change_setting;
  // Saves one text setting to the configuration file (effective at the next start); the value to show
  // (masked for a secret), or why not.
  std::function<Result<std::string>(const std::string& key, const std::string& value)> set_text_setting;
  // The technician put a kiosk paused for a crash loop back into service: forget the unclean exits.
  std::function<void()> forgive_crash_loop;
  // Whether the kiosk serves, for the heartbeat: "" in service, else why it is paused (see
  // Session::pause_reason). Called when that changes (and once at the first check).
  std::function<void(std::string pause_reason)> service_changed;
  // argon2id of the technician's PIN; empty: no PIN opens the panel (never the demonstration PIN by default).
  std::string technician_pin_hash;
};

struct SessionConfig {
  int64_t idle_timeout_ms = 120000;   // no touch for this long ends the session (doubled in 长辈模式)
  int64_t idle_warning_ms = 30000;    // the countdown shows for the last part of it
  int64_t platform_wait_ms = 8000;    // how long the result screen waits for the acceptance number
  // Devices without which the kiosk pauses service between journeys ([devices] required); any other
  // device that fails only degrades (a broken receipt printer: the receipt stays on screen).
  std::vector<drivers::DeviceClass> required_devices = {drivers::DeviceClass::id_reader};
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
  Journey journey() const { return journey_; }
  const Catalog& catalog() const { return *catalog_; }
  const Identity& identity() const { return identity_; }
  // The policy list: this person's audience, open today, devices usable, the chosen scope and category.
  std::vector<const PolicyItem*> offered_policies() const;
  const PolicyFilter& policy_filter() const { return filter_; }
  std::vector<std::string> categories() const;
  const std::string& search_query() const { return filter_.query; }
  const std::vector<const PolicyItem*>& search_results() const { return search_results_; }
  // Enterprise journey.
  const std::string& uscc_entry() const { return uscc_entry_; }
  const std::string& uscc_error() const { return uscc_error_; }  // text key, empty when fine
  EnterpriseLookup enterprise_lookup() const { return lookup_; }
  const Enterprise& enterprise() const { return enterprise_; }
  RepresentativeRole role() const { return role_; }
  RepresentativeCheck representative_check() const { return rep_check_; }
  // Materials and signatures.
  const std::vector<MaterialState>& materials() const { return materials_; }
  bool materials_complete() const;
  const std::string& commitment_target() const { return commitment_target_; }  // material id or kAuthorisationCommitment
  const Signature& signature_in_progress() const { return signing_; }
  bool authorisation_signed() const { return !authorisation_png_.empty(); }
  // 进度查询.
  ProgressPhase progress_phase() const { return progress_phase_; }
  const ProgressAnswer& progress() const { return progress_; }
  const std::string& progress_error() const { return progress_error_; }  // text key
  // 长辈模式 (for this session only).
  bool elder_mode() const { return elder_mode_; }
  bool a4_available() const { return static_cast<bool>(services_.print_a4_async); }
  PrintOutcome a4_outcome() const { return a4_outcome_; }
  bool a4_printing() const { return a4_printing_; }
  const PolicyItem* policy() const { return policy_; }
  // The selected policy's eligibility for this applicant (set when a policy is selected).
  const std::optional<EligibilityResult>& eligibility() const { return eligibility_; }
  // Why the answers on the form do not meet the item's conditions (after 下一步), one sentence each;
  // empty while the form has not been refused.
  const std::vector<std::string>& form_refusal() const { return form_refusal_; }
  const std::vector<FieldState>& fields() const { return fields_; }
  const std::string& focused_field() const { return focused_field_; }
  ReaderPrompt reader_prompt() const { return reader_prompt_; }
  // An ID card lies on the reader (read or not): the result and home screens remind people to take it;
  // the reader reports a card once per placement, so a forgotten card cannot start someone else's session.
  bool card_on_reader() const { return card_on_reader_; }
  SubmitPhase submit_phase() const { return submit_phase_; }
  const std::string& acceptance_no() const { return acceptance_no_; }
  const std::string& application_uuid() const { return uuid_; }
  const std::optional<ReceiptData>& receipt() const { return receipt_; }
  PrintOutcome print_outcome() const { return print_outcome_; }
  const std::string& notice() const { return notice_; }  // a transient message key, e.g. common.staff_called
  bool network_online() const { return network_online_; }
  // The last status of each device class (absent: never heard from).
  const std::map<drivers::DeviceClass, drivers::DeviceStatus>& devices() const { return devices_; }
  // True when the technician took the kiosk out of service, or a required device is known to be unusable.
  bool out_of_service_needed() const;
  // The receipt printer is known to be unusable: receipts are shown on screen only.
  bool printer_degraded() const;
  // Seconds left before the idle timeout wipes the session, when the countdown is showing.
  std::optional<int> idle_seconds_left(int64_t now_ms) const;
  bool has_personal_data() const;
  // 办理其他事项: after a submission the same person may apply for another policy without presenting
  // the card again; what they typed (phone, bank account …) is offered again, and a policy already
  // applied for in this session cannot be applied for twice.
  bool can_apply_another() const;
  bool applied_this_session(const std::string& policy_id) const;
  // Count up when a new person's visit starts (visit) and when another policy is taken up (application):
  // what the UI keeps per screen (a list's scroll position) starts afresh with them.
  uint32_t visit_generation() const { return visit_generation_; }
  uint32_t application_generation() const { return application_generation_; }
  int rating_level() const { return rating_level_; }
  const std::vector<std::string>& rating_reasons() const { return rating_reasons_; }
  const std::string& rating_comment() const { return rating_comment_; }
  bool rating_comment_focused() const {
    return screen_ == Screen::result && rating_phase_ == RatingPhase::choosing_reasons && focused_field_ == kRatingComment;
  }
  RatingPhase rating_phase() const { return rating_phase_; }
  bool can_rate() const;
  // Technician screens.
  size_t pin_length() const { return pin_entry_.size(); }
  const std::string& pin_message() const { return pin_message_; }
  bool taken_out_of_service() const { return service_disabled_; }
  // Why the kiosk does not serve: "configuration", "crash_loop", "technician", "device:<class>"; "" when it does.
  std::string pause_reason() const;
  // A broken configuration: out of service until a technician fixes it; the panel shows why.
  void report_configuration_problem(std::string problem, int64_t now_ms);
  // The technician changed the idle timeout (applies from the next touch).
  void set_idle_timeout_ms(int64_t ms) { config_.idle_timeout_ms = ms; }
  // The devices without which the kiosk pauses ([devices] required); changed from the technician panel.
  const std::vector<drivers::DeviceClass>& required_devices() const { return config_.required_devices; }
  void set_required_devices(std::vector<drivers::DeviceClass> devices) { config_.required_devices = std::move(devices); }
  int64_t configured_idle_timeout_ms() const { return config_.idle_timeout_ms; }
  // How long the result screen waits for the platform's acceptance number (from the next submission).
  int64_t platform_wait_ms() const { return config_.platform_wait_ms; }
  void set_platform_wait_ms(int64_t ms) { config_.platform_wait_ms = ms; }
  const std::string& configuration_problem() const { return configuration_problem_; }
  // A crash loop found at start (runtime/run_record.h): out of service until the technician puts the kiosk
  // back, which forgives it. Empty when none.
  void report_crash_loop(std::string reason, int64_t now_ms);
  const std::string& crash_loop() const { return crash_loop_; }
  const TechnicianSnapshot& technician_snapshot() const { return tech_snapshot_; }
  // Which kiosk this is, for people to name it when they ask the hall's staff.
  const std::string& kiosk_id() const { return services_.kiosk_id; }
  const std::string& hall() const { return services_.hall; }
  // What the technician's self-tests, queue actions and setting changes came to, newest last.
  const std::vector<std::string>& technician_results() const { return tech_results_; }
  // The line the technician is typing on the panel's keyboard (a secret is typed anew and shown masked).
  struct SettingEdit {
    std::string key;
    std::string text;
    bool secret = false;
    std::string error;  // why the last 保存 was refused (the file's own check, naming the key)
  };
  const std::optional<SettingEdit>& setting_edit() const { return setting_edit_; }
  // A setting was saved that takes effect at the next start: the panel offers 重启程序.
  bool restart_needed() const { return restart_needed_; }
  // The technician asked for that restart: the frame loop ends cleanly and the service manager starts the
  // kiosk again (main exits with kExitRestart).
  bool restart_requested() const { return restart_requested_; }

 private:
  void go(Screen s, int64_t now_ms);
  bool idle_timeout_applies() const;
  int64_t idle_timeout_ms() const;
  void start_policy_list(int64_t now_ms);
  void select_policy(const std::string& id, int64_t now_ms);
  void edit_text(const act::TypeText* typed);  // nullptr: backspace
  void edit_uscc(const act::TypeText* typed, int64_t now_ms);
  void start_enterprise_lookup(const std::string& uscc, int64_t now_ms);
  void accept_card(const Identity& identity, int64_t now_ms);
  void start_progress_query(ProgressQuery query, int64_t now_ms);
  void handle_scan(const ev::Scanned& scan, int64_t now_ms);
  void after_form(int64_t now_ms);
  // What the kiosk knows of the applicant: the card (or the enterprise), and the form's answers so far.
  ApplicantFacts applicant_facts(const std::string& today) const;
  void confirm_signature(int64_t now_ms);
  void refresh_search();
  void speak(const std::string& key);
  void update_service_state(int64_t now_ms);
  void refresh_technician_snapshot();
  bool device_usable(drivers::DeviceClass c) const;
  void end_session(int64_t now_ms);
  void start_form();
  bool validate_form();
  void submit(int64_t now_ms);
  void finish_submission(bool accepted);
  void start_another_application(int64_t now_ms);
  void wipe_application();  // everything of the current application; the person stays
  void adopt_offered_catalog();  // when one is waiting and nobody is in a journey
  void remember_typed_values();
  void fill_remembered(FieldState& fs) const;
  std::string build_upload_body(const std::string& submitted_at) const;
  void apply_technician(const Action& action);  // session_technician.cpp
  void technician_result(std::string line);

  // The catalog in service: the one given at construction, until the platform offers a newer one,
  // which is taken between journeys only (PolicyItem pointers of a journey point into the old one).
  const Catalog* catalog_;
  std::shared_ptr<const Catalog> adopted_catalog_, offered_catalog_;
  SessionServices services_;
  SessionConfig config_;

  Screen screen_ = Screen::home;
  Journey journey_ = Journey::citizen;
  Identity identity_;
  SearchIndex search_index_;
  PolicyFilter filter_;
  std::vector<const PolicyItem*> search_results_;
  std::string uscc_entry_;
  std::string uscc_error_;
  EnterpriseLookup lookup_ = EnterpriseLookup::none;
  Enterprise enterprise_;
  RepresentativeRole role_ = RepresentativeRole::none;
  RepresentativeCheck rep_check_ = RepresentativeCheck::unchecked;
  std::vector<MaterialState> materials_;
  std::string commitment_target_;
  Signature signing_;
  std::vector<uint8_t> authorisation_png_;
  ProgressPhase progress_phase_ = ProgressPhase::waiting;
  ProgressAnswer progress_;
  std::string progress_error_;
  bool elder_mode_ = false;
  PrintOutcome a4_outcome_ = PrintOutcome::none;
  bool a4_printing_ = false;
  const PolicyItem* policy_ = nullptr;
  std::optional<EligibilityResult> eligibility_;
  std::vector<std::string> form_refusal_;
  std::vector<FieldState> fields_;
  std::string focused_field_;
  struct RememberedValue {
    std::string field_id;
    FieldType type;
    std::string value;
  };
  std::vector<RememberedValue> remembered_;         // typed in this session's earlier applications
  std::vector<std::string> applied_policy_ids_;     // submitted in this session
  uint32_t visit_generation_ = 0, application_generation_ = 0;
  ReaderPrompt reader_prompt_ = ReaderPrompt::waiting;
  bool card_on_reader_ = false;
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
  std::string crash_loop_;
  std::optional<std::string> reported_pause_;  // what service_changed was last told
  TechnicianSnapshot tech_snapshot_;
  std::vector<std::string> tech_results_;
  std::optional<SettingEdit> setting_edit_;  // may hold a token being typed: wiped on leaving the panel
  bool restart_needed_ = false;
  bool restart_requested_ = false;
  void end_setting_edit();
  int rating_level_ = 0;
  std::vector<std::string> rating_reasons_;
  std::string rating_comment_;  // free text: wiped with the session like everything typed
  RatingPhase rating_phase_ = RatingPhase::none;
  void save_rating();
  int64_t last_touch_ms_ = 0;
  bool idle_warned_ = false;  // idle.warning spoken for the current countdown
  int64_t platform_deadline_ms_ = 0;
};

}  // namespace zhidui
