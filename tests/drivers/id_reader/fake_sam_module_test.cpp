// fake_sam_module_test.cpp — the fake answers through a real pty with the exact frames of
// hardware-facts.md §1.6, and its cable (symlink, unplug, replug) behaves like a USB device.
#include "drivers/id_reader/fake_sam_module.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "drivers/id_reader/personas.h"
#include "drivers/serial_port.h"
#include "../thread_wakeups.h"

namespace zhidui::drivers::id_reader {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes with_preamble(std::initializer_list<uint8_t> rest) {
  Bytes b{0xAA, 0xAA, 0xAA, 0x96, 0x69};
  for (uint8_t x : rest) b.push_back(x);  // (insert() trips a GCC 12 -Warray-bounds false positive)
  return b;
}

class FakeModuleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto path = fake.start();
    ASSERT_TRUE(path.ok()) << path.error().message;
    link = *path;
    auto opened = SerialPort::open(link, 115200);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    port = std::move(opened).value();
  }

  // Sends raw bytes and collects the answer until `expected` bytes arrived or 1 s passed.
  Bytes exchange(const Bytes& request, size_t expected) {
    EXPECT_TRUE(port.write_all(request, 500).ok());
    Bytes got;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    uint8_t buf[2048];
    while (got.size() < expected && std::chrono::steady_clock::now() < deadline) {
      auto n = port.read_some(buf, 50);
      if (!n.ok()) break;
      got.insert(got.end(), buf, buf + *n);
    }
    return got;
  }

  // Nothing arrives within a short window.
  bool silent_for(int ms) {
    uint8_t buf[64];
    auto n = port.read_some(buf, ms);
    return n.ok() && *n == 0;
  }

  FakeSamModule fake;
  std::string link;
  SerialPort port;
};

// Issue 20: the fake module sleeps until the reader writes; no timer wakes it in between.
TEST_F(FakeModuleTest, SleepsUntilTheReaderWrites) {
  const auto idle = test_support::wakeups_during("fake-sam", std::chrono::milliseconds(500));
  ASSERT_TRUE(idle.has_value()) << "the fake's thread is named";
  EXPECT_LE(*idle, 1u) << "the thread woke with no command to answer";
  EXPECT_EQ(exchange(encode_command(commands::sam_status), 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x90, 0x94}))
      << "a command wakes it";
}

TEST_F(FakeModuleTest, AnswersWithTheVerifiedFrames) {
  EXPECT_EQ(exchange(encode_command(commands::sam_status), 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x90, 0x94}));
  EXPECT_EQ(exchange(encode_command(commands::find_card), 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x80, 0x84}));
  EXPECT_EQ(exchange(encode_command(commands::select_card), 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x81, 0x85}));

  fake.present(find_persona("resident_changsha")->card);
  EXPECT_EQ(exchange(encode_command(commands::find_card), 15),
            with_preamble({0x00, 0x08, 0x00, 0x00, 0x9F, 0x00, 0x00, 0x00, 0x00, 0x97}));
  EXPECT_EQ(exchange(encode_command(commands::select_card), 19),
            with_preamble({0x00, 0x0C, 0x00, 0x00, 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0x9C}));
  const Bytes read = exchange(encode_command(commands::read_text_photo), 1295);
  ASSERT_EQ(read.size(), 1295u);
  EXPECT_EQ(Bytes(read.begin(), read.begin() + 14), with_preamble({0x05, 0x08, 0x00, 0x00, 0x90, 0x01, 0x00, 0x04, 0x00}));
  EXPECT_EQ(read[14], 0x20);  // 张 = U+5F20, the text block starts at 14
  EXPECT_EQ(read[15], 0x5F);
  EXPECT_EQ(fake.commands_received(commands::read_text_photo), 1u);
}

TEST_F(FakeModuleTest, ReadsOnlyASelectedCard) {
  fake.present(find_persona("resident_changsha")->card);
  EXPECT_EQ(exchange(encode_command(commands::read_text_photo), 11),
            with_preamble({0x00, 0x04, 0x00, 0x00, 0x41, 0x45}));
}

TEST_F(FakeModuleTest, ReadWithFingerprintCarriesThreeLengths) {
  fake.present(find_persona("resident_changsha")->card);
  exchange(encode_command(commands::select_card), 19);
  const Bytes read = exchange(encode_command(commands::read_text_photo_fingerprint), 1297);
  ASSERT_EQ(read.size(), 1297u);
  EXPECT_EQ(Bytes(read.begin() + 10, read.begin() + 16), (Bytes{0x01, 0x00, 0x04, 0x00, 0x00, 0x00}));
}

TEST_F(FakeModuleTest, AnswersDamagedAndUnknownCommandsLikeAModule) {
  Bytes corrupted = encode_command(commands::find_card);
  corrupted.back() ^= 0xFF;
  EXPECT_EQ(exchange(corrupted, 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x10, 0x14}));
  EXPECT_EQ(exchange(encode_command(Command{0x7E, 0x7E}), 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x21, 0x25}));
}

TEST_F(FakeModuleTest, SamErrorAndSilenceFaults) {
  fake.set_fault(Fault::sam_error);
  EXPECT_EQ(exchange(encode_command(commands::sam_status), 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x60, 0x64}));
  fake.set_fault(Fault::silence);
  ASSERT_TRUE(port.write_all(encode_command(commands::sam_status), 500).ok());
  EXPECT_TRUE(silent_for(150));
  EXPECT_EQ(fake.commands_received(commands::sam_status), 2u) << "silent, but still listening";
  EXPECT_EQ(fake.commands_unanswered(), 1u);
}

TEST_F(FakeModuleTest, CardConditionAndReadFaults) {
  auto read_sw3 = [&]() -> uint8_t {
    exchange(encode_command(commands::find_card), 15);
    exchange(encode_command(commands::select_card), 19);
    Bytes r = exchange(encode_command(commands::read_text_photo), 11);
    if (r.size() < 10) return 0;
    if (r[9] == sw3::ok && r.size() < 1295) exchange({}, 1295 - r.size());  // drain the rest of a success
    return r[9];
  };
  fake.present(find_persona("damaged_card")->card, CardCondition::unrecognised);
  EXPECT_EQ(read_sw3(), sw3::unrecognized_card);
  fake.remove_card();
  fake.present(find_persona("resident_changsha")->card);
  EXPECT_EQ(read_sw3(), sw3::ok);
  fake.set_fault(Fault::read_failed);
  EXPECT_EQ(read_sw3(), sw3::read_failed);
  fake.set_fault(Fault::unrecognised_card);
  EXPECT_EQ(read_sw3(), sw3::unrecognized_card);
}

TEST_F(FakeModuleTest, PresentingOverACardIsASwapThroughAnEmptyField) {
  fake.present(find_persona("resident_changsha")->card);
  fake.present(find_persona("hk_permit")->card);
  EXPECT_EQ(exchange(encode_command(commands::find_card), 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x80, 0x84}));
  EXPECT_EQ(exchange(encode_command(commands::select_card), 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x81, 0x85}));
  EXPECT_EQ(exchange(encode_command(commands::find_card), 15).size(), 15u) << "the new card is in the field";
}

TEST_F(FakeModuleTest, BadChecksumCorruptsExactlyOneReadResponse) {
  fake.present(find_persona("resident_changsha")->card);
  fake.set_fault(Fault::bad_checksum);
  auto read_frame = [&] {
    exchange(encode_command(commands::select_card), 19);
    return exchange(encode_command(commands::read_text_photo), 1295);
  };
  FrameDecoder d;
  d.feed(read_frame());
  auto first = d.next();
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->ok());
  d.reset();
  d.feed(read_frame());
  auto second = d.next();
  ASSERT_TRUE(second.has_value());
  EXPECT_TRUE(second->ok());
  EXPECT_EQ(fake.faults_injected(), 1u);
  EXPECT_EQ(fake.fault(), Fault::none);
}

TEST_F(FakeModuleTest, SymlinkFollowsUnplugAndReplug) {
  namespace fs = std::filesystem;
  const std::string first_pty = fake.pty_path();
  ASSERT_TRUE(first_pty.starts_with("/dev/pts/")) << first_pty;
  EXPECT_EQ(fs::read_symlink(link).string(), first_pty);

  fake.unplug();
  EXPECT_FALSE(fake.plugged());
  EXPECT_FALSE(fs::exists(fs::symlink_status(link)));
  uint8_t buf[16];
  auto gone = port.read_some(buf, 200);
  ASSERT_FALSE(gone.ok()) << "the open port must see the device vanish";
  EXPECT_EQ(gone.error().code, "serial.gone");
  auto reopen = SerialPort::open(link, 115200);
  ASSERT_FALSE(reopen.ok());
  EXPECT_EQ(reopen.error().code, "serial.absent");

  // `port` still holds the old pty open, so the new one gets a different number, as after a real
  // replug: only the symlink leads to it.
  ASSERT_TRUE(fake.replug().ok());
  EXPECT_TRUE(fake.plugged());
  EXPECT_NE(fake.pty_path(), first_pty);
  EXPECT_EQ(fs::read_symlink(link).string(), fake.pty_path());
  auto opened = SerialPort::open(link, 115200);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  port = std::move(opened).value();
  EXPECT_EQ(exchange(encode_command(commands::sam_status), 11), with_preamble({0x00, 0x04, 0x00, 0x00, 0x90, 0x94}));
}

TEST(FakeModule, StopRemovesItsFiles) {
  namespace fs = std::filesystem;
  std::string link;
  {
    FakeSamModule fake;
    auto path = fake.start();
    ASSERT_TRUE(path.ok());
    link = *path;
    EXPECT_TRUE(fs::exists(fs::symlink_status(link)));
  }
  EXPECT_FALSE(fs::exists(fs::symlink_status(link)));
  EXPECT_FALSE(fs::exists(fs::path(link).parent_path()));
}

}  // namespace
}  // namespace zhidui::drivers::id_reader
