// escpos_emulator_server_test.cpp — the emulator as a printer on the wire (the core of
// tools/escpos-emulator), driven by the kiosk's real transports: TCP and the pty, tickets as PNGs.
#include "drivers/receipt_printer/escpos_emulator_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "drivers/receipt_printer/network_receipt_printer.h"
#include "receipt_test_support.h"

namespace zhidui::drivers::receipt_printer {
namespace {

using namespace testing;
using namespace std::chrono_literals;

bool wait_receipts(const EmulatorServer& server, size_t n) {
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (server.receipts().size() >= n) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

TEST(EmulatorServer, TicketsOverTcpAndPtyBecomePngs) {
  ScratchDir dir("escpos-server");
  EmulatorServerOptions options;
  options.emulator.paper = PaperWidth::mm58;
  options.output_dir = dir.path() / "out";
  options.pty_link = (dir.path() / "ttyESCPOS").string();
  auto server = EmulatorServer::start(options);
  ASSERT_TRUE(server.ok()) << server.error().message;
  ASSERT_NE((*server)->tcp_port(), 0);

  NetworkPrinterOptions po;
  po.paper = PaperWidth::mm58;
  po.status_timeout = 300ms;
  NetworkReceiptPrinter tcp(make_tcp_transport({"127.0.0.1", (*server)->tcp_port(), 1000ms}), po);
  EXPECT_EQ(tcp.status().state, DeviceState::online);
  ASSERT_TRUE(tcp.print(sample_receipt(PaperWidth::mm58)).ok());
  ASSERT_TRUE(wait_receipts(**server, 1));

  NetworkReceiptPrinter serial(make_serial_transport(options.pty_link, 115200), po);
  ASSERT_TRUE(serial.print(sample_receipt(PaperWidth::mm58)).ok());
  ASSERT_TRUE(wait_receipts(**server, 2));

  for (const auto& path : (*server)->receipts()) {
    EXPECT_EQ(path.parent_path(), options.output_dir);
    auto png = load_png(path);
    ASSERT_TRUE(png) << path;
    EXPECT_EQ(png->width, 384);
    EXPECT_EQ(decode_qr(*png), std::vector<std::string>{kSampleQrPayload});
  }

  (*server)->set_condition(PrinterCondition::cover_open);
  EXPECT_EQ(tcp.status().code, "printer.cover_open");
  EXPECT_EQ(serial.status().code, "printer.cover_open");
  (*server)->set_answers_status(false);
  EXPECT_EQ(tcp.status().state, DeviceState::unknown);
}

}  // namespace
}  // namespace zhidui::drivers::receipt_printer
