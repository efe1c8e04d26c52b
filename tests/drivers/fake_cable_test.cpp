// fake_cable_test.cpp — the fakes' cable behaves as a USB serial cable does to an adapter: a stable name,
// a hangup when pulled, the same name on a new device when plugged back.
#include "drivers/fake_cable.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <filesystem>

namespace zhidui::drivers {
namespace {

namespace fs = std::filesystem;

TEST(FakeCable, TheLinkFollowsThePtyThroughUnplugAndReplug) {
  FakeCable cable;
  auto link = cable.install("", "ttyTEST", "zhidui-cable-test");
  ASSERT_TRUE(link.ok()) << link.error().message;
  const fs::path dir = fs::path(*link).parent_path();
  ASSERT_TRUE(cable.plugged());
  EXPECT_EQ(fs::read_symlink(*link).string(), cable.pty_name());

  const int adapter = ::open(link->c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  ASSERT_GE(adapter, 0);
  ASSERT_EQ(::write(cable.master(), "x", 1), 1);
  char byte = 0;
  pollfd readable{adapter, POLLIN, 0};
  ASSERT_EQ(::poll(&readable, 1, 1000), 1);
  EXPECT_EQ(::read(adapter, &byte, 1), 1);
  EXPECT_EQ(byte, 'x');

  const std::string first = cable.pty_name();
  cable.unplug();
  EXPECT_FALSE(cable.plugged());
  EXPECT_FALSE(fs::exists(fs::symlink_status(*link))) << "the link goes with the device, as udev's does";
  pollfd hangup{adapter, POLLIN, 0};
  ASSERT_EQ(::poll(&hangup, 1, 1000), 1);
  EXPECT_NE(hangup.revents & (POLLHUP | POLLERR), 0) << "the adapter's descriptor hangs up";
  ::close(adapter);

  ASSERT_TRUE(cable.plug().ok());
  EXPECT_TRUE(cable.plug().ok()) << "plugging a plugged cable changes nothing";
  EXPECT_EQ(fs::read_symlink(*link).string(), cable.pty_name());
  const int again = ::open(link->c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  EXPECT_GE(again, 0) << "the same name opens the new device (" << first << " -> " << cable.pty_name() << ")";
  if (again >= 0) ::close(again);

  cable.remove();
  EXPECT_FALSE(fs::exists(dir)) << "the folder install() made is removed";
}

TEST(FakeCable, AGivenFolderIsKept) {
  char tmpl[] = "/tmp/zhidui-cable-dir-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  {
    FakeCable cable;
    auto link = cable.install(tmpl, "ttyKEPT", "unused");
    ASSERT_TRUE(link.ok());
    EXPECT_EQ(*link, std::string(tmpl) + "/ttyKEPT");
  }
  EXPECT_TRUE(fs::exists(tmpl));
  EXPECT_TRUE(fs::is_empty(tmpl)) << "the link is gone with the cable";
  fs::remove(tmpl);
}

}  // namespace
}  // namespace zhidui::drivers
