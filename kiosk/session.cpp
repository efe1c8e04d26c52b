// session.cpp — see session.h. The journey: home → identify (ID card) → policy list → 一次告知 detail →
// form (prefilled from the card) → submitting (store COMMIT) → result (acceptance number, or saved and
// pending upload) → receipt → home, with an idle timeout that wipes everything personal.
#include "kiosk/session.h"

#include <algorithm>
#include <cassert>
#include <nlohmann/json.hpp>

#include "kiosk/base/log.h"
#include "kiosk/base/mask.h"
#include "kiosk/base/uuid.h"
#include "kiosk/strings.h"

namespace zhidui {

const char* to_string(Screen s) {
  switch (s) {
    case Screen::home: return "home";
    case Screen::identify: return "identify";
    case Screen::policy_list: return "policy_list";
    case Screen::policy_detail: return "policy_detail";
    case Screen::form: return "form";
    case Screen::submitting: return "submitting";
    case Screen::result: return "result";
    case Screen::out_of_service: return "out_of_service";
    case Screen::technician_pin: return "technician_pin";
    case Screen::technician: return "technician";
  }
  return "?";
}

Session::Session(const Catalog& catalog, SessionServices services, SessionConfig config)
    : catalog_(catalog), services_(std::move(services)), config_(config),
      technician_auth_(services_.technician_pin_hash) {
  assert(services_.save_async && services_.print_receipt && services_.now_iso_utc && services_.now_local &&
         "every session service must be wired");
}

std::vector<const PolicyItem*> Session::offered_policies() const {
  // A policy whose required devices are not all usable is not offered (CUSS "required components").
  std::vector<const PolicyItem*> out;
  for (const PolicyItem* p : catalog_.offered_to_individuals(services_.now_local().substr(0, 10))) {
    bool ok = true;
    for (drivers::DeviceClass d : p->devices) ok = ok && device_usable(d);
    if (ok) out.push_back(p);
  }
  return out;
}

bool Session::device_usable(drivers::DeviceClass c) const {
  auto it = devices_.find(c);
  // Not yet heard from: assume usable (adapters report within a second of start); known broken: not.
  return it == devices_.end() || it->second.state == drivers::DeviceState::unknown || it->second.usable();
}

bool Session::out_of_service_needed() const {
  return service_disabled_ || !device_usable(drivers::DeviceClass::id_reader);
}

bool Session::printer_degraded() const { return !device_usable(drivers::DeviceClass::receipt_printer); }

void Session::update_service_state(int64_t now_ms) {
  // Out of service only between journeys: a citizen mid-application is never cut off by it.
  if (screen_ == Screen::home && out_of_service_needed()) go(Screen::out_of_service, now_ms);
  else if (screen_ == Screen::out_of_service && !out_of_service_needed()) go(Screen::home, now_ms);
}

bool Session::has_personal_data() const {
  if (identity_.present() || !identity_.name.empty() || eligibility_) return true;
  for (const auto& f : fields_)
    if (!f.value.empty()) return true;
  return receipt_.has_value();
}

void Session::go(Screen s, int64_t now_ms) {
  if (s != screen_) log::info("session", std::string("screen ") + to_string(screen_) + " -> " + to_string(s));
  screen_ = s;
  last_touch_ms_ = now_ms;
  notice_.clear();
}

void Session::end_session(int64_t now_ms) {
  identity_.wipe();
  for (auto& f : fields_) zhidui::wipe(f.value);
  fields_.clear();
  focused_field_.clear();
  policy_ = nullptr;
  eligibility_.reset();
  receipt_.reset();
  uuid_.clear();
  acceptance_no_.clear();
  early_acceptance_no_.clear();
  submitted_at_local_.clear();
  submit_phase_ = SubmitPhase::none;
  print_outcome_ = PrintOutcome::none;
  reader_prompt_ = ReaderPrompt::waiting;
  zhidui::wipe(pin_entry_);
  pin_message_.clear();
  rating_level_ = 0;
  rating_reasons_.clear();
  rating_phase_ = RatingPhase::none;
  log::clear_secrets();
  go(Screen::home, now_ms);
  update_service_state(now_ms);
}

void Session::apply(const Action& action, int64_t now_ms) {
  last_touch_ms_ = now_ms;
  std::visit(
      [&](auto&& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, act::GoHome> || std::is_same_v<A, act::Finish>) {
          // Leaving while a save is in flight would orphan its result; the submitting screen offers
          // no way out, and this guard makes the rule hold whatever the UI does.
          if (submit_phase_ == SubmitPhase::saving) return;
          end_session(now_ms);
        } else if constexpr (std::is_same_v<A, act::StartCitizen>) {
          if (screen_ != Screen::home) return;
          reader_prompt_ = ReaderPrompt::waiting;
          go(identity_.present() ? Screen::policy_list : Screen::identify, now_ms);
        } else if constexpr (std::is_same_v<A, act::ComingSoon>) {
          notice_ = "home.coming_soon";
        } else if constexpr (std::is_same_v<A, act::SelectPolicy>) {
          if (screen_ != Screen::policy_list) return;
          const PolicyItem* p = catalog_.find(a.id);
          if (!p) return;
          policy_ = p;
          // Inform once includes "can I get it": the verdict and every failed condition are shown with
          // the guide, before the citizen spends any effort on the form.
          const std::string today = services_.now_local().substr(0, 10);
          ApplicantFacts facts;
          add_id_number_facts(facts, identity_.id_number, today);
          add_card_address_facts(facts, identity_.address);
          eligibility_ = evaluate_eligibility(*p, facts, today);
          go(Screen::policy_detail, now_ms);
        } else if constexpr (std::is_same_v<A, act::StartApply>) {
          if (screen_ != Screen::policy_detail || !policy_) return;
          if (eligibility_ && eligibility_->verdict == Verdict::not_eligible) return;
          start_form();
          go(Screen::form, now_ms);
        } else if constexpr (std::is_same_v<A, act::Back>) {
          if (screen_ == Screen::policy_detail) go(Screen::policy_list, now_ms);
          else if (screen_ == Screen::form) go(Screen::policy_detail, now_ms);
        } else if constexpr (std::is_same_v<A, act::FocusField>) {
          for (const auto& f : fields_)
            if (f.field->id == a.id && !f.read_only) focused_field_ = a.id;
        } else if constexpr (std::is_same_v<A, act::TypeText> || std::is_same_v<A, act::Backspace>) {
          if (screen_ == Screen::technician_pin) {
            if constexpr (std::is_same_v<A, act::TypeText>) {
              if (pin_entry_.size() + a.text.size() <= 12) pin_entry_ += a.text;
            } else if (!pin_entry_.empty()) {
              pin_entry_.pop_back();
            }
            return;
          }
          if (screen_ != Screen::form) return;
          for (auto& f : fields_) {
            if (f.field->id != focused_field_ || f.read_only) continue;
            if constexpr (std::is_same_v<A, act::TypeText>) {
              if (f.field->type == FieldType::phone && f.value.size() + a.text.size() > 11) return;
              f.value += a.text;
            } else {
              while (!f.value.empty() && (static_cast<unsigned char>(f.value.back()) & 0xC0) == 0x80)
                f.value.pop_back();  // drop UTF-8 continuation bytes first
              if (!f.value.empty()) f.value.pop_back();
            }
            f.error.clear();
          }
        } else if constexpr (std::is_same_v<A, act::Submit>) {
          if (screen_ != Screen::form || submit_phase_ != SubmitPhase::none) return;
          if (!validate_form()) return;
          submit(now_ms);
        } else if constexpr (std::is_same_v<A, act::Touch>) {
          // last_touch_ms_ already updated
        } else if constexpr (std::is_same_v<A, act::OpenTechnician>) {
          // Only between journeys: nobody's personal data may be on screen behind the panel.
          if (screen_ != Screen::home && screen_ != Screen::out_of_service) return;
          zhidui::wipe(pin_entry_);
          pin_message_.clear();
          go(Screen::technician_pin, now_ms);
        } else if constexpr (std::is_same_v<A, act::PinSubmit>) {
          if (screen_ != Screen::technician_pin) return;
          auto attempt = technician_auth_.try_pin(pin_entry_, now_ms);
          zhidui::wipe(pin_entry_);
          using O = TechnicianAuth::Outcome;
          if (attempt.outcome == O::granted) {
            log::info("technician", "technician panel opened");
            refresh_technician_snapshot();
            go(Screen::technician, now_ms);
          } else {
            log::warn("technician", std::string("PIN refused (") + (attempt.outcome == O::locked ? "locked" : "wrong") +
                                        "), failures " + std::to_string(technician_auth_.failures()));
            pin_message_ = attempt.locked_for_ms > 0
                               ? strings().format("tech.pin_locked",
                                                  {{"n", std::to_string((attempt.locked_for_ms + 999) / 1000)}})
                               : tr("tech.pin_wrong");
          }
        } else if constexpr (std::is_same_v<A, act::SetInService>) {
          if (screen_ != Screen::technician) return;
          service_disabled_ = !a.in_service;
          log::warn("technician", a.in_service ? "kiosk put back into service" : "kiosk taken out of service");
          refresh_technician_snapshot();
        } else if constexpr (std::is_same_v<A, act::Rate>) {
          if (!can_rate() || a.level < 1 || a.level > 5) return;
          if (rating_phase_ != RatingPhase::none && rating_phase_ != RatingPhase::choosing_reasons) return;
          rating_level_ = a.level;
          // A poor rating must say why (好差评 rules); a good one is saved at once.
          if (a.level <= 2) rating_phase_ = RatingPhase::choosing_reasons;
          else save_rating();
        } else if constexpr (std::is_same_v<A, act::ToggleRatingReason>) {
          if (rating_phase_ != RatingPhase::choosing_reasons) return;
          auto it = std::find(rating_reasons_.begin(), rating_reasons_.end(), a.key);
          if (it != rating_reasons_.end()) rating_reasons_.erase(it);
          else if (std::find(std::begin(kRatingReasons), std::end(kRatingReasons), a.key) != std::end(kRatingReasons))
            rating_reasons_.push_back(a.key);
        } else if constexpr (std::is_same_v<A, act::SubmitRating>) {
          if (rating_phase_ != RatingPhase::choosing_reasons || rating_reasons_.empty()) return;
          save_rating();
        } else if constexpr (std::is_same_v<A, act::TechnicianExit>) {
          if (screen_ != Screen::technician && screen_ != Screen::technician_pin) return;
          zhidui::wipe(pin_entry_);
          go(Screen::home, now_ms);
          update_service_state(now_ms);
        }
      },
      action);
}

void Session::start_form() {
  fields_.clear();
  focused_field_.clear();
  for (const auto& field : policy_->form) {
    FieldState fs;
    fs.field = &field;
    if (field.prefill == "card.name") fs.value = identity_.name;
    else if (field.prefill == "card.id_number") fs.value = identity_.id_number;
    else if (field.prefill == "card.address") fs.value = identity_.address;
    else if (field.prefill == "card.sex") fs.value = identity_.sex;
    else if (field.prefill == "card.birth_date") fs.value = identity_.birth_date;
    fs.read_only = field.prefilled() && !fs.value.empty();
    if (focused_field_.empty() && !fs.read_only) focused_field_ = field.id;
    fields_.push_back(std::move(fs));
  }
}

bool Session::validate_form() {
  bool ok = true;
  for (auto& f : fields_) {
    f.error.clear();
    if (f.field->required && f.value.empty()) {
      f.error = strings().format("form.required_missing", {{"label", f.field->label}});
    } else if (f.field->type == FieldType::phone && !f.value.empty()) {
      bool digits = f.value.size() == 11 && f.value[0] == '1';
      for (char c : f.value) digits = digits && c >= '0' && c <= '9';
      if (!digits) f.error = tr("form.phone_invalid");
    }
    if (!f.error.empty()) {
      if (ok) focused_field_ = f.field->id;
      ok = false;
    }
  }
  return ok;
}

std::string Session::build_upload_body(const std::string& submitted_at) const {
  nlohmann::ordered_json body;
  body["uuid"] = uuid_;
  body["policy_id"] = policy_->id;
  body["policy_title"] = policy_->title;
  body["catalog_version"] = services_.catalog_version;
  body["mode"] = policy_->mode == ApplyMode::auto_grant ? "auto" : "quick";
  body["kiosk_id"] = services_.kiosk_id;
  body["submitted_at"] = submitted_at;
  body["applicant"] = {{"name", identity_.name},
                       {"id_number", identity_.id_number},
                       {"sex", identity_.sex},
                       {"birth_date", identity_.birth_date},
                       {"address", identity_.address}};
  nlohmann::ordered_json form = nlohmann::ordered_json::object();
  for (const auto& f : fields_) form[f.field->id] = f.value;
  body["form"] = form;
  return body.dump();
}

void Session::submit(int64_t now_ms) {
  uuid_ = make_uuid_v4();
  std::string submitted_at = services_.now_iso_utc();
  submitted_at_local_ = services_.now_local();
  offline::NewApplication app;
  app.uuid = uuid_;
  app.policy_id = policy_->id;
  app.policy_title = policy_->title;
  app.created_at = submitted_at;
  app.personal.name = identity_.name;
  app.personal.id_number = identity_.id_number;
  app.personal.address = identity_.address;
  for (const auto& f : fields_) {
    if (f.field->type == FieldType::phone) app.personal.phone = f.value;
    if (f.field->type == FieldType::bank_account) app.personal.bank_account = f.value;
  }
  app.upload_body = build_upload_body(submitted_at);
  submit_phase_ = SubmitPhase::saving;
  go(Screen::submitting, now_ms);
  log::info("session", "submitting application " + uuid_ + " for policy " + policy_->id);
  services_.save_async(std::move(app));
}

void Session::finish_submission(bool accepted) {
  submit_phase_ = accepted ? SubmitPhase::accepted : SubmitPhase::saved_offline;
  ReceiptData r;
  r.policy_title = policy_->title;
  r.applicant_masked = mask_name(identity_.name);
  r.id_number_masked = mask_id_number(identity_.id_number);
  r.submitted_at = submitted_at_local_;
  r.acceptance_no = acceptance_no_;
  r.uuid = uuid_;
  r.kiosk_id = services_.kiosk_id;
  receipt_ = r;
  auto printed = services_.print_receipt(r);
  print_outcome_ = printed ? PrintOutcome::printed : PrintOutcome::failed;
  if (printed) log::info("session", "receipt printed: " + printed.value());
  else log::warn("session", "receipt printing failed: " + printed.error().code + " " + printed.error().message);
}

void Session::handle(const Event& event, int64_t now_ms) {
  std::visit(
      [&](auto&& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ev::CardInserted>) {
          // A card on the home or identify screen starts (or continues) a citizen session. A different
          // card mid-journey is ignored: the journey belongs to the person who started it.
          if (screen_ != Screen::home && screen_ != Screen::identify) return;
          identity_.wipe();
          identity_ = e.identity;
          log::register_secret(identity_.name);
          log::register_secret(identity_.address);
          log::register_secret(identity_.id_number);
          log::info("session", "ID card read; citizen session started");
          go(Screen::policy_list, now_ms);
        } else if constexpr (std::is_same_v<E, ev::CardReadFailed>) {
          if (screen_ != Screen::identify && screen_ != Screen::home) return;
          if (e.code == "card.misplaced") reader_prompt_ = ReaderPrompt::misplaced;
          else if (e.code == "card.unrecognised") reader_prompt_ = ReaderPrompt::unrecognised;
          else reader_prompt_ = ReaderPrompt::unavailable;
          if (screen_ == Screen::home) go(Screen::identify, now_ms);
        } else if constexpr (std::is_same_v<E, ev::CardRemoved>) {
          if (screen_ == Screen::identify) reader_prompt_ = ReaderPrompt::waiting;
        } else if constexpr (std::is_same_v<E, ev::DeviceChanged>) {
          devices_[e.status.device_class] = e.status;
          if (e.status.device_class == drivers::DeviceClass::id_reader && screen_ == Screen::identify)
            reader_prompt_ = e.status.usable() ? ReaderPrompt::waiting : ReaderPrompt::unavailable;
          update_service_state(now_ms);
        } else if constexpr (std::is_same_v<E, ev::SubmitSaved>) {
          if (e.uuid != uuid_ || submit_phase_ != SubmitPhase::saving) return;
          if (!e.result) {
            submit_phase_ = SubmitPhase::failed;
            log::error("session", "application not saved: " + e.result.error().code);
            go(Screen::result, now_ms);
            return;
          }
          // COMMIT returned: the application is durable. Now, and only now, it counts as submitted.
          submit_phase_ = SubmitPhase::waiting_platform;
          platform_deadline_ms_ = now_ms + config_.platform_wait_ms;
          go(Screen::result, now_ms);
          if (!early_acceptance_no_.empty()) {
            acceptance_no_ = early_acceptance_no_;
            finish_submission(true);
          } else if (services_.wake_sync) {
            services_.wake_sync();
          }
        } else if constexpr (std::is_same_v<E, ev::RatingSaved>) {
          if (e.uuid != uuid_ || rating_phase_ != RatingPhase::saving) return;
          rating_phase_ = e.result ? RatingPhase::saved : RatingPhase::failed;
          if (e.result && services_.wake_sync) services_.wake_sync();
        } else if constexpr (std::is_same_v<E, ev::Sync>) {
          using K = offline::SyncEvent::Kind;
          if (e.event.kind == K::online || e.event.kind == K::acknowledged) network_online_ = true;
          if (e.event.kind == K::offline) network_online_ = false;
          // The sync worker can upload the committed entry before the UI thread has handled the store
          // worker's SubmitSaved (both are separate threads): keep such an early acknowledgement.
          if (submit_phase_ == SubmitPhase::saving && e.event.uuid == uuid_ && e.event.kind == K::acknowledged) {
            early_acceptance_no_ = e.event.acceptance_no;
            return;
          }
          if (submit_phase_ != SubmitPhase::waiting_platform || e.event.uuid != uuid_) return;
          // A failed attempt is retried by the sync engine within the wait: only an acknowledgement, a
          // refusal or the deadline (tick) ends the wait.
          if (e.event.kind == K::acknowledged) {
            acceptance_no_ = e.event.acceptance_no;
            finish_submission(true);
          } else if (e.event.kind == K::dead) {
            submit_phase_ = SubmitPhase::rejected;
            log::warn("session", "platform refused application " + uuid_ + ": " + e.event.reason);
          }
        }
      },
      event);
}

void Session::tick(int64_t now_ms) {
  if (submit_phase_ == SubmitPhase::waiting_platform && now_ms >= platform_deadline_ms_) finish_submission(false);
  if (idle_timeout_applies() && now_ms - last_touch_ms_ >= config_.idle_timeout_ms) {
    log::info("session", "idle timeout: session wiped");
    end_session(now_ms);
  }
}

std::optional<int64_t> Session::next_deadline_ms() const {
  std::optional<int64_t> next;
  if (submit_phase_ == SubmitPhase::waiting_platform) next = platform_deadline_ms_;
  if (idle_timeout_applies()) {
    int64_t idle_end = last_touch_ms_ + config_.idle_timeout_ms;
    if (!next || idle_end < *next) next = idle_end;
  }
  return next;
}

void Session::report_configuration_problem(std::string problem, int64_t now_ms) {
  configuration_problem_ = std::move(problem);
  service_disabled_ = true;
  log::error("config", "starting out of service: " + configuration_problem_);
  update_service_state(now_ms);
}

bool Session::can_rate() const {
  return screen_ == Screen::result && !uuid_.empty() &&
         (submit_phase_ == SubmitPhase::accepted || submit_phase_ == SubmitPhase::saved_offline);
}

void Session::save_rating() {
  if (!services_.save_rating_async) return;
  nlohmann::ordered_json body;
  body["level"] = rating_level_;
  nlohmann::ordered_json reasons = nlohmann::ordered_json::array();
  for (const auto& key : rating_reasons_) reasons.push_back(tr("rating.reason." + key));
  body["reasons"] = reasons;
  body["channel"] = "kiosk";
  body["kiosk_id"] = services_.kiosk_id;
  body["rated_at"] = services_.now_iso_utc();
  rating_phase_ = RatingPhase::saving;
  services_.save_rating_async(uuid_, body.dump());
}

void Session::refresh_technician_snapshot() {
  tech_snapshot_ = services_.technician_snapshot ? services_.technician_snapshot() : TechnicianSnapshot{};
}

bool Session::idle_timeout_applies() const {
  return screen_ != Screen::home && screen_ != Screen::submitting && screen_ != Screen::out_of_service;
}

std::optional<int> Session::idle_seconds_left(int64_t now_ms) const {
  if (!idle_timeout_applies()) return std::nullopt;
  int64_t left = last_touch_ms_ + config_.idle_timeout_ms - now_ms;
  if (left > config_.idle_warning_ms) return std::nullopt;
  return int((std::max<int64_t>(left, 0) + 999) / 1000);
}

}  // namespace zhidui
