// tools/escpos-emulator/main.cpp — a stand-alone virtual receipt printer for development and demos.
//
// Listens on 127.0.0.1:<port> (raw TCP, port 9100 style) and optionally on a pty behind a symlink,
// interprets the ESC/POS it receives with EscPosEmulator, writes each cut ticket as a PNG into a folder
// and answers DLE EOT for the simulated condition. All the work is EmulatorServer (drivers/); this file
// is only the command line. While running, a line on stdin changes the condition:
//   ok | paper_low | paper_out | cover_open | jammed | silent | answer | quit
//
// Usage: escpos-emulator [--port N] [--pty LINK] [--out DIR] [--paper 58|80]
//                        [--condition ok|paper_low|paper_out|cover_open|jammed] [--silent] [--chinese]
#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "drivers/receipt_printer/escpos_emulator_server.h"

using namespace zhidui::drivers::receipt_printer;

namespace {

std::optional<PrinterCondition> parse_condition(std::string_view s) {
  for (auto c : {PrinterCondition::ok, PrinterCondition::paper_low, PrinterCondition::paper_out,
                 PrinterCondition::cover_open, PrinterCondition::jammed})
    if (s == to_string(c)) return c;
  return std::nullopt;
}

int usage(const char* why) {
  std::fprintf(stderr,
               "escpos-emulator: %s\n"
               "usage: escpos-emulator [--port N] [--pty LINK] [--out DIR] [--paper 58|80]\n"
               "                       [--condition ok|paper_low|paper_out|cover_open|jammed] [--silent] "
               "[--chinese]\n",
               why);
  return 2;
}

// Applies one stdin command; false on "quit".
bool command(EmulatorServer& server, std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (line.empty()) return true;
  if (line == "quit") return false;
  if (line == "silent" || line == "answer") {
    server.set_answers_status(line == "answer");
  } else if (auto c = parse_condition(line)) {
    server.set_condition(*c);
  } else {
    std::fprintf(stderr, "unknown command '%s'\n", line.c_str());
    return true;
  }
  std::printf("ok %s\n", line.c_str());
  std::fflush(stdout);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  EmulatorServerOptions options;
  options.tcp_port = 9100;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--port") {
      const char* v = value();
      if (!v) return usage("--port needs a value");
      const long port = std::strtol(v, nullptr, 10);
      if (port < 0 || port > 65535) return usage("--port out of range");
      options.tcp_port = uint16_t(port);
    } else if (arg == "--pty") {
      const char* v = value();
      if (!v) return usage("--pty needs a path");
      options.pty_link = v;
    } else if (arg == "--out") {
      const char* v = value();
      if (!v) return usage("--out needs a folder");
      options.output_dir = v;
    } else if (arg == "--paper") {
      const char* v = value();
      if (!v || (std::string_view(v) != "58" && std::string_view(v) != "80")) return usage("--paper is 58 or 80");
      options.emulator.paper = std::string_view(v) == "58" ? PaperWidth::mm58 : PaperWidth::mm80;
    } else if (arg == "--condition") {
      const char* v = value();
      auto c = v ? parse_condition(v) : std::nullopt;
      if (!c) return usage("--condition is ok, paper_low, paper_out, cover_open or jammed");
      options.condition = *c;
    } else if (arg == "--silent") {
      options.answers_status = false;
    } else if (arg == "--chinese") {
      options.emulator.chinese_mode_at_power_on = true;
    } else {
      return usage(("unknown option " + std::string(arg)).c_str());
    }
  }

  // Signals arrive through a signalfd so shutdown is an ordinary event in the loop below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  const int sfd = signalfd(-1, &signals, SFD_CLOEXEC);

  auto server = EmulatorServer::start(options);
  if (!server.ok()) {
    std::fprintf(stderr, "escpos-emulator: %s [%s]\n", server.error().message.c_str(), server.error().code.c_str());
    return 1;
  }
  std::printf("listening on 127.0.0.1:%u", unsigned((*server)->tcp_port()));
  if (!options.pty_link.empty()) std::printf(" and %s -> %s", options.pty_link.c_str(), (*server)->pty_path().c_str());
  std::printf("; tickets to %s; condition %s%s\n", options.output_dir.c_str(), to_string(options.condition),
              options.answers_status ? "" : " (silent)");
  std::fflush(stdout);

  bool stdin_open = true;
  for (;;) {
    pollfd fds[2] = {{sfd, POLLIN, 0}, {stdin_open ? 0 : -1, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if ((fds[0].revents & POLLIN) != 0) break;
    if (fds[1].revents != 0) {
      char line[128];
      if (std::fgets(line, sizeof line, stdin) == nullptr) {
        stdin_open = false;  // stdin closed (e.g. run in the background): keep serving until a signal
        continue;
      }
      if (!command(**server, line)) break;
    }
  }
  std::printf("stopping; %zu ticket(s) written\n", (*server)->receipts().size());
  return 0;
}
