// technician_settings.cpp — see technician_settings.h.
#include "runtime/technician_settings.h"

#include <algorithm>
#include <cassert>
#include <map>

#include "base/log.h"
#include "kiosk/strings.h"

namespace zhidui {
namespace {

constexpr std::string_view kLog = "technician";

std::string secret_shown(const std::string& value) {
  return value.empty() ? tr("tech.secret_unset")
                       : strings().format("tech.secret_set", {{"n", std::to_string(value.size())}});
}

std::string or_none(const std::string& v) { return v.empty() ? std::string("(none)") : v; }

}  // namespace

TechnicianSettings::TechnicianSettings(RuntimeOptions& options, const std::vector<std::string>& startup_problems,
                                       offline::Store* read_store, std::function<void(int)> set_voice_volume)
    : options_(options), startup_problems_(startup_problems), read_store_(read_store),
      set_voice_volume_(std::move(set_voice_volume)) {}

// The configuration as the technician panel lists it; the token shows only its first characters.
std::vector<std::pair<std::string, std::string>> TechnicianSettings::settings_shown() const {
  const KioskConfig& c = options_.config;
  const std::string& token_value = c.platform_token;
  std::string token = token_value.size() > 4
                          ? token_value.substr(0, 2) + "…(" + std::to_string(token_value.size()) + " chars)"
                          : std::string(token_value.empty() ? "(none)" : "(set)");
  const Catalog& serving = session_->catalog();  // a refresh may have replaced the one loaded at start
  std::map<std::string, int> needing;
  for (const auto& item : serving.items)
    for (drivers::DeviceClass d : item.devices) ++needing[drivers::to_string(d)];
  std::string required;
  for (const auto& [device, n] : needing) required += (required.empty() ? "" : ", ") + device + " " + std::to_string(n);
  std::string required_devices;
  for (drivers::DeviceClass d : session_->required_devices())
    required_devices += (required_devices.empty() ? "" : ", ") + std::string(drivers::to_string(d));
  const bool simulated = c.simulate_devices;
  std::string reader = simulated ? "fake SAM module on a pty" : "(none)";
  if (!simulated && c.id_reader) reader = c.id_reader->port + " " + std::to_string(c.id_reader->baud) + " 8N1";
  std::string receipt = simulated ? "ESC/POS emulator" : "(none)";
  if (!simulated && c.receipt_printer)
    receipt = c.receipt_printer->transport + " " + c.receipt_printer->path + c.receipt_printer->address;
  std::string scanner = simulated ? "fake scanner on a pty" : "(none)";
  if (!simulated && c.barcode_scanner)
    scanner = c.barcode_scanner->mode == "wedge" ? "keyboard wedge" : or_none(c.barcode_scanner->port);
  std::vector<std::pair<std::string, std::string>> settings = {
      {"kiosk.id", c.kiosk_id},
      {"kiosk.hall", or_none(c.hall)},
      {"kiosk.region_code", c.region_code},
      {"kiosk.orientation", c.orientation},
      {"config file", or_none(options_.config_path)},
      {"platform.url", or_none(c.platform_url)},
      {"platform.token", token},
      {"platform.ca_file", or_none(c.ca_file)},
      {"platform.pinned_sha256", std::to_string(c.pinned_sha256.size()) + " pin(s)"},
      {"platform.client_cert", or_none(c.client_cert)},
      {"platform timeouts", std::to_string(c.connect_timeout_ms) + " ms to connect, " +
                                std::to_string(c.total_timeout_ms) + " ms per request"},
      {"devices", simulated ? "simulated (demo)" : "real"},
      {"id_reader", reader},
      {"receipt_printer", receipt},
      {"document_printer",
       c.document_printer ? c.document_printer->queue + " on " + c.document_printer->server : "(none)"},
      {"barcode_scanner", scanner},
      {"devices.required", or_none(required_devices)},
      {"policies needing", required.empty() ? "(none)" : required},
      {"catalog", serving.version + ", " + std::to_string(serving.items.size()) + " items"},
      {"timeouts.idle_seconds", std::to_string(session_->configured_idle_timeout_ms() / 1000)},
      {"timeouts.platform_wait_ms", std::to_string(session_->platform_wait_ms())},
      {"voice", c.voice_enabled ? "on, volume " + std::to_string(c.voice_volume) : "off"},
  };
  for (const std::string& problem : startup_problems_) settings.insert(settings.begin(), {"problem at start", problem});
  return settings;
}

TechnicianSnapshot TechnicianSettings::snapshot() const {
  assert(session_ && "TechnicianSettings::attach(session) before the panel asks");
  TechnicianSnapshot t;
  if (read_store_) {
    if (auto c = read_store_->outbox_counts()) {
      t.queue_known = true;
      t.pending = c->pending;
      t.done = c->done;
      t.dead = c->dead;
    }
    if (auto dead = read_store_->outbox_entries(offline::OutboxState::dead, 6))
      for (const auto& e : dead.value()) t.dead_letters.push_back({e.seq, e.kind, e.uuid, e.attempts, e.last_error});
  }
  t.settings = settings_shown();
  t.settings_saved_to_file = !options_.config_path.empty();
  t.connect_timeout_seconds = int(options_.config.connect_timeout_ms / 1000);
  t.total_timeout_seconds = int(options_.config.total_timeout_ms / 1000);
  if (!options_.config_path.empty()) {
    if (auto file = load_config_for_edit(options_.config_path)) {
      for (const TextSetting& s : text_settings_of(file.value()))
        t.text_settings.push_back({s.key, s.secret ? secret_shown(s.value) : s.value, s.secret});
      t.connect_timeout_seconds = int(file->connect_timeout_ms / 1000);  // what the next start will use
      t.total_timeout_seconds = int(file->total_timeout_ms / 1000);
    } else {
      t.text_settings_problem = file.error().message;
    }
  }
  t.voice_volume = options_.config.voice_volume;
  t.idle_seconds = int(session_->configured_idle_timeout_ms() / 1000);
  t.platform_wait_seconds = int(session_->platform_wait_ms() / 1000);
  t.recent_log = log::recent(12);
  return t;
}

// Edits the configuration file with `change` (atomically; refused when the edit adds a problem, see
// save_config_edit). A file that fails its checks can still be edited: that is how a paused kiosk is fixed.
Status TechnicianSettings::edit_config_file(const std::function<Status(KioskConfig&)>& change) {
  KioskConfig before = ZHIDUI_TRY(load_config_for_edit(options_.config_path));
  KioskConfig after = before;
  ZHIDUI_TRY(change(after));
  return save_config_edit(before, after);
}

Result<std::string> TechnicianSettings::set_text_setting(const std::string& key, const std::string& value) {
  if (options_.config_path.empty()) return make_error("tech.no_config_file", "no configuration file to save to");
  // The platform accepts an application only under the kiosk id it was made with (kiosk_id_mismatch):
  // a new id while some wait would turn them into dead letters at the next start.
  const std::string& kiosk_id = options_.config.kiosk_id;
  if (key == "kiosk.id" && value != kiosk_id) {
    auto counts = read_store_ ? read_store_->outbox_counts()
                              : Result<offline::OutboxCounts>(make_error("store", "no store"));
    if (!counts) return make_error("tech.kiosk_id_unsafe", "the upload queue cannot be read, so the id stays");
    if (counts->pending + counts->dead > 0)
      return make_error("tech.kiosk_id_unsafe",
                        std::to_string(counts->pending + counts->dead) + " entries wait in the upload queue under kiosk id " +
                            kiosk_id + " (the platform accepts each only under the id it was made with): " +
                            "let them upload or settle the dead letters first, then change the id");
  }
  ZHIDUI_TRY(edit_config_file([&](KioskConfig& c) { return zhidui::set_text_setting(c, key, value); }));
  const bool secret = is_secret_setting(key);
  log::info(kLog, key + " saved for the next start" + (secret ? "" : ": " + value));
  return secret ? secret_shown(value) : value;
}

// The sync engine's timeouts, read at start: stepped from what the file says (an earlier step may be
// waiting for the restart), saved, and in force at the next start. Without a file there is nothing to
// take them to the next start.
Result<std::string> TechnicianSettings::change_platform_timeout(const std::string& key, int delta) {
  if (options_.config_path.empty()) return make_error("tech.no_config_file", "no configuration file to save to");
  long shown_s = 0;
  ZHIDUI_TRY(edit_config_file([&](KioskConfig& config) -> Status {
    const bool connect = key == "platform_connect_timeout_seconds";
    long& ms = connect ? config.connect_timeout_ms : config.total_timeout_ms;
    shown_s = std::clamp(ms / 1000 + (connect ? 1 : 5) * delta, connect ? 1L : 5L, connect ? 30L : 120L);
    ms = shown_s * 1000;
    return Ok{};
  }));  // e.g. a total shorter than the connect timeout is refused, named
  log::info(kLog, key + " changed to " + std::to_string(shown_s) + " s for the next start");
  return std::to_string(shown_s) + " s (after a restart)";
}

Result<std::string> TechnicianSettings::change_setting(const std::string& key, int delta) {
  assert(session_ && "TechnicianSettings::attach(session) before the panel edits");
  if (key == "platform_connect_timeout_seconds" || key == "platform_total_timeout_seconds")
    return change_platform_timeout(key, delta);
  int volume = options_.config.voice_volume;
  int idle = int(session_->configured_idle_timeout_ms() / 1000);
  int platform_wait_s = int(session_->platform_wait_ms() / 1000);
  std::vector<drivers::DeviceClass> required = session_->required_devices();
  std::string orientation = options_.config.orientation;
  std::string shown;
  if (key == "voice_volume") {
    volume = std::clamp(volume + 10 * delta, 0, 100);
    shown = std::to_string(volume);
  } else if (key == "idle_seconds") {
    idle = std::clamp(idle + 30 * delta, 30, 600);
    shown = std::to_string(idle);
  } else if (key == "platform_wait_seconds") {
    // How long the result screen waits for the acceptance number before it says 已保存，网络恢复后自动上传.
    platform_wait_s = std::clamp(platform_wait_s + 2 * delta, 2, 60);
    shown = std::to_string(platform_wait_s);
  } else if (key.starts_with("required.")) {
    auto device = drivers::device_class_from(key.substr(9));
    if (!device) return make_error("tech.unknown_setting", "no device class " + key.substr(9));
    std::erase(required, *device);
    if (delta > 0) required.push_back(*device);
    shown = delta > 0 ? "required" : "not required";
  } else if (key == "orientation") {
    orientation = orientation == "landscape" ? "portrait" : "landscape";
    shown = orientation + " (after a restart)";
  } else {
    return make_error("tech.unknown_setting", "no setting " + key);
  }
  std::vector<std::string> required_names;
  for (drivers::DeviceClass d : required) required_names.push_back(drivers::to_string(d));
  if (!options_.config_path.empty()) {
    // Only the key that changed is written: the rest of the file stays exactly as the technician left it.
    // A required device must be configured: the file's own validation refuses it otherwise, unchanged.
    ZHIDUI_TRY(edit_config_file([&](KioskConfig& config) -> Status {
      if (key == "voice_volume") config.voice_volume = volume;
      if (key == "idle_seconds") config.idle_seconds = idle;
      if (key == "platform_wait_seconds") config.platform_wait_ms = platform_wait_s * 1000;
      if (key == "orientation") config.orientation = orientation;
      if (key.starts_with("required.")) config.required = required_names;
      return Ok{};
    }));
  }
  KioskConfig& running = options_.config;
  running.voice_volume = volume;
  running.idle_seconds = idle;
  running.platform_wait_ms = platform_wait_s * 1000;
  running.required = required_names;
  running.orientation = orientation;  // the window is laid out at start: the next run takes it
  session_->set_idle_timeout_ms(int64_t(idle) * 1000);
  session_->set_platform_wait_ms(int64_t(platform_wait_s) * 1000);
  session_->set_required_devices(required);
  if (set_voice_volume_) set_voice_volume_(volume);
  log::info(kLog, key + " changed to " + shown);
  return shown;
}

}  // namespace zhidui
