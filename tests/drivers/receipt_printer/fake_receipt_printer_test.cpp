// fake_receipt_printer_test.cpp — the fake printer through the ReceiptPrinter interface: receipts become
// PNG files, faults refuse jobs with the device model's codes, silence is unknown, unplugged is offline,
// and concurrent callers are safe.
#include "drivers/receipt_printer/fake_receipt_printer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "receipt_test_support.h"

namespace zhidui::drivers::receipt_printer {
namespace {

using namespace testing;

std::unique_ptr<FakeReceiptPrinter> make_fake(const std::filesystem::path& dir, PaperWidth paper = PaperWidth::mm80) {
  FakeReceiptPrinterOptions options;
  options.emulator.paper = paper;
  options.output_dir = dir;
  auto fake = FakeReceiptPrinter::create(options);
  EXPECT_TRUE(fake.ok()) << (fake.ok() ? "" : fake.error().message);
  return fake.ok() ? std::move(fake).value() : nullptr;
}

TEST(FakeReceiptPrinter, PrintWritesAPngThatScans) {
  ScratchDir dir("receipt-fake");
  auto printer = make_fake(dir.path() / "var/receipts");
  ASSERT_TRUE(printer);
  ReceiptPrinter& as_interface = *printer;
  EXPECT_EQ(as_interface.paper_width_dots(), 576);
  EXPECT_FALSE(printer->last_receipt());

  ASSERT_TRUE(as_interface.print(sample_receipt(PaperWidth::mm80)).ok());
  auto written = printer->last_receipt();
  ASSERT_TRUE(written);
  EXPECT_EQ(written->parent_path(), dir.path() / "var/receipts");
  EXPECT_EQ(written->extension(), ".png");
  EXPECT_EQ(written->filename().string().rfind("receipt-", 0), 0u);
  auto png = load_png(*written);
  ASSERT_TRUE(png);
  EXPECT_EQ(png->width, 576);
  EXPECT_EQ(decode_qr(*png), std::vector<std::string>{kSampleQrPayload});
}

TEST(FakeReceiptPrinter, PaperWidthFollowsTheModel) {
  ScratchDir dir("receipt-fake");
  auto printer = make_fake(dir.path(), PaperWidth::mm58);
  ASSERT_TRUE(printer);
  EXPECT_EQ(printer->paper_width_dots(), 384);
  ASSERT_TRUE(printer->print(sample_receipt(PaperWidth::mm58)).ok());
  EXPECT_EQ(load_png(*printer->last_receipt())->width, 384);
}

TEST(FakeReceiptPrinter, EachCutIsOneFileAndUncutPaperWaits) {
  ScratchDir dir("receipt-fake");
  auto printer = make_fake(dir.path());
  ASSERT_TRUE(printer);
  EscPosBuilder b;
  b.initialize().line("first").cut().line("second").cut().line("third, not cut yet");
  ASSERT_TRUE(printer->print(b.build().value()).ok());
  EXPECT_EQ(printer->receipts().size(), 2u);
  EXPECT_GT(ink_count(printer->uncut_paper()), 0u);
  EscPosBuilder rest;
  rest.cut();
  ASSERT_TRUE(printer->print(rest.build().value()).ok());
  const auto receipts = printer->receipts();
  ASSERT_EQ(receipts.size(), 3u);
  for (const auto& p : receipts) EXPECT_TRUE(std::filesystem::exists(p)) << p;
  EXPECT_NE(receipts[0], receipts[1]);
}

TEST(FakeReceiptPrinter, NeverOverwritesAnEarlierReceipt) {
  ScratchDir dir("receipt-fake");
  std::vector<std::filesystem::path> all;
  for (int run = 0; run < 2; ++run) {  // two kiosk runs writing to the same folder in the same second
    auto printer = make_fake(dir.path());
    ASSERT_TRUE(printer);
    ASSERT_TRUE(printer->print(sample_receipt(PaperWidth::mm80)).ok());
    all.push_back(*printer->last_receipt());
  }
  EXPECT_NE(all[0], all[1]);
  EXPECT_TRUE(std::filesystem::exists(all[0]));
}

TEST(FakeReceiptPrinter, FaultsRefuseTheJobWithTheirCode) {
  ScratchDir dir("receipt-fake");
  auto printer = make_fake(dir.path());
  ASSERT_TRUE(printer);
  const std::pair<PrinterCondition, const char*> faults[] = {{PrinterCondition::paper_out, "printer.paper_out"},
                                                             {PrinterCondition::cover_open, "printer.cover_open"},
                                                             {PrinterCondition::jammed, "printer.cutter_jammed"}};
  for (const auto& [condition, code] : faults) {
    printer->set_condition(condition);
    EXPECT_EQ(printer->condition(), condition);
    Status printed = printer->print(sample_receipt(PaperWidth::mm80));
    ASSERT_FALSE(printed.ok()) << to_string(condition);
    EXPECT_EQ(printed.error().code, code);
    EXPECT_FALSE(printer->status().usable());
    EXPECT_TRUE(printer->receipts().empty());
  }
  printer->set_condition(PrinterCondition::ok);  // staff refilled paper / closed the cover
  EXPECT_TRUE(printer->print(sample_receipt(PaperWidth::mm80)).ok());
  EXPECT_EQ(printer->receipts().size(), 1u);
}

TEST(FakeReceiptPrinter, UnpluggedIsOfflineAsARealAdapterSeesItAndPrintsNothing) {
  ScratchDir dir("receipt-fake");
  auto printer = make_fake(dir.path());
  ASSERT_TRUE(printer);
  printer->set_plugged_in(false);
  const DeviceStatus s = printer->status();
  EXPECT_EQ(s.state, DeviceState::offline);
  EXPECT_EQ(s.hint, ActionHint::automatic_retry);
  EXPECT_EQ(s.code, "printer.unavailable");
  Status printed = printer->print(sample_receipt(PaperWidth::mm80));
  ASSERT_FALSE(printed.ok());
  EXPECT_EQ(printed.error().code, "printer.unavailable");
  EXPECT_TRUE(printer->receipts().empty());
  printer->set_plugged_in(true);
  EXPECT_TRUE(printer->print(sample_receipt(PaperWidth::mm80)).ok());
  EXPECT_EQ(printer->receipts().size(), 1u);
}

TEST(FakeReceiptPrinter, PaperLowWarnsButPrints) {
  ScratchDir dir("receipt-fake");
  auto printer = make_fake(dir.path());
  ASSERT_TRUE(printer);
  printer->set_condition(PrinterCondition::paper_low);
  const DeviceStatus s = printer->status();
  EXPECT_EQ(s.severity, Severity::warning);
  EXPECT_EQ(s.hint, ActionHint::staff_can_clear);
  EXPECT_TRUE(s.usable());
  EXPECT_EQ(printer->printer_status().paper, PaperState::low);
  EXPECT_TRUE(printer->print(sample_receipt(PaperWidth::mm80)).ok());
  EXPECT_EQ(printer->receipts().size(), 1u);
}

TEST(FakeReceiptPrinter, SilentPrinterIsUnknownButStillPrints) {
  ScratchDir dir("receipt-fake");
  auto printer = make_fake(dir.path());
  ASSERT_TRUE(printer);
  printer->set_answers_status(false);
  const ReceiptPrinterStatus s = printer->printer_status();
  EXPECT_EQ(s.device.state, DeviceState::unknown);
  EXPECT_EQ(s.device.severity, Severity::warning);
  EXPECT_EQ(s.paper, PaperState::unknown);
  EXPECT_EQ(printer->status().state, DeviceState::unknown);
  EXPECT_TRUE(printer->print(sample_receipt(PaperWidth::mm80)).ok());
  EXPECT_EQ(printer->receipts().size(), 1u);
}

TEST(FakeReceiptPrinter, SilentOfflinePrinterReportsTheJobAsNotPrinted) {
  // Status unknown, so the job is sent; the printer is out of paper and drops it. The caller must hear.
  ScratchDir dir("receipt-fake");
  auto printer = make_fake(dir.path());
  ASSERT_TRUE(printer);
  printer->set_answers_status(false);
  printer->set_condition(PrinterCondition::paper_out);
  Status printed = printer->print(sample_receipt(PaperWidth::mm80));
  ASSERT_FALSE(printed.ok());
  EXPECT_EQ(printed.error().code, "printer.not_printed");
  EXPECT_TRUE(printer->receipts().empty());
}

TEST(FakeReceiptPrinter, OutputFolderThatCannotBeCreatedIsAnError) {
  ScratchDir dir("receipt-fake");
  const auto blocker = dir.path() / "file";
  { std::ofstream(blocker) << "x"; }
  FakeReceiptPrinterOptions options;
  options.output_dir = blocker / "receipts";
  auto fake = FakeReceiptPrinter::create(options);
  ASSERT_FALSE(fake.ok());
  EXPECT_EQ(fake.error().code, "printer.output_dir");
}

TEST(FakeReceiptPrinter, ConcurrentCallersAreSafe) {
  ScratchDir dir("receipt-fake");
  auto printer = make_fake(dir.path(), PaperWidth::mm58);
  ASSERT_TRUE(printer);
  EscPosBuilder b;
  b.initialize().chinese_mode(true).line("并发测试").cut();
  const auto job = b.build().value();
  std::atomic<int> printed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i)
        if (printer->print(job).ok()) ++printed;
    });
  threads.emplace_back([&] {
    while (!stop) (void)printer->status();
  });
  threads.emplace_back([&] {
    const PrinterCondition cycle[] = {PrinterCondition::paper_low, PrinterCondition::paper_out, PrinterCondition::ok};
    for (int i = 0; !stop; ++i) printer->set_condition(cycle[i % 3]);
  });
  for (int t = 0; t < 3; ++t) threads[size_t(t)].join();
  stop = true;
  for (size_t t = 3; t < threads.size(); ++t) threads[t].join();
  // Every accepted job was cut exactly once and written.
  EXPECT_EQ(printer->receipts().size(), size_t(printed.load()));
}

}  // namespace
}  // namespace zhidui::drivers::receipt_printer
