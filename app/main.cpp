// main.cpp — the zhidui-kiosk executable: reads the command line once (runtime/runtime_config.h: its
// options always win over the configuration file), builds the core (Runtime) and the UI (ui::App), and runs
// either the interactive kiosk, the headless demo journey, --self-check, --rotate-key or --hash-pin
// (`zhidui-kiosk --help` lists the options).
// Without a display (no DISPLAY / WAYLAND_DISPLAY) it runs headless: the demo journey, one PNG per
// screen, then prints the screens folder and the platform's acceptance number.
// Exit status 75 (EX_TEMPFAIL): a clean stop for a restart the technician asked for (act::RestartKiosk).
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "base/log.h"
#include "base/sensitive.h"
#include "base/service_notify.h"
#include "base/clock.h"
#include "runtime/runtime.h"
#include "runtime/runtime_config.h"
#include "runtime/self_check.h"
#include "kiosk/strings.h"
#include "kiosk/technician_auth.h"
#include "offline/store.h"
#include "ui/app.h"
#include "ui/demo_journey.h"
#include "ui/dev_dock.h"
#include "ui/speaker.h"

namespace {

constexpr int kExitRestart = 75;  // EX_TEMPFAIL: start me again

// Reads one line of standard input; from a terminal, after `prompt` and without echoing what is typed
// (a PIN must not appear on screen nor, through `echo PIN |`, in the shell's history).
std::string read_secret_line(const char* prompt) {
  std::string line;
  if (!::isatty(STDIN_FILENO)) {
    std::getline(std::cin, line);
  } else {
    std::fputs(prompt, stderr);
    termios saved {};
    const bool got = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    termios quiet = saved;
    quiet.c_lflag &= ~tcflag_t(ECHO);
    if (got) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    std::getline(std::cin, line);
    if (got) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputs("\n", stderr);
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// `--hash-pin`: the technician's PIN is never stored in clear, not even in the configuration file.
int hash_pin() {
  std::string pin = read_secret_line("technician PIN (6-12 digits): ");
  if (::isatty(STDIN_FILENO)) {
    std::string again = read_secret_line("the same PIN again: ");
    const bool same = again == pin;
    zhidui::wipe(again);
    if (!same) {
      zhidui::wipe(pin);
      std::fprintf(stderr, "zhidui-kiosk --hash-pin: the two PINs differ; nothing was made\n");
      return 2;
    }
  }
  const bool digits = std::all_of(pin.begin(), pin.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
  if (!digits || pin.size() < 6 || pin.size() > 12) {
    std::fprintf(stderr, "zhidui-kiosk --hash-pin: the PIN must be 6 to 12 digits (the panel's keypad has digits only)\n");
    return 2;
  }
  auto hash = zhidui::TechnicianAuth::hash_pin(pin);
  zhidui::wipe(pin);
  if (!hash) {
    std::fprintf(stderr, "zhidui-kiosk --hash-pin: %s\n", hash.error().message.c_str());
    return 1;
  }
  std::printf("%s\n", hash.value().c_str());
  return 0;
}

// `--rotate-key`: the technician retires the field key (offline/key_rotation.h). The store is opened for
// this process alone, so a running kiosk makes it refuse instead of racing it.
int rotate_key(const std::string& data_dir) {
  const std::string db_path = data_dir + "/kiosk.db", key_path = data_dir + "/field.key";
  std::error_code no_such_file;
  if (!std::filesystem::exists(db_path, no_such_file)) {
    std::fprintf(stderr, "zhidui-kiosk --rotate-key: there is no store at %s (check data_dir / --data-dir)\n",
                 db_path.c_str());
    return 1;
  }
  zhidui::offline::StoreOptions alone;
  alone.exclusive = true;
  auto store = zhidui::offline::Store::open(db_path, key_path, alone);
  if (!store) {
    if (store.error().code == "store.busy")
      std::fprintf(stderr, "zhidui-kiosk --rotate-key: the store %s is in use: stop the kiosk first "
                           "(systemctl stop zhidui-kiosk); nothing was changed\n", db_path.c_str());
    else
      std::fprintf(stderr, "zhidui-kiosk --rotate-key: cannot open the store: %s (%s); nothing was changed\n",
                   store.error().message.c_str(), store.error().code.c_str());
    return 1;
  }
  auto rotated = store.value()->rotate_key();
  if (!rotated) {
    std::fprintf(stderr, "zhidui-kiosk --rotate-key: %s (%s)\n", rotated.error().message.c_str(),
                 rotated.error().code.c_str());
    return 1;
  }
  std::printf("field key rotated to generation %d: %lld values re-sealed, %lld ID-number indexes recomputed (%s)\n",
              rotated->generation, static_cast<long long>(rotated->values_resealed),
              static_cast<long long>(rotated->indexes_recomputed), key_path.c_str());
  return 0;
}

// `--self-check`: the core's checks (runtime/self_check.h) and the glyphs of every text in the font.
int self_check(zhidui::Runtime& runtime, const zhidui::offline::PlatformConfig& platform) {
  zhidui::SelfCheckOptions options;
  options.platform = platform;
  auto lines = zhidui::run_self_check(runtime, options);

  std::vector<std::pair<std::string, std::string>> texts;
  for (const auto& [k, v] : zhidui::strings().all()) texts.emplace_back("strings:" + k, v);
  for (auto& t : runtime.data_texts()) texts.emplace_back("catalog:" + t.first, t.second);
  auto missing = zhidui::ui::self_check_glyphs(texts);
  std::string glyphs = std::to_string(texts.size()) + " texts, every glyph in the font";
  if (!missing.empty()) {
    glyphs = std::to_string(missing.size()) + " missing glyph(s):";
    for (const auto& m : missing) glyphs += "\n" + m;
  }
  lines.push_back({missing.empty() ? zhidui::SelfCheckLine::Level::ok : zhidui::SelfCheckLine::Level::fail, "glyphs", glyphs});

  std::fputs(zhidui::format_self_check(lines).c_str(), stdout);
  const bool passed = zhidui::self_check_passed(lines);
  std::puts(passed ? "self-check: ok, ready for service" : "self-check: FAILED, not ready for service (see FAIL above)");
  return passed ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = zhidui::parse_command_line(argc, argv);
  if (!parsed) {
    std::fprintf(stderr, "zhidui-kiosk: %s\n%s", parsed.error().message.c_str(), zhidui::usage_text());
    return 2;
  }
  const zhidui::CommandLine& cli = parsed.value();
  if (cli.help) {
    std::fputs(zhidui::usage_text(), stdout);
    return 0;
  }
  if (cli.hash_pin) return hash_pin();
  // One precedence for every setting: defaults < the configuration file < the command line.
  zhidui::RuntimeOptions options = zhidui::options_for(cli);
  if (cli.rotate_key) return rotate_key(options.config.data_dir);

  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  const bool headless = cli.headless || ((!display || !*display) && (!wayland || !*wayland));
  // Without a display the kiosk runs its demo journey, which presents a card on the simulated reader: never
  // against a hall's real devices and store (a technician over SSH who forgot --self-check).
  if (headless && !cli.self_check && !options.config.simulate_devices) {
    std::fprintf(stderr, "zhidui-kiosk: no display, and the headless demo journey runs only with simulated devices "
                         "(demo mode); for a check of this kiosk use --self-check\n");
    return 2;
  }
  const std::string screens_dir = cli.screens_dir.value_or(options.config.data_dir + "/screens");
  // A self-check probes the platform once itself and never starts the sync engine (nothing is uploaded).
  const zhidui::offline::PlatformConfig platform = options.platform();
  if (cli.self_check) options.config.platform_url.clear();
  options.record_runs = !headless && !cli.self_check;
  auto runtime = zhidui::Runtime::create(options);
  if (!runtime) {
    std::fprintf(stderr, "zhidui-kiosk: cannot start: %s (%s)\n", runtime.error().message.c_str(),
                 runtime.error().code.c_str());
    return 1;
  }
  zhidui::Runtime& rt = *runtime.value();
  if (cli.self_check) return self_check(rt, platform);

  zhidui::ui::AppOptions ui;
  ui.headless = headless;
  ui.windowed = cli.windowed;
  if (options.landscape()) std::swap(ui.width, ui.height);
  // Earlier versions kept the characters of names seen at run time here; nothing of a person stays.
  std::error_code no_such_file;
  std::filesystem::remove(options.config.data_dir + "/glyphs-seen.txt", no_such_file);
  ui.keyboard_text = [&rt](std::string_view keys) { rt.keyboard_wedge_text(keys); };
  ui.pinyin = rt.pinyin();
  ui.handwriting = rt.handwriting();
  for (auto& t : rt.data_texts()) ui.extra_texts.push_back(t.second);
  if (options.dev_dock() && !headless) ui.dev_dock = [&rt] { zhidui::ui::draw_dev_dock(rt); };

  // Under systemd (Type=notify, WatchdogSec=): ready after the first frame, then pet the watchdog from
  // the frame loop, so a frozen UI is restarted. Outside systemd these are no-ops.
  zhidui::service::Watchdog watchdog;
  bool ready_sent = false;
  ui.after_frame = [&] {
    if (!ready_sent) {
      zhidui::service::notify("READY=1");
      ready_sent = true;
    }
    watchdog.pet(zhidui::clock::steady_ms());
  };

  zhidui::ui::App app(rt.session(), rt.events());
  if (auto s = app.init(ui); !s) {
    std::fprintf(stderr, "zhidui-kiosk: UI failed to start: %s\n", s.error().message.c_str());
    return 1;
  }
  // Voice guidance (not for the headless demo: nobody listens). Declared after the App so that they are
  // destroyed guide (detach) → speaker → App, whose destructor shuts SDL down. Without a sound card the
  // speaker drops the audio, so speech then does nothing.
  struct VoiceDetach {
    zhidui::Runtime& rt;
    ~VoiceDetach() { rt.detach_voice(); }
  };
  std::optional<zhidui::ui::Speaker> speaker;
  std::optional<VoiceDetach> voice_attached;
  if (!headless && options.config.voice_enabled) {
    speaker.emplace();
    rt.attach_voice(*speaker);
    voice_attached.emplace(VoiceDetach{rt});
  }
  if (!headless) {
    const zhidui::Status ran = app.run();
    zhidui::service::notify("STOPPING=1");
    if (!ran) return 1;  // not a clean stop: the run record counts it towards a crash loop
    rt.stopped_cleanly();
    // A clean stop, so no crash loop is counted; the unit (Restart=always, SuccessExitStatus=75) starts the
    // kiosk again with the settings the technician saved to its configuration file.
    if (rt.session().restart_requested()) return kExitRestart;
    return 0;
  }
  auto demo = zhidui::ui::run_demo_journey(app, rt, screens_dir);
  if (!demo) {
    std::fprintf(stderr, "zhidui-kiosk: demo journey failed: %s (%s)\n", demo.error().message.c_str(),
                 demo.error().code.c_str());
    return 1;
  }
  std::printf("screens: %s\n", demo->screens_dir.c_str());
  if (!demo->receipt_file.empty()) std::printf("receipt: %s\n", demo->receipt_file.c_str());
  std::printf("application: %s\n", demo->uuid.c_str());
  if (demo->acceptance_no.empty()) {
    std::printf("acceptance number: (none yet: saved, uploads when the platform answers)\n");
    return 3;
  }
  std::printf("acceptance number: %s\n", demo->acceptance_no.c_str());
  return 0;
}
