// serial_port_test.cpp — the serial port as the kiosk opens it: exclusively (TIOCEXCL), so a second
// program (another kiosk instance, ModemManager's probe, a curious technician's terminal) cannot
// interleave with a device's protocol, and released again when the port closes. Over a real pty.
#include "drivers/serial_port.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "drivers/fake_cable.h"
#include "no_admin.h"

namespace zhidui::drivers {
namespace {

using test_support::run_without_sys_admin;

class SerialPortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto installed = cable.install("", "ttyEXCL", "zhidui-serial-test");
    ASSERT_TRUE(installed.ok()) << installed.error().message;
    link = *installed;
  }
  // Opens the link as the kiosk's service user would (no CAP_SYS_ADMIN, which overrides TIOCEXCL).
  Result<SerialPort> open_as_service_user() {
    Result<SerialPort> opened = make_error("test.not_run", "");
    EXPECT_TRUE(run_without_sys_admin([&] { opened = SerialPort::open(link, 115200); }))
        << "cannot drop CAP_SYS_ADMIN for the test";
    return opened;
  }

  FakeCable cable;
  std::string link;
};

TEST_F(SerialPortTest, ASecondOpenerIsRefusedWithAClearError) {
  auto first = SerialPort::open(link, 115200);
  ASSERT_TRUE(first.ok()) << first.error().message;

  auto second = open_as_service_user();
  ASSERT_FALSE(second.ok()) << "two programs on one serial line interleave their bytes";
  EXPECT_TRUE(second.error().is(errc::kSerialBusy)) << second.error().code;
  EXPECT_NE(second.error().message.find(link), std::string::npos) << second.error().message;
  EXPECT_NE(second.error().message.find("another program"), std::string::npos) << second.error().message;

  // Nor does a plain open(2) get in, whatever the program.
  int plain = -1;
  run_without_sys_admin([&] { plain = ::open(link.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK); });
  EXPECT_LT(plain, 0);
  if (plain >= 0) ::close(plain);
}

TEST_F(SerialPortTest, TheClaimEndsWithThePort) {
  // The fake keeps the pty's slave open (as a device that stays plugged in): closing the port must lift
  // the claim itself, or the kiosk could not reopen its own device after a reconnect.
  auto first = SerialPort::open(link, 115200);
  ASSERT_TRUE(first.ok());
  first->close();
  auto again = open_as_service_user();
  ASSERT_TRUE(again.ok()) << again.error().code << ": " << again.error().message;

  SerialPort moved = std::move(again).value();  // the claim travels with the descriptor
  auto third = open_as_service_user();
  EXPECT_FALSE(third.ok());
  moved = SerialPort();  // destroyed: released
  auto fourth = open_as_service_user();
  EXPECT_TRUE(fourth.ok()) << fourth.error().message;
}

TEST_F(SerialPortTest, AVanishedDeviceIsNotReportedAsBusy) {
  cable.unplug();
  auto opened = SerialPort::open(link, 115200);
  ASSERT_FALSE(opened.ok());
  EXPECT_TRUE(opened.error().is(errc::kSerialAbsent)) << opened.error().code;
}

}  // namespace
}  // namespace zhidui::drivers
