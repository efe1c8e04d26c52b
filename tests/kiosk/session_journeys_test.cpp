// The journeys beyond the citizen's straight line, on the session with in-memory services: policy list
// filters and search, the enterprise journey (USCC checks, the register, legal representative or 经办人),
// materials and signed commitments, 进度查询 (live and last known), scanned codes, 长辈模式, A4 printing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/kiosk/session_harness.h"

using namespace zhidui;

namespace {

const char* kUscc = "91430104MA4L1A2B39";  // 长沙岳麓山智造科技有限公司 (platform-sim's demo register)

Enterprise registered() {
  Enterprise e;
  e.uscc = kUscc;
  e.name = "长沙岳麓山智造科技有限公司";
  e.legal_rep_masked = "张*";
  e.region_code = "430104";
  e.active = true;
  return e;
}

void type(Harness& h, const std::string& text) {
  for (char c : text) h.act(act::TypeText{std::string(1, c)});
}

// A signature with enough ink: two strokes across the pad.
void sign(Harness& h) {
  SignatureStroke a, b;
  for (int i = 0; i <= 20; ++i) a.push_back({0.1f + 0.03f * float(i), 0.5f + 0.01f * float(i % 5)});
  for (int i = 0; i <= 20; ++i) b.push_back({0.3f + 0.01f * float(i), 0.2f + 0.03f * float(i)});
  h.act(act::SignStroke{a});
  h.act(act::SignStroke{b});
  h.act(act::ConfirmSignature{});
}

void to_enterprise_role(Harness& h) {
  h.act(act::StartEnterprise{});
  ASSERT_EQ(h.session->screen(), Screen::enterprise_identify);
  type(h, kUscc);
  ASSERT_EQ(h.lookups.size(), 1u);
  h.event(ev::EnterpriseLooked{kUscc, registered()});
  ASSERT_EQ(h.session->screen(), Screen::enterprise_role);
}

}  // namespace

TEST(SessionJourneys, PolicyListFiltersByScopeAndCategory) {
  Harness h;
  h.event(ev::CardInserted{h.person()});
  auto here = h.session->offered_policies();
  ASSERT_FALSE(here.empty());
  for (const PolicyItem* p : here) EXPECT_NE(p->audience, Audience::enterprise) << p->id;
  auto cats = h.session->categories();
  ASSERT_GE(cats.size(), 2u);
  h.act(act::SetCategory{cats[0]});
  for (const PolicyItem* p : h.session->offered_policies()) EXPECT_EQ(p->category, cats[0]);
  h.act(act::SetRegionScope{RegionScope::cross_city});
  EXPECT_TRUE(h.session->policy_filter().category.empty());  // the other scope may not have it
  auto cross = h.session->offered_policies();
  ASSERT_FALSE(cross.empty());
  for (const PolicyItem* p : cross) {
    EXPECT_TRUE(p->cross_city) << p->id;
    EXPECT_TRUE(in_changzhutan(p->region_code) || p->region_code == "43") << p->id;
  }
}

TEST(SessionJourneys, SearchByPinyinInitialsFindsThePolicy) {
  Harness h;
  h.event(ev::CardInserted{h.person()});
  h.act(act::OpenSearch{});
  ASSERT_EQ(h.session->screen(), Screen::search);
  type(h, "gljt");  // 高龄津贴
  ASSERT_FALSE(h.session->search_results().empty());
  EXPECT_EQ(h.session->search_results().front()->id, "hn-mz-gljt");
  h.act(act::Back{});
  EXPECT_EQ(h.session->screen(), Screen::policy_list);
}

TEST(SessionJourneys, UsccIsCheckedAsItIsTyped) {
  Harness h;
  h.act(act::StartEnterprise{});
  h.act(act::TypeText{"O"});  // never used by the code
  EXPECT_EQ(h.session->uscc_error(), "enterprise.uscc_bad_char");
  EXPECT_TRUE(h.session->uscc_entry().empty());
  type(h, "91430104MA4L1A2B38");  // wrong check character
  EXPECT_EQ(h.session->uscc_error(), "enterprise.uscc_invalid");
  EXPECT_TRUE(h.lookups.empty());
  h.act(act::Backspace{});
  type(h, "9");
  EXPECT_TRUE(h.session->uscc_error().empty());
  EXPECT_EQ(h.lookups, std::vector<std::string>{kUscc});
  EXPECT_EQ(h.session->enterprise_lookup(), EnterpriseLookup::looking_up);
}

TEST(SessionJourneys, ADeregisteredEnterpriseCannotGoOn) {
  Harness h;
  h.act(act::StartEnterprise{});
  type(h, kUscc);
  Enterprise gone = registered();
  gone.active = false;
  h.event(ev::EnterpriseLooked{kUscc, gone});
  EXPECT_EQ(h.session->enterprise_lookup(), EnterpriseLookup::inactive);
  EXPECT_EQ(h.session->screen(), Screen::enterprise_identify);
  h.act(act::ContinueUnverified{});  // only offered when the platform cannot be reached
  EXPECT_EQ(h.session->screen(), Screen::enterprise_identify);
}

TEST(SessionJourneys, LegalRepresentativeConfirmedByThePlatformAppliesForTheEnterprise) {
  Harness h;
  to_enterprise_role(h);
  h.act(act::ChooseRole{RepresentativeRole::legal_representative});
  ASSERT_EQ(h.session->screen(), Screen::identify);
  h.event(ev::CardInserted{h.person()});
  ASSERT_EQ(h.representative_checks.size(), 1u);
  EXPECT_EQ(h.representative_checks[0].first, kUscc);
  EXPECT_EQ(h.session->representative_check(), RepresentativeCheck::checking);
  h.event(ev::RepresentativeChecked{kUscc, true});
  ASSERT_EQ(h.session->screen(), Screen::policy_list);
  for (const PolicyItem* p : h.session->offered_policies()) EXPECT_NE(p->audience, Audience::individual) << p->id;

  h.act(act::SelectPolicy{"cs-rs-wgfh"});  // 稳岗返还, 免申即享, no materials
  h.act(act::StartApply{});
  ASSERT_EQ(h.session->screen(), Screen::form);
  EXPECT_EQ(h.session->fields()[0].value, kUscc);
  EXPECT_TRUE(h.session->fields()[1].read_only);  // the name comes from the register
  h.act(act::FocusField{"contact_phone"});
  type(h, "13807310000");
  h.act(act::ChooseValue{"bank_name", "长沙银行"});
  h.act(act::FocusField{"bank_account"});
  type(h, "6222021234567890128");
  h.act(act::Next{});
  EXPECT_EQ(h.session->screen(), Screen::form);  // typed once only
  h.act(act::FocusField{confirmation_focus("bank_account")});
  type(h, "6222021234567890128");
  h.act(act::Next{});
  ASSERT_EQ(h.session->screen(), Screen::review);
  h.act(act::Submit{});
  ASSERT_EQ(h.saved.size(), 1u);
  auto body = nlohmann::json::parse(h.saved[0].upload_body);
  EXPECT_EQ(body["enterprise"]["uscc"], kUscc);
  EXPECT_EQ(body["enterprise"]["representative_role"], "legal_representative");
  EXPECT_EQ(body["enterprise"]["legal_representative_confirmed"], true);
  EXPECT_EQ(body["form"]["bank_account"], "6222021234567890128");
  EXPECT_EQ(body["form"]["bank_name"], "长沙银行");
}

TEST(SessionJourneys, NotTheLegalRepresentativeWipesTheCardAndOffersTheAgentPath) {
  Harness h;
  to_enterprise_role(h);
  h.act(act::ChooseRole{RepresentativeRole::legal_representative});
  h.event(ev::CardInserted{h.person()});
  h.event(ev::RepresentativeChecked{kUscc, false});
  EXPECT_EQ(h.session->screen(), Screen::enterprise_role);
  EXPECT_EQ(h.session->representative_check(), RepresentativeCheck::mismatch);
  EXPECT_FALSE(h.session->identity().present());
  EXPECT_EQ(h.spoken.back(), "enterprise.rep_mismatch");
}

TEST(SessionJourneys, AnAgentSignsTheAuthorisationBeforeChoosingAPolicy) {
  Harness h;
  to_enterprise_role(h);
  h.act(act::ChooseRole{RepresentativeRole::agent});
  h.event(ev::CardInserted{h.person()});
  ASSERT_EQ(h.session->screen(), Screen::commitment);
  EXPECT_EQ(h.session->commitment_target(), kAuthorisationCommitment);
  h.act(act::Back{});  // there is nothing to go back to
  EXPECT_EQ(h.session->screen(), Screen::commitment);
  h.act(act::SignStroke{{{0.5f, 0.5f}}});  // a stray touch is not a signature
  h.act(act::ConfirmSignature{});
  EXPECT_EQ(h.session->notice(), "commitment.sign_first");
  EXPECT_FALSE(h.session->authorisation_signed());
  h.act(act::ClearSignature{});
  sign(h);
  EXPECT_TRUE(h.session->authorisation_signed());
  EXPECT_EQ(h.session->screen(), Screen::policy_list);

  h.act(act::SelectPolicy{"cs-rs-wgfh"});
  h.act(act::StartApply{});
  h.act(act::FocusField{"contact_phone"});
  type(h, "13807310000");
  h.act(act::ChooseValue{"bank_name", "中国建设银行"});
  h.act(act::FocusField{"bank_account"});
  type(h, "6222021234567890128");
  h.act(act::FocusField{confirmation_focus("bank_account")});
  type(h, "6222021234567890128");
  h.act(act::Next{});
  h.act(act::Submit{});
  ASSERT_EQ(h.saved.size(), 1u);
  auto body = nlohmann::json::parse(h.saved[0].upload_body);
  EXPECT_EQ(body["enterprise"]["representative_role"], "agent");
  std::string png = body["enterprise"]["authorisation_signature_png"];
  EXPECT_EQ(png.substr(0, 8), "iVBORw0K");  // base64 of the PNG signature
}

TEST(SessionJourneys, ThePlatformOutOfReachLetsTheEnterpriseContinueUnverified) {
  Harness h;
  h.act(act::StartEnterprise{});
  type(h, kUscc);
  h.event(ev::EnterpriseLooked{kUscc, make_error("platform.transport", "connection refused")});
  EXPECT_EQ(h.session->enterprise_lookup(), EnterpriseLookup::unreachable);
  h.act(act::ContinueUnverified{});
  ASSERT_EQ(h.session->screen(), Screen::enterprise_role);
  EXPECT_FALSE(h.session->enterprise().verified);
  // Nobody can confirm a legal representative now: the person signs as 经办人 instead.
  h.act(act::ChooseRole{RepresentativeRole::legal_representative});
  h.event(ev::CardInserted{h.person()});
  EXPECT_TRUE(h.representative_checks.empty());
  EXPECT_EQ(h.session->role(), RepresentativeRole::agent);
  EXPECT_EQ(h.session->screen(), Screen::commitment);
}

TEST(SessionJourneys, MaterialsByElectronicLicenceCommitmentOrLater) {
  Harness h;
  h.to_form();  // 一次性创业补贴: business licence (e-licence), operation proof (commitment allowed)
  h.type_phone("13807310000");
  h.act(act::Next{});
  ASSERT_EQ(h.session->screen(), Screen::materials);
  const auto& ms = h.session->materials();
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].handling, MaterialHandling::e_licence);  // nothing to do for the person
  EXPECT_EQ(ms[1].handling, MaterialHandling::undecided);
  EXPECT_FALSE(h.session->materials_complete());
  h.act(act::Next{});
  EXPECT_EQ(h.session->screen(), Screen::materials);
  // The licence cannot be replaced by a commitment: refused.
  h.act(act::ChooseMaterial{"business_licence", int(MaterialHandling::commitment)});
  EXPECT_EQ(h.session->screen(), Screen::materials);
  h.act(act::ChooseMaterial{"operation_proof", int(MaterialHandling::commitment)});
  ASSERT_EQ(h.session->screen(), Screen::commitment);
  sign(h);
  ASSERT_EQ(h.session->screen(), Screen::materials);
  EXPECT_EQ(h.session->materials()[1].handling, MaterialHandling::commitment);
  EXPECT_FALSE(h.session->materials()[1].signature_png.empty());
  h.act(act::Next{});
  ASSERT_EQ(h.session->screen(), Screen::review);
  h.act(act::Back{});
  EXPECT_EQ(h.session->screen(), Screen::materials);
  h.act(act::ChooseMaterial{"operation_proof", int(MaterialHandling::later)});
  EXPECT_TRUE(h.session->materials()[1].signature_png.empty());  // the signature is dropped with the choice
  h.act(act::Next{});
  h.act(act::Submit{});
  ASSERT_EQ(h.saved.size(), 1u);
  auto body = nlohmann::json::parse(h.saved[0].upload_body);
  ASSERT_EQ(body["materials"].size(), 2u);
  EXPECT_EQ(body["materials"][0]["handling"], "e_licence");
  EXPECT_EQ(body["materials"][1]["handling"], "later");
  h.event(ev::SubmitSaved{h.saved[0].uuid, Ok{}});
  h.now += 6000;
  h.tick();
  ASSERT_EQ(h.printed.size(), 1u);
  ASSERT_EQ(h.printed[0].later_materials.size(), 1u);  // 容缺 materials are listed on the receipt
}

TEST(SessionJourneys, ProgressByCardShowsThePlatformsTimeline) {
  Harness h;
  h.act(act::StartProgress{});
  ASSERT_EQ(h.session->screen(), Screen::progress);
  h.event(ev::CardInserted{h.person()});
  ASSERT_EQ(h.progress_queries.size(), 1u);
  EXPECT_EQ(h.progress_queries[0].id_number, "430104199003070015");
  EXPECT_EQ(h.session->progress_phase(), ProgressPhase::loading);
  ProgressAnswer answer;
  ProgressEntry e;
  e.policy_title = "一次性创业补贴";
  e.status = "joint_review";
  e.timeline = {{"submitted", "2026-11-20 09:00", ""}, {"joint_review", "2026-11-21 10:00", ""}};
  answer.entries.push_back(e);
  h.event(ev::ProgressLoaded{answer});
  EXPECT_EQ(h.session->progress_phase(), ProgressPhase::shown);
  EXPECT_FALSE(h.session->progress().last_known);
  ASSERT_EQ(h.session->progress().entries.size(), 1u);
  h.act(act::GoHome{});
  EXPECT_FALSE(h.session->has_personal_data());
}

TEST(SessionJourneys, ProgressByReceiptQrAndPlainErrors) {
  Harness h;
  drivers::barcode::ScanResult code;
  code.kind = drivers::barcode::ScanKind::kiosk_receipt;
  code.receipt_id = "3f2a0c1e-5b7d-4e8f-9a10-112233445566";
  code.acceptance_no = "HN20261125000001";
  h.event(ev::Scanned{code});  // on the home screen: straight to 进度查询
  ASSERT_EQ(h.session->screen(), Screen::progress);
  ASSERT_EQ(h.progress_queries.size(), 1u);
  EXPECT_EQ(h.progress_queries[0].uuid, code.receipt_id);
  h.event(ev::ProgressLoaded{make_error("progress.not_found", "no such application")});
  EXPECT_EQ(h.session->progress_phase(), ProgressPhase::failed);
  EXPECT_EQ(h.session->progress_error(), "progress.not_found");
}

TEST(SessionJourneys, ALicenceQrOnTheHomeScreenStartsTheEnterpriseJourney) {
  Harness h;
  drivers::barcode::ScanResult code;
  code.kind = drivers::barcode::ScanKind::business_licence;
  code.uscc = kUscc;
  h.event(ev::Scanned{code});
  EXPECT_EQ(h.session->screen(), Screen::enterprise_identify);
  EXPECT_EQ(h.session->journey(), Journey::enterprise);
  EXPECT_EQ(h.lookups, std::vector<std::string>{kUscc});
}

TEST(SessionJourneys, ElderModeSpeaksEachScreenDoublesTheTimeoutAndEndsWithTheSession) {
  Harness h;
  h.act(act::ToggleElderMode{});
  EXPECT_TRUE(h.session->elder_mode());
  h.act(act::StartCitizen{});
  ASSERT_FALSE(h.spoken.empty());
  EXPECT_EQ(h.spoken.back(), "identify");
  h.event(ev::CardInserted{h.person()});
  EXPECT_EQ(h.spoken.back(), "policy_list");
  // 60 s normally; 120 s in 长辈模式.
  h.now += 61000;
  h.tick();
  EXPECT_EQ(h.session->screen(), Screen::policy_list);
  h.act(act::CallStaff{});
  EXPECT_EQ(h.staff_calls, 1);
  EXPECT_EQ(h.session->notice(), "common.staff_called");
  h.now += 121000;
  h.tick();
  EXPECT_EQ(h.session->screen(), Screen::home);
  EXPECT_FALSE(h.session->elder_mode());  // for one session only
}

TEST(SessionJourneys, A4CopyOnRequestAndItsOutcome) {
  Harness h;
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  h.event(ev::SubmitSaved{h.saved[0].uuid, Ok{}});
  h.event(ev::Sync{{offline::SyncEvent::Kind::acknowledged, h.saved[0].uuid, "HN7", ""}});
  ASSERT_TRUE(h.session->a4_available());
  h.act(act::PrintA4{});
  h.act(act::PrintA4{});  // a second tap while printing does not print twice
  ASSERT_EQ(h.a4_jobs.size(), 1u);
  EXPECT_EQ(h.a4_jobs[0].acceptance_no, "HN7");
  EXPECT_TRUE(h.session->a4_printing());
  h.event(ev::A4Printed{make_error("a4.media_empty", "out of paper")});
  EXPECT_EQ(h.session->a4_outcome(), PrintOutcome::failed);
  EXPECT_EQ(h.spoken.back(), "printer.a4_failed");
}

TEST(SessionJourneys, YesNoAndChoiceFieldsAreAnsweredWithoutTyping) {
  Harness h;
  to_enterprise_role(h);
  h.act(act::ChooseRole{RepresentativeRole::agent});
  h.event(ev::CardInserted{h.person()});
  sign(h);
  h.act(act::SelectPolicy{"cs-jr-sdtx"});  // first-loan interest subsidy: yes/no and a date
  h.act(act::StartApply{});
  ASSERT_EQ(h.session->screen(), Screen::form);
  h.act(act::ChooseValue{"first_loan", "maybe"});
  const FieldState* first_loan = nullptr;
  for (const auto& f : h.session->fields())
    if (f.field->id == "first_loan") first_loan = &f;
  ASSERT_NE(first_loan, nullptr);
  EXPECT_TRUE(first_loan->value.empty());
  h.act(act::ChooseValue{"first_loan", "yes"});
  EXPECT_EQ(first_loan->value, "yes");
  h.act(act::FocusField{"loan_date"});
  type(h, "20260301");
  for (const auto& f : h.session->fields()) {
    if (f.field->id == "loan_date") {
      EXPECT_EQ(f.value, "2026-03-01");  // the dashes come by themselves
    }
  }
}

namespace {
const FieldState* field(Harness& h, const std::string& id) {
  for (const auto& f : h.session->fields())
    if (f.field->id == id) return &f;
  return nullptr;
}
}  // namespace

TEST(SessionJourneys, AnotherPolicyInTheSameSessionNeedsNoCardAndOffersWhatWasTyped) {
  Harness h;
  h.to_form();  // 一次性创业补贴
  h.type_phone("13807310000");
  h.submit();
  const std::string first_uuid = h.saved[0].uuid;
  h.act(act::ApplyAnother{});  // not while waiting for the platform: that answer belongs to this application
  EXPECT_EQ(h.session->screen(), Screen::submitting);
  h.event(ev::SubmitSaved{first_uuid, Ok{}});
  h.event(ev::Sync{{offline::SyncEvent::Kind::acknowledged, first_uuid, "HN1", ""}});
  ASSERT_TRUE(h.session->can_apply_another());

  h.act(act::ApplyAnother{});
  ASSERT_EQ(h.session->screen(), Screen::policy_list);
  EXPECT_EQ(h.session->identity().id_number, "430104199003070015");  // no second card
  EXPECT_TRUE(h.session->applied_this_session("cs-rlzy-ycxcybt"));
  EXPECT_FALSE(h.session->receipt().has_value());
  EXPECT_TRUE(h.session->application_uuid().empty());

  // The policy just applied for cannot be applied for again in this session.
  h.act(act::SelectPolicy{"cs-rlzy-ycxcybt"});
  h.act(act::StartApply{});
  EXPECT_EQ(h.session->screen(), Screen::policy_detail);
  h.act(act::Back{});

  h.act(act::SelectPolicy{"hn-rlzy-jntsbt"});  // 职业技能提升补贴: name, ID number, phone
  ASSERT_NE(h.session->eligibility()->verdict, Verdict::not_eligible);
  h.act(act::StartApply{});
  ASSERT_EQ(h.session->screen(), Screen::form);
  const FieldState* phone = field(h, "phone");
  ASSERT_NE(phone, nullptr);
  EXPECT_EQ(phone->value, "13807310000");
  EXPECT_TRUE(phone->remembered);
  EXPECT_FALSE(phone->read_only);  // offered, not imposed
  EXPECT_NE(h.session->focused_field(), "phone");

  // A late answer about the first application changes nothing of the second.
  h.event(ev::Sync{{offline::SyncEvent::Kind::dead, first_uuid, "", "duplicate"}});
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::none);

  h.submit();
  ASSERT_EQ(h.saved.size(), 2u);
  EXPECT_NE(h.saved[1].uuid, first_uuid);
  EXPECT_EQ(nlohmann::json::parse(h.saved[1].upload_body)["form"]["phone"], "13807310000");

  // 完成 ends the session: what was remembered goes with it.
  h.event(ev::SubmitSaved{h.saved[1].uuid, Ok{}});
  h.now += 5001;
  h.tick();
  h.act(act::Finish{});
  EXPECT_FALSE(h.session->has_personal_data());
  EXPECT_FALSE(h.session->applied_this_session("cs-rlzy-ycxcybt"));
}

TEST(SessionJourneys, ARememberedBankAccountComesConfirmedAndEditingItDropsTheMark) {
  Harness h;
  to_enterprise_role(h);
  h.act(act::ChooseRole{RepresentativeRole::legal_representative});
  h.event(ev::CardInserted{h.person()});
  h.event(ev::RepresentativeChecked{kUscc, true});
  h.act(act::SelectPolicy{"cs-rs-wgfh"});
  h.act(act::StartApply{});
  h.act(act::FocusField{"contact_phone"});
  type(h, "13807310000");
  h.act(act::ChooseValue{"bank_name", "长沙银行"});
  h.act(act::FocusField{"bank_account"});
  type(h, "6222021234567890128");
  h.act(act::FocusField{confirmation_focus("bank_account")});
  type(h, "6222021234567890128");
  h.submit();
  ASSERT_EQ(h.saved.size(), 1u);
  h.event(ev::SubmitSaved{h.saved[0].uuid, Ok{}});
  h.event(ev::Sync{{offline::SyncEvent::Kind::acknowledged, h.saved[0].uuid, "HN1", ""}});
  h.act(act::ApplyAnother{});
  ASSERT_EQ(h.session->screen(), Screen::policy_list);
  EXPECT_EQ(h.session->role(), RepresentativeRole::legal_representative);
  for (const PolicyItem* p : h.session->offered_policies()) EXPECT_NE(p->audience, Audience::individual) << p->id;

  h.act(act::SelectPolicy{"cs-jr-sdtx"});
  h.act(act::StartApply{});
  ASSERT_EQ(h.session->screen(), Screen::form);
  const FieldState* account = field(h, "bank_account");
  ASSERT_NE(account, nullptr);
  EXPECT_EQ(account->value, "6222021234567890128");
  EXPECT_EQ(account->confirmation, account->value);
  EXPECT_TRUE(account->remembered);
  EXPECT_EQ(field(h, "contact_phone")->value, "13807310000");
  EXPECT_EQ(field(h, "bank_name")->value, "长沙银行");  // a choice is remembered like a typed value
  h.act(act::FocusField{"bank_account"});
  h.act(act::Backspace{});
  EXPECT_FALSE(account->remembered);
}

TEST(SessionJourneys, NothingTypedIsOfferedAgainAfterAPlatformRefusal) {
  Harness h;
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  h.event(ev::SubmitSaved{h.saved[0].uuid, Ok{}});
  h.event(ev::Sync{{offline::SyncEvent::Kind::dead, h.saved[0].uuid, "", "invalid phone"}});
  ASSERT_EQ(h.session->submit_phase(), SubmitPhase::rejected);
  h.act(act::ApplyAnother{});
  h.act(act::SelectPolicy{"hn-rlzy-jntsbt"});
  h.act(act::StartApply{});
  ASSERT_EQ(h.session->screen(), Screen::form);
  EXPECT_TRUE(field(h, "phone")->value.empty());
  EXPECT_FALSE(field(h, "phone")->remembered);
}

TEST(SessionJourneys, ADistrictIsChosenByNameAndSentAsItsCode) {
  Harness h;
  h.act(act::StartCitizen{});
  Identity graduate = h.person();
  graduate.birth_date = "19980307";
  graduate.id_number = "430104199803070021";  // 28: within the 35-year limit
  h.event(ev::CardInserted{graduate});
  h.act(act::SelectPolicy{"cs-rc-zfshbt"});  // 长沙 青年人才租房和生活补贴: degree and work district
  h.act(act::StartApply{});
  ASSERT_EQ(h.session->screen(), Screen::form);
  EXPECT_NE(h.session->focused_field(), "work_district");  // chosen, not typed: no keyboard for it
  h.act(act::ChooseValue{"work_district", "岳麓区"});    // a name is not a value
  EXPECT_TRUE(field(h, "work_district")->value.empty());
  h.act(act::ChooseValue{"work_district", "430202"});    // 株洲's 荷塘区 is not offered for a 长沙 policy
  EXPECT_TRUE(field(h, "work_district")->value.empty());
  h.act(act::ChooseValue{"work_district", "430104"});
  h.act(act::ChooseValue{"degree", "硕士研究生"});
  h.type_phone("13807310000");
  h.submit();
  ASSERT_EQ(h.saved.size(), 1u);
  auto body = nlohmann::json::parse(h.saved[0].upload_body);
  EXPECT_EQ(body["form"]["work_district"], "430104");
  EXPECT_EQ(body["form"]["degree"], "硕士研究生");
}

TEST(SessionJourneys, AnswersThatFailTheConditionsKeepThePersonOnTheFormWithTheReason) {
  Harness h;
  to_enterprise_role(h);
  h.act(act::ChooseRole{RepresentativeRole::legal_representative});
  h.event(ev::CardInserted{h.person()});
  h.event(ev::RepresentativeChecked{kUscc, true});
  h.act(act::SelectPolicy{"hn-gxt-zjtxxjr"});  // 专精特新: revenue at most 4亿 (40000万元), under 1000 staff
  ASSERT_EQ(h.session->eligibility()->verdict, Verdict::needs_review);  // the guide cannot see the form yet
  h.act(act::StartApply{});
  h.act(act::FocusField{"contact_phone"});
  type(h, "13807310000");
  h.act(act::ChooseValue{"bank_name", "长沙银行"});
  for (const std::string& id : {std::string("bank_account"), confirmation_focus("bank_account")}) {
    h.act(act::FocusField{id});
    type(h, "6222021234567890128");
  }
  h.act(act::FocusField{"revenue"});
  type(h, "52000");
  h.act(act::FocusField{"employees"});
  type(h, "300");
  h.act(act::Next{});
  ASSERT_EQ(h.session->screen(), Screen::form);
  ASSERT_EQ(h.session->form_refusal().size(), 1u);
  EXPECT_NE(h.session->form_refusal()[0].find("52000"), std::string::npos) << h.session->form_refusal()[0];
  EXPECT_EQ(h.spoken.back(), "form.not_eligible");

  h.act(act::FocusField{"revenue"});  // a typing mistake: 5200万元
  h.act(act::Backspace{});
  EXPECT_TRUE(h.session->form_refusal().empty());  // the refusal was about the old answer
  h.act(act::Next{});
  ASSERT_NE(h.session->screen(), Screen::form);
  EXPECT_EQ(h.session->eligibility()->verdict, Verdict::eligible);
  h.submit();
  ASSERT_EQ(h.saved.size(), 1u);
  auto body = nlohmann::json::parse(h.saved[0].upload_body);
  EXPECT_EQ(body["form"]["revenue"], "5200");
  EXPECT_EQ(body["eligibility"]["verdict"], "eligible");
}

TEST(SessionJourneys, TheRegistersRegionDecidesWhereAnEnterpriseIs) {
  Harness h;
  h.act(act::StartEnterprise{});
  type(h, kUscc);  // issued in 长沙 (430104)
  Enterprise moved = registered();
  moved.region_code = "430211";  // since moved to 株洲市天元区
  moved.verified = true;
  h.event(ev::EnterpriseLooked{kUscc, moved});
  h.act(act::ChooseRole{RepresentativeRole::legal_representative});
  h.event(ev::CardInserted{h.person()});
  h.event(ev::RepresentativeChecked{kUscc, true});
  h.act(act::SelectPolicy{"cs-kj-yftrjl"});  // 长沙 R&D award: registered in 长沙
  ASSERT_EQ(h.session->eligibility()->verdict, Verdict::not_eligible);
  EXPECT_NE(h.session->eligibility()->failed_zh[0].find("长沙"), std::string::npos);
}
