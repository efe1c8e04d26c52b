// The mapping from CUPS queue and job states to the device model, without a cupsd: each IPP condition
// gets its state, severity, hint and stable code; error outranks warning, reports are ignored.
#include "drivers/a4_printer/cups_status.h"

#include <gtest/gtest.h>

#include "drivers/a4_printer/cups_connection.h"

using namespace zhidui;
using namespace zhidui::drivers;
using namespace zhidui::drivers::a4_printer;

namespace {
CupsQueueState queue(QueueState state, std::vector<std::string> reasons, bool accepting = true) {
  CupsQueueState q;
  q.state = state;
  q.reasons = std::move(reasons);
  q.accepting_jobs = accepting;
  return q;
}
}  // namespace

TEST(CupsStatus, IdleQueueIsOnline) {
  DeviceStatus s = interpret_queue_state(queue(QueueState::idle, {"none"}));
  EXPECT_EQ(s.device_class, DeviceClass::document_printer);
  EXPECT_EQ(s.state, DeviceState::online);
  EXPECT_EQ(s.severity, Severity::ok);
  EXPECT_TRUE(s.code.empty());
  EXPECT_TRUE(s.usable());
}

TEST(CupsStatus, ProcessingQueueIsBusyButUsable) {
  DeviceStatus s = interpret_queue_state(queue(QueueState::processing, {"none"}));
  EXPECT_EQ(s.state, DeviceState::busy);
  EXPECT_TRUE(s.usable());
}

TEST(CupsStatus, PausedQueueIsStoppedForStaff) {
  DeviceStatus s = interpret_queue_state(queue(QueueState::stopped, {"paused"}));
  EXPECT_EQ(s.code, "a4.stopped");
  EXPECT_EQ(s.state, DeviceState::disabled);
  EXPECT_EQ(s.hint, ActionHint::staff_can_clear);
  EXPECT_FALSE(s.usable());
}

TEST(CupsStatus, RejectingQueueIsNotUsable) {
  DeviceStatus s = interpret_queue_state(queue(QueueState::idle, {"none"}, false));
  EXPECT_EQ(s.code, "a4.rejecting");
  EXPECT_FALSE(s.usable());
}

TEST(CupsStatus, DeviceErrorsNameWhatToFix) {
  struct Case {
    const char* reason;
    const char* code;
    DeviceState state;
    ActionHint hint;
  };
  const Case cases[] = {
      {"media-empty-error", "a4.media_empty", DeviceState::user_error, ActionHint::staff_can_clear},
      {"media-needed", "a4.media_empty", DeviceState::user_error, ActionHint::staff_can_clear},  // bare = error
      {"media-jam-error", "a4.media_jam", DeviceState::user_error, ActionHint::staff_can_clear},
      {"door-open-error", "a4.cover_open", DeviceState::user_error, ActionHint::staff_can_clear},
      {"toner-empty-error", "a4.marker_empty", DeviceState::user_error, ActionHint::staff_can_clear},
      {"cups-remote-pending-report", nullptr, DeviceState::busy, ActionHint::none},         // reports are ignored
      {"connecting-to-device", nullptr, DeviceState::busy, ActionHint::none},               // every job's start
      {"offline-report", "a4.offline", DeviceState::offline, ActionHint::automatic_retry},  // CUPS backends' way
      {"offline-error", "a4.offline", DeviceState::offline, ActionHint::automatic_retry},
      {"fuser-over-temp-error", "a4.printer_error", DeviceState::hardware_error, ActionHint::technician},
  };
  for (const auto& c : cases) {
    DeviceStatus s = interpret_queue_state(queue(QueueState::processing, {c.reason}));
    EXPECT_EQ(s.code, c.code ? c.code : "") << c.reason;
    EXPECT_EQ(s.state, c.code ? c.state : DeviceState::busy) << c.reason;
    EXPECT_EQ(s.hint, c.hint) << c.reason;
    EXPECT_EQ(s.usable(), c.code == nullptr) << c.reason;
  }
}

TEST(CupsStatus, StoppedByPaperOutSaysPaperNotJustStopped) {
  // What a backend leaves when it exits with CUPS_BACKEND_STOP after reporting media-empty.
  CupsQueueState q = queue(QueueState::stopped, {"paused", "media-empty-error"});
  q.message = "out of paper";
  DeviceStatus s = interpret_queue_state(q);
  EXPECT_EQ(s.code, "a4.media_empty");
  EXPECT_NE(s.detail.find("out of paper"), std::string::npos);
}

TEST(CupsStatus, ErrorLeftOnAnIdleEnabledQueueIsOnlyAWarning) {
  // After staff re-enable a queue that stopped for paper, CUPS still lists media-empty-error until the
  // next job's backend clears it; refusing to print would keep it there for ever.
  DeviceStatus s = interpret_queue_state(queue(QueueState::idle, {"media-empty-error"}));
  EXPECT_EQ(s.code, "a4.media_empty");
  EXPECT_EQ(s.state, DeviceState::online);
  EXPECT_EQ(s.severity, Severity::warning);
  EXPECT_TRUE(s.usable());
  EXPECT_FALSE(interpret_queue_state(queue(QueueState::idle, {"media-empty-error"}, false)).usable());
}

TEST(CupsStatus, HoldingNewJobsIsNotUsable) {
  DeviceStatus s = interpret_queue_state(queue(QueueState::idle, {"hold-new-jobs"}));
  EXPECT_EQ(s.code, "a4.holding_jobs");
  EXPECT_FALSE(s.usable());
}

TEST(CupsStatus, ErrorOutranksWarning) {
  DeviceStatus s = interpret_queue_state(queue(QueueState::processing, {"toner-low-warning", "media-jam-error"}));
  EXPECT_EQ(s.code, "a4.media_jam");
}

TEST(CupsStatus, WarningsKeepThePrinterUsable) {
  DeviceStatus low = interpret_queue_state(queue(QueueState::idle, {"media-low-warning"}));
  EXPECT_EQ(low.code, "a4.media_low");
  EXPECT_EQ(low.severity, Severity::warning);
  EXPECT_TRUE(low.usable());
  EXPECT_EQ(interpret_queue_state(queue(QueueState::idle, {"toner-low-warning"})).code, "a4.toner_low");
  EXPECT_EQ(interpret_queue_state(queue(QueueState::idle, {"something-new-warning"})).code, "a4.warning");
}

TEST(CupsStatus, UnreachableAndMissingHaveTheirOwnStates) {
  DeviceStatus gone = unreachable_status("no socket");
  EXPECT_EQ(gone.code, "a4.cups_unreachable");
  EXPECT_EQ(gone.state, DeviceState::offline);
  EXPECT_FALSE(gone.usable());
  DeviceStatus missing = queue_missing_status("no queue");
  EXPECT_EQ(missing.code, "a4.queue_missing");
  EXPECT_EQ(missing.state, DeviceState::not_configured);
  EXPECT_EQ(missing.hint, ActionHint::configuration);
}

TEST(CupsStatus, JobStatesMapToCodesAndCompletions) {
  EXPECT_TRUE(is_final(JobState::completed));
  EXPECT_TRUE(is_final(JobState::aborted));
  EXPECT_FALSE(is_final(JobState::held));
  Error aborted = job_error(JobState::aborted, {"job-aborted-by-system"}, "simulated");
  EXPECT_EQ(aborted.code, "a4.job_aborted");
  EXPECT_NE(aborted.message.find("simulated"), std::string::npos);
  EXPECT_EQ(completion_of(aborted), Completion::hardware_error);
  EXPECT_EQ(job_error(JobState::canceled, {}, "").code, "a4.job_canceled");
  EXPECT_EQ(completion_of(job_error(JobState::canceled, {}, "")), Completion::cancelled);
  EXPECT_EQ(job_error(JobState::held, {}, "").code, "a4.job_held");
  EXPECT_EQ(completion_of(make_error("a4.timeout", "")), Completion::timeout);
  EXPECT_EQ(completion_of(make_error("a4.media_empty", "")), Completion::user_error);
  EXPECT_EQ(completion_of(make_error("a4.queue_missing", "")), Completion::device_not_ready);
  EXPECT_EQ(completion_of(make_error("a4.invalid_text", "")), Completion::invalid_data);
}

TEST(CupsServerString, SocketHostAndPort) {
  CupsEndpoint socket = parse_cups_server("/run/cups/cups.sock");
  EXPECT_TRUE(socket.is_socket());
  EXPECT_EQ(socket.host, "/run/cups/cups.sock");
  CupsEndpoint hostport = parse_cups_server("printhost:8631");
  EXPECT_EQ(hostport.host, "printhost");
  EXPECT_EQ(hostport.port, 8631);
  CupsEndpoint host = parse_cups_server("printhost");
  EXPECT_EQ(host.port, 631);
  CupsEndpoint v6 = parse_cups_server("[::1]:632");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 632);
  EXPECT_EQ(printer_uri(socket, "hall-a4"), "ipp://localhost/printers/hall-a4");
  EXPECT_EQ(printer_uri(hostport, "hall-a4"), "ipp://printhost:8631/printers/hall-a4");
}
