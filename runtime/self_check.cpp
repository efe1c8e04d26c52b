// self_check.cpp — what `zhidui-kiosk --self-check` checks (self_check.h). It reads the running core
// (Runtime) rather than re-deriving anything from the configuration, so that it tests what the kiosk
// would really run: the same devices opened the same way, the same store, the same input engines.
#include "runtime/self_check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include "base/clock.h"
#include "runtime/runtime.h"
#include "kiosk/voice/speech_synth.h"

namespace zhidui {
namespace {

namespace fs = std::filesystem;
using Level = SelfCheckLine::Level;

constexpr uintmax_t kLowDiskBytes = 1ull << 30;  // below this, warn: the store refuses submissions near full

struct Checker {
  Runtime& rt;
  const SelfCheckOptions& options;
  std::vector<SelfCheckLine> lines;

  void add(Level level, std::string subject, std::string detail) {
    lines.push_back({level, std::move(subject), std::move(detail)});
  }

  void configuration() {
    const RuntimeOptions& o = rt.options();
    if (!o.configuration_problem.empty()) return add(Level::fail, "configuration", o.configuration_problem);
    if (o.config_path.empty())
      return add(Level::warn, "configuration", "no configuration file: developer defaults (use --config)");
    const KioskConfig& c = o.config;
    add(Level::ok, "configuration",
        o.config_path + ": kiosk " + c.kiosk_id + ", " + (c.hall.empty() ? "(no hall)" : c.hall) + ", region " +
            c.region_code + ", " + (c.simulate_devices ? "simulated devices (demo)" : "real devices"));
    for (const std::string& problem : rt.startup_problems()) add(Level::warn, "start-up", problem);
  }

  void data_folder() {
    const std::string& dir = rt.options().config.data_dir;
    // Writable the way the store writes: create, write, fsync, remove.
    const std::string probe = dir + "/.self-check-" + std::to_string(::getpid());
    int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool writable = fd >= 0 && ::write(fd, "x", 1) == 1 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    ::unlink(probe.c_str());
    std::error_code ec;
    const fs::space_info space = fs::space(dir, ec);
    const std::string free_text = ec ? "free space unknown" : std::to_string(space.available >> 20) + " MiB free";
    if (!writable) return add(Level::fail, "data folder", dir + " is not writable by this user");
    add(!ec && space.available < kLowDiskBytes ? Level::warn : Level::ok, "data folder", dir + ", " + free_text);

    struct stat st {};
    const std::string key = dir + "/field.key";
    if (::stat(key.c_str(), &st) != 0) add(Level::fail, "key", key + " is missing");
    else if ((st.st_mode & 077) != 0) add(Level::fail, "key", key + " is readable by others (chmod 600)");
    else add(Level::ok, "key", key + ", owner-only");
  }

  void queue() {
    TechnicianSnapshot t = rt.technician_snapshot();
    if (!t.queue_known) return add(Level::fail, "store", "the upload queue cannot be read (see the log)");
    const std::string counts = std::to_string(t.pending) + " waiting to upload, " + std::to_string(t.done) +
                               " uploaded, " + std::to_string(t.dead) + " failed";
    if (t.dead > 0)
      return add(Level::warn, "store", counts + ": the technician panel lists each failure with the platform's reason "
                                                "and a button to upload it again");
    add(Level::ok, "store", "integrity ok; " + counts);
  }

  void catalog() {
    const Catalog& c = rt.catalog();
    add(c.items.empty() ? Level::fail : Level::ok, "catalog",
        c.version + ", " + std::to_string(c.items.size()) + " policy items");
  }

  void input_engines() {
    if (input::PinyinIme* ime = rt.pinyin()) {
      if (ime->wait_until_prepared() == input::ImeState::ready)
        add(Level::ok, "pinyin", "rime ready in " + std::to_string(ime->prepare_ms()) + " ms");
      else
        add(Level::fail, "pinyin", "rime failed: " + ime->error());
    } else {
      add(Level::fail, "pinyin", "rime could not start (see the log)");
    }
    if (rt.handwriting()) add(Level::ok, "handwriting", "zinnia model loaded");
    else add(Level::fail, "handwriting", "zinnia model missing (package tegaki-zinnia-simplified-chinese)");
  }

  void voice() {
    if (!rt.options().config.voice_enabled) return add(Level::ok, "voice", "off in the configuration");
    const voice::VoicePrompts* prompts = rt.voice_prompts();
    const std::string* text = prompts ? prompts->screen("home") : nullptr;
    if (!text) return add(Level::fail, "voice", "the voice prompts could not be read (see the log)");
    const int64_t start = clock::steady_ms();
    auto pcm = voice::SpeechSynth().synthesise(*text);
    if (!pcm) return add(Level::fail, "voice", "espeak-ng: " + pcm.error().message);
    if (voice::rms(pcm.value()) < 100)
      return add(Level::fail, "voice", "espeak-ng produced silence for the home screen's prompt");
    std::ostringstream d;
    d.precision(1);
    d << std::fixed << "espeak-ng Mandarin: the home prompt is " << pcm->seconds() << " s of speech, made in "
      << clock::steady_ms() - start << " ms (the speaker itself is not tested here)";
    add(Level::ok, "voice", d.str());
  }

  // Devices and the platform come from the configuration: with a broken one there is nothing to check.
  bool configuration_broken() {
    if (rt.options().configuration_problem.empty()) return false;
    add(Level::warn, "devices", "not checked until the configuration is fixed");
    add(Level::warn, "platform", "not checked until the configuration is fixed");
    return true;
  }

  void devices() {
    using drivers::DeviceClass;
    const KioskConfig& c = rt.options().config;
    std::map<DeviceClass, bool> expected;  // → required
    const bool serial_scanner = c.barcode_scanner && c.barcode_scanner->mode == "serial";
    if (c.simulate_devices || c.id_reader) expected[DeviceClass::id_reader] = false;
    if (c.simulate_devices || c.receipt_printer) expected[DeviceClass::receipt_printer] = false;
    if (c.document_printer) expected[DeviceClass::document_printer] = false;
    if (c.simulate_devices || serial_scanner) expected[DeviceClass::barcode_scanner] = false;
    for (DeviceClass d : rt.session().required_devices()) expected[d] = true;

    // Let every adapter report (their workers start with the runtime); the session keeps the last status.
    Session& session = rt.session();
    const int64_t deadline = clock::steady_ms() + options.device_wait_ms;
    auto all_heard = [&] {
      for (const auto& [d, required] : expected) {
        auto it = session.devices().find(d);
        if (it == session.devices().end() || it->second.state == drivers::DeviceState::unknown) return false;
      }
      return true;
    };
    while (true) {
      for (Event& e : rt.events().drain()) session.handle(e, clock::steady_ms());
      if (all_heard() || clock::steady_ms() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (const auto& [d, required] : expected) {
      const std::string name = drivers::to_string(d);
      const Level bad = required ? Level::fail : Level::warn;
      const std::string role = required ? " (required: the kiosk pauses service without it)"
                                        : " (not required: the kiosk degrades without it)";
      auto it = session.devices().find(d);
      if (it == session.devices().end()) {
        add(bad, name, "no status within " + std::to_string(options.device_wait_ms) + " ms" + role);
        continue;
      }
      const drivers::DeviceStatus& s = it->second;
      std::string detail = drivers::to_string(s.state);
      if (!s.info.model.empty()) detail += ", " + s.info.model;
      if (!s.info.serial.empty()) detail += " serial " + s.info.serial;
      if (!s.info.firmware.empty()) detail += " firmware " + s.info.firmware;
      if (!s.code.empty()) detail += ": " + s.code;
      if (!s.detail.empty()) detail += ": " + s.detail;
      if (s.state == drivers::DeviceState::unknown) add(bad, name, detail + role);
      else if (!s.usable()) add(bad, name, detail + role);
      else add(s.severity == drivers::Severity::warning ? Level::warn : Level::ok, name, detail);
    }
  }

  void platform() {
    const offline::PlatformConfig& p = options.platform;
    if (p.base_url.empty())
      return add(rt.options().config.simulate_devices ? Level::warn : Level::fail, "platform",
                 "no platform address: applications would stay queued on this kiosk");
    // The status pull is read-only and authenticated: an answer proves the address, TLS and the token.
    offline::PlatformClient client(p);
    auto page = client.pull_status("", 1);
    // With mutual TLS the line names the client certificate: a refused one fails the handshake, which
    // otherwise reads like any network error.
    const std::string with_cert = p.client_cert.empty() ? "" : " with client certificate " + p.client_cert;
    if (!page)
      return add(Level::fail, "platform",
                 p.base_url + with_cert + ": " + page.error().code + ": " + page.error().message);
    add(Level::ok, "platform", p.base_url + ": reachable" + with_cert + ", this kiosk's token accepted");
  }
};

const char* level_text(Level l) {
  switch (l) {
    case Level::ok: return "ok";
    case Level::warn: return "warn";
    case Level::fail: return "FAIL";
  }
  return "?";
}

}  // namespace

std::vector<SelfCheckLine> run_self_check(Runtime& runtime, const SelfCheckOptions& options) {
  Checker c{runtime, options, {}};
  c.configuration();
  c.data_folder();
  c.queue();
  c.catalog();
  c.input_engines();
  c.voice();
  if (!c.configuration_broken()) {
    c.devices();
    c.platform();
  }
  return std::move(c.lines);
}

std::string format_self_check(const std::vector<SelfCheckLine>& lines) {
  std::ostringstream out;
  for (const SelfCheckLine& line : lines) {
    std::string subject = line.subject;
    subject.resize(std::max<size_t>(subject.size(), 17), ' ');
    std::string level = level_text(line.level);
    level.resize(6, ' ');
    // A multi-line detail (every configuration problem on its own line) stays under its column.
    std::string detail;
    for (char ch : line.detail) detail += ch == '\n' ? std::string("\n") + std::string(6 + 17, ' ') : std::string(1, ch);
    out << level << subject << detail << "\n";
  }
  return out.str();
}

bool self_check_passed(const std::vector<SelfCheckLine>& lines) {
  for (const SelfCheckLine& line : lines)
    if (line.level == Level::fail) return false;
  return true;
}

}  // namespace zhidui
