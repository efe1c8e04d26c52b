// main.cpp — the zhidui-kiosk executable: reads the command line, builds the core (Runtime) and the UI
// (ui::App), and runs either the interactive kiosk, the headless demo journey, --self-check or --rotate-key.
//
//   zhidui-kiosk [--platform URL] [--token T] [--data-dir DIR] [--kiosk-id ID] [--landscape]
//                [--windowed] [--headless] [--screens-dir DIR] [--self-check] [--real-devices --reader PATH]
//                [--a4-server SOCKET|HOST:PORT] [--a4-queue NAME] [--rotate-key]
// Without a display (no DISPLAY / WAYLAND_DISPLAY) it runs headless: the demo journey, one PNG per
// screen, then prints the screens folder and the platform's acceptance number.
// Exit status 75 (EX_TEMPFAIL): a clean stop for a restart the technician asked for (act::RestartKiosk).
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
#include "ui/speaker.h"

namespace {

constexpr int kExitRestart = 75;  // EX_TEMPFAIL: start me again

struct Args {
  zhidui::RuntimeOptions runtime;
  std::string config_path;
  bool headless = false, windowed = false, landscape = false, self_check = false, rotate_key = false;
  std::string screens_dir;
};

void usage() {
  std::puts(
      "usage: zhidui-kiosk [options]\n"
      "  --config PATH       the kiosk's TOML configuration (docs: packaging/zhidui.toml); options below override it\n"
      "  --platform URL      central platform base URL (e.g. http://127.0.0.1:8470)\n"
      "  --token TOKEN       this kiosk's platform token\n"
      "  --kiosk-id ID       this kiosk's identity\n"
      "  --data-dir DIR      store, key and receipts (default var)\n"
      "  --assets DIR        catalog and strings (default: the source tree's assets/)\n"
      "  --landscape         lay out for 1920x1080 instead of 1080x1920\n"
      "  --windowed          a window instead of full screen (developers)\n"
      "  --headless          no window: run the demo journey and write PNGs (default without a display)\n"
      "  --screens-dir DIR   where headless PNGs go (default <data-dir>/screens)\n"
      "  --real-devices      use real hardware instead of the simulated devices\n"
      "  --reader PATH       serial port of the ID-card reader (with --real-devices)\n"
      "  --a4-server S       CUPS server of the A4 printer: a socket path or host:port (default: no A4 printer)\n"
      "  --a4-queue NAME     CUPS queue of the A4 printer (default zhidui-a4)\n"
      "  --platform-wait-ms N  how long the result screen waits for the acceptance number (default 8000)\n"
      "  --self-check        is this kiosk ready for service? configuration, data folder, key, queue, catalog,\n"
      "                      pinyin, handwriting, voice, each device, the platform and the font's glyphs; exit 1\n"
      "                      on any FAIL (stop the service first: the devices are opened for real)\n"
      "  --rotate-key        re-seal the store's personal data under a new field key (stop the service first);\n"
      "                      prints how many values were re-sealed\n"
      "  --hash-pin          read a technician PIN (6-12 digits) from standard input and print its argon2id hash\n"
      "                      for [technician] pin_hash in the configuration");
}

bool parse(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    bool ok = true;
    if (k == "--platform") ok = value(a.runtime.platform_url);
    else if (k == "--config") ok = value(a.config_path);
    else if (k == "--token") ok = value(a.runtime.platform_token);
    else if (k == "--kiosk-id") ok = value(a.runtime.kiosk_id);
    else if (k == "--data-dir") ok = value(a.runtime.data_dir);
    else if (k == "--assets") ok = value(a.runtime.assets_dir);
    else if (k == "--screens-dir") ok = value(a.screens_dir);
    else if (k == "--reader") ok = value(a.runtime.reader_device);
    else if (k == "--a4-server") ok = value(a.runtime.a4_cups_server);
    else if (k == "--a4-queue") ok = value(a.runtime.a4_queue);
    else if (k == "--platform-wait-ms") {
      std::string v;
      ok = value(v) && !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
      if (ok) a.runtime.session.platform_wait_ms = std::stoll(v);
    }
    else if (k == "--landscape") a.landscape = true;
    else if (k == "--windowed") a.windowed = true;
    else if (k == "--headless") a.headless = true;
    else if (k == "--real-devices") a.runtime.simulate_devices = false;
    else if (k == "--self-check") a.self_check = true;
    else if (k == "--rotate-key") a.rotate_key = true;
    else if (k == "--help" || k == "-h") { usage(); std::exit(0); }
    else {
      std::fprintf(stderr, "zhidui-kiosk: unknown option %s\n", k.c_str());
      return false;
    }
    if (!ok) {
      std::fprintf(stderr, "zhidui-kiosk: %s needs a value\n", k.c_str());
      return false;
    }
  }
  if (a.screens_dir.empty()) a.screens_dir = a.runtime.data_dir + "/screens";
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((!display || !*display) && (!wayland || !*wayland)) a.headless = true;
  return true;
}

// `--hash-pin`: the technician's PIN is never stored in clear, not even in the configuration file.
int hash_pin() {
  std::string pin;
  std::getline(std::cin, pin);
  if (!pin.empty() && pin.back() == '\r') pin.pop_back();
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
  if (argc == 2 && std::string(argv[1]) == "--hash-pin") return hash_pin();
  Args args;
  if (!parse(argc, argv, args)) return 2;
  bool dev_dock = args.runtime.simulate_devices;
  if (!args.config_path.empty()) {
    // The file first, then the command line again so that explicit options win.
    Args from_file = args;
    const zhidui::ConfiguredRun run = zhidui::apply_config_file(args.config_path, from_file.runtime);
    args.landscape = run.landscape;
    dev_dock = run.dev_dock;
    Args cli;
    parse(argc, argv, cli);
    args.runtime = from_file.runtime;
    for (int i = 1; i < argc; ++i) {
      std::string k = argv[i];
      if (k == "--platform") args.runtime.platform_url = cli.runtime.platform_url;
      else if (k == "--token") args.runtime.platform_token = cli.runtime.platform_token;
      else if (k == "--data-dir") args.runtime.data_dir = cli.runtime.data_dir;
      else if (k == "--assets") args.runtime.assets_dir = cli.runtime.assets_dir;
      else if (k == "--kiosk-id") args.runtime.kiosk_id = cli.runtime.kiosk_id;
      else if (k == "--a4-server") args.runtime.a4_cups_server = cli.runtime.a4_cups_server;
      else if (k == "--a4-queue") args.runtime.a4_queue = cli.runtime.a4_queue;
      else if (k == "--landscape") args.landscape = true;
    }
    if (args.screens_dir.empty() || args.screens_dir == "var/screens") args.screens_dir = args.runtime.data_dir + "/screens";
  }
  if (args.rotate_key) return rotate_key(args.runtime.data_dir);
  // A self-check probes the platform once itself and never starts the sync engine (nothing is uploaded).
  const zhidui::offline::PlatformConfig platform = zhidui::platform_config_of(args.runtime);
  if (args.self_check) args.runtime.platform_url.clear();

  args.runtime.orientation = args.landscape ? "landscape" : "portrait";
  args.runtime.record_runs = !args.headless && !args.self_check;
  auto runtime = zhidui::Runtime::create(args.runtime);
  if (!runtime) {
    std::fprintf(stderr, "zhidui-kiosk: cannot start: %s (%s)\n", runtime.error().message.c_str(),
                 runtime.error().code.c_str());
    return 1;
  }
  zhidui::Runtime& rt = *runtime.value();
  if (args.self_check) return self_check(rt, platform);

  zhidui::ui::AppOptions ui;
  ui.headless = args.headless;
  ui.windowed = args.windowed;
  if (args.landscape) std::swap(ui.width, ui.height);
  // Earlier versions kept the characters of names seen at run time here; nothing of a person stays.
  std::error_code no_such_file;
  std::filesystem::remove(args.runtime.data_dir + "/glyphs-seen.txt", no_such_file);
  ui.keyboard_text = [&rt](std::string_view keys) { rt.keyboard_wedge_text(keys); };
  ui.pinyin = rt.pinyin();
  ui.handwriting = rt.handwriting();
  for (auto& t : rt.data_texts()) ui.extra_texts.push_back(t.second);
  if (dev_dock && args.runtime.simulate_devices && !args.headless)
    ui.dev_dock = [&rt] { zhidui::ui::draw_dev_dock(rt); };

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
  if (!args.headless && args.runtime.voice_enabled) {
    speaker.emplace();
    rt.attach_voice(*speaker);
    voice_attached.emplace(VoiceDetach{rt});
  }
  if (!args.headless) {
    const zhidui::Status ran = app.run();
    zhidui::service::notify("STOPPING=1");
    if (!ran) return 1;  // not a clean stop: the run record counts it towards a crash loop
    rt.stopped_cleanly();
    // A clean stop, so no crash loop is counted; the unit (Restart=always, SuccessExitStatus=75) starts the
    // kiosk again with the settings the technician saved to its configuration file.
    if (rt.session().restart_requested()) return kExitRestart;
    return 0;
  }
  auto demo = zhidui::ui::run_demo_journey(app, rt, args.screens_dir);
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
