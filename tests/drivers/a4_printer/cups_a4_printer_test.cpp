// The CUPS adapter against a real private cupsd (PrivateCupsd): a PDF goes through IPP into the queue and
// comes out of the backend byte for byte; every fault the sandbox can produce ends in its own stable code,
// without a crash or an unbounded wait. Tests skip only where cupsd is not installed.
#include "drivers/a4_printer/cups_a4_printer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "drivers/a4_printer/a4_test_page.h"
#include "tests/drivers/a4_printer/a4_test_support.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace zhidui;
using namespace zhidui::drivers;
using namespace zhidui::drivers::a4_printer;
using namespace zhidui::drivers::a4_printer::testing;

namespace {

CupsA4Config config_for(const PrivateCupsd& cupsd) {
  CupsA4Config c;
  c.server = cupsd.server();
  c.queue = cupsd.queue();
  c.job_timeout = 20s;
  c.poll_interval = 50ms;
  return c;
}

std::vector<uint8_t> sample_pdf() {
  auto pdf = render_pdf(sample_receipt_page());
  EXPECT_TRUE(pdf.ok());
  return pdf.ok() ? pdf->bytes : std::vector<uint8_t>{};
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string without_whitespace(std::string s) {
  std::erase_if(s, [](char c) { return c == ' ' || c == '\n' || c == '\f'; });
  return s;
}

}  // namespace

TEST(CupsA4Printer, PrintsAReceiptThroughARealCupsdAndThePdfComesOut) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  DeviceStatus before = printer.status();
  EXPECT_EQ(before.state, DeviceState::online) << before.code << " " << before.detail;
  EXPECT_EQ(before.device_class, DeviceClass::document_printer);

  auto job = print_page(printer, sample_receipt_page(), "zhidui receipt HN20261125-000123");
  ASSERT_TRUE(job.ok()) << job.error().code << ": " << job.error().message << "\n" << cupsd.error_log();
  EXPECT_GT(job->job_id, 0);
  EXPECT_EQ(job->queue, cupsd.queue());

  const std::string out = cupsd.output_for_job(job->job_id);
  ASSERT_TRUE(fs::exists(out)) << "no PDF from the queue; files: " << cupsd.output_files().size();
  const std::string text = without_whitespace(pdf_text_of_file(out));
  EXPECT_NE(text.find(kPolicyTitle), std::string::npos) << text;
  EXPECT_NE(text.find(kMaskedId), std::string::npos) << text;
  auto state = printer.job_state(job->job_id);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, JobState::completed);
}

TEST(CupsA4Printer, TheQueueDeliversTheDocumentUnchanged) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  const auto pdf = sample_pdf();
  auto first = printer.print_pdf(pdf, "zhidui test 1");
  auto second = printer.print_pdf(pdf, "zhidui test 2");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->job_id, second->job_id);
  EXPECT_EQ(read_bytes(cupsd.output_for_job(second->job_id)), pdf);
  EXPECT_EQ(cupsd.output_files().size(), 2u);
}

TEST(CupsA4Printer, PausedQueueIsReportedAndNothingIsSent) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  ASSERT_TRUE(cupsd.pause_queue().ok());
  DeviceStatus s = printer.status();
  EXPECT_EQ(s.code, "a4.stopped");
  EXPECT_EQ(s.state, DeviceState::disabled);
  EXPECT_FALSE(s.usable());

  auto job = printer.print_pdf(sample_pdf(), "zhidui test");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, "a4.stopped");
  EXPECT_EQ(completion_of(job.error()), Completion::device_not_ready);
  EXPECT_TRUE(cupsd.output_files().empty());

  ASSERT_TRUE(cupsd.resume_queue().ok());
  EXPECT_EQ(printer.status().state, DeviceState::online);
  EXPECT_TRUE(printer.print_pdf(sample_pdf(), "zhidui test").ok());
}

TEST(CupsA4Printer, QueuePausedAfterSubmissionEndsTheWaitWithTheReason) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  // Hold the job first so that it is still queued when staff pause the queue.
  ASSERT_TRUE(cupsd.pause_queue().ok());
  auto job = printer.submit(sample_pdf(), "zhidui test");
  ASSERT_TRUE(job.ok()) << job.error().message;
  Status waited = printer.wait_for_job(*job);
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, "a4.stopped");
  // The job was cancelled, so it will not print unattended when the queue resumes.
  auto state = printer.job_state(*job);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, JobState::canceled);
}

TEST(CupsA4Printer, QueueNotAcceptingJobs) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  ASSERT_TRUE(cupsd.reject_jobs().ok());
  EXPECT_EQ(printer.status().code, "a4.rejecting");
  auto submitted = printer.submit(sample_pdf(), "zhidui test");
  ASSERT_FALSE(submitted.ok());
  EXPECT_EQ(submitted.error().code, "a4.rejecting");
  ASSERT_TRUE(cupsd.accept_jobs().ok());
  EXPECT_TRUE(printer.status().usable());
}

TEST(CupsA4Printer, MissingQueueIsAConfigurationProblem) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Config c = config_for(cupsd);
  c.queue = "no-such-queue";
  CupsA4Printer wrong_name(c);
  DeviceStatus s = wrong_name.status();
  EXPECT_EQ(s.code, "a4.queue_missing");
  EXPECT_EQ(s.state, DeviceState::not_configured);
  EXPECT_EQ(s.hint, ActionHint::configuration);
  auto job = wrong_name.print_pdf(sample_pdf(), "zhidui test");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, "a4.queue_missing");

  // The configured queue deleted on the server, then recreated.
  CupsA4Printer printer(config_for(cupsd));
  ASSERT_TRUE(cupsd.delete_queue().ok());
  EXPECT_EQ(printer.status().code, "a4.queue_missing");
  auto submitted = printer.submit(sample_pdf(), "zhidui test");
  ASSERT_FALSE(submitted.ok());
  EXPECT_EQ(submitted.error().code, "a4.queue_missing") << submitted.error().message;
  ASSERT_TRUE(cupsd.recreate_queue().ok());
  EXPECT_EQ(printer.status().state, DeviceState::online);
  auto job2 = printer.print_pdf(sample_pdf(), "zhidui test");
  ASSERT_TRUE(job2.ok()) << job2.error().code << " " << job2.error().message;
  EXPECT_TRUE(fs::exists(cupsd.output_for_job(job2->job_id)));
}

TEST(CupsA4Printer, CupsdNotRunningIsUnreachableNotAHang) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  ASSERT_TRUE(printer.status().usable());
  cupsd.stop();
  DeviceStatus s = printer.status();
  EXPECT_EQ(s.code, "a4.cups_unreachable");
  EXPECT_EQ(s.state, DeviceState::offline);
  auto job = printer.print_pdf(sample_pdf(), "zhidui test");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, "a4.cups_unreachable");
}

TEST(CupsA4Printer, NoCupsdAtAllOnASocketOrAPort) {
  CupsA4Config c;
  c.queue = "zhidui-a4";
  c.connect_timeout = 1s;
  c.server = temp_path("no-cupsd") + ".sock";
  EXPECT_EQ(CupsA4Printer(c).status().code, "a4.cups_unreachable");
  c.server = "127.0.0.1:1";
  CupsA4Printer by_port(c);
  EXPECT_EQ(by_port.status().code, "a4.cups_unreachable");
  auto job = by_port.print_pdf(sample_pdf(), "zhidui test");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, "a4.cups_unreachable");
}

TEST(CupsA4Printer, PaperOutStopsTheQueueAndTheJobFailsWithTheReason) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  ASSERT_TRUE(cupsd.set_backend_fault(BackendFault::media_empty).ok());
  auto job = printer.print_pdf(sample_pdf(), "zhidui test");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, "a4.media_empty") << job.error().message;
  EXPECT_EQ(completion_of(job.error()), Completion::user_error);
  DeviceStatus s = printer.status();
  EXPECT_EQ(s.code, "a4.media_empty");
  EXPECT_EQ(s.state, DeviceState::user_error);
  EXPECT_EQ(s.hint, ActionHint::staff_can_clear);
  EXPECT_TRUE(cupsd.output_files().empty());

  // Staff load paper and re-enable the queue: printing works again.
  ASSERT_TRUE(cupsd.set_backend_fault(BackendFault::none).ok());
  ASSERT_TRUE(cupsd.resume_queue().ok());
  DeviceStatus after = printer.status();
  EXPECT_TRUE(after.usable()) << after.code << " " << after.detail;
  EXPECT_TRUE(printer.print_pdf(sample_pdf(), "zhidui test").ok());
}

TEST(CupsA4Printer, PrinterOfflineWhilePrintingEndsTheWaitAfterTheGrace) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Config c = config_for(cupsd);
  c.device_condition_grace = 300ms;
  CupsA4Printer printer(c);
  ASSERT_TRUE(cupsd.set_backend_fault(BackendFault::offline).ok());
  auto job = printer.submit(sample_pdf(), "zhidui test");
  ASSERT_TRUE(job.ok());
  Status waited = printer.wait_for_job(*job);
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, "a4.offline") << waited.error().message;
  auto state = printer.job_state(*job);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, JobState::canceled);
  // The printer comes back: the next job prints.
  ASSERT_TRUE(cupsd.set_backend_fault(BackendFault::none).ok());
  auto next = printer.print_pdf(sample_pdf(), "zhidui test");
  EXPECT_TRUE(next.ok()) << next.error().code << " " << next.error().message;
}

TEST(CupsA4Printer, JobAbortedByThePrinter) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  ASSERT_TRUE(cupsd.set_backend_fault(BackendFault::abort).ok());
  auto job = printer.print_pdf(sample_pdf(), "zhidui test");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, "a4.job_aborted") << job.error().message;
  EXPECT_EQ(completion_of(job.error()), Completion::hardware_error);
  // One failed job does not take the queue down (ErrorPolicy abort-job).
  ASSERT_TRUE(cupsd.set_backend_fault(BackendFault::none).ok());
  EXPECT_TRUE(printer.print_pdf(sample_pdf(), "zhidui test").ok());
}

TEST(CupsA4Printer, HeldJobIsReportedAndCancelled) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  ASSERT_TRUE(cupsd.hold_new_jobs(true).ok());
  auto job = printer.submit(sample_pdf(), "zhidui test");
  ASSERT_TRUE(job.ok());
  Status waited = printer.wait_for_job(*job);
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, "a4.job_held") << waited.error().message;
  ASSERT_TRUE(cupsd.hold_new_jobs(false).ok());
  EXPECT_TRUE(printer.status().usable());
  // Printing a later job proves the queue ran again; the held one was cancelled, not printed.
  auto later = printer.print_pdf(sample_pdf(), "zhidui test");
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(cupsd.output_files().size(), 1u);
  EXPECT_FALSE(fs::exists(cupsd.output_for_job(*job)))
      << *job << " later " << later->job_id << " " << waited.error().message;
}

TEST(CupsA4Printer, JobThatDoesNotFinishInTimeTimesOutAndIsCancelled) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Config c = config_for(cupsd);
  c.job_timeout = 1500ms;
  CupsA4Printer printer(c);
  ASSERT_TRUE(cupsd.set_backend_fault(BackendFault::slow).ok());
  auto job = printer.submit(sample_pdf(), "zhidui test");
  ASSERT_TRUE(job.ok());
  Status waited = printer.wait_for_job(*job);
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, "a4.timeout");
  EXPECT_EQ(completion_of(waited.error()), Completion::timeout);
  auto state = printer.job_state(*job);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, JobState::canceled);
}

TEST(CupsA4Printer, ReachesCupsdOverALoopbackPortToo) {
  PrivateCupsdOptions options;
  options.listen_tcp = true;
  A4_START_SANDBOX_OR_SKIP(cupsd, options);
  ASSERT_FALSE(cupsd.tcp_server().empty());
  DeviceStatus s = CupsA4Printer(CupsA4Config{cupsd.tcp_server(), cupsd.queue()}).status();
  EXPECT_EQ(s.state, DeviceState::online) << s.code << " " << s.detail;
  CupsA4Config c = config_for(cupsd);
  c.server = cupsd.tcp_server();
  CupsA4Printer printer(c);
  EXPECT_EQ(printer.status().state, DeviceState::online);
  auto job = printer.print_pdf(sample_pdf(), "zhidui test");
  ASSERT_TRUE(job.ok()) << job.error().code << " " << job.error().message;
  EXPECT_TRUE(fs::exists(cupsd.output_for_job(job->job_id)));
}

TEST(CupsA4Printer, EmptyDocumentIsRefused) {
  CupsA4Printer printer(CupsA4Config{"/nonexistent.sock", "zhidui-a4"});
  auto job = printer.submit({}, "zhidui test");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code, "a4.empty_document");
}

TEST(PrivateCupsd, StopsCupsdAndRemovesItsFolder) {
  std::string dir;
  {
    A4_START_SANDBOX_OR_SKIP(cupsd);
    dir = cupsd.dir();
    EXPECT_TRUE(fs::exists(cupsd.server()));
    EXPECT_TRUE(cupsd.running());
  }
  EXPECT_FALSE(fs::exists(dir));
}

TEST(PrivateCupsd, MissingScriptIsAClearError) {
  PrivateCupsdOptions options;
  options.sandbox_script = "/nonexistent/cups-sandbox.sh";
  auto started = PrivateCupsd::start(options);
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, "a4.sandbox_prepare");
}

TEST(A4SelfTest, PrintsTheTestPageAndReportsSuccess) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  A4TestPageInfo info{"hall-1-kiosk-2", "queue " + cupsd.queue(), "2026-11-25 11:00", "湖南省政务服务自助终端打印测试"};
  A4SelfTestResult r = run_a4_self_test(printer, info);
  ASSERT_TRUE(r.job.ok()) << r.summary;
  EXPECT_EQ(r.completion, Completion::success);
  EXPECT_EQ(r.status_before.state, DeviceState::online);
  const std::string out = cupsd.output_for_job(r.job->job_id);
  const std::string text = without_whitespace(pdf_text_of_file(out));
  EXPECT_NE(text.find("A4testpage"), std::string::npos) << text;
  EXPECT_NE(text.find("湖南省政务服务自助终端打印测试"), std::string::npos) << text;
  EXPECT_NE(text.find("hall-1-kiosk-2"), std::string::npos) << text;
  auto codes = qr_codes_in_pdf(out);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], "zhidui://a4-test?kiosk=hall-1-kiosk-2");
}

TEST(A4SelfTest, ReportsTheFailureCodeWhenTheQueueIsStopped) {
  A4_START_SANDBOX_OR_SKIP(cupsd);
  CupsA4Printer printer(config_for(cupsd));
  ASSERT_TRUE(cupsd.pause_queue().ok());
  A4SelfTestResult r = run_a4_self_test(printer, {"kiosk", "queue", "now", "测试"});
  ASSERT_FALSE(r.job.ok());
  EXPECT_EQ(r.job.error().code, "a4.stopped");
  EXPECT_EQ(r.completion, Completion::device_not_ready);
  EXPECT_NE(r.summary.find("a4.stopped"), std::string::npos);
}
