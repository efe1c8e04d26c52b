// id_card_reader_test.cpp — end to end through a real pseudo-terminal: FakeSamModule plays the module,
// IdCardReader runs its real serial code. Every wait is bounded; no test sleeps longer than a few polls.
#include "drivers/id_reader/id_card_reader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

#include "drivers/id_reader/fake_sam_module.h"
#include "drivers/id_reader/personas.h"
#include "base/log.h"
#include "drivers/serial_port.h"
#include "../no_admin.h"
#include "reader_harness.h"

namespace zhidui::drivers::id_reader {
namespace {

using test_support::EventRecorder;
using test_support::eventually;
using test_support::fast_config;

IdCard persona_card(std::string_view id) {
  auto p = find_persona(id);
  EXPECT_TRUE(p.has_value()) << id;
  return p ? p->card : IdCard{};
}

class ReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto path = fake.start();
    ASSERT_TRUE(path.ok()) << path.error().message;
    link = *path;
  }
  void TearDown() override {
    if (reader) reader->stop();
  }

  void start_reader(ReaderConfig config) {
    reader = std::make_unique<IdCardReader>(std::move(config), events.events());
    reader->start();
  }
  void start_reader_online() {
    start_reader(fast_config(link));
    ASSERT_TRUE(events.wait_status(DeviceState::online)) << "reader never came online";
  }
  // Lets the reader run `polls` more find commands, to prove that something does NOT happen.
  void let_it_poll(uint64_t polls) {
    const uint64_t target = fake.commands_received(commands::find_card) + polls;
    ASSERT_TRUE(eventually([&] { return fake.commands_received(commands::find_card) >= target; }))
        << "reader stopped polling";
  }

  FakeSamModule fake;
  std::string link;
  EventRecorder events;
  std::unique_ptr<IdCardReader> reader;
};

TEST_F(ReaderTest, ComesOnlineAndReadsAPersonasCard) {
  start_reader_online();
  const DeviceStatus online = reader->status();
  EXPECT_EQ(online.severity, Severity::ok);
  EXPECT_TRUE(online.code.empty());
  EXPECT_EQ(online.info.serial.size(), 32u) << "raw SAM number as hex";
  EXPECT_GE(fake.commands_received(commands::sam_status), 1u);

  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(1));
  const IdCard card = events.cards().at(0);
  EXPECT_EQ(card.type, CardType::resident);
  EXPECT_EQ(card.name, "张伟");
  EXPECT_EQ(card.sex, "男");
  EXPECT_EQ(card.nation, "汉族");
  EXPECT_EQ(card.birth_date, "19900307");
  EXPECT_EQ(card.address, "湖南省长沙市岳麓区麓山南路932号");
  EXPECT_EQ(card.id_number, persona_card("resident_changsha").id_number);
  EXPECT_EQ(card.authority, "长沙市公安局岳麓分局");
  EXPECT_EQ(card.valid_to, "20350320");
  EXPECT_EQ(card.sam_serial, "05000100152011002A8B4000071C0D00") << "the module that vouched for the card";
  EXPECT_EQ(card.sam_serial, online.info.serial);
  ASSERT_EQ(card.photo_wlt.size(), 1024u);
  EXPECT_EQ(card.photo_wlt[1], uint8_t(1 * 31 + 7));
  EXPECT_EQ(fake.commands_received(commands::select_card), 1u);
  EXPECT_EQ(fake.commands_received(commands::read_text_photo), 1u);
  EXPECT_TRUE(events.errors().empty());
  EXPECT_EQ(reader->counters().cards_read, 1u);
}

TEST_F(ReaderTest, EveryReadablePersonaArrivesIntact) {
  start_reader_online();
  size_t expected_cards = 0;
  for (const Persona& p : all_personas()) {
    if (p.condition != CardCondition::readable) continue;
    SCOPED_TRACE(p.id);
    fake.present(p.card, p.condition);
    ASSERT_TRUE(events.wait_cards(++expected_cards));
    const IdCard got = events.cards().back();
    EXPECT_EQ(got.type, p.card.type);
    EXPECT_EQ(got.name, p.card.name);
    EXPECT_EQ(got.english_name, p.card.english_name);
    EXPECT_EQ(got.id_number, p.card.id_number);
    EXPECT_EQ(got.valid_to, p.card.valid_to);
    fake.remove_card();
    ASSERT_TRUE(events.wait_removed(int(expected_cards)));
  }
}

TEST_F(ReaderTest, ACardThatStaysIsReadOnceAndItsRemovalIsReported) {
  start_reader_online();
  fake.present(persona_card("elderly_xiangtan"));
  ASSERT_TRUE(events.wait_cards(1));
  let_it_poll(10);
  EXPECT_EQ(events.cards().size(), 1u);
  EXPECT_EQ(fake.commands_received(commands::read_text_photo), 1u);
  EXPECT_EQ(events.removed(), 0);

  fake.remove_card();
  ASSERT_TRUE(events.wait_removed(1));
  let_it_poll(5);
  EXPECT_EQ(events.removed(), 1) << "removal is reported once";

  fake.present(persona_card("elderly_xiangtan"));
  ASSERT_TRUE(events.wait_cards(2)) << "the same card placed again is a new presentation";
}

TEST_F(ReaderTest, SwappingCardsIsARemovalAndANewCard) {
  start_reader_online();
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(1));
  fake.present(persona_card("hk_permit"));  // no remove_card(): straight from one card to the next
  ASSERT_TRUE(events.wait_cards(2));
  EXPECT_EQ(events.removed(), 1);
  EXPECT_EQ(events.cards().back().type, CardType::hk_macau_taiwan_permit);
}

TEST_F(ReaderTest, NoCardPollingDoesNotLog) {
  start_reader_online();
  let_it_poll(2);
  auto lines = [] {
    size_t n = 0;
    for (const auto& l : log::recent(1000))
      if (l.find("id_reader") != std::string::npos) ++n;
    return n;
  };
  const size_t before = lines();
  let_it_poll(20);
  EXPECT_EQ(lines(), before);
}

TEST_F(ReaderTest, LogsNeverCarryPersonalData) {
  char path[] = "/tmp/zhidui-idreader-log-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  log::set_file(path);
  struct StopLoggingToFile {
    const char* file;
    ~StopLoggingToFile() {  // also when an assertion below returns early
      log::set_file("");
      std::remove(file);
    }
  } restore{path};
  start_reader_online();
  const IdCard card = persona_card("resident_changsha");
  fake.present(card);
  ASSERT_TRUE(events.wait_cards(1));
  fake.set_fault(Fault::read_failed);
  fake.present(persona_card("rare_name_zhangjiajie"));
  ASSERT_TRUE(events.wait_errors(1));
  fake.unplug();
  ASSERT_TRUE(events.wait_status(DeviceState::offline));
  reader->stop();

  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  const std::string text = content.str();
  EXPECT_NE(text.find("card read (resident)"), std::string::npos) << "the log file was not written";
  for (const std::string& personal : {card.name, card.address, card.id_number, card.id_number.substr(0, 14),
                                      card.birth_date, std::string("龚喆")})
    EXPECT_EQ(text.find(personal), std::string::npos) << "log contains personal data: " << personal;
}

// --- faults ------------------------------------------------------------------------------------------------

TEST_F(ReaderTest, ACorruptedReadIsRetriedSilently) {
  start_reader_online();
  fake.set_fault(Fault::bad_checksum);
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(1));
  EXPECT_EQ(events.cards().at(0).name, "张伟");
  EXPECT_EQ(fake.faults_injected(), 1u);
  EXPECT_EQ(fake.commands_received(commands::read_text_photo), 2u) << "one corrupted, one good";
  EXPECT_GE(reader->counters().corrupted_answers, 1u);
  EXPECT_TRUE(events.errors().empty()) << "line noise must not reach the person";
}

TEST_F(ReaderTest, ResponsesInSmallChunksAreReassembled) {
  fake.set_fault(Fault::split_frames);
  start_reader_online();
  fake.present(persona_card("hk_permit"));
  ASSERT_TRUE(events.wait_cards(1));
  EXPECT_EQ(events.cards().at(0).pass_number, "H60123456");
  EXPECT_EQ(reader->counters().corrupted_answers, 0u);
}

TEST_F(ReaderTest, ATruncatedReadAsksForTheCardToBePlacedAgain) {
  start_reader_online();
  fake.set_fault(Fault::truncated);
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_errors(1));
  const Error err = events.errors().at(0);
  EXPECT_EQ(err.code, "card.misplaced");
  EXPECT_NE(err.message.find("sam.truncated"), std::string::npos) << err.message;
  EXPECT_EQ(reader->status().state, DeviceState::online) << "the device itself is fine";
  EXPECT_GE(fake.faults_injected(), 2u) << "retried once before telling the person";

  fake.set_fault(Fault::none);
  ASSERT_TRUE(events.wait_cards(1)) << "the card still lying there is read once the line is clean";
  EXPECT_EQ(events.errors().size(), 1u);
}

TEST_F(ReaderTest, ACardNotLyingFlatIsReportedOnceAndReadWhenFixed) {
  start_reader_online();
  fake.set_fault(Fault::read_failed);
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_errors(1));
  EXPECT_EQ(events.errors().at(0).code, "card.misplaced");
  let_it_poll(8);
  EXPECT_EQ(events.errors().size(), 1u) << "the same error is not repeated every poll";
  EXPECT_GE(fake.commands_received(commands::read_text_photo), 3u) << "but reading is retried";

  fake.set_fault(Fault::none);  // the person pressed the card flat
  ASSERT_TRUE(events.wait_cards(1));
  EXPECT_EQ(events.removed(), 0);
  fake.remove_card();
  ASSERT_TRUE(events.wait_removed(1));
}

TEST_F(ReaderTest, AnUnrecognisedCardIsReportedAsSuch) {
  start_reader_online();
  fake.set_fault(Fault::unrecognised_card);
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_errors(1));
  EXPECT_EQ(events.errors().at(0).code, "card.unrecognised");
  EXPECT_NE(events.errors().at(0).message.find("sam.sw3.40"), std::string::npos);
  fake.remove_card();
  ASSERT_TRUE(events.wait_removed(1)) << "removal follows a reported error too";
  EXPECT_TRUE(events.cards().empty());
}

TEST_F(ReaderTest, TheDamagedPersonaIsRefused) {
  start_reader_online();
  const Persona damaged = *find_persona("damaged_card");
  fake.present(damaged.card, damaged.condition);
  ASSERT_TRUE(events.wait_errors(1));
  EXPECT_EQ(events.errors().at(0).code, "card.unrecognised");
  let_it_poll(5);
  EXPECT_TRUE(events.cards().empty());
  EXPECT_EQ(events.errors().size(), 1u);
}

TEST_F(ReaderTest, ACardThatGoesQuietAfterReadingIsNotTakenForRemoved) {
  start_reader_online();
  fake.set_fault(Fault::halted_after_read);
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(1));
  let_it_poll(8);
  EXPECT_EQ(events.removed(), 0) << "find fails, but select proves the card is still there";
  EXPECT_EQ(events.cards().size(), 1u);
  fake.remove_card();
  ASSERT_TRUE(events.wait_removed(1));
}

TEST_F(ReaderTest, ASamSelfTestFailureIsAHardwareErrorUntilItRecovers) {
  start_reader_online();
  fake.set_fault(Fault::sam_error);
  ASSERT_TRUE(events.wait_status(DeviceState::hardware_error));
  const DeviceStatus failed = events.last_status();
  EXPECT_EQ(failed.code, "sam.sw3.60");
  EXPECT_EQ(failed.severity, Severity::error);
  EXPECT_EQ(failed.hint, ActionHint::technician);
  EXPECT_FALSE(failed.usable());

  fake.set_fault(Fault::none);
  ASSERT_TRUE(events.wait_status(DeviceState::online));
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(1));
}

TEST_F(ReaderTest, ASilentModuleIsOfflineUntilItAnswersAgain) {
  start_reader_online();
  fake.set_fault(Fault::silence);
  ASSERT_TRUE(events.wait_status(DeviceState::offline));
  EXPECT_EQ(events.last_status().code, "reader.unavailable");
  EXPECT_EQ(events.last_status().hint, ActionHint::automatic_retry);
  const size_t reports = events.statuses().size();
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // several failed reconnects
  EXPECT_EQ(events.statuses().size(), reports) << "staying offline is not a new event";
  EXPECT_GE(reader->counters().timeouts, 2u);

  fake.set_fault(Fault::none);
  ASSERT_TRUE(events.wait_status(DeviceState::online));
}

TEST_F(ReaderTest, UnplugGoesOfflineAndReplugComesBackThroughTheSymlink) {
  start_reader_online();
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(1));
  const std::string first_pty = fake.pty_path();

  fake.unplug();
  ASSERT_TRUE(events.wait_status(DeviceState::offline));
  EXPECT_EQ(events.last_status().code, "reader.unavailable");
  ASSERT_TRUE(events.wait_removed(1)) << "an offline reader cannot vouch for the card";
  std::this_thread::sleep_for(std::chrono::milliseconds(250));  // a couple of failed reopen attempts
  EXPECT_EQ(events.last_status().state, DeviceState::offline);

  ASSERT_TRUE(fake.replug().ok());
  ASSERT_TRUE(events.wait_status(DeviceState::online));
  EXPECT_GE(reader->counters().connects, 2u);
  // The card never left: after the reconnect it is a fresh presentation and is read again.
  ASSERT_TRUE(events.wait_cards(2));
  EXPECT_EQ(events.cards().back().name, "张伟");

  fake.remove_card();
  ASSERT_TRUE(events.wait_removed(2));
  fake.present(persona_card("hk_permit"));
  ASSERT_TRUE(events.wait_cards(3));
  EXPECT_EQ(events.cards().back().type, CardType::hk_macau_taiwan_permit);
}

TEST_F(ReaderTest, StartsOfflineWhenTheDeviceIsMissing) {
  fake.unplug();
  start_reader(fast_config(link));
  ASSERT_TRUE(events.wait_status(DeviceState::offline));
  EXPECT_NE(events.last_status().detail.find("serial.absent"), std::string::npos) << events.last_status().detail;
  ASSERT_TRUE(fake.replug().ok());
  ASSERT_TRUE(events.wait_status(DeviceState::online));
}

TEST_F(ReaderTest, AWrongSettingIsAConfigurationProblemNotAnOutage) {
  ReaderConfig bad_baud = fast_config(link);
  bad_baud.baud = 12345;
  start_reader(bad_baud);
  ASSERT_TRUE(events.wait_status(DeviceState::not_configured));
  EXPECT_EQ(events.last_status().code, "reader.not_configured");
  EXPECT_EQ(events.last_status().hint, ActionHint::configuration);
  reader->stop();

  EventRecorder no_path_events;
  IdCardReader no_path(fast_config(""), no_path_events.events());
  no_path.start();
  ASSERT_TRUE(no_path_events.wait_status(DeviceState::not_configured));
  EXPECT_EQ(no_path.status().code, "reader.not_configured");
}

TEST_F(ReaderTest, StopIsPromptEvenWhileWaitingForAnAnswer) {
  ReaderConfig slow = fast_config(link);
  slow.response_timeout_ms = 5000;
  start_reader(slow);
  ASSERT_TRUE(events.wait_status(DeviceState::online));
  fake.set_fault(Fault::silence);
  ASSERT_TRUE(eventually([&] { return fake.commands_unanswered() > 0; }));
  // The reader is now waiting out a 5 s timeout for an answer that will never come.
  const auto t0 = std::chrono::steady_clock::now();
  reader->stop();
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_LT(took, std::chrono::milliseconds(500));
}

TEST_F(ReaderTest, DestructorJoinsARunningReader) {
  start_reader_online();
  fake.present(persona_card("resident_changsha"));
  reader.reset();  // must neither hang nor crash, card or not
  SUCCEED();
}

// --- a module that refuses our commands (issue 24) -----------------------------------------------------------

TEST_F(ReaderTest, AModuleRefusingTheReadIsAReaderProblemNotAMisplacedCard) {
  start_reader_online();
  fake.script_answer(commands::read_text_photo, sw3::command_error);
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_errors(1));
  EXPECT_EQ(events.errors().at(0).code, "reader.unavailable") << "the person cannot fix a refusing module";
  EXPECT_NE(events.errors().at(0).message.find("sam.sw3.21"), std::string::npos) << events.errors().at(0).message;

  ASSERT_TRUE(events.wait_status(DeviceState::hardware_error)) << "repeated refusals are a reader problem";
  const DeviceStatus refused = events.last_status();
  EXPECT_EQ(refused.code, "reader.refused");
  EXPECT_EQ(refused.hint, ActionHint::technician);
  EXPECT_FALSE(refused.usable());
  EXPECT_NE(refused.detail.find("sam.sw3.21"), std::string::npos) << refused.detail;
  let_it_poll(5);
  EXPECT_EQ(events.errors().size(), 1u) << "the person is told once, not at every poll";

  fake.clear_scripted_answers();  // the module serves again: the card still lying there is read
  ASSERT_TRUE(events.wait_cards(1));
  ASSERT_TRUE(events.wait_status(DeviceState::online));
  EXPECT_TRUE(reader->status().code.empty());
}

TEST_F(ReaderTest, ARefusingModuleDoesNotFlapBetweenOnlineAndError) {
  start_reader_online();
  fake.script_answer(commands::find_card, sw3::unauthorized_operation);
  ASSERT_TRUE(events.wait_status(DeviceState::hardware_error));
  EXPECT_EQ(events.last_status().code, "reader.refused");
  const size_t reports = events.statuses().size();
  let_it_poll(10);
  EXPECT_EQ(events.statuses().size(), reports) << "refusing all along is one condition, reported once";
  EXPECT_EQ(reader->status().state, DeviceState::hardware_error);

  fake.clear_scripted_answers();
  ASSERT_TRUE(events.wait_status(DeviceState::online));
}

TEST_F(ReaderTest, AStatusCheckNeverAnsweredWithSuccessBecomesAReaderProblem) {
  fake.script_answer(commands::sam_status, sw3::unrecognized_error);
  start_reader(fast_config(link));
  ASSERT_TRUE(events.wait_status(DeviceState::hardware_error))
      << "a module that never says ready is not silently unknown";
  EXPECT_EQ(events.last_status().code, "reader.refused");
  fake.clear_scripted_answers();
  ASSERT_TRUE(events.wait_status(DeviceState::online));
}

// Each odd answer to a step of the read: a refusal, the module's catch-all, line trouble it reports, a
// code no table knows, a success code that does not belong to the step. None is a misplaced card.
struct OddAnswer {
  const char* name;
  Command step;
  uint8_t sw3;
};
void PrintTo(const OddAnswer& answer, std::ostream* out) { *out << answer.name; }
class OddAnswerTest : public ReaderTest, public ::testing::WithParamInterface<OddAnswer> {};

TEST_P(OddAnswerTest, IsNeverTakenForAMisplacedCardAndRepeatedIsAReaderProblem) {
  start_reader_online();
  fake.script_answer(GetParam().step, GetParam().sw3);
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_status(DeviceState::hardware_error));
  EXPECT_EQ(events.last_status().code, "reader.refused");
  let_it_poll(3);
  for (const Error& told : events.errors()) EXPECT_EQ(told.code, "reader.unavailable") << told.message;
  EXPECT_TRUE(events.cards().empty());
  fake.clear_scripted_answers();
  ASSERT_TRUE(events.wait_cards(1));
  ASSERT_TRUE(events.wait_status(DeviceState::online));
}

INSTANTIATE_TEST_SUITE_P(
    Steps, OddAnswerTest,
    ::testing::Values(OddAnswer{"select_command_error", commands::select_card, sw3::command_error},
                      OddAnswer{"read_unauthorised", commands::read_text_photo, sw3::unauthorized_operation},
                      OddAnswer{"read_unknown_code", commands::read_text_photo, 0xEE},
                      OddAnswer{"read_zero", commands::read_text_photo, 0x00},
                      OddAnswer{"read_catch_all", commands::read_text_photo, sw3::unrecognized_error},
                      OddAnswer{"select_bad_frame_reported", commands::select_card, sw3::host_checksum_error},
                      OddAnswer{"select_answered_find_ok", commands::select_card, sw3::find_ok},
                      OddAnswer{"find_unknown_code", commands::find_card, 0x7B}),
    [](const ::testing::TestParamInfo<OddAnswer>& info) { return std::string(info.param.name); });

// --- the module's identity and the port's exclusivity (issue 21, S6) ------------------------------------------

TEST_F(ReaderTest, ASwappedModuleIsSeenInTheCardsItReads) {
  // Both modules behind the same cable, in a folder that outlives the first.
  char dir[] = "/tmp/zhidui-swap-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  FakeConfig first_config;
  first_config.link_dir = dir;
  FakeSamModule first(first_config);
  auto first_link = first.start();
  ASSERT_TRUE(first_link.ok());
  start_reader(fast_config(*first_link));
  ASSERT_TRUE(events.wait_status(DeviceState::online));
  first.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(1));
  EXPECT_EQ(events.cards().at(0).sam_serial, "05000100152011002A8B4000071C0D00");

  // Someone puts another module behind the cable: the reader goes offline, comes back, and the cards
  // it reads from then on name the new module.
  first.stop();
  ASSERT_TRUE(events.wait_status(DeviceState::offline));
  FakeConfig other;
  other.link_dir = dir;
  other.sam_number = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x01};
  FakeSamModule swapped(other);
  ASSERT_TRUE(swapped.start().ok());
  ASSERT_TRUE(events.wait_status(DeviceState::online));
  EXPECT_EQ(reader->status().info.serial, "112233445566778899AABBCCDDEEFF01");
  swapped.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(2));
  EXPECT_EQ(events.cards().back().sam_serial, "112233445566778899AABBCCDDEEFF01");
  reader->stop();
  swapped.stop();
  std::filesystem::remove_all(dir);
}

TEST_F(ReaderTest, ACardIsReadEvenWhenTheModuleWithholdsItsNumber) {
  fake.script_answer(commands::sam_id, sw3::command_error);
  start_reader_online();
  EXPECT_TRUE(reader->status().info.serial.empty());
  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(1)) << "an unknown module number is recorded as unknown, not a refusal of service";
  EXPECT_TRUE(events.cards().at(0).sam_serial.empty());
}

TEST_F(ReaderTest, NoOtherProgramGetsTheReadersPort) {
  start_reader_online();
  // As the kiosk's service user: without CAP_SYS_ADMIN, which passes any exclusive claim.
  Result<SerialPort> intruder = make_error("test.not_run", "");
  ASSERT_TRUE(zhidui::test_support::run_without_sys_admin([&] { intruder = SerialPort::open(link, 115200); }));
  ASSERT_FALSE(intruder.ok()) << "a second opener would interleave with the SAM protocol";
  EXPECT_TRUE(intruder.error().is(drivers::errc::kSerialBusy)) << intruder.error().code;

  // A second reader (a second kiosk instance) says why it cannot work, for the technician.
  EventRecorder second_events;
  IdCardReader second(fast_config(link), second_events.events());
  ASSERT_TRUE(zhidui::test_support::run_without_sys_admin([&] { second.start(); }));  // its thread inherits that
  ASSERT_TRUE(second_events.wait_status(DeviceState::offline));
  EXPECT_EQ(second_events.last_status().hint, ActionHint::technician);
  EXPECT_NE(second_events.last_status().detail.find("serial.busy"), std::string::npos)
      << second_events.last_status().detail;
  second.stop();

  fake.present(persona_card("resident_changsha"));
  ASSERT_TRUE(events.wait_cards(1)) << "the first reader was not disturbed";
}

// --- read_card_once ------------------------------------------------------------------------------------------

TEST_F(ReaderTest, ReadCardOnceReadsAPresentCard) {
  fake.present(persona_card("foreigner_2017"));
  auto card = read_card_once(fast_config(link), 1000);
  ASSERT_TRUE(card.ok()) << card.error().code << ": " << card.error().message;
  EXPECT_EQ(card->english_name, "SMITH, JOHN MICHAEL");
  EXPECT_EQ(card->nationality, "USA");
}

TEST_F(ReaderTest, ReadCardOnceWaitsForACard) {
  std::thread placer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    fake.present(persona_card("resident_changsha"));
  });
  auto card = read_card_once(fast_config(link), 2000);
  placer.join();
  ASSERT_TRUE(card.ok()) << card.error().message;
  EXPECT_EQ(card->name, "张伟");
}

TEST_F(ReaderTest, ReadCardOnceReportsEachFailure) {
  auto absent = read_card_once(fast_config(link), 150);
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, "card.absent");

  fake.present(persona_card("resident_changsha"));
  fake.set_fault(Fault::unrecognised_card);
  auto refused = read_card_once(fast_config(link), 500);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "card.unrecognised");

  fake.set_fault(Fault::read_failed);
  auto misplaced = read_card_once(fast_config(link), 500);
  ASSERT_FALSE(misplaced.ok());
  EXPECT_EQ(misplaced.error().code, "card.misplaced");

  fake.set_fault(Fault::sam_error);
  auto sam = read_card_once(fast_config(link), 500);
  ASSERT_FALSE(sam.ok());
  EXPECT_EQ(sam.error().code, "reader.unavailable");
  EXPECT_NE(sam.error().message.find("sam.sw3.60"), std::string::npos);

  auto missing = read_card_once(fast_config(link + ".nope"), 500);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "reader.unavailable");

  auto bad_baud = fast_config(link);
  bad_baud.baud = 12345;
  auto config_error = read_card_once(bad_baud, 500);
  ASSERT_FALSE(config_error.ok());
  EXPECT_NE(config_error.error().message.find("serial.config"), std::string::npos);
}

}  // namespace
}  // namespace zhidui::drivers::id_reader
