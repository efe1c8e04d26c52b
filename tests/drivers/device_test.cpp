// device_test.cpp — the device model's shared helpers: building a status, and reporting transitions only.
#include "drivers/device.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/log.h"

namespace zhidui::drivers {
namespace {

size_t log_lines_of(const std::string& component) {
  size_t n = 0;
  for (const auto& line : log::recent(1000))
    if (line.find(component + ":") != std::string::npos) ++n;
  return n;
}

TEST(DeviceStatus, MakeStatusFillsTheModelAndLeavesInfoToTheAdapter) {
  DeviceStatus s = make_status(DeviceClass::barcode_scanner, DeviceState::offline, Severity::error,
                               ActionHint::automatic_retry, "scanner.unavailable", "port gone");
  EXPECT_EQ(s.device_class, DeviceClass::barcode_scanner);
  EXPECT_EQ(s.state, DeviceState::offline);
  EXPECT_EQ(s.hint, ActionHint::automatic_retry);
  EXPECT_EQ(s.code, "scanner.unavailable");
  EXPECT_EQ(s.detail, "port gone");
  EXPECT_TRUE(s.info.model.empty());
  EXPECT_FALSE(s.usable());
}

TEST(StatusReporter, AnnouncesEachNewConditionOnceWithOneLogLine) {
  std::vector<DeviceStatus> announced;
  StatusReporter reporter("reporter-test",
                          make_status(DeviceClass::id_reader, DeviceState::unknown, Severity::error, ActionHint::none),
                          [&](const DeviceStatus& s) { announced.push_back(s); });
  const size_t lines_before = log_lines_of("reporter-test");
  auto offline = [](std::string detail) {
    return make_status(DeviceClass::id_reader, DeviceState::offline, Severity::error, ActionHint::automatic_retry,
                       "reader.unavailable", std::move(detail));
  };

  EXPECT_TRUE(reporter.report(offline("port gone")));
  EXPECT_FALSE(reporter.report(offline("path missing"))) << "a better detail is not a new condition";
  EXPECT_EQ(reporter.last().detail, "path missing") << "but it is kept";
  EXPECT_TRUE(
      reporter.report(make_status(DeviceClass::id_reader, DeviceState::online, Severity::ok, ActionHint::none)));
  EXPECT_FALSE(
      reporter.report(make_status(DeviceClass::id_reader, DeviceState::online, Severity::ok, ActionHint::none)));
  DeviceStatus other_hint = offline("no permission");
  other_hint.hint = ActionHint::configuration;
  EXPECT_TRUE(reporter.report(other_hint)) << "the same code with another remedy is another condition";

  ASSERT_EQ(announced.size(), 3u);
  EXPECT_EQ(announced[0].detail, "port gone");
  EXPECT_EQ(announced[1].state, DeviceState::online);
  EXPECT_EQ(announced[2].hint, ActionHint::configuration);
  EXPECT_EQ(log_lines_of("reporter-test") - lines_before, 3u);
}

TEST(StatusReporter, WorksWithoutACallback) {
  StatusReporter reporter("reporter-test", DeviceStatus{}, nullptr);
  EXPECT_TRUE(
      reporter.report(make_status(DeviceClass::receipt_printer, DeviceState::online, Severity::ok, ActionHint::none)));
  EXPECT_EQ(reporter.last().device_class, DeviceClass::receipt_printer);
}

}  // namespace
}  // namespace zhidui::drivers
