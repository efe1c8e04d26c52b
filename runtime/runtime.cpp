// runtime.cpp — see runtime.h. Start-up order matters: strings and catalog first (nothing can be shown
// without them), then the store (nothing can be taken without it), then sync and devices.
#include "runtime/runtime.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

#include <nlohmann/json.hpp>

#include "drivers/a4_printer/cups_a4_printer.h"
#include "drivers/a4_printer/private_cupsd.h"
#include "drivers/barcode/barcode_scanner.h"
#include "drivers/barcode/fake_scanner.h"
#include "drivers/id_reader/fake_sam_module.h"
#include "drivers/id_reader/id_card_reader.h"
#include "drivers/id_reader/personas.h"
#include "drivers/receipt_printer/fake_receipt_printer.h"
#include "drivers/receipt_printer/network_receipt_printer.h"
#include "base/log.h"
#include "base/paths.h"
#include "runtime/catalog_keeper.h"
#include "base/clock.h"
#include "runtime/config.h"
#include "runtime/device_monitor.h"
#include "kiosk/domain_texts.h"
#include "runtime/heartbeat.h"
#include "runtime/run_record.h"
#include "kiosk/receipt.h"
#include "runtime/service_worker.h"
#include "runtime/store_worker.h"
#include "kiosk/strings.h"
#include "kiosk/voice/voice_prompts.h"
#include "offline/sync_engine.h"
#include "zhidui_build_paths.h"

namespace zhidui {

namespace fs = std::filesystem;
namespace idr = drivers::id_reader;
namespace rp = drivers::receipt_printer;
namespace bc = drivers::barcode;
namespace a4 = drivers::a4_printer;

struct Runtime::Impl {
  RuntimeOptions options;
  Catalog catalog;
  EventQueue events;
  std::unique_ptr<StoreWorker> store_worker;
  std::unique_ptr<offline::Store> read_store;  // the UI thread's own connection, for the technician panel
  std::unique_ptr<offline::SyncEngine> sync;
  std::unique_ptr<idr::FakeSamModule> fake_module;
  std::unique_ptr<idr::IdCardReader> reader;
  std::unique_ptr<rp::ReceiptPrinter> printer;
  rp::FakeReceiptPrinter* fake_printer = nullptr;  // the same object when simulating (demo conditions, PNGs)
  std::unique_ptr<bc::FakeScanner> fake_scanner;
  std::unique_ptr<bc::BarcodeScanner> scanner;
  std::unique_ptr<a4::CupsA4Printer> a4_printer;
  // The printers answer status only when asked: these poll them and turn changes into events.
  std::unique_ptr<DeviceMonitor> printer_monitor, a4_monitor;
  std::unique_ptr<ServiceWorker> services;  // platform lookups, 进度查询, A4 printing
  std::unique_ptr<input::PinyinIme> pinyin;
  std::unique_ptr<input::HandwritingRecognizer> handwriting;
  std::optional<voice::VoicePrompts> prompts;
  std::mutex voice_mutex;
  std::unique_ptr<voice::VoiceGuide> voice_guide;  // while a sink is attached
  std::atomic<int> staff_calls{0};
  std::unique_ptr<Session> session;
  mutable std::mutex receipt_mutex;
  std::string last_receipt;
  std::string last_receipt_qr;  // what its QR says (no personal data: a random id and the acceptance number)
  std::vector<std::string> startup_problems;
  std::optional<RunRecord> run_record;  // when options.record_runs

  // The configuration as the technician panel lists it; the token shows only its first characters.
  std::vector<std::pair<std::string, std::string>> settings_for_technician() const {
    const RuntimeOptions& o = options;
    auto or_none = [](const std::string& v) { return v.empty() ? std::string("(none)") : v; };
    std::string token = o.platform_token.size() > 4 ? o.platform_token.substr(0, 2) + "…(" +
                                                          std::to_string(o.platform_token.size()) + " chars)"
                                                    : std::string(o.platform_token.empty() ? "(none)" : "(set)");
    const Catalog& serving = session ? session->catalog() : catalog;  // a refresh may have replaced it
    std::map<std::string, int> needing;
    for (const auto& item : serving.items)
      for (drivers::DeviceClass d : item.devices) ++needing[drivers::to_string(d)];
    std::string required;
    for (const auto& [device, n] : needing) required += (required.empty() ? "" : ", ") + device + " " + std::to_string(n);
    std::string required_devices;
    for (drivers::DeviceClass d : session ? session->required_devices() : o.session.required_devices)
      required_devices += (required_devices.empty() ? "" : ", ") + std::string(drivers::to_string(d));
    std::vector<std::pair<std::string, std::string>> settings = {
        {"kiosk.id", o.kiosk_id},
        {"kiosk.hall", or_none(o.hall)},
        {"kiosk.region_code", o.kiosk_region},
        {"kiosk.orientation", o.orientation},
        {"config file", or_none(o.config_path)},
        {"platform.url", or_none(o.platform_url)},
        {"platform.token", token},
        {"platform.ca_file", or_none(o.ca_file)},
        {"platform.pinned_sha256", std::to_string(o.pinned_sha256.size()) + " pin(s)"},
        {"platform.client_cert", or_none(o.client_cert)},
        {"platform timeouts", std::to_string(o.platform_connect_timeout_ms) + " ms to connect, " +
                                  std::to_string(o.platform_total_timeout_ms) + " ms per request"},
        {"devices", o.simulate_devices ? "simulated (demo)" : "real"},
        {"id_reader", o.simulate_devices    ? "fake SAM module on a pty"
                      : o.reader_device.empty() ? "(none)"
                                                : o.reader_device + " " + std::to_string(o.reader_baud) + " 8N1"},
        {"receipt_printer", o.simulate_devices ? "ESC/POS emulator"
                                               : (o.receipt_transport.empty() ? "(none)"
                                                  : o.receipt_transport + " " + o.receipt_path + o.receipt_address)},
        {"document_printer", o.a4_cups_server.empty() ? "(none)" : o.a4_queue + " on " + o.a4_cups_server},
        {"barcode_scanner", o.simulate_devices ? "fake scanner on a pty"
                            : o.scanner_wedge  ? "keyboard wedge"
                                               : or_none(o.scanner_device)},
        {"devices.required", or_none(required_devices)},
        {"policies needing", required.empty() ? "(none)" : required},
        {"catalog", serving.version + ", " + std::to_string(serving.items.size()) + " items"},
        {"timeouts.idle_seconds", std::to_string(session ? session->configured_idle_timeout_ms() / 1000 : 0)},
        {"timeouts.platform_wait_ms", std::to_string(session ? session->platform_wait_ms() : o.session.platform_wait_ms)},
        {"voice", o.voice_enabled ? "on, volume " + std::to_string(o.voice_volume) : "off"},
    };
    for (const std::string& problem : startup_problems) settings.insert(settings.begin(), {"problem at start", problem});
    return settings;
  }

  TechnicianSnapshot technician_snapshot() const {
    TechnicianSnapshot t;
    if (read_store) {
      if (auto c = read_store->outbox_counts()) {
        t.queue_known = true;
        t.pending = c->pending;
        t.done = c->done;
        t.dead = c->dead;
      }
      if (auto dead = read_store->outbox_entries(offline::OutboxState::dead, 6))
        for (const auto& e : dead.value())
          t.dead_letters.push_back({e.seq, e.kind, e.uuid, e.attempts, e.last_error});
    }
    t.settings = settings_for_technician();
    t.settings_saved_to_file = !options.config_path.empty();
    t.connect_timeout_seconds = int(options.platform_connect_timeout_ms / 1000);
    t.total_timeout_seconds = int(options.platform_total_timeout_ms / 1000);
    if (!options.config_path.empty()) {
      if (auto file = load_config_for_edit(options.config_path)) {
        for (const TextSetting& s : text_settings_of(file.value()))
          t.text_settings.push_back({s.key, s.secret ? secret_shown(s.value) : s.value, s.secret});
        t.connect_timeout_seconds = int(file->connect_timeout_ms / 1000);  // what the next start will use
        t.total_timeout_seconds = int(file->total_timeout_ms / 1000);
      } else {
        t.text_settings_problem = file.error().message;
      }
    }
    t.voice_volume = options.voice_volume;
    t.idle_seconds = int(session->configured_idle_timeout_ms() / 1000);
    t.platform_wait_seconds = int(session->platform_wait_ms() / 1000);
    t.recent_log = log::recent(12);
    return t;
  }

  static std::string secret_shown(const std::string& value) {
    return value.empty() ? tr("tech.secret_unset")
                         : strings().format("tech.secret_set", {{"n", std::to_string(value.size())}});
  }

  // Edits the configuration file with `change` (atomically; refused when the edit adds a problem, see
  // save_config_edit). A file that fails its checks can still be edited: that is how a paused kiosk is fixed.
  Status edit_config_file(const std::function<Status(KioskConfig&)>& change) {
    auto before = load_config_for_edit(options.config_path);
    if (!before) return before.error();
    KioskConfig after = before.value();
    if (Status changed = change(after); !changed) return changed;
    return save_config_edit(before.value(), after, options.config_path);
  }

  // A line of the configuration edited on the technician panel (identity, platform, ports): saved to the
  // file only; it takes effect at the next start, which the panel offers (act::RestartKiosk).
  Result<std::string> set_text_setting(const std::string& key, const std::string& value) {
    if (options.config_path.empty()) return make_error("tech.no_config_file", "no configuration file to save to");
    // The platform accepts an application only under the kiosk id it was made with (kiosk_id_mismatch):
    // a new id while some wait would turn them into dead letters at the next start.
    if (key == "kiosk.id" && value != options.kiosk_id) {
      auto counts = read_store ? read_store->outbox_counts() : Result<offline::OutboxCounts>(make_error("store", "no store"));
      if (!counts) return make_error("tech.kiosk_id_unsafe", "the upload queue cannot be read, so the id stays");
      if (counts->pending + counts->dead > 0)
        return make_error("tech.kiosk_id_unsafe",
                          std::to_string(counts->pending + counts->dead) + " entries wait in the upload queue under kiosk id " +
                              options.kiosk_id + " (the platform accepts each only under the id it was made with): " +
                              "let them upload or settle the dead letters first, then change the id");
    }
    Status saved = edit_config_file([&](KioskConfig& c) { return zhidui::set_text_setting(c, key, value); });
    if (!saved) return saved.error();
    const bool secret = is_secret_setting(key);
    log::info("technician", key + " saved for the next start" + (secret ? "" : ": " + value));
    return secret ? secret_shown(value) : value;
  }

  // The sync engine's timeouts, read at start: stepped from what the file says (an earlier step may be
  // waiting for the restart), saved, and in force at the next start. Without a file there is nothing to
  // take them to the next start.
  Result<std::string> change_platform_timeout(const std::string& key, int delta) {
    if (options.config_path.empty()) return make_error("tech.no_config_file", "no configuration file to save to");
    long shown_s = 0;
    Status saved = edit_config_file([&](KioskConfig& config) -> Status {
      const bool connect = key == "platform_connect_timeout_seconds";
      long& ms = connect ? config.connect_timeout_ms : config.total_timeout_ms;
      shown_s = std::clamp(ms / 1000 + (connect ? 1 : 5) * delta, connect ? 1L : 5L, connect ? 30L : 120L);
      ms = shown_s * 1000;
      return Ok{};
    });
    if (!saved) return saved.error();  // e.g. a total shorter than the connect timeout, named
    log::info("technician", key + " changed to " + std::to_string(shown_s) + " s for the next start");
    return std::to_string(shown_s) + " s (after a restart)";
  }

  // A setting changed on the technician panel (UI thread): saved to the configuration file atomically
  // first (when there is one), then applied. "voice_volume", "idle_seconds" and "platform_wait_seconds"
  // step by `delta`; "required.<device class>" requires it (delta > 0) or not; "orientation" flips, and
  // "platform_connect_timeout_seconds" / "platform_total_timeout_seconds" step, all three for the next start.
  Result<std::string> change_setting(const std::string& key, int delta) {
    if (key == "platform_connect_timeout_seconds" || key == "platform_total_timeout_seconds")
      return change_platform_timeout(key, delta);
    int volume = options.voice_volume;
    int idle = int(session->configured_idle_timeout_ms() / 1000);
    int platform_wait_s = int(session->platform_wait_ms() / 1000);
    std::vector<drivers::DeviceClass> required = session->required_devices();
    std::string orientation = options.orientation;
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
    if (!options.config_path.empty()) {
      // Only the key that changed is written: the rest of the file stays exactly as the technician left it.
      // A required device must be configured: the file's own validation refuses it otherwise, unchanged.
      Status saved = edit_config_file([&](KioskConfig& config) -> Status {
        if (key == "voice_volume") config.voice_volume = volume;
        if (key == "idle_seconds") config.idle_seconds = idle;
        if (key == "platform_wait_seconds") config.platform_wait_ms = platform_wait_s * 1000;
        if (key == "orientation") config.orientation = orientation;
        if (key.starts_with("required.")) {
          config.required.clear();
          for (drivers::DeviceClass d : required) config.required.push_back(drivers::to_string(d));
        }
        return Ok{};
      });
      if (!saved) return saved.error();
    }
    options.voice_volume = volume;
    options.orientation = orientation;  // the window is laid out at start: the next run takes it
    session->set_idle_timeout_ms(int64_t(idle) * 1000);
    session->set_platform_wait_ms(int64_t(platform_wait_s) * 1000);
    session->set_required_devices(required);
    {
      std::lock_guard lock(voice_mutex);
      if (voice_guide) voice_guide->set_volume(volume);
    }
    log::info("technician", key + " changed to " + shown);
    return shown;
  }

  // Every device status goes to the UI thread and is kept here for the heartbeat (another thread).
  std::mutex device_mutex;
  std::map<drivers::DeviceClass, drivers::DeviceStatus> device_states;
  std::string last_sync_at;  // when the platform last acknowledged an upload (ISO UTC); under device_mutex
  std::string catalog_in_service;  // the version the session serves (a refresh may change it); under device_mutex
  std::string pause_reason;  // Session::pause_reason(), "" in service; under device_mutex
  std::unique_ptr<HeartbeatSender> heartbeat;
  std::unique_ptr<offline::Store> heartbeat_store;  // the heartbeat thread's own connection

  void report_device(const drivers::DeviceStatus& s) {
    {
      std::lock_guard lock(device_mutex);
      device_states[s.device_class] = s;
    }
    events.push(ev::DeviceChanged{s});
  }

  // The heartbeat's body (heartbeat thread): nothing personal, only states, counts and versions.
  std::string heartbeat_body() {
    nlohmann::json hb;
    hb["version"] = ZHIDUI_VERSION;
    {
      std::lock_guard lock(device_mutex);
      hb["catalog_version"] = catalog_in_service;
    }
    hb["sent_at"] = clock::now_iso_utc();
    nlohmann::json devices = nlohmann::json::object();
    {
      std::lock_guard lock(device_mutex);
      for (const auto& [cls, st] : device_states)
        devices[drivers::to_string(cls)] = {{"state", drivers::to_string(st.state)},
                                            {"severity", drivers::to_string(st.severity)},
                                            {"code", st.code}};
      if (!last_sync_at.empty()) hb["last_sync_at"] = last_sync_at;
    }
    hb["devices"] = devices;
    {
      std::lock_guard lock(device_mutex);
      hb["service"] = {{"in_service", pause_reason.empty()}, {"paused_because", pause_reason}};
    }
    if (!heartbeat_store)
      if (auto opened = offline::Store::open(options.data_dir + "/kiosk.db", options.data_dir + "/field.key"))
        heartbeat_store = std::move(opened.value());
    if (heartbeat_store)
      if (auto c = heartbeat_store->outbox_counts())
        hb["queue"] = {{"pending", c->pending}, {"done", c->done}, {"dead", c->dead}};
    std::error_code ec;
    auto space = fs::space(options.data_dir, ec);
    if (!ec) hb["free_disk_mb"] = int64_t(space.available / (1024 * 1024));
    return hb.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // device texts come from hardware
  }

  void speak(const std::string& key) {
    std::lock_guard lock(voice_mutex);
    if (!voice_guide) return;
    if (const std::string* text = prompts->screen(key)) voice_guide->say(*text, voice::Priority::prompt);
    else if (const std::string* error = prompts->error(key)) voice_guide->say(*error, voice::Priority::error);
    else log::debug("voice", "no prompt for " + key);
  }

  ~Impl() {
    heartbeat.reset();  // before the store connection and the states it reads
    {
      std::lock_guard lock(voice_mutex);
      voice_guide.reset();
    }
    // Everything that pushes into the queue first, then the store worker drains its submits.
    printer_monitor.reset();
    a4_monitor.reset();
    services.reset();
    if (scanner) scanner->stop();
    if (reader) reader->stop();
    read_store.reset();
    if (sync) sync->stop();
    store_worker.reset();
  }
};

namespace {

Identity identity_from(idr::IdCard& card) {
  Identity id;
  id.name = card.name;
  id.sex = card.sex;
  id.nation = card.nation;
  id.birth_date = card.birth_date;
  id.address = card.address;
  id.id_number = card.id_number;
  card.wipe();  // the session's copy is the only one from here on
  return id;
}

// The barcode scanner: the simulated one behind a pty in demo mode (the dev dock scans with it), else a
// serial scanner when configured, or a keyboard-wedge one, whose keys the UI hands to keyboard_wedge_text().
void start_scanner(Runtime::Impl& r) {
  std::string path = r.options.scanner_device;
  const bool wedge = r.options.scanner_wedge && !r.options.simulate_devices;
  if (r.options.simulate_devices) {
    r.fake_scanner = std::make_unique<bc::FakeScanner>();
    auto started = r.fake_scanner->start();
    if (!started) {
      log::warn("devices", "simulated scanner unavailable: " + started.error().message);
      r.fake_scanner.reset();
      return;
    }
    path = started.value();
  }
  if (path.empty() && !wedge) return;
  bc::ScannerEvents events;
  EventQueue& q = r.events;
  events.on_status = [&r](const drivers::DeviceStatus& s) { r.report_device(s); };
  events.on_scan = [&q](const bc::ScanResult& scan) { q.push(ev::Scanned{scan}); };
  events.on_rejected = [&q](const Error& e) { q.push(ev::Scanned{e}); };
  bc::ScannerConfig config;
  config.device_path = path;
  if (wedge) config.mode = bc::ScannerMode::keyboard_wedge;
  r.scanner = std::make_unique<bc::BarcodeScanner>(config, std::move(events));
  r.scanner->start();
}

// The A4 printer, when a CUPS server is configured; its queue is polled like the receipt printer (less
// often: each poll is an IPP request).
void start_a4_printer(Runtime::Impl& r) {
  if (r.options.a4_cups_server.empty()) {
    log::info("devices", "no A4 printer configured");
    return;
  }
  a4::CupsA4Config config;
  config.server = r.options.a4_cups_server;
  config.queue = r.options.a4_queue;
  r.a4_printer = std::make_unique<a4::CupsA4Printer>(config);
  log::info("devices", "A4 printer: queue " + config.queue + " on " + config.server);
  r.a4_monitor = std::make_unique<DeviceMonitor>(
      "A4 printer", [p = r.a4_printer.get()] { return p->status(); },
      [&r](const drivers::DeviceStatus& s) { r.report_device(s); }, std::chrono::seconds(5));
}

// The hall's receipt printer over its configured wire. The adapter reopens the link on every call, so a
// printer switched on later is found without a restart.
std::unique_ptr<rp::ReceiptPrinter> open_receipt_printer(const RuntimeOptions& o) {
  std::unique_ptr<rp::EscPosTransport> transport;
  if (o.receipt_transport == "usb") {
    transport = rp::make_usb_lp_transport(o.receipt_path);
  } else if (o.receipt_transport == "serial") {
    transport = rp::make_serial_transport(o.receipt_path, 9600);
  } else if (o.receipt_transport == "tcp") {
    const auto colon = o.receipt_address.rfind(':');
    rp::TcpTransportOptions tcp;
    tcp.host = o.receipt_address.substr(0, colon);
    if (colon != std::string::npos) tcp.port = uint16_t(std::stoi(o.receipt_address.substr(colon + 1)));
    transport = rp::make_tcp_transport(tcp);
  } else {
    log::info("devices", "no receipt printer configured: receipts are shown on screen");
    return nullptr;
  }
  rp::NetworkPrinterOptions options;
  options.paper = o.receipt_paper_mm == 58 ? rp::PaperWidth::mm58 : rp::PaperWidth::mm80;
  log::info("devices", "receipt printer: " + transport->describe());
  return std::make_unique<rp::NetworkReceiptPrinter>(std::move(transport), options);
}

// Pinyin and handwriting for the on-screen keyboards. Neither is needed to serve a citizen whose data
// comes from the ID card, so a failure is logged and the keyboard offers what remains.
void start_input_engines(Runtime::Impl& r) {
  r.pinyin = std::make_unique<input::PinyinIme>(input::PinyinImeOptions{.data_dir = r.options.data_dir});
  auto handwriting = input::HandwritingRecognizer::open();
  if (handwriting) r.handwriting = std::move(handwriting.value());
  else log::warn("ime", "handwriting input unavailable: " + handwriting.error().message);
}

void load_voice_prompts(Runtime::Impl& r) {
  if (!r.options.voice_enabled) return;
  auto prompts = voice::VoicePrompts::load(r.options.assets_dir + "/strings/voice-zh-CN.json");
  if (prompts) r.prompts = std::move(prompts.value());
  else log::warn("voice", "voice guidance off: " + prompts.error().message);
}

}  // namespace

Runtime::Runtime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Runtime::~Runtime() = default;

offline::PlatformConfig platform_config_of(const RuntimeOptions& o) {
  offline::PlatformConfig pc;
  pc.base_url = o.platform_url;
  pc.kiosk_id = o.kiosk_id;
  pc.token = o.platform_token;
  pc.ca_file = o.ca_file;
  pc.pinned_sha256 = o.pinned_sha256;
  pc.client_cert = o.client_cert;
  pc.client_key = o.client_key;
  pc.allow_insecure_http = o.allow_insecure_http;
  pc.connect_timeout_ms = o.platform_connect_timeout_ms;
  pc.total_timeout_ms = o.platform_total_timeout_ms;
  return pc;
}

Result<std::unique_ptr<Runtime>> Runtime::create(const RuntimeOptions& options) {
  auto impl = std::make_unique<Impl>();
  Impl& r = *impl;
  r.options = options;
  if (r.options.assets_dir.empty()) r.options.assets_dir = paths::assets_dir();
  if (r.options.receipts_dir.empty()) r.options.receipts_dir = r.options.data_dir + "/receipts";
  std::error_code ec;
  fs::create_directories(r.options.data_dir, ec);
  fs::create_directories(r.options.receipts_dir, ec);
  if (ec) return make_error("runtime.data_dir", "cannot create " + r.options.data_dir + ": " + ec.message());

  auto strings = Strings::load_kiosk(r.options.assets_dir);
  if (!strings) return strings.error();
  install_strings(std::move(strings.value()));
  if (auto texts = load_domain_texts(r.options.assets_dir + "/strings/eligibility-zh-CN.json"); !texts)
    return texts.error();
  CatalogKeeper keeper(r.options.data_dir + "/catalog-last-good.json");
  Error refused;
  auto catalog = keeper.load_or_last_good(r.options.assets_dir + "/catalog/catalog.json", &refused);
  if (!catalog) return catalog.error();
  r.catalog = std::move(catalog.value());
  r.catalog_in_service = r.catalog.version;
  if (!refused.code.empty())
    r.startup_problems.push_back("catalog refused, serving the last good one (" + r.catalog.version + "): " + refused.message);
  log::info("runtime", "catalog " + r.catalog.version + " with " + std::to_string(r.catalog.items.size()) + " items");

  const std::string db_path = r.options.data_dir + "/kiosk.db", key_path = r.options.data_dir + "/field.key";
  std::string store_recovered;
  auto store = open_store_or_recover(db_path, key_path, &store_recovered);
  if (!store) return store.error();
  if (!store_recovered.empty()) r.startup_problems.push_back(store_recovered);
  r.store_worker = std::make_unique<StoreWorker>(std::move(store.value()), r.events);
  if (auto rs = offline::Store::open(db_path, key_path)) r.read_store = std::move(rs.value());

  offline::SyncConfig sc;
  sc.db_path = db_path;
  sc.key_path = key_path;
  sc.platform = platform_config_of(r.options);
  // A refreshed catalog is validated here, on the sync thread, and kept as the last good one; the
  // session takes it between journeys. A broken one is refused with its reason and changes nothing.
  sc.catalog_refresh_interval_ms = r.options.catalog_refresh_interval_ms;
  sc.on_catalog = [&r](std::string json) {
    CatalogKeeper refreshed(r.options.data_dir + "/catalog-last-good.json");
    auto next = refreshed.adopt(json, "platform catalog");
    if (!next) return log::error("runtime", "catalog from the platform refused, keeping the one in service: " +
                                                next.error().message);
    {
      std::lock_guard lock(r.device_mutex);  // a version names its content: the same one changes nothing
      if (next->version == r.catalog_in_service) return;
    }
    r.events.push(ev::CatalogOffered{std::make_shared<const Catalog>(std::move(next.value()))});
  };
  r.sync = std::make_unique<offline::SyncEngine>(sc, [&r](const offline::SyncEvent& e) {
    if (e.kind == offline::SyncEvent::Kind::acknowledged) {
      std::lock_guard lock(r.device_mutex);
      r.last_sync_at = clock::now_iso_utc();
    }
    r.events.push(ev::Sync{e});
  });
  if (!r.options.platform_url.empty()) r.sync->start();
  else log::warn("runtime", "no platform address configured: applications stay queued");

  std::string reader_path = r.options.reader_device;
  if (r.options.simulate_devices) {
    r.fake_module = std::make_unique<idr::FakeSamModule>();
    auto path = r.fake_module->start();
    if (!path) return path.error();
    reader_path = path.value();
    rp::FakeReceiptPrinterOptions po;
    po.emulator.paper = rp::PaperWidth::mm80;
    po.output_dir = r.options.receipts_dir;
    auto printer = rp::FakeReceiptPrinter::create(po);
    if (!printer) return printer.error();
    r.fake_printer = printer.value().get();
    r.printer = std::move(printer.value());
  } else {
    r.printer = open_receipt_printer(r.options);
  }
  if (r.printer)
    r.printer_monitor = std::make_unique<DeviceMonitor>(
        "receipt printer", [p = r.printer.get()] { return p->status(); },
        [&r](const drivers::DeviceStatus& s) { r.report_device(s); }, std::chrono::seconds(2));
  if (!reader_path.empty()) {
    idr::Events events;
    EventQueue& q = r.events;
    events.on_status = [&r](const drivers::DeviceStatus& s) { r.report_device(s); };
    events.on_card = [&q](idr::IdCard card) { q.push(ev::CardInserted{identity_from(card)}); };
    events.on_card_removed = [&q] { q.push(ev::CardRemoved{}); };
    events.on_read_error = [&q](const Error& e) { q.push(ev::CardReadFailed{e.code}); };
    idr::ReaderConfig rc;
    rc.device_path = reader_path;
    if (!r.options.simulate_devices) rc.baud = r.options.reader_baud;
    r.reader = std::make_unique<idr::IdCardReader>(rc, std::move(events));
    r.reader->start();
  }
  start_scanner(r);
  start_a4_printer(r);
  start_input_engines(r);
  load_voice_prompts(r);

  ServiceWorkerConfig swc;
  swc.platform = sc.platform;
  swc.db_path = db_path;
  swc.key_path = key_path;
  swc.a4 = r.a4_printer.get();
  swc.print_receipt = [self = &r](const ReceiptData& receipt) -> Result<std::string> {
    if (!self->printer) return make_error("printer.not_configured", "no receipt printer configured");
    auto bytes = layout_receipt(receipt, self->printer->paper_width_dots());
    if (!bytes) return bytes.error();
    auto printed = self->printer->print(bytes.value());
    if (!printed) return printed.error();
    auto last = self->fake_printer ? self->fake_printer->last_receipt() : std::nullopt;
    std::string file = last ? last->string() : std::string("(printer)");
    std::lock_guard lock(self->receipt_mutex);
    self->last_receipt = file;
    self->last_receipt_qr = receipt.qr_payload();
    return file;
  };
  r.services = std::make_unique<ServiceWorker>(std::move(swc), r.catalog, r.events);

  SessionServices services;
  Impl* self = impl.get();
  services.save_async = [self](offline::NewApplication app) { self->store_worker->submit(std::move(app)); };
  services.save_rating_async = [self](std::string uuid, std::string body) {
    self->store_worker->rate(std::move(uuid), std::move(body));
  };
  services.wake_sync = [self] { self->sync->wake(); };
  services.lookup_enterprise_async = [self](std::string uscc) { self->services->lookup_enterprise(std::move(uscc)); };
  services.check_representative_async = [self](std::string uscc, std::string id_number) {
    self->services->check_representative(std::move(uscc), std::move(id_number));
  };
  services.query_progress_async = [self](ProgressQuery query) { self->services->query_progress(std::move(query)); };
  if (r.a4_printer)  // without one the session offers no A4 copy
    services.print_a4_async = [self](ReceiptData receipt) { self->services->print_a4(std::move(receipt)); };
  services.speak = [self](std::string key) { self->speak(key); };
  services.call_staff = [self] {
    int calls = ++self->staff_calls;
    log::info("hall", "staff called to kiosk " + self->options.kiosk_id + " (" + std::to_string(calls) + " since start)");
  };
  services.kiosk_region = r.options.kiosk_region;
  services.print_receipt_async = [self](ReceiptData receipt, bool self_test) {
    self->services->print_receipt(std::move(receipt), self_test);
  };
  services.now_iso_utc = clock::now_iso_utc;
  services.now_local = clock::now_local;
  services.technician_snapshot = [self] { return self->technician_snapshot(); };
  services.self_test_a4 = [self] {
    a4::A4TestPageInfo info;
    info.kiosk_id = self->options.kiosk_id;
    info.printer_description = "queue " + self->options.a4_queue + " on " + self->options.a4_cups_server;
    info.printed_at = clock::now_local();
    info.chinese_sample = tr("tech.a4_test_sample");
    self->services->self_test_a4(std::move(info));
  };
  if (!r.a4_printer) services.self_test_a4 = nullptr;
  services.requeue_dead_letter = [self](int64_t seq) { self->services->requeue_dead_letter(seq); };
  services.change_setting = [self](const std::string& key, int delta) { return self->change_setting(key, delta); };
  services.set_text_setting = [self](const std::string& key, const std::string& value) {
    return self->set_text_setting(key, value);
  };
  services.technician_pin_hash = r.options.technician_pin_hash;
  if (services.technician_pin_hash.empty() && r.options.allow_demo_pin)
    services.technician_pin_hash = TechnicianAuth::kDemoPinHash;
  services.kiosk_id = r.options.kiosk_id;
  services.hall = r.options.hall;
  services.catalog_adopted = [self](const std::string& version) {
    std::lock_guard lock(self->device_mutex);
    self->catalog_in_service = version;
  };
  if (r.options.record_runs) {
    if (auto record = RunRecord::begin(r.options.data_dir, int64_t(std::time(nullptr)))) r.run_record = std::move(record.value());
    else log::error("run", "no crash-loop detection this run: " + record.error().message);
  }
  services.service_changed = [self](std::string reason) {
    if (!reason.empty()) log::warn("service", "paused: " + reason);
    std::lock_guard lock(self->device_mutex);
    self->pause_reason = std::move(reason);
  };
  services.forgive_crash_loop = [self] {
    if (self->run_record)
      if (Status s = self->run_record->forgive(); !s) log::error("run", s.error().message);
  };
  r.session = std::make_unique<Session>(r.catalog, std::move(services), r.options.session);
  if (!r.options.configuration_problem.empty())
    r.session->report_configuration_problem(r.options.configuration_problem, clock::steady_ms());
  if (r.run_record && !r.run_record->crash_loop().empty())
    r.session->report_crash_loop(r.run_record->crash_loop(), clock::steady_ms());
  // After the session: the first heartbeat already says whether this kiosk serves.
  if (!r.options.platform_url.empty() && r.options.heartbeat_interval_ms > 0)
    r.heartbeat = std::make_unique<HeartbeatSender>(sc.platform, std::chrono::milliseconds(r.options.heartbeat_interval_ms),
                                                    [&r] { return r.heartbeat_body(); });
  return std::unique_ptr<Runtime>(new Runtime(std::move(impl)));
}

Session& Runtime::session() { return *impl_->session; }
EventQueue& Runtime::events() { return impl_->events; }
const Catalog& Runtime::catalog() const { return impl_->catalog; }
const RuntimeOptions& Runtime::options() const { return impl_->options; }

void Runtime::stopped_cleanly() {
  if (impl_->run_record)
    if (Status s = impl_->run_record->end_cleanly(); !s) log::error("run", s.error().message);
}

const voice::VoicePrompts* Runtime::voice_prompts() const { return impl_->prompts ? &*impl_->prompts : nullptr; }
const std::vector<std::string>& Runtime::startup_problems() const { return impl_->startup_problems; }
TechnicianSnapshot Runtime::technician_snapshot() const { return impl_->technician_snapshot(); }

std::vector<Persona> Runtime::personas() const {
  std::vector<Persona> out;
  for (const auto& p : idr::all_personas()) out.push_back({p.id, p.label});
  return out;
}

bool Runtime::present_card(const std::string& persona_id) {
  if (!impl_->fake_module) return false;
  auto persona = idr::find_persona(persona_id);
  if (!persona) return false;
  impl_->fake_module->present(persona->card, persona->condition);
  return true;
}

void Runtime::remove_card() {
  if (impl_->fake_module) impl_->fake_module->remove_card();
}

void Runtime::unplug_reader() {
  if (impl_->fake_module) impl_->fake_module->unplug();
}

void Runtime::replug_reader() {
  if (!impl_->fake_module) return;
  if (auto s = impl_->fake_module->replug(); !s) log::warn("devices", "replug failed: " + s.error().message);
}

void Runtime::set_printer_condition(const std::string& condition) {
  if (!impl_->fake_printer) return;
  for (auto c : {rp::PrinterCondition::ok, rp::PrinterCondition::paper_low, rp::PrinterCondition::paper_out,
                 rp::PrinterCondition::cover_open, rp::PrinterCondition::jammed})
    if (condition == rp::to_string(c)) impl_->fake_printer->set_condition(c);
  if (impl_->printer_monitor) impl_->printer_monitor->poke();  // report the change now, not at the next poll
}

std::string Runtime::last_receipt_file() const {
  std::lock_guard lock(impl_->receipt_mutex);
  return impl_->last_receipt;
}

bool Runtime::scan(const std::string& payload) {
  if (!impl_->fake_scanner) return false;
  auto sent = impl_->fake_scanner->scan(payload);
  if (!sent) log::warn("devices", "simulated scan failed: " + sent.error().code);
  return sent.ok();
}

void Runtime::set_printer_answers_status(bool answers) {
  if (!impl_->fake_printer) return;
  impl_->fake_printer->set_answers_status(answers);
  if (impl_->printer_monitor) impl_->printer_monitor->poke();
}

void Runtime::set_printer_plugged_in(bool plugged_in) {
  if (!impl_->fake_printer) return;
  impl_->fake_printer->set_plugged_in(plugged_in);
  if (impl_->printer_monitor) impl_->printer_monitor->poke();
}

bool Runtime::set_a4_printer_plugged_in(bool plugged_in) {
  const RuntimeOptions& o = impl_->options;
  if (!o.simulate_devices || !o.a4_cups_server.starts_with("/")) return false;
  const std::string sandbox = fs::path(o.a4_cups_server).parent_path().string();
  using drivers::a4_printer::BackendFault;
  Status set = drivers::a4_printer::set_sandbox_backend_fault(sandbox, o.a4_queue,
                                                              plugged_in ? BackendFault::none : BackendFault::offline);
  if (!set) {
    log::warn("devices", "simulated A4 printer: " + set.error().message);
    return false;
  }
  log::info("devices", std::string("simulated A4 printer ") + (plugged_in ? "plugged back in" : "unplugged"));
  if (impl_->a4_monitor) impl_->a4_monitor->poke();
  return true;
}

void Runtime::unplug_scanner() {
  if (impl_->fake_scanner) impl_->fake_scanner->unplug();
}

void Runtime::replug_scanner() {
  if (!impl_->fake_scanner) return;
  if (auto s = impl_->fake_scanner->replug(); !s) log::warn("devices", "simulated scanner replug failed: " + s.error().code);
}

void Runtime::keyboard_wedge_text(std::string_view text) {
  if (impl_->options.scanner_wedge && impl_->scanner && !impl_->options.simulate_devices) impl_->scanner->feed_key_text(text);
}

std::string Runtime::last_receipt_qr() const {
  std::lock_guard lock(impl_->receipt_mutex);
  return impl_->last_receipt_qr;
}

input::PinyinIme* Runtime::pinyin() { return impl_->pinyin.get(); }
const input::HandwritingRecognizer* Runtime::handwriting() const { return impl_->handwriting.get(); }

void Runtime::attach_voice(voice::VoiceSink& sink) {
  std::lock_guard lock(impl_->voice_mutex);
  if (!impl_->prompts) return;
  voice::VoiceGuide::Options options;
  options.volume = impl_->options.voice_volume;
  impl_->voice_guide = std::make_unique<voice::VoiceGuide>(sink, voice::SynthOptions{}, options);
}

void Runtime::detach_voice() {
  std::lock_guard lock(impl_->voice_mutex);
  impl_->voice_guide.reset();
}

std::vector<std::pair<std::string, std::string>> Runtime::data_texts() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& item : impl_->catalog.items) {
    auto add = [&](const std::string& field, const std::string& text) { out.emplace_back(item.id + "." + field, text); };
    add("title", item.title);
    add("short_title", item.short_title);
    add("category", item.category);
    add("guide.beneficiaries", item.guide.beneficiaries);
    add("guide.standard", item.guide.standard);
    add("guide.department", item.guide.department);
    add("guide.phone", item.guide.phone);
    add("guide.legal_basis", item.guide.legal_basis);
    for (const auto& c : item.guide.conditions) add("guide.conditions", c);
    for (const auto& m : item.materials) add("materials." + m.id, m.name);
    for (const auto& f : item.form) {
      add("form." + f.id, f.label);
      for (const auto& c : f.choices) add("form." + f.id + ".choices", c.label);
    }
    for (const auto& k : item.keywords) add("keywords", k);
  }
  for (const auto& p : personas()) out.emplace_back("persona." + p.id, p.label);
  for (auto& [key, text] : all_domain_texts()) out.emplace_back("domain." + key, text);
  return out;
}

}  // namespace zhidui
