// session_journeys.cpp — the parts of Session (session.h) beyond the citizen's straight line: the
// policy list and search, the enterprise journey (USCC, the platform's record, legal representative or
// 经办人), materials and signed commitments, 进度查询, scanned codes, and the form's text editing.
#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "base/log.h"
#include "base/utf8.h"
#include "kiosk/session.h"
#include "kiosk/strings.h"
#include "kiosk/validators.h"

namespace zhidui {

int64_t Session::idle_timeout_ms() const {
  // Elderly people read and decide more slowly; a kiosk that wipes their work mid-thought fails them.
  return elder_mode_ ? config_.idle_timeout_ms * 2 : config_.idle_timeout_ms;
}

void Session::start_policy_list(int64_t now_ms) {
  filter_.category.clear();
  filter_.query.clear();
  search_results_.clear();
  go(Screen::policy_list, now_ms);
}

void Session::select_policy(const std::string& id, int64_t now_ms) {
  const PolicyItem* p = catalog_->find(id);
  if (!p) return;
  if (p != policy_) ++application_generation_;
  policy_ = p;
  // Inform once includes "can I get it": the verdict and every failed condition are shown with the
  // guide, before the applicant spends any effort on the form.
  const std::string today = services_.now_local().substr(0, 10);
  eligibility_ = evaluate_eligibility(*p, applicant_facts(today), today);
  go(Screen::policy_detail, now_ms);
}

ApplicantFacts Session::applicant_facts(const std::string& today) const {
  ApplicantFacts facts;
  if (journey_ == Journey::enterprise) {
    add_uscc_facts(facts, enterprise_.uscc);
    // The register's record is newer than the USCC, whose division code is where the enterprise was
    // first registered: an enterprise that moved city is judged by where it is now.
    if (enterprise_.verified && enterprise_.region_code.size() == 6)
      facts.enterprise_region = enterprise_.region_code.substr(0, 4);
  } else {
    add_id_number_facts(facts, identity_.id_number, today);
    add_card_address_facts(facts, identity_.address);
  }
  for (const FieldState& f : fields_)
    if (!f.value.empty()) facts.form[f.field->id] = f.value;
  return facts;
}

// --- typing ---------------------------------------------------------------------------------------------

namespace {
void pop_code_point(std::string& s) {
  while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
  if (!s.empty()) s.pop_back();
}

// The longest a field's text may grow, in bytes; typing past it is ignored.
size_t max_length(FieldType t) {
  switch (t) {
    case FieldType::phone: return 11;
    case FieldType::bank_account: return 30;
    case FieldType::uscc: return 18;
    case FieldType::id_number: return 18;
    case FieldType::date: return 10;
    case FieldType::money: return 13;
    case FieldType::integer: return 12;
    default: return 120;
  }
}

bool numeric_type(FieldType t) {
  return t == FieldType::phone || t == FieldType::bank_account || t == FieldType::integer ||
         t == FieldType::money || t == FieldType::date;
}
}  // namespace

void Session::edit_text(const act::TypeText* typed) {
  if (screen_ == Screen::technician && setting_edit_) {
    constexpr size_t kMaxSetting = 200;  // bytes: a URL or a token, not a document
    std::string& text = setting_edit_->text;
    if (typed && text.size() + typed->text.size() <= kMaxSetting) text += typed->text;
    else if (!typed) pop_code_point(text);
    setting_edit_->error.clear();
    return;
  }
  if (screen_ == Screen::technician_pin) {
    if (typed && pin_entry_.size() + typed->text.size() <= 12) pin_entry_ += typed->text;
    else if (!typed && !pin_entry_.empty()) pin_entry_.pop_back();
    return;
  }
  if (screen_ == Screen::search) {
    if (typed && utf8::decode(filter_.query).size() < 20) filter_.query += typed->text;
    else if (!typed) pop_code_point(filter_.query);
    refresh_search();
    return;
  }
  if (screen_ == Screen::result && focused_field_ == kRatingComment) {
    constexpr size_t kMaxComment = 60;  // characters: a sentence, not a letter
    if (typed && utf8::decode(rating_comment_).size() + utf8::decode(typed->text).size() <= kMaxComment)
      rating_comment_ += typed->text;
    else if (!typed) pop_code_point(rating_comment_);
    return;
  }
  if (screen_ != Screen::form) return;
  for (auto& f : fields_) {
    if (f.read_only) continue;
    bool main = f.field->id == focused_field_;
    bool second = f.needs_confirmation() && confirmation_focus(f.field->id) == focused_field_;
    if (!main && !second) continue;
    std::string& v = second ? f.confirmation : f.value;
    FieldType t = f.field->type;
    if (typed) {
      std::string text = typed->text;
      if (numeric_type(t)) {
        bool ok = !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) {
          return (c >= '0' && c <= '9') || (c == '.' && t == FieldType::money);
        });
        if (!ok) return;
      }
      // Dates are typed as digits; the dashes come by themselves (2026-03-01).
      if (t == FieldType::date && (v.size() == 4 || v.size() == 7)) v += '-';
      if (v.size() + text.size() > max_length(t)) return;
      v += text;
    } else {
      pop_code_point(v);
      if (t == FieldType::date && !v.empty() && v.back() == '-') v.pop_back();
    }
    f.error.clear();
    f.remembered = false;
    form_refusal_.clear();  // an answer changed: the refusal was about the old one
  }
}

void Session::edit_uscc(const act::TypeText* typed, int64_t now_ms) {
  if (lookup_ == EnterpriseLookup::looking_up) return;
  if (!typed) {
    if (!uscc_entry_.empty()) uscc_entry_.pop_back();
  } else {
    for (char c : typed->text) {
      if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
      // GB 32100: digits and upper-case letters except I, O, S, V, Z.
      bool allowed = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && !std::strchr("IOSVZ", c));
      if (!allowed) {
        uscc_error_ = "enterprise.uscc_bad_char";
        return;
      }
      if (uscc_entry_.size() >= 18) return;
      uscc_entry_ += c;
    }
  }
  uscc_error_.clear();
  lookup_ = EnterpriseLookup::none;
  if (uscc_entry_.size() < 18) return;
  if (!validate_uscc(uscc_entry_).ok) {
    uscc_error_ = "enterprise.uscc_invalid";
    speak("enterprise.uscc_invalid");
    return;
  }
  start_enterprise_lookup(uscc_entry_, now_ms);
}

void Session::start_enterprise_lookup(const std::string& uscc, int64_t now_ms) {
  uscc_entry_ = uscc;
  uscc_error_.clear();
  if (!services_.lookup_enterprise_async) {
    lookup_ = EnterpriseLookup::unreachable;
    return;
  }
  lookup_ = EnterpriseLookup::looking_up;
  services_.lookup_enterprise_async(uscc);
}

// --- cards and codes --------------------------------------------------------------------------------------

void Session::accept_card(const Identity& card, int64_t now_ms) {
  identity_.wipe();
  identity_ = card;
  log::register_secret(identity_.name);
  log::register_secret(identity_.address);
  log::register_secret(identity_.id_number);
  if (journey_ == Journey::progress) {
    log::info("session", "ID card read for a progress query");
    start_progress_query(ProgressQuery{identity_.id_number, {}, {}}, now_ms);
    return;
  }
  if (journey_ == Journey::enterprise) {
    log::info("session", "representative's ID card read");
    if (role_ == RepresentativeRole::legal_representative && enterprise_.verified &&
        services_.check_representative_async) {
      rep_check_ = RepresentativeCheck::checking;
      services_.check_representative_async(enterprise_.uscc, identity_.id_number);
      return;  // the identify screen shows the check; ev::RepresentativeChecked decides
    }
    if (role_ == RepresentativeRole::legal_representative) {
      // Without the platform nobody can confirm it: the person signs as 经办人 instead, which the
      // department verifies later, rather than being turned away.
      rep_check_ = RepresentativeCheck::unverifiable;
      role_ = RepresentativeRole::agent;
    }
    commitment_target_ = kAuthorisationCommitment;
    signing_.wipe();
    go(Screen::commitment, now_ms);
    return;
  }
  journey_ = Journey::citizen;
  filter_.audience = Audience::individual;
  log::info("session", "ID card read; citizen session started");
  start_policy_list(now_ms);
}

void Session::start_progress_query(ProgressQuery query, int64_t now_ms) {
  journey_ = Journey::progress;
  progress_ = ProgressAnswer{};
  progress_error_.clear();
  if (screen_ != Screen::progress) go(Screen::progress, now_ms);
  if (!services_.query_progress_async) {
    progress_phase_ = ProgressPhase::failed;
    progress_error_ = "progress.unavailable";
    return;
  }
  progress_phase_ = ProgressPhase::loading;
  services_.query_progress_async(std::move(query));
}

void Session::handle_scan(const ev::Scanned& scan, int64_t now_ms) {
  using drivers::barcode::ScanKind;
  const bool between_journeys = screen_ == Screen::home;
  if (!scan.result) {
    log::info("session", "scan refused: " + scan.result.error().code);
    if (screen_ == Screen::enterprise_identify) uscc_error_ = "enterprise.scan_not_licence";
    else if (screen_ == Screen::progress) progress_error_ = "progress.scan_not_receipt";
    else if (between_journeys) notice_ = "home.scan_unknown";
    return;
  }
  const auto& code = scan.result.value();
  if (code.kind == ScanKind::kiosk_receipt && (between_journeys || screen_ == Screen::progress)) {
    start_progress_query(ProgressQuery{{}, code.receipt_id, code.acceptance_no}, now_ms);
  } else if (code.kind == ScanKind::business_licence &&
             (between_journeys || (screen_ == Screen::enterprise_identify && lookup_ != EnterpriseLookup::looking_up))) {
    // The licence QR saves typing 18 characters: it starts (or continues) the enterprise journey.
    journey_ = Journey::enterprise;
    filter_.audience = Audience::enterprise;
    if (screen_ != Screen::enterprise_identify) go(Screen::enterprise_identify, now_ms);
    start_enterprise_lookup(code.uscc, now_ms);
  }
}

// --- form, materials, commitments ------------------------------------------------------------------------

void Session::after_form(int64_t now_ms) {
  if (!validate_form()) {
    speak("form.invalid");
    return;
  }
  // The guide's verdict could not see the form: conditions on the answers (revenue, head count, first
  // loan...) are decided now, before the person spends effort on materials and signatures. A failed one
  // keeps them on the form, where a typing mistake can still be corrected.
  const std::string today = services_.now_local().substr(0, 10);
  EligibilityResult verdict = evaluate_eligibility(*policy_, applicant_facts(today), today);
  if (verdict.verdict == Verdict::not_eligible) {
    form_refusal_ = std::move(verdict.failed_zh);
    speak("form.not_eligible");
    return;
  }
  form_refusal_.clear();
  eligibility_ = std::move(verdict);
  if (materials_.empty()) {
    for (const Material& m : policy_->materials) {
      MaterialState ms;
      ms.material = &m;
      // An electronic licence needs nothing from the person: it is the default where it exists.
      if (m.e_licence) ms.handling = MaterialHandling::e_licence;
      materials_.push_back(std::move(ms));
    }
  }
  go(materials_.empty() ? Screen::review : Screen::materials, now_ms);
}

bool Session::materials_complete() const {
  return std::all_of(materials_.begin(), materials_.end(), [](const MaterialState& m) {
    return !m.material->required || m.handling != MaterialHandling::undecided;
  });
}

void Session::confirm_signature(int64_t now_ms) {
  if (!signing_.plausible()) {
    notice_ = "commitment.sign_first";
    return;
  }
  auto png = render_signature_png(signing_);
  signing_.wipe();
  if (!png) {
    log::error("session", "signature not kept: " + png.error().code);
    notice_ = "commitment.sign_failed";
    return;
  }
  if (commitment_target_ == kAuthorisationCommitment) {
    authorisation_png_ = std::move(png.value());
    log::info("session", "agent authorisation signed");
    start_policy_list(now_ms);
    return;
  }
  for (auto& m : materials_)
    if (m.material->id == commitment_target_) {
      m.handling = MaterialHandling::commitment;
      m.signature_png = std::move(png.value());
    }
  go(Screen::materials, now_ms);
}

}  // namespace zhidui
