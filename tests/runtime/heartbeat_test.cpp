// heartbeat_test.cpp — the heartbeat's body (runtime/heartbeat.h): what the fleet view learns of a kiosk —
// states, counts, versions — and nothing it could not: no personal data, no token, no free text from a
// person. Delivery against a real platform-sim is tests/e2e/fleet_test.cpp.
#include "runtime/heartbeat.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace zhidui {
namespace {

drivers::DeviceStatus status(drivers::DeviceClass cls, drivers::DeviceState state, std::string code) {
  drivers::DeviceStatus s;
  s.device_class = cls;
  s.state = state;
  s.code = std::move(code);
  return s;
}

TEST(Heartbeat, TheBodyCarriesStatesQueueServiceAndDisk) {
  KioskHealth health;
  health.serving_catalog("2026.11-3");
  health.device_changed(status(drivers::DeviceClass::id_reader, drivers::DeviceState::online, ""));
  health.device_changed(status(drivers::DeviceClass::receipt_printer, drivers::DeviceState::user_error, "paper_out"));
  health.synced("2026-12-08T01:00:00Z");
  health.service_changed("reader.unavailable");
  const auto body = nlohmann::json::parse(heartbeat_body(health.snapshot(), "2026-12-08T01:02:03Z",
                                                         offline::OutboxCounts{3, 40, 1}, int64_t(5120)));
  EXPECT_EQ(body["catalog_version"], "2026.11-3");
  EXPECT_EQ(body["sent_at"], "2026-12-08T01:02:03Z");
  EXPECT_EQ(body["devices"]["id_reader"]["state"], "online");
  EXPECT_EQ(body["devices"]["receipt_printer"]["code"], "paper_out");
  EXPECT_EQ(body["last_sync_at"], "2026-12-08T01:00:00Z");
  EXPECT_EQ(body["service"]["in_service"], false);
  EXPECT_EQ(body["service"]["paused_because"], "reader.unavailable");
  EXPECT_EQ(body["queue"]["pending"], 3);
  EXPECT_EQ(body["queue"]["dead"], 1);
  EXPECT_EQ(body["free_disk_mb"], 5120);
  EXPECT_FALSE(body["version"].get<std::string>().empty());
}

TEST(Heartbeat, WhatCouldNotBeReadIsLeftOutNotGuessed) {
  KioskHealth health;
  const auto body = nlohmann::json::parse(heartbeat_body(health.snapshot(), "t", std::nullopt, std::nullopt));
  EXPECT_FALSE(body.contains("queue")) << "an unreadable store is not an empty queue";
  EXPECT_FALSE(body.contains("free_disk_mb"));
  EXPECT_FALSE(body.contains("last_sync_at"));
  EXPECT_EQ(body["service"]["in_service"], true);
  EXPECT_TRUE(body["devices"].is_object());
}

TEST(Heartbeat, ADeviceTextThatIsNotUtf8DoesNotBreakTheBody) {
  KioskHealth health;
  health.device_changed(status(drivers::DeviceClass::barcode_scanner, drivers::DeviceState::hardware_error, "bad\xff"));
  const std::string text = heartbeat_body(health.snapshot(), "t", std::nullopt, std::nullopt);
  EXPECT_TRUE(nlohmann::json::accept(text)) << text;
}

}  // namespace
}  // namespace zhidui
