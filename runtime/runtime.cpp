// runtime.cpp — see runtime.h. Runtime::create runs its steps in the order they depend on each other:
// strings and catalog first (nothing can be shown without them), then the store (nothing can be taken
// without it), then sync, devices, input engines and voice, the service worker, and last the session,
// which the heartbeat reports on.
//
// Sections:
//   [SECTION] The parts of a running kiosk (Runtime::Impl)
//   [SECTION] Start-up steps
//   [SECTION] Runtime::create
//   [SECTION] Accessors
#include "runtime/runtime.h"

#include <atomic>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <optional>

#include "base/clock.h"
#include "base/log.h"
#include "base/paths.h"
#include "drivers/a4_printer/cups_a4_printer.h"
#include "drivers/barcode/barcode_scanner.h"
#include "drivers/id_reader/id_card_reader.h"
#include "drivers/id_reader/personas.h"
#include "drivers/receipt_printer/network_receipt_printer.h"
#include "kiosk/domain_texts.h"
#include "kiosk/receipt.h"
#include "kiosk/strings.h"
#include "kiosk/technician_auth.h"
#include "offline/sync_engine.h"
#include "runtime/catalog_keeper.h"
#include "runtime/device_monitor.h"
#include "runtime/heartbeat.h"
#include "runtime/run_record.h"
#include "runtime/service_worker.h"
#include "runtime/simulated_devices.h"
#include "runtime/store_worker.h"
#include "runtime/technician_settings.h"

namespace zhidui {

namespace fs = std::filesystem;
namespace idr = drivers::id_reader;
namespace rp = drivers::receipt_printer;
namespace bc = drivers::barcode;
namespace a4 = drivers::a4_printer;

// ---------------------------------------------------------------------------------------------------------
// [SECTION] The parts of a running kiosk (Runtime::Impl)
// ---------------------------------------------------------------------------------------------------------

struct Runtime::Impl {
  RuntimeOptions options;
  std::string db_path, key_path;
  Catalog catalog;
  EventQueue events;
  KioskHealth health;  // what the heartbeat reports, written by every thread that learns it
  std::vector<std::string> startup_problems;

  std::unique_ptr<StoreWorker> store_worker;
  std::unique_ptr<offline::Store> read_store;  // the UI thread's own connection, for the technician panel
  std::unique_ptr<offline::SyncEngine> sync;

  std::unique_ptr<SimulatedDevices> simulated;  // demo mode only
  std::unique_ptr<idr::IdCardReader> reader;
  std::unique_ptr<rp::ReceiptPrinter> printer;
  std::unique_ptr<bc::BarcodeScanner> scanner;
  std::unique_ptr<a4::CupsA4Printer> a4_printer;
  // The printers answer status only when asked: these poll them and turn changes into events.
  std::unique_ptr<DeviceMonitor> printer_monitor, a4_monitor;

  std::unique_ptr<ServiceWorker> services;  // platform lookups, 进度查询, printing
  std::unique_ptr<input::PinyinIme> pinyin;
  std::unique_ptr<input::HandwritingRecognizer> handwriting;
  std::optional<voice::VoicePrompts> prompts;
  std::mutex voice_mutex;
  std::unique_ptr<voice::VoiceGuide> voice_guide;  // while a sink is attached
  std::atomic<int> staff_calls{0};

  std::unique_ptr<TechnicianSettings> technician;
  std::unique_ptr<Session> session;
  std::optional<RunRecord> run_record;  // when options.record_runs
  std::unique_ptr<HeartbeatSender> heartbeat;
  std::unique_ptr<offline::Store> heartbeat_store;  // the heartbeat thread's own connection

  mutable std::mutex receipt_mutex;
  std::string last_receipt_qr;  // what its QR says (no personal data: a random id and the acceptance number)

  // Every device status goes to the UI thread and to the heartbeat.
  void report_device(const drivers::DeviceStatus& s) {
    health.device_changed(s);
    events.push(ev::DeviceChanged{s});
  }

  // On the heartbeat thread, with its own store connection.
  std::string heartbeat_body_now() {
    if (!heartbeat_store)
      if (auto opened = offline::Store::open(db_path, key_path)) heartbeat_store = std::move(opened.value());
    std::optional<offline::OutboxCounts> queue;
    if (heartbeat_store)
      if (auto counts = heartbeat_store->outbox_counts()) queue = counts.value();
    std::optional<int64_t> free_mb;
    std::error_code ec;
    auto space = fs::space(options.config.data_dir, ec);
    if (!ec) free_mb = int64_t(space.available / (1024 * 1024));
    return heartbeat_body(health.snapshot(), clock::now_iso_utc(), queue, free_mb);
  }

  void speak(const std::string& key) {
    std::lock_guard lock(voice_mutex);
    if (!voice_guide) return;
    if (const std::string* text = prompts->screen(key)) voice_guide->say(*text, voice::Priority::prompt);
    else if (const std::string* error = prompts->error(key)) voice_guide->say(*error, voice::Priority::error);
    else log::debug("voice", "no prompt for " + key);
  }

  void set_voice_volume(int volume) {
    std::lock_guard lock(voice_mutex);
    if (voice_guide) voice_guide->set_volume(volume);
  }

  Result<std::string> print_receipt(const ReceiptData& receipt) {
    if (!printer) return make_error("printer.not_configured", "no receipt printer configured");
    auto bytes = ZHIDUI_TRY(layout_receipt(receipt, printer->paper_width_dots()));
    ZHIDUI_TRY(printer->print(bytes));
    std::string file = simulated ? simulated->last_receipt_file() : std::string();
    if (file.empty()) file = "(printer)";
    std::lock_guard lock(receipt_mutex);
    last_receipt_qr = receipt.qr_payload();
    return file;
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

// ---------------------------------------------------------------------------------------------------------
// [SECTION] Start-up steps
// ---------------------------------------------------------------------------------------------------------

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

Status prepare_folders(Runtime::Impl& r) {
  RuntimeOptions& o = r.options;
  if (o.assets_dir.empty()) o.assets_dir = paths::assets_dir();
  if (o.receipts_dir.empty()) o.receipts_dir = o.config.data_dir + "/receipts";
  std::error_code ec;
  fs::create_directories(o.config.data_dir, ec);
  fs::create_directories(o.receipts_dir, ec);
  if (ec) return make_error("runtime.data_dir", "cannot create " + o.config.data_dir + ": " + ec.message());
  r.db_path = o.config.data_dir + "/kiosk.db";
  r.key_path = o.config.data_dir + "/field.key";
  return Ok{};
}

// Strings and the catalog: the shipped one, or the last good one when the shipped one is refused.
Status load_texts_and_catalog(Runtime::Impl& r) {
  const std::string& assets = r.options.assets_dir;
  install_strings(ZHIDUI_TRY(Strings::load_kiosk(assets)));
  ZHIDUI_TRY(load_domain_texts(assets + "/strings/eligibility-zh-CN.json"));
  CatalogKeeper keeper(r.options.config.data_dir + "/catalog-last-good.json");
  Error refused;
  r.catalog = ZHIDUI_TRY(keeper.load_or_last_good(assets + "/catalog/catalog.json", &refused));
  r.health.serving_catalog(r.catalog.version);
  if (!refused.code.empty())
    r.startup_problems.push_back("catalog refused, serving the last good one (" + r.catalog.version + "): " + refused.message);
  log::info("runtime", "catalog " + r.catalog.version + " with " + std::to_string(r.catalog.items.size()) + " items");
  return Ok{};
}

Status open_store(Runtime::Impl& r) {
  std::string store_recovered;
  auto store = ZHIDUI_TRY(open_store_or_recover(r.db_path, r.key_path, &store_recovered));
  if (!store_recovered.empty()) r.startup_problems.push_back(store_recovered);
  r.store_worker = std::make_unique<StoreWorker>(std::move(store), r.events);
  if (auto rs = offline::Store::open(r.db_path, r.key_path)) r.read_store = std::move(rs.value());
  return Ok{};
}

void start_sync(Runtime::Impl& r) {
  offline::SyncConfig sc;
  sc.db_path = r.db_path;
  sc.key_path = r.key_path;
  sc.platform = r.options.platform();
  // A refreshed catalog is validated here, on the sync thread, and kept as the last good one; the
  // session takes it between journeys. A broken one is refused with its reason and changes nothing.
  sc.catalog_refresh_interval_ms = r.options.catalog_refresh_interval_ms;
  sc.on_catalog = [&r](std::string json) {
    CatalogKeeper refreshed(r.options.config.data_dir + "/catalog-last-good.json");
    auto next = refreshed.adopt(json, "platform catalog");
    if (!next) return log::error("runtime", "catalog from the platform refused, keeping the one in service: " +
                                                next.error().message);
    // A version names its content: the same one changes nothing.
    if (next->version == r.health.snapshot().catalog_version) return;
    r.events.push(ev::CatalogOffered{std::make_shared<const Catalog>(std::move(next.value()))});
  };
  r.sync = std::make_unique<offline::SyncEngine>(sc, [&r](const offline::SyncEvent& e) {
    if (e.kind == offline::SyncEvent::Kind::acknowledged) r.health.synced(clock::now_iso_utc());
    r.events.push(ev::Sync{e});
  });
  if (!r.options.config.platform_url.empty()) r.sync->start();
  else log::warn("runtime", "no platform address configured: applications stay queued");
}

// The hall's receipt printer over its configured wire. The adapter reopens the link on every call, so a
// printer switched on later is found without a restart.
std::unique_ptr<rp::ReceiptPrinter> open_receipt_printer(const ReceiptPrinterConfig& c) {
  std::unique_ptr<rp::EscPosTransport> transport;
  if (c.transport == "usb") {
    transport = rp::make_usb_lp_transport(c.path);
  } else if (c.transport == "serial") {
    transport = rp::make_serial_transport(c.path, 9600);
  } else {
    // tcp: the address was checked as host:port when the file was read (runtime/config.cpp).
    const auto colon = c.address.rfind(':');
    rp::TcpTransportOptions tcp;
    tcp.host = c.address.substr(0, colon);
    tcp.port = uint16_t(std::strtoul(c.address.c_str() + colon + 1, nullptr, 10));
    transport = rp::make_tcp_transport(tcp);
  }
  rp::NetworkPrinterOptions options;
  options.paper = c.paper_mm == 58 ? rp::PaperWidth::mm58 : rp::PaperWidth::mm80;
  log::info("devices", "receipt printer: " + transport->describe());
  return std::make_unique<rp::NetworkReceiptPrinter>(std::move(transport), options);
}

void start_reader(Runtime::Impl& r, const std::string& port, int baud) {
  idr::Events events;
  EventQueue& q = r.events;
  events.on_status = [&r](const drivers::DeviceStatus& s) { r.report_device(s); };
  events.on_card = [&q](idr::IdCard card) { q.push(ev::CardInserted{identity_from(card)}); };
  events.on_card_removed = [&q] { q.push(ev::CardRemoved{}); };
  events.on_read_error = [&q](const Error& e) { q.push(ev::CardReadFailed{e.code}); };
  idr::ReaderConfig rc;
  rc.device_path = port;
  rc.baud = baud;
  r.reader = std::make_unique<idr::IdCardReader>(rc, std::move(events));
  r.reader->start();
}

// A serial scanner on `port`, or a keyboard-wedge one (whose keys the UI hands to keyboard_wedge_text()).
void start_scanner(Runtime::Impl& r, const std::string& port, bool wedge) {
  bc::ScannerEvents events;
  EventQueue& q = r.events;
  events.on_status = [&r](const drivers::DeviceStatus& s) { r.report_device(s); };
  events.on_scan = [&q](const bc::ScanResult& scan) { q.push(ev::Scanned{scan}); };
  events.on_rejected = [&q](const Error& e) { q.push(ev::Scanned{e}); };
  bc::ScannerConfig config;
  config.device_path = port;
  if (wedge) config.mode = bc::ScannerMode::keyboard_wedge;
  r.scanner = std::make_unique<bc::BarcodeScanner>(config, std::move(events));
  r.scanner->start();
}

// The A4 printer through CUPS; its queue is polled like the receipt printer (less often: each poll is an
// IPP request).
void start_a4_printer(Runtime::Impl& r, const DocumentPrinterConfig& c) {
  a4::CupsA4Config config;
  config.server = c.server;
  config.queue = c.queue;
  r.a4_printer = std::make_unique<a4::CupsA4Printer>(config);
  log::info("devices", "A4 printer: queue " + config.queue + " on " + config.server);
  r.a4_monitor = std::make_unique<DeviceMonitor>(
      "A4 printer", [p = r.a4_printer.get()] { return p->status(); },
      [&r](const drivers::DeviceStatus& s) { r.report_device(s); }, std::chrono::seconds(5));
}

// The devices, real or simulated, in one place: in demo mode the same adapters read the fakes' ports.
Status open_devices(Runtime::Impl& r) {
  const KioskConfig& c = r.options.config;
  std::string reader_port, scanner_port;
  int reader_baud = 115200;
  bool scanner_wedge = false;
  if (c.simulate_devices) {
    SimulatedDevices::Options so;
    so.receipts_dir = r.options.receipts_dir;
    if (c.document_printer) {
      so.a4_sandbox_socket = c.document_printer->server;
      so.a4_queue = c.document_printer->queue;
    }
    r.simulated = ZHIDUI_TRY(SimulatedDevices::start(std::move(so)));
    reader_port = r.simulated->reader_port();
    scanner_port = r.simulated->scanner_port();
    r.printer = r.simulated->take_receipt_printer();
  } else {
    if (c.id_reader) {
      reader_port = c.id_reader->port;
      reader_baud = c.id_reader->baud;
    }
    if (c.barcode_scanner) {
      scanner_wedge = c.barcode_scanner->mode == "wedge";
      if (!scanner_wedge) scanner_port = c.barcode_scanner->port;
    }
    if (c.receipt_printer) r.printer = open_receipt_printer(*c.receipt_printer);
    else log::info("devices", "no receipt printer configured: receipts are shown on screen");
  }
  if (r.printer)
    r.printer_monitor = std::make_unique<DeviceMonitor>(
        "receipt printer", [p = r.printer.get()] { return p->status(); },
        [&r](const drivers::DeviceStatus& s) { r.report_device(s); }, std::chrono::seconds(2));
  if (!reader_port.empty()) start_reader(r, reader_port, reader_baud);
  if (!scanner_port.empty() || scanner_wedge) start_scanner(r, scanner_port, scanner_wedge);
  if (c.document_printer) start_a4_printer(r, *c.document_printer);
  else log::info("devices", "no A4 printer configured");
  if (r.simulated) {
    // Report a condition set from the dev dock now, not at the next poll.
    r.simulated->on_printer_changed([&r] {
      if (r.printer_monitor) r.printer_monitor->poke();
    });
    r.simulated->on_a4_changed([&r] {
      if (r.a4_monitor) r.a4_monitor->poke();
    });
  }
  return Ok{};
}

// Pinyin and handwriting for the on-screen keyboards. Neither is needed to serve a citizen whose data
// comes from the ID card, so a failure is logged and the keyboard offers what remains.
void start_input_engines(Runtime::Impl& r) {
  r.pinyin = std::make_unique<input::PinyinIme>(input::PinyinImeOptions{.data_dir = r.options.config.data_dir});
  auto handwriting = input::HandwritingRecognizer::open();
  if (handwriting) r.handwriting = std::move(handwriting.value());
  else log::warn("ime", "handwriting input unavailable: " + handwriting.error().message);
}

void load_voice_prompts(Runtime::Impl& r) {
  if (!r.options.config.voice_enabled) return;
  auto prompts = voice::VoicePrompts::load(r.options.assets_dir + "/strings/voice-zh-CN.json");
  if (prompts) r.prompts = std::move(prompts.value());
  else log::warn("voice", "voice guidance off: " + prompts.error().message);
}

// Platform lookups, 进度查询 and printing, off the UI thread.
void start_services(Runtime::Impl& r) {
  ServiceWorkerConfig swc;
  swc.platform = r.options.platform();
  swc.db_path = r.db_path;
  swc.key_path = r.key_path;
  swc.a4 = r.a4_printer.get();
  swc.print_receipt = [&r](const ReceiptData& receipt) { return r.print_receipt(receipt); };
  r.services = std::make_unique<ServiceWorker>(std::move(swc), r.catalog, r.events);
}

// What the session may ask of the kiosk, each answered through the event queue.
SessionServices session_services(Runtime::Impl& r) {
  SessionServices s;
  Runtime::Impl* self = &r;
  const KioskConfig& c = r.options.config;
  s.save_async = [self](offline::NewApplication app) { self->store_worker->submit(std::move(app)); };
  s.save_rating_async = [self](std::string uuid, std::string body) {
    self->store_worker->rate(std::move(uuid), std::move(body));
  };
  s.wake_sync = [self] { self->sync->wake(); };
  s.lookup_enterprise_async = [self](std::string uscc) { self->services->lookup_enterprise(std::move(uscc)); };
  s.check_representative_async = [self](std::string uscc, std::string id_number) {
    self->services->check_representative(std::move(uscc), std::move(id_number));
  };
  s.query_progress_async = [self](ProgressQuery query) { self->services->query_progress(std::move(query)); };
  if (r.a4_printer) {  // without one the session offers no A4 copy
    s.print_a4_async = [self](ReceiptData receipt) { self->services->print_a4(std::move(receipt)); };
    s.self_test_a4 = [self] {
      const DocumentPrinterConfig& a4 = *self->options.config.document_printer;
      a4::A4TestPageInfo info;
      info.kiosk_id = self->options.config.kiosk_id;
      info.printer_description = "queue " + a4.queue + " on " + a4.server;
      info.printed_at = clock::now_local();
      info.chinese_sample = tr("tech.a4_test_sample");
      self->services->self_test_a4(std::move(info));
    };
  }
  s.speak = [self](std::string key) { self->speak(key); };
  s.call_staff = [self] {
    int calls = ++self->staff_calls;
    log::info("hall", "staff called to kiosk " + self->options.config.kiosk_id + " (" + std::to_string(calls) +
                          " since start)");
  };
  s.kiosk_region = c.region_code;
  s.print_receipt_async = [self](ReceiptData receipt, bool self_test) {
    self->services->print_receipt(std::move(receipt), self_test);
  };
  s.now_iso_utc = clock::now_iso_utc;
  s.now_local = clock::now_local;
  s.technician_snapshot = [self] { return self->technician->snapshot(); };
  s.requeue_dead_letter = [self](int64_t seq) { self->services->requeue_dead_letter(seq); };
  s.change_setting = [self](const std::string& key, int delta) { return self->technician->change_setting(key, delta); };
  s.set_text_setting = [self](const std::string& key, const std::string& value) {
    return self->technician->set_text_setting(key, value);
  };
  s.technician_pin_hash = c.technician_pin_hash;
  if (s.technician_pin_hash.empty() && r.options.allow_demo_pin) s.technician_pin_hash = TechnicianAuth::kDemoPinHash;
  s.kiosk_id = c.kiosk_id;
  s.hall = c.hall;
  s.catalog_adopted = [self](const std::string& version) { self->health.serving_catalog(version); };
  s.service_changed = [self](std::string reason) {
    if (!reason.empty()) log::warn("service", "paused: " + reason);
    self->health.service_changed(std::move(reason));
  };
  s.forgive_crash_loop = [self] {
    if (self->run_record)
      if (Status forgiven = self->run_record->forgive(); !forgiven) log::error("run", forgiven.error().message);
  };
  return s;
}

void start_session(Runtime::Impl& r) {
  if (r.options.record_runs) {
    if (auto record = RunRecord::begin(r.options.config.data_dir, int64_t(std::time(nullptr))))
      r.run_record = std::move(record.value());
    else
      log::error("run", "no crash-loop detection this run: " + record.error().message);
  }
  r.technician = std::make_unique<TechnicianSettings>(r.options, r.startup_problems, r.read_store.get(),
                                                      [&r](int volume) { r.set_voice_volume(volume); });
  r.session = std::make_unique<Session>(r.catalog, session_services(r), r.options.session());
  r.technician->attach(*r.session);
  if (!r.options.configuration_problem.empty())
    r.session->report_configuration_problem(r.options.configuration_problem, clock::steady_ms());
  if (r.run_record && !r.run_record->crash_loop().empty())
    r.session->report_crash_loop(r.run_record->crash_loop(), clock::steady_ms());
}

// After the session: the first heartbeat already says whether this kiosk serves.
void start_heartbeat(Runtime::Impl& r) {
  if (r.options.config.platform_url.empty() || r.options.heartbeat_interval_ms <= 0) return;
  r.heartbeat = std::make_unique<HeartbeatSender>(
      r.options.platform(), std::chrono::milliseconds(r.options.heartbeat_interval_ms),
      [&r] { return r.heartbeat_body_now(); });
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// [SECTION] Runtime::create
// ---------------------------------------------------------------------------------------------------------

Runtime::Runtime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Runtime::~Runtime() = default;

Result<std::unique_ptr<Runtime>> Runtime::create(const RuntimeOptions& options) {
  auto impl = std::make_unique<Impl>();
  Impl& r = *impl;
  r.options = options;
  ZHIDUI_TRY(prepare_folders(r));
  ZHIDUI_TRY(load_texts_and_catalog(r));
  ZHIDUI_TRY(open_store(r));
  start_sync(r);
  ZHIDUI_TRY(open_devices(r));
  start_input_engines(r);
  load_voice_prompts(r);
  start_services(r);
  start_session(r);
  start_heartbeat(r);
  return std::unique_ptr<Runtime>(new Runtime(std::move(impl)));
}

// ---------------------------------------------------------------------------------------------------------
// [SECTION] Accessors
// ---------------------------------------------------------------------------------------------------------

Session& Runtime::session() { return *impl_->session; }
EventQueue& Runtime::events() { return impl_->events; }
const Catalog& Runtime::catalog() const { return impl_->catalog; }
const RuntimeOptions& Runtime::options() const { return impl_->options; }
SimulatedDevices* Runtime::simulated() { return impl_->simulated.get(); }

void Runtime::stopped_cleanly() {
  if (impl_->run_record)
    if (Status s = impl_->run_record->end_cleanly(); !s) log::error("run", s.error().message);
}

const voice::VoicePrompts* Runtime::voice_prompts() const { return impl_->prompts ? &*impl_->prompts : nullptr; }
const std::vector<std::string>& Runtime::startup_problems() const { return impl_->startup_problems; }
TechnicianSnapshot Runtime::technician_snapshot() const { return impl_->technician->snapshot(); }

void Runtime::keyboard_wedge_text(std::string_view text) {
  const KioskConfig& c = impl_->options.config;
  const bool wedge = !c.simulate_devices && c.barcode_scanner && c.barcode_scanner->mode == "wedge";
  if (wedge && impl_->scanner) impl_->scanner->feed_key_text(text);
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
  options.volume = impl_->options.config.voice_volume;
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
  for (const auto& p : idr::all_personas()) out.emplace_back("persona." + p.id, p.label);
  for (auto& [key, text] : all_domain_texts()) out.emplace_back("domain." + key, text);
  return out;
}

}  // namespace zhidui
