// network_receipt_printer_test.cpp — NetworkReceiptPrinter over real transports: a TCP listener in the
// test plays the printer (bytes into EscPosEmulator, DLE EOT answered from take_replies()), a pty plays
// a serial printer, and a plain file stands in for a usblp device that never answers.
#include "drivers/receipt_printer/network_receipt_printer.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "receipt_test_support.h"

namespace zhidui::drivers::receipt_printer {
namespace {

using namespace testing;
using namespace std::chrono_literals;

// A one-connection-at-a-time ESC/POS printer on 127.0.0.1:<ephemeral>.
class PrinterListener {
 public:
  explicit PrinterListener(PaperWidth paper) : emulator_(make_emulator(paper)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 4), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    worker_ = std::thread([this] { run(); });
  }
  ~PrinterListener() {
    stopping_ = true;
    worker_.join();
    ::close(listen_fd_);
  }
  uint16_t port() const { return port_; }

  template <class F>
  auto with_emulator(F&& f) {
    std::lock_guard lock(mutex_);
    return f(emulator_);
  }
  bool wait_tickets(size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (with_emulator([](EscPosEmulator& e) { return e.ticket_count(); }) >= n) return true;
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }

 private:
  void run() {
    int client = -1;
    uint8_t buf[4096];
    while (!stopping_) {
      pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {client, POLLIN, 0}};
      if (::poll(fds, client >= 0 ? 2 : 1, 20) <= 0) continue;
      if ((fds[0].revents & POLLIN) != 0) {
        if (client >= 0) ::close(client);  // a new connection replaces the old one, as on a 9100 port
        client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        continue;
      }
      if (client < 0 || fds[1].revents == 0) continue;
      ssize_t n = ::read(client, buf, sizeof buf);
      if (n <= 0) {
        ::close(client);
        client = -1;
        continue;
      }
      std::vector<uint8_t> replies;
      {
        std::lock_guard lock(mutex_);
        emulator_.feed(std::span(buf, size_t(n)));
        replies = emulator_.take_replies();
      }
      if (!replies.empty()) (void)!::send(client, replies.data(), replies.size(), MSG_NOSIGNAL);
    }
    if (client >= 0) ::close(client);
  }

  std::mutex mutex_;
  EscPosEmulator emulator_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread worker_;
};

NetworkReceiptPrinter tcp_printer(uint16_t port, PaperWidth paper = PaperWidth::mm80) {
  NetworkPrinterOptions options;
  options.paper = paper;
  options.status_timeout = 200ms;
  return NetworkReceiptPrinter(make_tcp_transport({"127.0.0.1", port, 1000ms}), options);
}

TEST(NetworkReceiptPrinter, TcpReceiptRendersLikeInProcess) {
  PrinterListener listener(PaperWidth::mm80);
  auto printer = tcp_printer(listener.port());
  EXPECT_EQ(printer.paper_width_dots(), 576);
  const auto bytes = sample_receipt(PaperWidth::mm80);
  auto printed = printer.print(bytes);
  ASSERT_TRUE(printed.ok()) << printed.error().code << ": " << printed.error().message;
  ASSERT_TRUE(listener.wait_tickets(1));
  const Raster over_tcp = listener.with_emulator([](EscPosEmulator& e) { return e.ticket(0); });
  EXPECT_TRUE(over_tcp == render_one_ticket(PaperWidth::mm80, bytes)) << "TCP ticket differs from in-process";
  EXPECT_EQ(decode_qr(over_tcp), std::vector<std::string>{kSampleQrPayload});

  const DeviceStatus s = printer.status();
  EXPECT_EQ(s.state, DeviceState::online);
  EXPECT_EQ(s.severity, Severity::ok);
  EXPECT_EQ(s.device_class, DeviceClass::receipt_printer);
}

TEST(NetworkReceiptPrinter, ConditionsAnsweredOverTcp) {
  PrinterListener listener(PaperWidth::mm80);
  auto printer = tcp_printer(listener.port());

  listener.with_emulator([](EscPosEmulator& e) { e.set_condition(PrinterCondition::paper_out); });
  const auto job = sample_receipt(PaperWidth::mm80);
  auto refused = printer.print(job);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "printer.paper_out");
  EXPECT_EQ(printer.printer_status().paper, PaperState::out);
  // Only the status requests (DLE EOT 1..4, 3 bytes each, twice) reached the printer, not the job.
  EXPECT_EQ(listener.with_emulator([](EscPosEmulator& e) { return e.stats().bytes_received; }), 24u)
      << "nothing of the job may be sent to a printer that reported paper out";

  listener.with_emulator([](EscPosEmulator& e) { e.set_condition(PrinterCondition::cover_open); });
  EXPECT_EQ(printer.status().code, "printer.cover_open");
  listener.with_emulator([](EscPosEmulator& e) { e.set_condition(PrinterCondition::jammed); });
  EXPECT_EQ(printer.status().state, DeviceState::hardware_error);

  listener.with_emulator([](EscPosEmulator& e) { e.set_condition(PrinterCondition::paper_low); });
  const DeviceStatus low = printer.status();
  EXPECT_EQ(low.code, "printer.paper_low");
  EXPECT_TRUE(low.usable());
  EXPECT_TRUE(printer.print(sample_receipt(PaperWidth::mm80)).ok());
  EXPECT_TRUE(listener.wait_tickets(1));
}

TEST(NetworkReceiptPrinter, SilentPrinterIsUnknownWithinTheTimeout) {
  PrinterListener listener(PaperWidth::mm80);
  listener.with_emulator([](EscPosEmulator& e) { e.set_answers_status(false); });
  auto printer = tcp_printer(listener.port());
  const auto t0 = std::chrono::steady_clock::now();
  const ReceiptPrinterStatus s = printer.printer_status();
  const auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(s.device.state, DeviceState::unknown);
  EXPECT_EQ(s.paper, PaperState::unknown);
  EXPECT_LT(took, 1s) << "one reply timeout (200 ms), not four";
  EXPECT_GE(took, 150ms);
  // Unknown does not block printing: many printers cannot report status at all.
  EXPECT_TRUE(printer.print(sample_receipt(PaperWidth::mm80)).ok());
  EXPECT_TRUE(listener.wait_tickets(1));
}

TEST(NetworkReceiptPrinter, ClosedPortIsOfflineAndRecoversWhenThePrinterReturns) {
  // Take an ephemeral port and free it: nothing listens there now.
  uint16_t port;
  {
    PrinterListener gone(PaperWidth::mm80);
    port = gone.port();
  }
  auto printer = tcp_printer(port);
  const DeviceStatus s = printer.status();
  EXPECT_EQ(s.state, DeviceState::offline);
  EXPECT_EQ(s.code, "printer.unavailable");
  EXPECT_EQ(s.hint, ActionHint::automatic_retry);
  auto refused = printer.print(sample_receipt(PaperWidth::mm80));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "printer.unavailable");

  // A printer that drops the connection after one job is reconnected on the next call.
  PrinterListener listener(PaperWidth::mm80);
  auto p2 = tcp_printer(listener.port());
  ASSERT_TRUE(p2.print(sample_receipt(PaperWidth::mm80)).ok());
  ASSERT_TRUE(listener.wait_tickets(1));
}

TEST(NetworkReceiptPrinter, NotConfigured) {
  NetworkReceiptPrinter printer(make_tcp_transport({"", 9100, 100ms}), {});
  EXPECT_EQ(printer.status().state, DeviceState::not_configured);
  EXPECT_EQ(printer.status().code, "printer.not_configured");
}

TEST(NetworkReceiptPrinter, SerialTransportOverPty) {
  int master = -1, slave = -1;
  char name[256] = {};
  ASSERT_EQ(::openpty(&master, &slave, name, nullptr, nullptr), 0);
  termios tio{};
  ::tcgetattr(master, &tio);
  ::cfmakeraw(&tio);
  ::tcsetattr(master, TCSANOW, &tio);
  EscPosEmulator emulator = make_emulator(PaperWidth::mm58);
  emulator.set_condition(PrinterCondition::paper_low);
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::thread fake([&] {
    uint8_t buf[1024];
    while (!stop) {
      pollfd pfd{master, POLLIN, 0};
      if (::poll(&pfd, 1, 20) <= 0) continue;
      ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) continue;
      std::lock_guard lock(mutex);
      emulator.feed(std::span(buf, size_t(n)));
      auto replies = emulator.take_replies();
      if (!replies.empty()) (void)!::write(master, replies.data(), replies.size());
    }
  });
  NetworkPrinterOptions options;
  options.paper = PaperWidth::mm58;
  options.status_timeout = 300ms;
  NetworkReceiptPrinter printer(make_serial_transport(name, 115200), options);
  EXPECT_EQ(printer.status().code, "printer.paper_low");
  EXPECT_TRUE(printer.print(sample_receipt(PaperWidth::mm58)).ok());
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  size_t tickets = 0;
  while (tickets == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
    std::lock_guard lock(mutex);
    tickets = emulator.ticket_count();
  }
  EXPECT_EQ(tickets, 1u);
  stop = true;
  fake.join();
  ::close(slave);
  ::close(master);
}

TEST(NetworkReceiptPrinter, UsbLpThatNeverAnswersIsUnknownAndMissingIsOffline) {
  ScratchDir dir("receipt-usblp");
  const auto file = dir.path() / "lp0";
  { std::ofstream created(file.string()); }
  NetworkPrinterOptions options;
  options.status_timeout = 50ms;
  NetworkReceiptPrinter printer(make_usb_lp_transport(file.string()), options);
  EXPECT_EQ(printer.status().state, DeviceState::unknown);
  const auto job = sample_receipt(PaperWidth::mm80);
  EXPECT_TRUE(printer.print(job).ok());
  // The job plus one DLE EOT 1 per status query (the rest are not asked once the first is unanswered).
  EXPECT_EQ(std::filesystem::file_size(file), job.size() + 6) << "the job went to the device file";

  NetworkReceiptPrinter missing(make_usb_lp_transport((dir.path() / "lp9").string()), options);
  EXPECT_EQ(missing.status().state, DeviceState::offline);
}

}  // namespace
}  // namespace zhidui::drivers::receipt_printer
