// session.cpp — see session.h. The journey: home → identify (ID card) → policy list → 一次告知 detail →
// form (prefilled from the card) → submitting (store COMMIT) → result (acceptance number, or saved and
// pending upload) → receipt → home, with an idle timeout that wipes everything personal.
#include "kiosk/session.h"

#include <sodium.h>

#include <algorithm>
#include <cassert>
#include <nlohmann/json.hpp>

#include "kiosk/application_summary.h"
#include "base/log.h"
#include "base/mask.h"
#include "base/uuid.h"
#include "kiosk/strings.h"
#include "kiosk/validators.h"

namespace zhidui {

const char* to_string(Screen s) {
  switch (s) {
    case Screen::home: return "home";
    case Screen::identify: return "identify";
    case Screen::policy_list: return "policy_list";
    case Screen::search: return "search";
    case Screen::policy_detail: return "policy_detail";
    case Screen::form: return "form";
    case Screen::materials: return "materials";
    case Screen::commitment: return "commitment";
    case Screen::review: return "review";
    case Screen::submitting: return "submitting";
    case Screen::result: return "result";
    case Screen::enterprise_identify: return "enterprise_identify";
    case Screen::enterprise_role: return "enterprise_role";
    case Screen::progress: return "progress";
    case Screen::help: return "help";
    case Screen::out_of_service: return "out_of_service";
    case Screen::technician_pin: return "technician_pin";
    case Screen::technician: return "technician";
  }
  return "?";
}

std::string confirmation_focus(const std::string& field_id) { return field_id + "#confirm"; }

Session::Session(const Catalog& catalog, SessionServices services, SessionConfig config)
    : catalog_(&catalog), services_(std::move(services)), config_(config),
      search_index_(catalog), technician_auth_(services_.technician_pin_hash) {
  assert(services_.save_async && services_.print_receipt_async && services_.now_iso_utc && services_.now_local &&
         "every session service must be wired");
}

std::vector<const PolicyItem*> Session::offered_policies() const {
  // A policy whose required devices are not all usable is not offered (CUSS "required components").
  PolicyFilter browse = filter_;
  browse.query.clear();
  std::vector<const PolicyItem*> out;
  for (const PolicyItem* p :
       find_policies(*catalog_, search_index_, browse, services_.kiosk_region, services_.now_local().substr(0, 10))) {
    bool ok = true;
    for (drivers::DeviceClass d : p->devices) ok = ok && device_usable(d);
    if (ok) out.push_back(p);
  }
  return out;
}

std::vector<std::string> Session::categories() const {
  return policy_categories(*catalog_, filter_.audience, filter_.scope, services_.kiosk_region,
                           services_.now_local().substr(0, 10));
}

void Session::refresh_search() {
  search_results_ = filter_.query.empty() ? std::vector<const PolicyItem*>{}
                                          : find_policies(*catalog_, search_index_, filter_, services_.kiosk_region,
                                                          services_.now_local().substr(0, 10));
}

bool Session::device_usable(drivers::DeviceClass c) const {
  auto it = devices_.find(c);
  // Not yet heard from: assume usable (adapters report within a second of start); known broken: not.
  return it == devices_.end() || it->second.state == drivers::DeviceState::unknown || it->second.usable();
}

bool Session::out_of_service_needed() const {
  return service_disabled_ || std::any_of(config_.required_devices.begin(), config_.required_devices.end(),
                                          [this](drivers::DeviceClass d) { return !device_usable(d); });
}

bool Session::printer_degraded() const { return !device_usable(drivers::DeviceClass::receipt_printer); }

std::string Session::pause_reason() const {
  if (!configuration_problem_.empty()) return "configuration";
  if (!crash_loop_.empty()) return "crash_loop";
  if (service_disabled_) return "technician";
  for (drivers::DeviceClass d : config_.required_devices)
    if (!device_usable(d)) return std::string("device:") + drivers::to_string(d);
  return "";
}

void Session::update_service_state(int64_t now_ms) {
  // Out of service only between journeys: a citizen mid-application is never cut off by it.
  if (screen_ == Screen::home && out_of_service_needed()) go(Screen::out_of_service, now_ms);
  else if (screen_ == Screen::out_of_service && !out_of_service_needed()) go(Screen::home, now_ms);
  if (std::string reason = pause_reason(); reason != reported_pause_) {
    reported_pause_ = reason;
    if (services_.service_changed) services_.service_changed(reason);
  }
}

bool Session::has_personal_data() const {
  if (identity_.present() || !identity_.name.empty() || eligibility_) return true;
  for (const auto& f : fields_)
    if (!f.value.empty() || !f.confirmation.empty()) return true;
  if (!enterprise_.uscc.empty() || !uscc_entry_.empty() || !signing_.strokes.empty() || !authorisation_png_.empty())
    return true;
  if (!materials_.empty() || !progress_.entries.empty() || !filter_.query.empty()) return true;
  if (!remembered_.empty() || !applied_policy_ids_.empty() || !rating_comment_.empty()) return true;
  return receipt_.has_value();
}

void Session::go(Screen s, int64_t now_ms) {
  bool changed = s != screen_;
  if (changed) log::info("session", std::string("screen ") + to_string(screen_) + " -> " + to_string(s));
  screen_ = s;
  last_touch_ms_ = now_ms;
  notice_.clear();
  // 长辈模式 speaks every screen's title and instruction on arrival (normal mode: the speaker button).
  if (changed && elder_mode_) speak(to_string(s));
}

void Session::speak(const std::string& key) {
  if (services_.speak) services_.speak(key);
}

void Session::wipe_application() {
  for (auto& f : fields_) zhidui::wipe(f.value), zhidui::wipe(f.confirmation);
  fields_.clear();
  focused_field_.clear();
  for (auto& m : materials_) sodium_memzero(m.signature_png.data(), m.signature_png.size());
  materials_.clear();
  commitment_target_.clear();
  signing_.wipe();
  policy_ = nullptr;
  eligibility_.reset();
  form_refusal_.clear();
  receipt_.reset();
  uuid_.clear();
  acceptance_no_.clear();
  early_acceptance_no_.clear();
  submitted_at_local_.clear();
  submit_phase_ = SubmitPhase::none;
  print_outcome_ = PrintOutcome::none;
  a4_outcome_ = PrintOutcome::none;
  a4_printing_ = false;
  rating_level_ = 0;
  rating_reasons_.clear();
  zhidui::wipe(rating_comment_);
  rating_phase_ = RatingPhase::none;
  ++application_generation_;
}

void Session::end_session(int64_t now_ms) {
  // Forgotten ID cards are a hall's commonest lost property: say so as the person turns to leave.
  if (card_on_reader_ && identity_.present()) speak("card.take_back");
  wipe_application();
  identity_.wipe();
  for (auto& r : remembered_) zhidui::wipe(r.value);
  remembered_.clear();
  applied_policy_ids_.clear();
  journey_ = Journey::citizen;
  filter_ = PolicyFilter{};
  search_results_.clear();
  zhidui::wipe(uscc_entry_);
  uscc_error_.clear();
  lookup_ = EnterpriseLookup::none;
  enterprise_.wipe();
  role_ = RepresentativeRole::none;
  rep_check_ = RepresentativeCheck::unchecked;
  sodium_memzero(authorisation_png_.data(), authorisation_png_.size());
  authorisation_png_.clear();
  progress_phase_ = ProgressPhase::waiting;
  for (auto& e : progress_.entries) e.policy_title.clear();
  progress_ = ProgressAnswer{};
  progress_error_.clear();
  elder_mode_ = false;
  reader_prompt_ = ReaderPrompt::waiting;
  zhidui::wipe(pin_entry_);
  pin_message_.clear();
  tech_results_.clear();
  end_setting_edit();
  log::clear_secrets();
  ++visit_generation_;
  go(Screen::home, now_ms);
  update_service_state(now_ms);
  adopt_offered_catalog();
}

void Session::adopt_offered_catalog() {
  const bool between_journeys = screen_ == Screen::home || screen_ == Screen::out_of_service;
  if (!offered_catalog_ || !between_journeys || has_personal_data() || policy_) return;
  adopted_catalog_ = std::move(offered_catalog_);
  catalog_ = adopted_catalog_.get();
  search_index_ = SearchIndex(*catalog_);
  filter_ = PolicyFilter{};
  search_results_.clear();
  log::info("session", "catalog " + catalog_->version + " in service (" + std::to_string(catalog_->items.size()) +
                           " items)");
  if (services_.catalog_adopted) services_.catalog_adopted(catalog_->version);
}

void Session::apply(const Action& action, int64_t now_ms) {
  last_touch_ms_ = now_ms;
  idle_warned_ = false;
  std::visit(
      [&](auto&& a) {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, act::GoHome> || std::is_same_v<A, act::Finish>) {
          // Leaving while a save is in flight would orphan its result; the submitting screen offers
          // no way out, and this guard makes the rule hold whatever the UI does.
          if (submit_phase_ == SubmitPhase::saving) return;
          end_session(now_ms);
        } else if constexpr (std::is_same_v<A, act::ApplyAnother>) {
          if (can_apply_another()) start_another_application(now_ms);
        } else if constexpr (std::is_same_v<A, act::StartCitizen>) {
          if (screen_ != Screen::home) return;
          journey_ = Journey::citizen;
          filter_.audience = Audience::individual;
          reader_prompt_ = ReaderPrompt::waiting;
          if (identity_.present()) start_policy_list(now_ms);
          else go(Screen::identify, now_ms);
        } else if constexpr (std::is_same_v<A, act::StartEnterprise>) {
          if (screen_ != Screen::home) return;
          journey_ = Journey::enterprise;
          filter_.audience = Audience::enterprise;
          go(Screen::enterprise_identify, now_ms);
        } else if constexpr (std::is_same_v<A, act::StartProgress>) {
          if (screen_ != Screen::home) return;
          journey_ = Journey::progress;
          progress_phase_ = ProgressPhase::waiting;
          go(Screen::progress, now_ms);
        } else if constexpr (std::is_same_v<A, act::OpenHelp>) {
          if (screen_ == Screen::home) go(Screen::help, now_ms);
        } else if constexpr (std::is_same_v<A, act::ToggleElderMode>) {
          elder_mode_ = !elder_mode_;
          log::info("session", elder_mode_ ? "elder mode on" : "elder mode off");
          if (elder_mode_) speak(to_string(screen_));
        } else if constexpr (std::is_same_v<A, act::CallStaff>) {
          notice_ = "common.staff_called";
          log::warn("session", std::string("staff called from screen ") + to_string(screen_));
          if (services_.call_staff) services_.call_staff();
          speak("staff_called");
        } else if constexpr (std::is_same_v<A, act::Speak>) {
          speak(to_string(screen_));
        } else if constexpr (std::is_same_v<A, act::OpenSearch>) {
          if (screen_ != Screen::policy_list) return;
          filter_.query.clear();
          search_results_.clear();
          go(Screen::search, now_ms);
        } else if constexpr (std::is_same_v<A, act::SetCategory>) {
          if (screen_ == Screen::policy_list) filter_.category = a.category;
        } else if constexpr (std::is_same_v<A, act::SetRegionScope>) {
          if (screen_ != Screen::policy_list) return;
          filter_.scope = a.scope;
          filter_.category.clear();  // the other scope may not have the chosen category
        } else if constexpr (std::is_same_v<A, act::SelectPolicy>) {
          if (screen_ != Screen::policy_list && screen_ != Screen::search) return;
          select_policy(a.id, now_ms);
        } else if constexpr (std::is_same_v<A, act::StartApply>) {
          if (screen_ != Screen::policy_detail || !policy_) return;
          if (eligibility_ && eligibility_->verdict == Verdict::not_eligible) return;
          if (applied_this_session(policy_->id)) return;
          start_form();
          go(Screen::form, now_ms);
        } else if constexpr (std::is_same_v<A, act::Back>) {
          switch (screen_) {
            case Screen::policy_detail:
            case Screen::search: go(Screen::policy_list, now_ms); break;
            case Screen::form: go(Screen::policy_detail, now_ms); break;
            case Screen::materials: go(Screen::form, now_ms); break;
            case Screen::review: go(materials_.empty() ? Screen::form : Screen::materials, now_ms); break;
            case Screen::commitment:
              if (commitment_target_ != kAuthorisationCommitment) {
                signing_.wipe();
                go(Screen::materials, now_ms);
              }
              break;
            default: break;
          }
        } else if constexpr (std::is_same_v<A, act::ChooseRole>) {
          if (screen_ != Screen::enterprise_role || a.role == RepresentativeRole::none) return;
          role_ = a.role;
          rep_check_ = RepresentativeCheck::unchecked;
          reader_prompt_ = ReaderPrompt::waiting;
          go(Screen::identify, now_ms);
        } else if constexpr (std::is_same_v<A, act::ContinueUnverified>) {
          if (screen_ != Screen::enterprise_identify || lookup_ != EnterpriseLookup::unreachable) return;
          enterprise_ = Enterprise{};
          enterprise_.uscc = uscc_entry_;
          go(Screen::enterprise_role, now_ms);
        } else if constexpr (std::is_same_v<A, act::FocusField>) {
          if (a.id == kRatingComment) {  // tapping the comment again puts the keyboard away
            if (screen_ == Screen::result && rating_phase_ == RatingPhase::choosing_reasons)
              focused_field_ = focused_field_ == kRatingComment ? std::string() : a.id;
            return;
          }
          for (const auto& f : fields_) {
            if (f.read_only) continue;
            if (f.field->id == a.id || (f.needs_confirmation() && confirmation_focus(f.field->id) == a.id))
              focused_field_ = a.id;
          }
        } else if constexpr (std::is_same_v<A, act::TypeText> || std::is_same_v<A, act::Backspace>) {
          const act::TypeText* typed = nullptr;
          if constexpr (std::is_same_v<A, act::TypeText>) typed = &a;
          if (screen_ == Screen::enterprise_identify) edit_uscc(typed, now_ms);
          else edit_text(typed);
        } else if constexpr (std::is_same_v<A, act::ChooseValue>) {
          if (screen_ != Screen::form) return;
          for (auto& f : fields_) {
            if (f.field->id != a.field_id || f.read_only) continue;
            bool known = f.field->type == FieldType::yes_no ? (a.value == "yes" || a.value == "no")
                                                            : f.field->choice(a.value) != nullptr;
            if (!known) return;
            f.value = a.value;
            f.error.clear();
            f.remembered = false;
            form_refusal_.clear();
            focused_field_ = f.field->id;  // what was touched has the focus: the keyboard makes way
          }
        } else if constexpr (std::is_same_v<A, act::Next>) {
          if (screen_ == Screen::form && submit_phase_ == SubmitPhase::none) after_form(now_ms);
          else if (screen_ == Screen::materials && materials_complete()) go(Screen::review, now_ms);
        } else if constexpr (std::is_same_v<A, act::ChooseMaterial>) {
          if (screen_ != Screen::materials) return;
          for (auto& m : materials_) {
            if (m.material->id != a.id) continue;
            auto h = static_cast<MaterialHandling>(a.handling);
            if ((h == MaterialHandling::e_licence && !m.material->e_licence) ||
                (h == MaterialHandling::commitment && !m.material->commitment_allowed))
              return;
            if (h == MaterialHandling::commitment) {
              commitment_target_ = m.material->id;
              signing_.wipe();
              go(Screen::commitment, now_ms);
              return;  // decided when the commitment is signed
            }
            sodium_memzero(m.signature_png.data(), m.signature_png.size());
            m.signature_png.clear();
            m.handling = h;
          }
        } else if constexpr (std::is_same_v<A, act::SignStroke>) {
          if (screen_ == Screen::commitment && !a.stroke.empty() && signing_.strokes.size() < 200)
            signing_.strokes.push_back(a.stroke);
        } else if constexpr (std::is_same_v<A, act::ClearSignature>) {
          if (screen_ == Screen::commitment) signing_.wipe();
        } else if constexpr (std::is_same_v<A, act::ConfirmSignature>) {
          if (screen_ == Screen::commitment) confirm_signature(now_ms);
        } else if constexpr (std::is_same_v<A, act::Submit>) {
          if (screen_ != Screen::review || submit_phase_ != SubmitPhase::none) return;
          if (!validate_form()) {
            go(Screen::form, now_ms);
            return;
          }
          submit(now_ms);
        } else if constexpr (std::is_same_v<A, act::PrintA4>) {
          if (screen_ != Screen::result || !receipt_ || !services_.print_a4_async || a4_printing_) return;
          a4_printing_ = true;
          a4_outcome_ = PrintOutcome::none;
          services_.print_a4_async(*receipt_);
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
          if (!technician_auth_.has_pin()) {
            // Not a wrong PIN: counting it towards a lockout would only delay whoever fixes the file.
            zhidui::wipe(pin_entry_);
            pin_message_ = tr("tech.pin_not_configured");
            return;
          }
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
        } else if constexpr (std::is_same_v<A, act::SelfTest> || std::is_same_v<A, act::RequeueDeadLetter> ||
                             std::is_same_v<A, act::ChangeSetting> || std::is_same_v<A, act::EditSetting> ||
                             std::is_same_v<A, act::SaveSetting> || std::is_same_v<A, act::CancelSettingEdit> ||
                             std::is_same_v<A, act::RestartKiosk>) {
          apply_technician(a);
        } else if constexpr (std::is_same_v<A, act::SetInService>) {
          if (screen_ != Screen::technician) return;
          // A broken configuration is fixed in the file, not waved through: the kiosk stays paused.
          if (a.in_service && !configuration_problem_.empty()) return;
          service_disabled_ = !a.in_service;
          if (a.in_service && !crash_loop_.empty()) {
            crash_loop_.clear();
            if (services_.forgive_crash_loop) services_.forgive_crash_loop();
          }
          update_service_state(now_ms);  // stays on the panel; tells the heartbeat at once
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
          focused_field_.clear();
          save_rating();
        } else if constexpr (std::is_same_v<A, act::TechnicianExit>) {
          if (screen_ != Screen::technician && screen_ != Screen::technician_pin) return;
          zhidui::wipe(pin_entry_);
          tech_results_.clear();  // a card test's masked line is not left for the next technician
          end_setting_edit();
          go(Screen::home, now_ms);
          update_service_state(now_ms);
        }
      },
      action);
}

void Session::start_form() {
  form_refusal_.clear();
  // Coming back to the form (Back from materials) keeps what was typed; a new policy starts afresh.
  if (!fields_.empty() && fields_.front().field >= &policy_->form.front() &&
      fields_.front().field <= &policy_->form.back())
    return;
  for (auto& f : fields_) zhidui::wipe(f.value), zhidui::wipe(f.confirmation);
  materials_.clear();
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
    else if (field.prefill == "enterprise.uscc") fs.value = enterprise_.uscc;
    else if (field.prefill == "enterprise.name") fs.value = enterprise_.name;
    fs.read_only = field.prefilled() && !fs.value.empty();
    if (!field.prefilled()) fill_remembered(fs);
    fields_.push_back(std::move(fs));
  }
  // The keyboard opens on the first field still to be typed; when everything is known (remembered from
  // this session) there is nothing to type and no keyboard until a field is tapped.
  for (const auto& f : fields_) {
    bool chosen_not_typed = f.field->type == FieldType::yes_no || !f.field->choices.empty();
    if (!f.read_only && !chosen_not_typed && f.value.empty()) {
      focused_field_ = f.field->id;
      break;
    }
  }
}

bool Session::validate_form() {
  bool ok = true;
  const std::string today = services_.now_local().substr(0, 10);
  for (auto& f : fields_) {
    f.error.clear();
    if (f.field->required && f.value.empty()) {
      f.error = strings().format("form.required_missing", {{"label", f.field->label}});
    } else if (auto v = validate_field(*f.field, f.value, today); !v.ok) {
      f.error = v.message_zh.empty() ? strings().format("form.value_invalid", {{"label", f.field->label}}) : v.message_zh;
    } else if (f.needs_confirmation() && f.confirmation != f.value) {
      f.error = tr("form.account_mismatch");
      if (ok) focused_field_ = confirmation_focus(f.field->id);
      ok = false;
      continue;
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
  body["catalog_version"] = catalog_->version;
  body["mode"] = policy_->mode == ApplyMode::auto_grant ? "auto" : "quick";
  body["kiosk_id"] = services_.kiosk_id;
  body["submitted_at"] = submitted_at;
  body["applicant"] = {{"name", identity_.name},
                       {"id_number", identity_.id_number},
                       {"sex", identity_.sex},
                       {"birth_date", identity_.birth_date},
                       {"address", identity_.address}};
  if (journey_ == Journey::enterprise) {
    body["enterprise"] = {{"uscc", enterprise_.uscc},
                          {"name", enterprise_.name},
                          {"verified", enterprise_.verified},
                          {"representative_role",
                           role_ == RepresentativeRole::legal_representative ? "legal_representative" : "agent"},
                          {"legal_representative_confirmed", rep_check_ == RepresentativeCheck::confirmed}};
    if (!authorisation_png_.empty()) body["enterprise"]["authorisation_signature_png"] = base64_encode(authorisation_png_);
  }
  nlohmann::ordered_json form = nlohmann::ordered_json::object();
  for (const auto& f : fields_) form[f.field->id] = f.value;
  body["form"] = form;
  nlohmann::ordered_json materials = nlohmann::ordered_json::array();
  for (const auto& m : materials_) {
    static const char* kHow[] = {"none", "e_licence", "commitment", "later"};
    static const char* kTrust[] = {"declared", "copy", "original"};
    nlohmann::ordered_json jm = {{"id", m.material->id}, {"name", m.material->name},
                                 {"handling", kHow[static_cast<int>(m.handling)]},
                                 {"trust_level", kTrust[static_cast<int>(m.material->trust)]}};
    if (!m.signature_png.empty()) jm["commitment_signature_png"] = base64_encode(m.signature_png);
    materials.push_back(jm);
  }
  body["materials"] = materials;
  body["elder_mode"] = elder_mode_;
  if (eligibility_) {
    // What the kiosk could and could not check, so the department knows what is left to verify.
    body["eligibility"] = {{"verdict", eligibility_->verdict == Verdict::eligible ? "eligible" : "needs_review"},
                           {"unverified", eligibility_->unverified_zh}};
  }
  // Replace, never throw: text comes from the card and the keyboards, and nothing may escape the frame.
  return body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
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
  if (journey_ == Journey::enterprise) r.enterprise_name = enterprise_.name.empty() ? enterprise_.uscc : enterprise_.name;
  for (const auto& m : materials_) {
    if (m.handling == MaterialHandling::later) r.later_materials.push_back(m.material->name);
    r.materials.emplace_back(m.material->name, tr(material_handling_key(m.handling)));
  }
  for (const auto& f : fields_) r.answers.emplace_back(f.field->label, summary_value(f));
  receipt_ = r;
  print_outcome_ = PrintOutcome::printing;
  speak(accepted ? "submit.accepted" : "submit.saved_offline");
  services_.print_receipt_async(std::move(r), false);
}

void Session::handle(const Event& event, int64_t now_ms) {
  std::visit(
      [&](auto&& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ev::CardInserted>) {
          card_on_reader_ = true;
          if (screen_ == Screen::technician) {  // the reader's self-test: shown masked, nothing kept
            technician_result(strings().format("tech.result_card_ok", {{"name", mask_name(e.identity.name)},
                                                                         {"id", mask_id_number(e.identity.id_number)}}));
            return;
          }
          // A card on the home or identify screen starts (or continues) a session; on the progress
          // screen it asks for that person's applications. A different card mid-journey is ignored:
          // the journey belongs to the person who started it.
          bool progress_wants_card = screen_ == Screen::progress && progress_phase_ != ProgressPhase::loading;
          if (screen_ != Screen::home && screen_ != Screen::identify && !progress_wants_card) return;
          if (screen_ == Screen::identify && rep_check_ == RepresentativeCheck::checking) return;
          if (screen_ == Screen::home) journey_ = Journey::citizen;
          accept_card(e.identity, now_ms);
        } else if constexpr (std::is_same_v<E, ev::CardReadFailed>) {
          if (screen_ == Screen::technician)
            return technician_result(strings().format("tech.result_card_failed", {{"code", e.code}}));
          if (screen_ != Screen::identify && screen_ != Screen::home && screen_ != Screen::progress) return;
          if (e.code == "card.misplaced") reader_prompt_ = ReaderPrompt::misplaced;
          else if (e.code == "card.unrecognised") reader_prompt_ = ReaderPrompt::unrecognised;
          else reader_prompt_ = ReaderPrompt::unavailable;
          speak(e.code);
          if (screen_ == Screen::home) go(Screen::identify, now_ms);
        } else if constexpr (std::is_same_v<E, ev::CardRemoved>) {
          // Mid-journey this changes nothing: the card was read once, and the journey is the person's.
          card_on_reader_ = false;
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
            speak("submit.failed");
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
        } else if constexpr (std::is_same_v<E, ev::Scanned>) {
          handle_scan(e, now_ms);
        } else if constexpr (std::is_same_v<E, ev::EnterpriseLooked>) {
          if (screen_ != Screen::enterprise_identify || lookup_ != EnterpriseLookup::looking_up || e.uscc != uscc_entry_)
            return;
          if (e.result) {
            enterprise_ = e.result.value();
            enterprise_.verified = true;
            if (!enterprise_.active) {
              lookup_ = EnterpriseLookup::inactive;  // 注销/吊销: no policy can be redeemed for it
              return;
            }
            lookup_ = EnterpriseLookup::found;
            go(Screen::enterprise_role, now_ms);
          } else {
            lookup_ = e.result.error().code == "enterprise.not_found" ? EnterpriseLookup::not_found
                                                                       : EnterpriseLookup::unreachable;
            log::warn("session", "enterprise lookup: " + e.result.error().code);
          }
        } else if constexpr (std::is_same_v<E, ev::RepresentativeChecked>) {
          if (screen_ != Screen::identify || rep_check_ != RepresentativeCheck::checking || e.uscc != enterprise_.uscc)
            return;
          if (e.is_legal_representative && e.is_legal_representative.value()) {
            rep_check_ = RepresentativeCheck::confirmed;
            log::info("session", "legal representative confirmed by the platform");
            start_policy_list(now_ms);
          } else if (e.is_legal_representative) {
            // Not the legal representative: nothing of this card stays; they may continue as 经办人.
            identity_.wipe();
            role_ = RepresentativeRole::none;
            go(Screen::enterprise_role, now_ms);
            rep_check_ = RepresentativeCheck::mismatch;
            speak("enterprise.rep_mismatch");
          } else {
            rep_check_ = RepresentativeCheck::unverifiable;
            role_ = RepresentativeRole::agent;
            commitment_target_ = kAuthorisationCommitment;
            signing_.wipe();
            go(Screen::commitment, now_ms);
          }
        } else if constexpr (std::is_same_v<E, ev::ProgressLoaded>) {
          if (screen_ != Screen::progress || progress_phase_ != ProgressPhase::loading) return;
          if (e.result) {
            progress_ = e.result.value();
            progress_phase_ = ProgressPhase::shown;
          } else {
            progress_phase_ = ProgressPhase::failed;
            progress_error_ = e.result.error().code == "progress.not_found" ? "progress.not_found" : "progress.failed";
          }
        } else if constexpr (std::is_same_v<E, ev::A4Printed>) {
          if (!a4_printing_) return;
          a4_printing_ = false;
          a4_outcome_ = e.result ? PrintOutcome::printed : PrintOutcome::failed;
          if (!e.result) speak("printer.a4_failed");
        } else if constexpr (std::is_same_v<E, ev::ReceiptPrinted>) {
          if (e.self_test) {
            log::info("technician", "receipt self-test: " + (e.where ? e.where.value() : e.where.error().code));
            if (screen_ == Screen::technician)
              technician_result(e.where ? strings().format("tech.result_receipt_ok", {{"where", e.where.value()}})
                                        : strings().format("tech.result_failed", {{"code", e.where.error().code},
                                                                                  {"message", e.where.error().message}}));
            return;
          }
          // Another application's receipt, or the session ended meanwhile.
          if (print_outcome_ != PrintOutcome::printing || !receipt_ || receipt_->uuid != e.uuid) return;
          print_outcome_ = e.where ? PrintOutcome::printed : PrintOutcome::failed;
          if (e.where) {
            log::info("session", "receipt printed: " + e.where.value());
          } else {
            log::warn("session", "receipt printing failed: " + e.where.error().code + " " + e.where.error().message);
            speak("printer.failed");
          }
        } else if constexpr (std::is_same_v<E, ev::CatalogOffered>) {
          if (!e.catalog) return;
          offered_catalog_ = e.catalog;
          adopt_offered_catalog();  // now if nobody is in a journey, else when the session ends
        } else if constexpr (std::is_same_v<E, ev::TechnicianDone>) {
          technician_result(e.result ? e.detail
                                     : strings().format("tech.result_failed", {{"code", e.result.error().code},
                                                                               {"message", e.result.error().message}}));
          if (e.what == "requeue" && e.result && services_.wake_sync) services_.wake_sync();
          if (screen_ == Screen::technician) refresh_technician_snapshot();
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
  // The countdown is said once when it appears: a person reading a long guide may not be looking.
  if (!idle_warned_ && idle_seconds_left(now_ms)) {
    idle_warned_ = true;
    speak("idle.warning");
  }
  if (idle_timeout_applies() && now_ms - last_touch_ms_ >= idle_timeout_ms()) {
    log::info("session", "idle timeout: session wiped");
    end_session(now_ms);
  }
}

std::optional<int64_t> Session::next_deadline_ms() const {
  std::optional<int64_t> next;
  if (submit_phase_ == SubmitPhase::waiting_platform) next = platform_deadline_ms_;
  if (idle_timeout_applies()) {
    int64_t idle_end = last_touch_ms_ + idle_timeout_ms();
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

void Session::report_crash_loop(std::string reason, int64_t now_ms) {
  crash_loop_ = std::move(reason);
  service_disabled_ = true;
  update_service_state(now_ms);
}

bool Session::can_apply_another() const {
  // Not while a print or a rating is still on its way: its answer belongs to this application.
  return screen_ == Screen::result && !a4_printing_ && rating_phase_ != RatingPhase::saving &&
         (submit_phase_ == SubmitPhase::accepted || submit_phase_ == SubmitPhase::saved_offline ||
          submit_phase_ == SubmitPhase::rejected);
}

bool Session::applied_this_session(const std::string& policy_id) const {
  return std::find(applied_policy_ids_.begin(), applied_policy_ids_.end(), policy_id) != applied_policy_ids_.end();
}

void Session::remember_typed_values() {
  for (const auto& f : fields_) {
    if (f.read_only || f.value.empty()) continue;
    auto same = [&](const RememberedValue& r) { return r.field_id == f.field->id && r.type == f.field->type; };
    auto it = std::find_if(remembered_.begin(), remembered_.end(), same);
    if (it == remembered_.end()) remembered_.push_back({f.field->id, f.field->type, f.value});
    else zhidui::wipe(it->value), it->value = f.value;
  }
}

void Session::fill_remembered(FieldState& fs) const {
  // The same field of another policy first; else, for values that belong to the person rather than
  // to a policy (a phone number, the account to be paid into), any field of that type.
  const FormField& field = *fs.field;
  const RememberedValue* found = nullptr;
  for (const auto& r : remembered_)
    if (r.field_id == field.id && r.type == field.type) found = &r;
  if (!found && (field.type == FieldType::phone || field.type == FieldType::bank_account))
    for (const auto& r : remembered_)
      if (r.type == field.type) found = &r;
  if (!found) return;
  fs.value = found->value;
  if (fs.needs_confirmation()) fs.confirmation = found->value;  // confirmed when it was first typed
  fs.remembered = true;
}

void Session::start_another_application(int64_t now_ms) {
  // The person, their enterprise and role, 长辈模式 and what they typed stay; everything of the
  // finished application goes. Late answers about it are ignored: they carry its uuid.
  applied_policy_ids_.push_back(policy_->id);
  if (submit_phase_ != SubmitPhase::rejected) remember_typed_values();
  wipe_application();
  ++visit_generation_;
  log::info("session", "another application in the same session");
  start_policy_list(now_ms);
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
  if (!rating_comment_.empty()) body["comment"] = rating_comment_;
  body["channel"] = "kiosk";
  body["kiosk_id"] = services_.kiosk_id;
  body["rated_at"] = services_.now_iso_utc();
  rating_phase_ = RatingPhase::saving;
  services_.save_rating_async(uuid_, body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

void Session::refresh_technician_snapshot() {
  tech_snapshot_ = services_.technician_snapshot ? services_.technician_snapshot() : TechnicianSnapshot{};
}

bool Session::idle_timeout_applies() const {
  return screen_ != Screen::home && screen_ != Screen::submitting && screen_ != Screen::out_of_service;
}

std::optional<int> Session::idle_seconds_left(int64_t now_ms) const {
  if (!idle_timeout_applies()) return std::nullopt;
  int64_t left = last_touch_ms_ + idle_timeout_ms() - now_ms;
  if (left > config_.idle_warning_ms) return std::nullopt;
  return int((std::max<int64_t>(left, 0) + 999) / 1000);
}

}  // namespace zhidui
