// receipt_printer_status_test.cpp — DLE EOT replies -> device model, both through the real byte path
// (emulator) and the pure mapping; and the query sequence over a mocked channel (drain, one request at a
// time, give up after a silent first reply).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "drivers/receipt_printer/escpos.h"
#include "drivers/receipt_printer/escpos_emulator.h"
#include "drivers/receipt_printer/printer_status.h"
#include "receipt_test_support.h"

namespace zhidui::drivers::receipt_printer {
namespace {

using namespace testing;
using ::testing::_;
using ::testing::InSequence;
using ::testing::Return;
using Bytes = std::vector<uint8_t>;

// The emulator as a channel, as the fake uses it.
class EmulatorChannel : public StatusChannel {
 public:
  explicit EmulatorChannel(EscPosEmulator& e) : e_(e) {}
  Status send(std::span<const uint8_t> bytes) override {
    e_.feed(bytes);
    return Ok{};
  }
  void drain() override { (void)e_.take_replies(); }
  std::optional<uint8_t> read_byte(std::chrono::milliseconds) override {
    auto r = e_.take_replies();
    if (r.empty()) return std::nullopt;
    return r.front();
  }

 private:
  EscPosEmulator& e_;
};

struct Expected {
  PrinterCondition condition;
  DeviceState state;
  Severity severity;
  ActionHint hint;
  PaperState paper;
  CoverState cover;
  const char* code;
};

class ReceiptPrinterStatusMapping : public ::testing::TestWithParam<Expected> {};

TEST_P(ReceiptPrinterStatusMapping, ConditionThroughRealStatusBytes) {
  const Expected& x = GetParam();
  EscPosEmulator e = make_emulator(PaperWidth::mm80);
  e.set_condition(x.condition);
  EmulatorChannel channel(e);
  const ReceiptPrinterStatus s = interpret_status(query_status_replies(channel, std::chrono::milliseconds(100)));
  EXPECT_EQ(s.device.device_class, DeviceClass::receipt_printer);
  EXPECT_EQ(s.device.state, x.state) << to_string(s.device.state);
  EXPECT_EQ(s.device.severity, x.severity) << to_string(s.device.severity);
  EXPECT_EQ(s.device.hint, x.hint) << to_string(s.device.hint);
  EXPECT_EQ(s.paper, x.paper) << to_string(s.paper);
  EXPECT_EQ(s.cover, x.cover) << to_string(s.cover);
  EXPECT_EQ(s.device.code, x.code);
  EXPECT_EQ(s.device.usable(), x.severity != Severity::error);
}

INSTANTIATE_TEST_SUITE_P(
    Conditions, ReceiptPrinterStatusMapping,
    ::testing::Values(Expected{PrinterCondition::ok, DeviceState::online, Severity::ok, ActionHint::none,
                               PaperState::full, CoverState::closed, ""},
                      Expected{PrinterCondition::paper_low, DeviceState::online, Severity::warning,
                               ActionHint::staff_can_clear, PaperState::low, CoverState::closed, "printer.paper_low"},
                      Expected{PrinterCondition::paper_out, DeviceState::user_error, Severity::error,
                               ActionHint::staff_can_clear, PaperState::out, CoverState::closed, "printer.paper_out"},
                      Expected{PrinterCondition::cover_open, DeviceState::user_error, Severity::error,
                               ActionHint::staff_can_clear, PaperState::full, CoverState::open, "printer.cover_open"},
                      Expected{PrinterCondition::jammed, DeviceState::hardware_error, Severity::error,
                               ActionHint::technician, PaperState::jammed, CoverState::closed,
                               "printer.cutter_jammed"}),
    [](const auto& info) { return std::string(to_string(info.param.condition)); });

TEST(ReceiptPrinterStatus, SilentPrinterIsAnHonestUnknown) {
  EscPosEmulator e = make_emulator(PaperWidth::mm80);
  e.set_answers_status(false);
  EmulatorChannel channel(e);
  const ReceiptPrinterStatus s = interpret_status(query_status_replies(channel, std::chrono::milliseconds(100)));
  EXPECT_EQ(s.device.state, DeviceState::unknown);
  EXPECT_EQ(s.device.severity, Severity::warning);
  EXPECT_EQ(s.device.hint, ActionHint::none);
  EXPECT_EQ(s.paper, PaperState::unknown);
  EXPECT_EQ(s.cover, CoverState::unknown);
  EXPECT_EQ(s.device.code, "printer.no_status_reply");
  EXPECT_TRUE(s.device.usable());
}

TEST(ReceiptPrinterStatus, NoPaperReplyMeansPaperUnknownNotFull) {
  StatusReplies r;
  r.printer = 0x12;
  r.offline_cause = 0x12;
  r.error_cause = 0x12;
  const ReceiptPrinterStatus s = interpret_status(r);
  EXPECT_EQ(s.device.state, DeviceState::online);
  EXPECT_EQ(s.paper, PaperState::unknown);
  EXPECT_EQ(s.device.severity, Severity::ok);
}

TEST(ReceiptPrinterStatus, RepliesWithoutTheFixedBitsAreGarbled) {
  for (uint8_t bad : {uint8_t(0x00), uint8_t(0xFF), uint8_t(0x13), uint8_t(0x92)}) {
    StatusReplies r;
    r.printer = bad;
    const ReceiptPrinterStatus s = interpret_status(r);
    EXPECT_EQ(s.device.state, DeviceState::hardware_error) << int(bad);
    EXPECT_EQ(s.device.code, "printer.status_garbled");
    EXPECT_EQ(s.paper, PaperState::unknown);
  }
}

TEST(ReceiptPrinterStatus, ErrorCauses) {
  auto with_error_cause = [](uint8_t n3) {
    StatusReplies r;
    r.printer = 0x1A;
    r.offline_cause = 0x52;
    r.error_cause = n3;
    r.roll_paper = 0x12;
    return interpret_status(r);
  };
  EXPECT_EQ(with_error_cause(0x32).device.code, "printer.unrecoverable_error");
  EXPECT_EQ(with_error_cause(0x32).device.hint, ActionHint::technician);
  EXPECT_EQ(with_error_cause(0x16).device.code, "printer.mechanical_error");
  const ReceiptPrinterStatus hot = with_error_cause(0x52);
  EXPECT_EQ(hot.device.state, DeviceState::busy);
  EXPECT_EQ(hot.device.hint, ActionHint::automatic_retry);
  EXPECT_EQ(with_error_cause(0x12).device.code, "printer.error");  // error flagged, cause not given
}

TEST(ReceiptPrinterStatus, PaperEndFromEitherBitPattern) {
  for (uint8_t n4 : {uint8_t(0x72), uint8_t(0x7E), uint8_t(0x32)}) {  // some clones set only one bit
    StatusReplies r;
    r.printer = 0x12;
    r.roll_paper = n4;
    EXPECT_EQ(interpret_status(r).paper, PaperState::out) << int(n4);
    EXPECT_EQ(interpret_status(r).device.code, "printer.paper_out");
  }
  StatusReplies offline_unknown_cause;
  offline_unknown_cause.printer = 0x1A;
  EXPECT_EQ(interpret_status(offline_unknown_cause).device.code, "printer.offline");
}

class MockChannel : public StatusChannel {
 public:
  MOCK_METHOD(Status, send, (std::span<const uint8_t> bytes), (override));
  MOCK_METHOD(void, drain, (), (override));
  MOCK_METHOD(std::optional<uint8_t>, read_byte, (std::chrono::milliseconds timeout), (override));
};

MATCHER_P(BytesAre, expected, "") { return Bytes(arg.begin(), arg.end()) == expected; }

TEST(ReceiptPrinterStatus, QueryDrainsThenAsksEachStatusInTurn) {
  MockChannel channel;
  {
    InSequence order;
    for (uint8_t n = 1; n <= 4; ++n) {
      EXPECT_CALL(channel, drain());
      EXPECT_CALL(channel, send(BytesAre(Bytes{0x10, 0x04, n}))).WillOnce(Return(Status(Ok{})));
      EXPECT_CALL(channel, read_byte(std::chrono::milliseconds(250))).WillOnce(Return(uint8_t(0x12)));
    }
  }
  const StatusReplies r = query_status_replies(channel, std::chrono::milliseconds(250));
  EXPECT_EQ(r.printer, 0x12);
  EXPECT_EQ(r.roll_paper, 0x12);
}

TEST(ReceiptPrinterStatus, QueryStopsAfterTheFirstSilence) {
  MockChannel channel;
  EXPECT_CALL(channel, drain()).Times(1);
  EXPECT_CALL(channel, send(_)).Times(1).WillOnce(Return(Status(Ok{})));
  EXPECT_CALL(channel, read_byte(_)).Times(1).WillOnce(Return(std::nullopt));
  const StatusReplies r = query_status_replies(channel, std::chrono::milliseconds(10));
  EXPECT_FALSE(r.printer);
  EXPECT_EQ(interpret_status(r).device.state, DeviceState::unknown);
}

TEST(ReceiptPrinterStatus, QueryStopsWhenSendingFails) {
  MockChannel channel;
  EXPECT_CALL(channel, drain()).Times(1);
  EXPECT_CALL(channel, send(_)).WillOnce(Return(Status(make_error("io", "broken pipe"))));
  EXPECT_CALL(channel, read_byte(_)).Times(0);
  EXPECT_EQ(interpret_status(query_status_replies(channel, std::chrono::milliseconds(10))).device.state,
            DeviceState::unknown);
}

TEST(ReceiptPrinterStatus, StaleReplyIsDrainedNotMistakenForTheAnswer) {
  EscPosEmulator e = make_emulator(PaperWidth::mm80);
  e.set_condition(PrinterCondition::paper_out);
  e.feed(cmd::status_request(StatusRequest::printer));  // a reply nobody read: 0x1A
  e.set_condition(PrinterCondition::ok);
  EmulatorChannel channel(e);
  EXPECT_EQ(interpret_status(query_status_replies(channel, std::chrono::milliseconds(10))).device.state,
            DeviceState::online);
}

}  // namespace
}  // namespace zhidui::drivers::receipt_printer
