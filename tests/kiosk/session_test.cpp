// The session state machine with in-memory services: the journey, honest results, and the wipe.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "kiosk/catalog.h"
#include "kiosk/session.h"
#include "kiosk/strings.h"
#include "tests/kiosk/session_harness.h"

using namespace zhidui;


TEST(Session, CardOnHomeStartsACitizenSession) {
  Harness h;
  EXPECT_EQ(h.session->screen(), Screen::home);
  h.event(ev::CardInserted{h.person()});
  EXPECT_EQ(h.session->screen(), Screen::policy_list);
  EXPECT_TRUE(h.session->identity().present());
}

TEST(Session, FormIsPrefilledFromTheCardAndReadOnly) {
  Harness h;
  h.to_form();
  ASSERT_EQ(h.session->screen(), Screen::form);
  const auto& fields = h.session->fields();
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0].value, "张伟");
  EXPECT_TRUE(fields[0].read_only);
  EXPECT_EQ(fields[1].value, "430104199003070015");
  EXPECT_FALSE(fields[3].read_only);
  EXPECT_EQ(h.session->focused_field(), "phone");
  h.act(act::FocusField{"name"});  // read-only fields cannot be focused
  EXPECT_EQ(h.session->focused_field(), "phone");
}

TEST(Session, InvalidPhoneBlocksSubmitWithAPlainChineseReason) {
  Harness h;
  h.to_form();
  h.type_phone("2380731");
  h.act(act::Next{});
  EXPECT_EQ(h.session->screen(), Screen::form);
  EXPECT_TRUE(h.saved.empty());
  // The validator's own reason, in Chinese, naming what a mobile number looks like.
  EXPECT_NE(h.session->fields()[3].error.find("11"), std::string::npos) << h.session->fields()[3].error;
  h.act(act::Backspace{});
  EXPECT_EQ(h.session->fields()[3].value, "238073");
}

TEST(Session, SubmittedOnlyAfterCommitThenAcceptanceNumberOnTheReceipt) {
  Harness h;
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  ASSERT_EQ(h.saved.size(), 1u);
  EXPECT_EQ(h.session->screen(), Screen::submitting);
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::saving);
  h.act(act::GoHome{});  // cannot walk away while the save is in flight
  EXPECT_EQ(h.session->screen(), Screen::submitting);

  const auto& app = h.saved[0];
  auto body = nlohmann::json::parse(app.upload_body);
  EXPECT_EQ(body["uuid"], app.uuid);
  EXPECT_EQ(body["applicant"]["id_number"], "430104199003070015");
  EXPECT_EQ(body["form"]["phone"], "13807310000");
  EXPECT_EQ(app.personal.phone, "13807310000");

  h.event(ev::SubmitSaved{app.uuid, Ok{}});
  EXPECT_EQ(h.session->screen(), Screen::result);
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::waiting_platform);
  EXPECT_EQ(h.wakes, 1);
  EXPECT_TRUE(h.printed.empty());

  offline::SyncEvent ack{offline::SyncEvent::Kind::acknowledged, app.uuid, "HN20261125000001", ""};
  h.event(ev::Sync{ack});
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::accepted);
  ASSERT_EQ(h.printed.size(), 1u);
  EXPECT_EQ(h.printed[0].acceptance_no, "HN20261125000001");
  EXPECT_EQ(h.printed[0].id_number_masked, "4301**********0015");
  EXPECT_EQ(h.printed[0].applicant_masked, "张*");
  // The answers go on the A4 form masked as on the review screen: never the full number or phone.
  const auto& answers = h.printed[0].answers;
  auto answer = [&](const std::string& label) {
    for (const auto& [l, v] : answers)
      if (l == label) return v;
    return std::string("(absent)");
  };
  EXPECT_EQ(answer("手机号码"), "138****0000");
  EXPECT_EQ(answer("身份证号码"), "4301**********0015");
  EXPECT_EQ(answer("姓名"), "张*");
  EXPECT_FALSE(h.printed[0].materials.empty());
  EXPECT_EQ(h.session->print_outcome(), PrintOutcome::printed);
}

TEST(Session, NoAnswerFromThePlatformMeansSavedAndPendingNotAccepted) {
  Harness h;
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  h.event(ev::SubmitSaved{h.saved[0].uuid, Ok{}});
  h.now += 5001;
  h.tick();
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::saved_offline);
  ASSERT_EQ(h.printed.size(), 1u);
  EXPECT_TRUE(h.printed[0].acceptance_no.empty());  // printed as 待上传
}

TEST(Session, AFailedSaveNeverSaysSubmitted) {
  Harness h;
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  h.event(ev::SubmitSaved{h.saved[0].uuid, make_error("store.disk_full", "disk full")});
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::failed);
  EXPECT_TRUE(h.printed.empty());
  EXPECT_EQ(h.wakes, 0);
}

TEST(Session, PrinterFailureKeepsTheReceiptOnScreen) {
  Harness h;
  h.printer_fails = true;
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  h.event(ev::SubmitSaved{h.saved[0].uuid, Ok{}});
  h.event(ev::Sync{{offline::SyncEvent::Kind::acknowledged, h.saved[0].uuid, "HN1", ""}});
  EXPECT_EQ(h.session->print_outcome(), PrintOutcome::failed);
  EXPECT_TRUE(h.session->receipt().has_value());
}

TEST(Session, IdleTimeoutWipesEverythingPersonal) {
  Harness h;
  h.to_form();
  h.type_phone("13807310000");
  EXPECT_TRUE(h.session->has_personal_data());
  h.now += 59000;
  EXPECT_EQ(h.session->idle_seconds_left(h.now), 1);
  h.now += 1000;
  h.tick();
  EXPECT_EQ(h.session->screen(), Screen::home);
  EXPECT_FALSE(h.session->has_personal_data());
  EXPECT_TRUE(h.session->identity().name.empty());
  EXPECT_EQ(h.session->policy(), nullptr);
  // Nothing leads back into the wiped session.
  h.act(act::StartCitizen{});
  EXPECT_EQ(h.session->screen(), Screen::identify);
}

TEST(Session, ReaderErrorsBecomePlainPrompts) {
  Harness h;
  h.act(act::StartCitizen{});
  h.event(ev::CardReadFailed{"card.misplaced"});
  EXPECT_EQ(h.session->reader_prompt(), ReaderPrompt::misplaced);
  h.event(ev::CardReadFailed{"card.unrecognised"});
  EXPECT_EQ(h.session->reader_prompt(), ReaderPrompt::unrecognised);
  h.event(ev::CardRemoved{});
  EXPECT_EQ(h.session->reader_prompt(), ReaderPrompt::waiting);
}

TEST(Session, ASecondCardMidJourneyDoesNotReplaceTheApplicant) {
  Harness h;
  h.to_form();
  Identity other = h.person();
  other.name = "李秀英";
  other.id_number = "430302195804120026";
  h.event(ev::CardInserted{other});
  EXPECT_EQ(h.session->identity().name, "张伟");
}

TEST(Session, AFailedAttemptKeepsWaitingAndARefusalIsNotASuccess) {
  Harness h;
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  const std::string uuid = h.saved[0].uuid;
  h.event(ev::SubmitSaved{uuid, Ok{}});
  h.event(ev::Sync{{offline::SyncEvent::Kind::offline, uuid, "", "connection refused"}});
  h.event(ev::Sync{{offline::SyncEvent::Kind::retry_scheduled, uuid, "", "503"}});
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::waiting_platform);
  EXPECT_FALSE(h.session->network_online());
  h.event(ev::Sync{{offline::SyncEvent::Kind::dead, uuid, "", "rejected by platform"}});
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::rejected);
  EXPECT_TRUE(h.printed.empty());
}

namespace {
drivers::DeviceStatus device_status(drivers::DeviceClass c, drivers::DeviceState state, drivers::Severity severity) {
  drivers::DeviceStatus s;
  s.device_class = c;
  s.state = state;
  s.severity = severity;
  return s;
}
}  // namespace

TEST(Session, AFailedReaderTakesTheKioskOutOfServiceBetweenJourneysOnly) {
  Harness h;
  drivers::DeviceStatus broken = device_status(drivers::DeviceClass::id_reader, drivers::DeviceState::offline, drivers::Severity::error);
  h.to_form();
  h.event(ev::DeviceChanged{broken});
  EXPECT_EQ(h.session->screen(), Screen::form);  // the citizen mid-journey is not cut off
  h.act(act::GoHome{});
  EXPECT_EQ(h.session->screen(), Screen::out_of_service);
  drivers::DeviceStatus fixed = broken;
  fixed.state = drivers::DeviceState::online;
  fixed.severity = drivers::Severity::ok;
  h.event(ev::DeviceChanged{fixed});
  EXPECT_EQ(h.session->screen(), Screen::home);
}

TEST(Session, PoliciesNeedingABrokenDeviceAreNotOffered) {
  Harness h;
  size_t before = h.session->offered_policies().size();
  drivers::DeviceStatus printer = device_status(drivers::DeviceClass::receipt_printer, drivers::DeviceState::user_error, drivers::Severity::error);
  h.event(ev::DeviceChanged{printer});
  EXPECT_TRUE(h.session->printer_degraded());
  // The sample items need only the reader: the printer degrades the kiosk but takes nothing away.
  EXPECT_EQ(h.session->offered_policies().size(), before);
  EXPECT_EQ(h.session->screen(), Screen::home);
}

TEST(Session, TheConfiguredRequiredDevicesDecideOutOfService) {
  // [devices] required = ["id_reader", "receipt_printer"]: a hall that will not serve without paper
  // receipts pauses when the printer runs out; without it in the list the same failure only degrades.
  drivers::DeviceStatus paper_out = device_status(drivers::DeviceClass::receipt_printer, drivers::DeviceState::user_error, drivers::Severity::error);
  Harness strict([](SessionConfig& c) {
    c.required_devices = {drivers::DeviceClass::id_reader, drivers::DeviceClass::receipt_printer};
  });
  strict.event(ev::DeviceChanged{paper_out});
  EXPECT_EQ(strict.session->screen(), Screen::out_of_service);
  EXPECT_FALSE(strict.session->taken_out_of_service());  // the devices' doing, not the technician's
  drivers::DeviceStatus refilled = paper_out;
  refilled.state = drivers::DeviceState::online;
  refilled.severity = drivers::Severity::ok;
  strict.event(ev::DeviceChanged{refilled});
  EXPECT_EQ(strict.session->screen(), Screen::home);

  Harness lenient([](SessionConfig& c) { c.required_devices = {}; });
  drivers::DeviceStatus reader_gone = device_status(drivers::DeviceClass::id_reader, drivers::DeviceState::offline, drivers::Severity::error);
  lenient.event(ev::DeviceChanged{paper_out});
  lenient.event(ev::DeviceChanged{reader_gone});
  EXPECT_EQ(lenient.session->screen(), Screen::home);  // 进度查询 by receipt QR still works
  EXPECT_TRUE(lenient.session->printer_degraded());
}

TEST(Session, AnAcknowledgementThatOvertakesTheCommitEventIsKept) {
  Harness h;
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  const std::string uuid = h.saved[0].uuid;
  h.event(ev::Sync{{offline::SyncEvent::Kind::acknowledged, uuid, "HN42", ""}});
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::saving);  // not before COMMIT is known
  h.event(ev::SubmitSaved{uuid, Ok{}});
  EXPECT_EQ(h.session->submit_phase(), SubmitPhase::accepted);
  EXPECT_EQ(h.session->acceptance_no(), "HN42");
  EXPECT_EQ(h.printed.size(), 1u);
}

TEST(Session, ABrokenConfigurationStartsOutOfServiceAndTheTechnicianSeesWhy) {
  Harness h;
  h.session->report_configuration_problem("zhidui.toml: devices.id_reader.baud: 12345 is not allowed", h.now);
  EXPECT_EQ(h.session->screen(), Screen::out_of_service);
  EXPECT_TRUE(h.session->taken_out_of_service());
  EXPECT_NE(h.session->configuration_problem().find("baud"), std::string::npos);
  h.act(act::StartCitizen{});
  EXPECT_EQ(h.session->screen(), Screen::out_of_service);  // no journey can start
  h.act(act::OpenTechnician{});
  EXPECT_EQ(h.session->screen(), Screen::technician_pin);  // the panel stays reachable
  for (char c : std::string("135790")) h.act(act::TypeText{std::string(1, c)});
  h.act(act::PinSubmit{});
  ASSERT_EQ(h.session->screen(), Screen::technician);
  h.act(act::SetInService{true});  // fixed in the file and restarted, not waved through from the panel
  EXPECT_TRUE(h.session->taken_out_of_service());
}

TEST(Session, ACrashLoopPausesServiceUntilTheTechnicianPutsItBack) {
  Harness h;
  h.session->report_crash_loop("crash loop: the kiosk stopped unexpectedly 3 times in the last 4 minutes", h.now);
  EXPECT_EQ(h.session->screen(), Screen::out_of_service);
  h.act(act::StartCitizen{});
  EXPECT_EQ(h.session->screen(), Screen::out_of_service);
  h.act(act::OpenTechnician{});
  for (char c : std::string("135790")) h.act(act::TypeText{std::string(1, c)});
  h.act(act::PinSubmit{});
  ASSERT_EQ(h.session->screen(), Screen::technician);
  EXPECT_NE(h.session->crash_loop().find("3 times"), std::string::npos);
  EXPECT_EQ(h.crash_loops_forgiven, 0);
  h.act(act::SetInService{true});  // unlike a broken file, a loop can be waved through once looked at
  EXPECT_FALSE(h.session->taken_out_of_service());
  EXPECT_TRUE(h.session->crash_loop().empty());
  EXPECT_EQ(h.crash_loops_forgiven, 1);
  h.act(act::TechnicianExit{});
  EXPECT_EQ(h.session->screen(), Screen::home);
  // The heartbeat heard both changes, once each.
  EXPECT_EQ(h.service_changes, (std::vector<std::string>{"crash_loop", ""}));
}

TEST(Session, TheHeartbeatHearsWhyTheKioskIsPaused) {
  Harness h;
  drivers::DeviceStatus reader = device_status(drivers::DeviceClass::id_reader, drivers::DeviceState::offline, drivers::Severity::error);
  h.event(ev::DeviceChanged{reader});
  EXPECT_EQ(h.session->pause_reason(), "device:id_reader");
  h.event(ev::DeviceChanged{reader});  // the same again: not reported twice
  reader.state = drivers::DeviceState::online;
  reader.severity = drivers::Severity::ok;
  h.event(ev::DeviceChanged{reader});
  h.act(act::OpenTechnician{});
  for (char c : std::string("135790")) h.act(act::TypeText{std::string(1, c)});
  h.act(act::PinSubmit{});
  h.act(act::SetInService{false});
  EXPECT_EQ(h.service_changes, (std::vector<std::string>{"device:id_reader", "", "technician"}));
}

namespace {
void open_panel(Harness& h) {
  h.act(act::OpenTechnician{});
  for (char c : std::string("135790")) h.act(act::TypeText{std::string(1, c)});
  h.act(act::PinSubmit{});
  ASSERT_EQ(h.session->screen(), Screen::technician);
}
}  // namespace

TEST(Session, TechnicianSelfTestsQueueAndSettingsWorkOnlyOnThePanel) {
  Harness h;
  std::vector<int64_t> requeued;
  std::vector<std::pair<std::string, int>> changed;
  // The harness's services, plus the technician's.
  SessionServices sv;
  sv.technician_pin_hash = TechnicianAuth::kDemoPinHash;  // PIN 135790
  sv.save_async = [](offline::NewApplication) {};
  sv.print_receipt_async = [&h](ReceiptData r, bool self_test) { h.printing.emplace_back(std::move(r), self_test); };
  sv.now_iso_utc = [] { return std::string("2026-11-25T03:00:00Z"); };
  sv.now_local = [] { return std::string("2026-11-25 11:00"); };
  sv.wake_sync = [&h] { ++h.wakes; };
  sv.requeue_dead_letter = [&](int64_t seq) { requeued.push_back(seq); };
  sv.change_setting = [&](const std::string& key, int delta) -> Result<std::string> {
    changed.emplace_back(key, delta);
    return std::string("80");
  };
  h.session = std::make_unique<Session>(h.catalog, sv);

  h.act(act::SelfTest{"receipt_printer"});  // not on the panel: nothing happens
  h.act(act::RequeueDeadLetter{0});
  EXPECT_TRUE(h.printed.empty());
  EXPECT_TRUE(requeued.empty());

  open_panel(h);
  h.act(act::SelfTest{"receipt_printer"});
  ASSERT_EQ(h.printed.size(), 1u);
  EXPECT_EQ(h.printed[0].acceptance_no, "TEST");
  ASSERT_EQ(h.session->technician_results().size(), 2u);
  EXPECT_EQ(h.session->technician_results()[0], tr("tech.result_receipt_started"));
  EXPECT_NE(h.session->technician_results()[1].find("receipt.png"), std::string::npos);

  h.act(act::SelfTest{"document_printer"});  // no A4 printer wired
  EXPECT_EQ(h.session->technician_results().back(), tr("tech.not_available"));

  // A card on the reader while the panel is open is the reader's test: masked, and no session starts.
  h.event(ev::CardInserted{h.person()});
  EXPECT_EQ(h.session->screen(), Screen::technician);
  EXPECT_FALSE(h.session->identity().present());
  const std::string card_line = h.session->technician_results().back();
  EXPECT_NE(card_line.find("4301**********0015"), std::string::npos) << card_line;
  EXPECT_EQ(card_line.find("430104199003070015"), std::string::npos) << card_line;
  EXPECT_EQ(card_line.find("张伟"), std::string::npos) << card_line;

  h.act(act::RequeueDeadLetter{7});
  ASSERT_EQ(requeued, std::vector<int64_t>{7});
  h.event(ev::TechnicianDone{"requeue", Ok{}, "requeued 1 dead letter(s)"});
  EXPECT_EQ(h.wakes, 1);  // sent again now, not at the next backoff
  EXPECT_EQ(h.session->technician_results().back(), "requeued 1 dead letter(s)");
  h.event(ev::TechnicianDone{"a4", make_error("a4.stopped", "queue paused"), ""});
  EXPECT_NE(h.session->technician_results().back().find("a4.stopped"), std::string::npos);

  h.act(act::ChangeSetting{"voice_volume", 1});
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0], std::make_pair(std::string("voice_volume"), 1));
  EXPECT_NE(h.session->technician_results().back().find("voice_volume = 80"), std::string::npos);

  h.act(act::TechnicianExit{});
  EXPECT_TRUE(h.session->technician_results().empty());  // nothing left for the next technician
}

TEST(Session, ACardTakenBackMidFormLosesNothingAndAForgottenOneIsPointedOut) {
  Harness h;
  h.to_form();
  EXPECT_TRUE(h.session->card_on_reader());
  h.event(ev::CardRemoved{});  // taken back while typing: the card was read once, the journey goes on
  EXPECT_FALSE(h.session->card_on_reader());
  EXPECT_EQ(h.session->screen(), Screen::form);
  h.type_phone("13807310000");
  h.submit();
  ASSERT_EQ(h.saved.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(h.saved[0].upload_body)["applicant"]["id_number"], "430104199003070015");
  h.event(ev::SubmitSaved{h.saved[0].uuid, Ok{}});
  h.now += 5001;
  h.tick();
  ASSERT_EQ(h.session->screen(), Screen::result);
  h.act(act::Finish{});
  ASSERT_EQ(h.session->screen(), Screen::home);
  EXPECT_EQ(std::count(h.spoken.begin(), h.spoken.end(), "card.take_back"), 0);  // nothing left behind

  // The next person leaves the card on the reader: reminded on leaving, and home says so until it is taken.
  h.to_form();
  h.act(act::GoHome{});
  EXPECT_EQ(std::count(h.spoken.begin(), h.spoken.end(), "card.take_back"), 1);
  EXPECT_TRUE(h.session->card_on_reader());
  EXPECT_FALSE(h.session->has_personal_data());
  h.act(act::StartCitizen{});  // someone else taps 个人办事: the card on the reader is not read again
  EXPECT_EQ(h.session->screen(), Screen::identify);
  EXPECT_FALSE(h.session->identity().present());
  h.event(ev::CardRemoved{});
  EXPECT_FALSE(h.session->card_on_reader());
}

TEST(Session, APoorRatingsCommentIsBoundedSentAndWipedWithTheSession) {
  Harness h;
  std::vector<std::string> bodies;
  SessionServices sv;
  sv.save_async = [&h](offline::NewApplication a) { h.saved.push_back(std::move(a)); };
  sv.print_receipt_async = [&h](ReceiptData r, bool self_test) { h.printing.emplace_back(std::move(r), self_test); };
  sv.now_iso_utc = [] { return std::string("2026-11-25T03:00:00Z"); };
  sv.now_local = [] { return std::string("2026-11-25 11:00"); };
  sv.save_rating_async = [&](std::string, std::string body) { bodies.push_back(std::move(body)); };
  h.session = std::make_unique<Session>(h.catalog, sv);
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  h.event(ev::SubmitSaved{h.saved[0].uuid, Ok{}});
  h.now += 9000;
  h.tick();
  h.act(act::FocusField{kRatingComment});  // no poor rating yet: no comment
  EXPECT_FALSE(h.session->rating_comment_focused());
  h.act(act::Rate{1});
  h.act(act::ToggleRatingReason{"wait"});
  h.act(act::FocusField{kRatingComment});
  ASSERT_TRUE(h.session->rating_comment_focused());
  for (int i = 0; i < 70; ++i) h.act(act::TypeText{"等"});
  EXPECT_EQ(utf8::decode(h.session->rating_comment()).size(), 60u);  // a sentence, not a letter
  h.act(act::Backspace{});
  EXPECT_EQ(utf8::decode(h.session->rating_comment()).size(), 59u);
  h.act(act::SubmitRating{});
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(bodies[0])["comment"].get<std::string>().size(), 59u * 3);
  EXPECT_FALSE(h.session->rating_comment_focused());
  h.act(act::Finish{});
  EXPECT_TRUE(h.session->rating_comment().empty());
}

TEST(Session, WithoutAPinHashNoPinOpensThePanelAndNothingLocksIt) {
  Harness h;
  SessionServices sv;  // as a kiosk whose configuration is too broken to name a hash
  sv.save_async = [](offline::NewApplication) {};
  sv.print_receipt_async = [&h](ReceiptData r, bool self_test) { h.printing.emplace_back(std::move(r), self_test); };
  sv.now_iso_utc = [] { return std::string("2026-11-25T03:00:00Z"); };
  sv.now_local = [] { return std::string("2026-11-25 11:00"); };
  Session s(h.catalog, sv, SessionConfig{});
  s.report_configuration_problem("zhidui.toml:3:1: syntax error", h.now);
  s.apply(act::OpenTechnician{}, h.now);
  ASSERT_EQ(s.screen(), Screen::technician_pin);
  for (int attempt = 0; attempt < 5; ++attempt) {
    for (char c : std::string("135790")) s.apply(act::TypeText{std::string(1, c)}, h.now);
    s.apply(act::PinSubmit{}, h.now);
    EXPECT_EQ(s.screen(), Screen::technician_pin);
    EXPECT_EQ(s.pin_message(), tr("tech.pin_not_configured"));  // never 'locked': the fixer is not an attacker
    EXPECT_EQ(s.pin_length(), 0u);
  }
}

TEST(Session, TheReceiptPrintsOffTheUiThreadAndOnlyItsOwnAnswerCounts) {
  Harness h;
  h.to_form();
  h.type_phone("13807310000");
  h.submit();
  ASSERT_EQ(h.saved.size(), 1u);
  const std::string uuid = h.saved[0].uuid;
  // The printer is slow: its answer is held back while the screen goes on.
  h.session->handle(ev::SubmitSaved{uuid, Ok{}}, h.now);
  h.session->handle(ev::Sync{{offline::SyncEvent::Kind::acknowledged, uuid, "HN20261125000001", ""}}, h.now);
  ASSERT_EQ(h.session->screen(), Screen::result);
  ASSERT_EQ(h.printing.size(), 1u);
  EXPECT_EQ(h.session->print_outcome(), PrintOutcome::printing);
  EXPECT_EQ(h.session->receipt()->acceptance_no, "HN20261125000001");

  h.session->handle(ev::ReceiptPrinted{"another-uuid", make_error("printer.paper_out", "paper out"), false}, h.now);
  EXPECT_EQ(h.session->print_outcome(), PrintOutcome::printing);  // not this application's receipt
  h.session->handle(ev::ReceiptPrinted{uuid, make_error("printer.paper_out", "paper out"), false}, h.now);
  EXPECT_EQ(h.session->print_outcome(), PrintOutcome::failed);
  EXPECT_EQ(h.spoken.back(), "printer.failed");

  h.act(act::Finish{});  // a late answer after the session ended changes nothing
  h.session->handle(ev::ReceiptPrinted{uuid, std::string("receipt.png"), false}, h.now);
  EXPECT_EQ(h.session->print_outcome(), PrintOutcome::none);
}
