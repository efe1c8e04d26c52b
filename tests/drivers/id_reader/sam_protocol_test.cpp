// sam_protocol_test.cpp — frame encoding against the verified frames of hardware-facts.md §1.4/§1.6,
// the streaming decoder under every way a serial line can deliver bytes, and the SW3 table.
#include "drivers/id_reader/sam_protocol.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <map>

#include "drivers/id_reader/card_read.h"

namespace zhidui::drivers::id_reader {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes with_preamble(std::initializer_list<uint8_t> rest) {
  Bytes b{0xAA, 0xAA, 0xAA, 0x96, 0x69};
  for (uint8_t x : rest) b.push_back(x);  // (insert() trips a GCC 12 -Warray-bounds false positive)
  return b;
}

// A frame body long enough to matter: the read response of §1.6 with a 256 + 1024 byte payload.
Bytes long_response() {
  Bytes data{0x01, 0x00, 0x04, 0x00};
  for (int i = 0; i < 256 + 1024; ++i) data.push_back(uint8_t(i * 7));
  return encode_response(sw3::ok, data);
}

std::vector<Result<Frame>> drain(FrameDecoder& d) {
  std::vector<Result<Frame>> out;
  while (auto r = d.next()) out.push_back(std::move(*r));
  return out;
}

// --- encoding ------------------------------------------------------------------------------------------

TEST(SamProtocol, EncodesTheVerifiedCommandFrames) {
  EXPECT_EQ(encode_command(commands::reset), with_preamble({0x00, 0x03, 0x10, 0xFF, 0xEC}));
  EXPECT_EQ(encode_command(commands::sam_status), with_preamble({0x00, 0x03, 0x11, 0xFF, 0xED}));
  EXPECT_EQ(encode_command(commands::sam_id), with_preamble({0x00, 0x03, 0x12, 0xFF, 0xEE}));
  EXPECT_EQ(encode_command(commands::find_card), with_preamble({0x00, 0x03, 0x20, 0x01, 0x22}));
  EXPECT_EQ(encode_command(commands::select_card), with_preamble({0x00, 0x03, 0x20, 0x02, 0x21}));
  EXPECT_EQ(encode_command(commands::read_text_photo), with_preamble({0x00, 0x03, 0x30, 0x01, 0x32}));
  EXPECT_EQ(encode_command(commands::read_appended_address), with_preamble({0x00, 0x03, 0x30, 0x03, 0x30}));
  EXPECT_EQ(encode_command(commands::read_text_photo_fingerprint), with_preamble({0x00, 0x03, 0x30, 0x10, 0x23}));
  EXPECT_EQ(encode_command(Command{0x60, 0x00}), with_preamble({0x00, 0x03, 0x60, 0x00, 0x63}));
  const Bytes rf_size{0x50};
  EXPECT_EQ(encode_command(Command{0x61, 0xFF}, rf_size), with_preamble({0x00, 0x04, 0x61, 0xFF, 0x50, 0xCA}));
}

TEST(SamProtocol, EncodesTheVerifiedResponseFrames) {
  EXPECT_EQ(encode_response(sw3::ok), with_preamble({0x00, 0x04, 0x00, 0x00, 0x90, 0x94}));
  EXPECT_EQ(encode_response(sw3::sam_self_test_failed), with_preamble({0x00, 0x04, 0x00, 0x00, 0x60, 0x64}));
  EXPECT_EQ(encode_response(sw3::find_ok, Bytes(4, 0)),
            with_preamble({0x00, 0x08, 0x00, 0x00, 0x9F, 0x00, 0x00, 0x00, 0x00, 0x97}));
  EXPECT_EQ(encode_response(sw3::find_failed), with_preamble({0x00, 0x04, 0x00, 0x00, 0x80, 0x84}));
  EXPECT_EQ(encode_response(sw3::ok, Bytes(8, 0)),
            with_preamble({0x00, 0x0C, 0x00, 0x00, 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0x9C}));
  EXPECT_EQ(encode_response(sw3::select_failed), with_preamble({0x00, 0x04, 0x00, 0x00, 0x81, 0x85}));
  EXPECT_EQ(encode_response(sw3::read_failed), with_preamble({0x00, 0x04, 0x00, 0x00, 0x41, 0x45}));
}

TEST(SamProtocol, ReadResponseHasTheDocumentedHeaderAndSize) {
  const Bytes frame = long_response();
  ASSERT_EQ(frame.size(), 1295u);
  const Bytes header(frame.begin(), frame.begin() + 14);
  EXPECT_EQ(header, with_preamble({0x05, 0x08, 0x00, 0x00, 0x90, 0x01, 0x00, 0x04, 0x00}));
  EXPECT_EQ(frame[14], uint8_t(0));      // text starts at 14
  EXPECT_EQ(frame[270], uint8_t(256 * 7 & 0xFF));  // photo at 270
}

TEST(SamProtocol, ChecksumIsXorOfLengthAndBody) {
  const Bytes len_and_body{0x00, 0x03, 0x20, 0x01};
  EXPECT_EQ(xor_checksum(len_and_body), 0x22);
  EXPECT_EQ(xor_checksum({}), 0x00);
}

// --- views ----------------------------------------------------------------------------------------------

TEST(SamProtocol, ViewsSplitCommandsAndResponses) {
  const Frame command_frame{{0x61, 0xFF, 0x50}};
  auto cmd = as_command(command_frame);
  ASSERT_TRUE(cmd.ok());
  EXPECT_EQ(cmd->command, (Command{0x61, 0xFF}));
  ASSERT_EQ(cmd->data.size(), 1u);
  EXPECT_EQ(cmd->data[0], 0x50);

  const Frame response_frame{{0x12, 0x34, 0x9F, 1, 2, 3, 4}};
  auto resp = as_response(response_frame);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(resp->sw1, 0x12);
  EXPECT_EQ(resp->sw2, 0x34);
  EXPECT_EQ(resp->sw3, 0x9F);
  EXPECT_EQ(resp->data.size(), 4u);

  const Frame short_frame{{0x00, 0x90}};
  auto short_response = as_response(short_frame);
  ASSERT_FALSE(short_response.ok());
  EXPECT_EQ(short_response.error().code, "sam.malformed");
}

// --- decoder --------------------------------------------------------------------------------------------

TEST(FrameDecoder, DecodesAFrameSplitAtEveryByteBoundary) {
  for (const Bytes& frame : {encode_response(sw3::ok, Bytes(8, 0)), long_response()}) {
    const Bytes body(frame.begin() + 7, frame.end() - 1);
    for (size_t split = 0; split <= frame.size(); ++split) {
      FrameDecoder d;
      d.feed(std::span(frame).first(split));
      if (split < frame.size()) {
        ASSERT_FALSE(d.next().has_value()) << "frame announced before complete, split " << split;
      }
      d.feed(std::span(frame).subspan(split));
      auto r = d.next();
      ASSERT_TRUE(r.has_value()) << "split " << split;
      ASSERT_TRUE(r->ok()) << r->error().message;
      EXPECT_EQ((*r)->body, body);
      EXPECT_FALSE(d.next().has_value());
      EXPECT_EQ(d.pending_bytes(), 0u);
    }
  }
}

TEST(FrameDecoder, DecodesByteByByte) {
  const Bytes frame = long_response();
  FrameDecoder d;
  int frames = 0;
  for (uint8_t b : frame) {
    d.feed(std::span(&b, 1));
    for (auto& r : drain(d)) {
      ASSERT_TRUE(r.ok());
      ++frames;
    }
  }
  EXPECT_EQ(frames, 1);
}

TEST(FrameDecoder, SkipsGarbageBeforeThePreamble) {
  // Includes a false start (AA AA 96) that must not be mistaken for a preamble.
  Bytes stream{0x00, 0x13, 0xAA, 0xAA, 0x96, 0xFF, 0xAA};
  const Bytes frame = encode_response(sw3::find_failed);
  stream.insert(stream.end(), frame.begin(), frame.end());
  FrameDecoder d;
  d.feed(stream);
  auto frames = drain(d);
  ASSERT_EQ(frames.size(), 1u);
  ASSERT_TRUE(frames[0].ok());
  EXPECT_EQ(frames[0]->body, (Bytes{0x00, 0x00, 0x80}));
  EXPECT_EQ(d.discarded_bytes(), 7u);
}

TEST(FrameDecoder, GarbageAloneDoesNotAccumulate) {
  FrameDecoder d;
  const Bytes noise(10000, 0x55);
  d.feed(noise);
  EXPECT_FALSE(d.next().has_value());
  EXPECT_EQ(d.pending_bytes(), 0u);
  // A preamble cut at the end of a chunk is kept until the next chunk completes it.
  const Bytes head{0x01, 0xAA, 0xAA, 0xAA};
  d.feed(head);
  EXPECT_FALSE(d.next().has_value());
  EXPECT_EQ(d.pending_bytes(), 3u);
  const Bytes frame = encode_response(sw3::ok);
  d.feed(std::span(frame).subspan(3));
  auto r = d.next();
  ASSERT_TRUE(r && r->ok());
  EXPECT_EQ((*r)->body, (Bytes{0x00, 0x00, 0x90}));
}

TEST(FrameDecoder, RejectsABadChecksumAndResyncsOnTheNextFrame) {
  Bytes bad = encode_response(sw3::ok, Bytes(8, 0));
  bad.back() ^= 0x01;
  const Bytes good = encode_response(sw3::find_failed);
  Bytes stream = bad;
  stream.insert(stream.end(), good.begin(), good.end());
  FrameDecoder d;
  d.feed(stream);
  auto results = drain(d);
  ASSERT_EQ(results.size(), 2u);
  ASSERT_FALSE(results[0].ok());
  EXPECT_EQ(results[0].error().code, "sam.checksum");
  ASSERT_TRUE(results[1].ok());
  EXPECT_EQ(results[1]->body, (Bytes{0x00, 0x00, 0x80}));
}

TEST(FrameDecoder, CorruptedBodyByteFailsTheChecksum) {
  Bytes frame = long_response();
  frame[600] ^= 0x40;
  FrameDecoder d;
  d.feed(frame);
  auto r = d.next();
  ASSERT_TRUE(r.has_value());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->error().code, "sam.checksum");
}

TEST(FrameDecoder, KeepsATruncatedFrameWaiting) {
  const Bytes frame = long_response();
  FrameDecoder d;
  d.feed(std::span(frame).first(700));
  EXPECT_FALSE(d.next().has_value());
  EXPECT_EQ(d.pending_bytes(), 700u);
  d.reset();  // what the caller does when its timeout expires
  EXPECT_EQ(d.pending_bytes(), 0u);
  d.feed(encode_response(sw3::ok));
  auto r = d.next();
  ASSERT_TRUE(r && r->ok());
}

TEST(FrameDecoder, RejectsAnOversizeOrTooShortLengthAndResyncs) {
  for (uint16_t announced : {uint16_t(0x1001), uint16_t(0xFFFF), uint16_t(0x0002), uint16_t(0x0000)}) {
    Bytes stream = with_preamble({uint8_t(announced >> 8), uint8_t(announced & 0xFF), 0x00, 0x00, 0x90});
    const Bytes good = encode_response(sw3::ok);
    stream.insert(stream.end(), good.begin(), good.end());
    FrameDecoder d;
    d.feed(stream);
    auto results = drain(d);
    ASSERT_GE(results.size(), 2u) << announced;
    ASSERT_FALSE(results[0].ok());
    EXPECT_EQ(results[0].error().code, "sam.length");
    ASSERT_TRUE(results.back().ok()) << announced;
    EXPECT_EQ(results.back()->body, (Bytes{0x00, 0x00, 0x90}));
  }
}

TEST(FrameDecoder, RespectsACustomMaximumLength) {
  FrameDecoder d(16);
  d.feed(encode_response(sw3::ok, Bytes(20, 0)));
  auto r = d.next();
  ASSERT_TRUE(r.has_value());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->error().code, "sam.length");
}

TEST(FrameDecoder, SplitsTwoFramesDeliveredInOneChunk) {
  Bytes stream = encode_response(sw3::find_ok, Bytes(4, 0));
  const Bytes second = encode_response(sw3::ok, Bytes(8, 0));
  stream.insert(stream.end(), second.begin(), second.end());
  FrameDecoder d;
  d.feed(stream);
  auto results = drain(d);
  ASSERT_EQ(results.size(), 2u);
  ASSERT_TRUE(results[0].ok() && results[1].ok());
  EXPECT_EQ(results[0]->body[2], sw3::find_ok);
  EXPECT_EQ(results[1]->body[2], sw3::ok);
  EXPECT_EQ(results[1]->body.size(), 11u);
}

TEST(FrameDecoder, DecodesCommandsForTheFake) {
  FrameDecoder d;
  d.feed(encode_command(commands::select_card));
  auto r = d.next();
  ASSERT_TRUE(r && r->ok());
  auto cmd = as_command(**r);
  ASSERT_TRUE(cmd.ok());
  EXPECT_EQ(cmd->command, commands::select_card);
  EXPECT_TRUE(cmd->data.empty());
}

// --- SW3 --------------------------------------------------------------------------------------------------

TEST(Sw3, SuccessCodesMeanTheModuleWorks) {
  for (uint8_t v : {sw3::ok, sw3::find_ok, sw3::find_failed, sw3::no_content}) {
    Sw3Meaning m = describe_sw3(v);
    EXPECT_EQ(m.state, DeviceState::online) << int(v);
    EXPECT_EQ(m.severity, Severity::ok) << int(v);
  }
  EXPECT_EQ(describe_sw3(sw3::find_ok).code, "sam.sw3.9f");
}

TEST(Sw3, CardProblemsAreUserErrorsStaffCanClear) {
  for (uint8_t v : {0x31, 0x32, 0x33, 0x37, 0x3F, 0x40, 0x41, 0x47, 0x81}) {
    Sw3Meaning m = describe_sw3(v);
    EXPECT_EQ(m.state, DeviceState::user_error) << int(v);
    EXPECT_EQ(m.severity, Severity::warning) << int(v);
    EXPECT_EQ(m.hint, ActionHint::staff_can_clear) << int(v);
  }
  Sw3Meaning read_failed = describe_sw3(0x41);
  EXPECT_EQ(read_failed.code, "sam.sw3.41");
  EXPECT_FALSE(read_failed.detail.empty());
}

TEST(Sw3, SamFailuresNeedATechnicianOrConfiguration) {
  Sw3Meaning self_test = describe_sw3(0x60);
  EXPECT_EQ(self_test.state, DeviceState::hardware_error);
  EXPECT_EQ(self_test.severity, Severity::error);
  EXPECT_EQ(self_test.hint, ActionHint::technician);
  EXPECT_EQ(self_test.code, "sam.sw3.60");
  Sw3Meaning unauthorised = describe_sw3(0x66);
  EXPECT_EQ(unauthorised.state, DeviceState::hardware_error);
  EXPECT_EQ(unauthorised.hint, ActionHint::configuration);
}

TEST(Sw3, LineNoiseIsRetriedAndUnknownCodesAreErrors) {
  for (uint8_t v : {0x10, 0x11, 0x24}) {
    Sw3Meaning m = describe_sw3(v);
    EXPECT_EQ(m.severity, Severity::warning) << int(v);
    EXPECT_EQ(m.hint, ActionHint::automatic_retry) << int(v);
  }
  Sw3Meaning unknown = describe_sw3(0xEE);
  EXPECT_EQ(unknown.state, DeviceState::hardware_error);
  EXPECT_EQ(unknown.severity, Severity::error);
  EXPECT_EQ(unknown.code, "sam.sw3.ee");
}

TEST(Sw3, ReadErrorsAreClassifiedForThePerson) {
  auto classify = [](const char* code) { return classify_read_error(make_error(code, "x")).code; };
  EXPECT_EQ(classify("sam.sw3.41"), "card.misplaced");
  EXPECT_EQ(classify("sam.sw3.81"), "card.misplaced");
  EXPECT_EQ(classify("sam.checksum"), "card.misplaced");
  EXPECT_EQ(classify("sam.truncated"), "card.misplaced");
  EXPECT_EQ(classify("sam.sw3.40"), "card.unrecognised");
  EXPECT_EQ(classify("sam.sw3.31"), "card.unrecognised");
  EXPECT_EQ(classify("sam.sw3.32"), "card.unrecognised");
  EXPECT_EQ(classify("sam.sw3.33"), "card.unrecognised");
  EXPECT_EQ(classify("card.text_type"), "card.unrecognised");
  EXPECT_EQ(classify("sam.sw3.60"), "reader.unavailable");
  EXPECT_EQ(classify("sam.sw3.66"), "reader.unavailable");
  EXPECT_EQ(classify("sam.timeout"), "reader.unavailable");
  EXPECT_EQ(classify("serial.gone"), "reader.unavailable");
  Error explained = classify_read_error(make_error("sam.sw3.41", "read card: reading the card failed"));
  EXPECT_NE(explained.message.find("sam.sw3.41"), std::string::npos) << "the technician needs the cause";
  EXPECT_EQ(sw3_of(make_error("sam.sw3.9f", "")), std::optional<uint8_t>(0x9F));
  EXPECT_EQ(sw3_of(make_error("sam.checksum", "")), std::nullopt);
}

// The whole byte, against hardware-facts.md §1.5: every value has someone to act on it, a value no table
// knows goes to the technician, and only the card's own problems ask the person to do something.
TEST(Sw3, EveryOneOfThe256ValuesIsClassifiedByWhoMustAct) {
  const std::map<uint8_t, Sw3Actor> table = {
      {0x90, Sw3Actor::nobody},     {0x91, Sw3Actor::nobody},     {0x9F, Sw3Actor::nobody},
      {0x80, Sw3Actor::nobody},     {0x10, Sw3Actor::retry},      {0x11, Sw3Actor::retry},
      {0x24, Sw3Actor::retry},      {0x31, Sw3Actor::citizen},    {0x32, Sw3Actor::citizen},
      {0x33, Sw3Actor::citizen},    {0x37, Sw3Actor::citizen},    {0x3F, Sw3Actor::citizen},
      {0x40, Sw3Actor::citizen},    {0x41, Sw3Actor::citizen},    {0x47, Sw3Actor::citizen},
      {0x81, Sw3Actor::citizen},    {0x21, Sw3Actor::technician}, {0x23, Sw3Actor::technician},
      {0x60, Sw3Actor::technician}, {0x66, Sw3Actor::technician},
  };
  for (int v = 0; v < 256; ++v) {
    const uint8_t value = uint8_t(v);
    const Sw3Meaning m = describe_sw3(value);
    const auto known = table.find(value);
    const Sw3Actor expected = known == table.end() ? Sw3Actor::technician : known->second;
    SCOPED_TRACE(m.code + " " + m.detail);
    EXPECT_EQ(m.actor, expected) << to_string(m.actor);
    EXPECT_EQ(m.code, sw3_code(value));
    EXPECT_FALSE(m.detail.empty());
    switch (expected) {
      case Sw3Actor::nobody: EXPECT_EQ(m.severity, Severity::ok); break;
      case Sw3Actor::retry: EXPECT_EQ(m.hint, ActionHint::automatic_retry); break;
      case Sw3Actor::citizen:
        EXPECT_EQ(m.state, DeviceState::user_error);
        EXPECT_EQ(m.hint, ActionHint::staff_can_clear);
        break;
      case Sw3Actor::technician:
        EXPECT_EQ(m.state, DeviceState::hardware_error);
        EXPECT_EQ(m.severity, Severity::error);
        EXPECT_TRUE(m.hint == ActionHint::technician || m.hint == ActionHint::configuration);
        break;
    }
    // Ending a read (select or read answered with it): only a card problem is the person's to fix.
    const std::string told = classify_read_error(make_error(sw3_code(value), "read card: refused")).code;
    if (expected == Sw3Actor::citizen)
      EXPECT_TRUE(told == "card.misplaced" || told == "card.unrecognised") << told;
    else
      EXPECT_EQ(told, "reader.unavailable");
    EXPECT_EQ(is_refusal(make_error(sw3_code(value), "")),
              expected != Sw3Actor::citizen && value != sw3::sam_self_test_failed && value != sw3::sam_not_authorized);
  }
}

}  // namespace
}  // namespace zhidui::drivers::id_reader
