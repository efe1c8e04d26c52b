// runtime.cpp — see runtime.h. Start-up order matters: strings and catalog first (nothing can be shown
// without them), then the store (nothing can be taken without it), then sync and devices.
#include "kiosk/runtime.h"

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "drivers/id_reader/fake_sam_module.h"
#include "drivers/id_reader/id_card_reader.h"
#include "drivers/id_reader/personas.h"
#include "drivers/receipt_printer/fake_receipt_printer.h"
#include "kiosk/base/log.h"
#include "kiosk/base/paths.h"
#include "kiosk/catalog_keeper.h"
#include "kiosk/clock.h"
#include "kiosk/domain_texts.h"
#include "kiosk/receipt.h"
#include "kiosk/store_worker.h"
#include "kiosk/strings.h"
#include "offline/sync_engine.h"

namespace zhidui {

namespace fs = std::filesystem;
namespace idr = drivers::id_reader;
namespace rp = drivers::receipt_printer;

struct Runtime::Impl {
  RuntimeOptions options;
  Catalog catalog;
  EventQueue events;
  std::unique_ptr<StoreWorker> store_worker;
  std::unique_ptr<offline::Store> read_store;  // the UI thread's own connection, for the technician panel
  std::unique_ptr<offline::SyncEngine> sync;
  std::unique_ptr<idr::FakeSamModule> fake_module;
  std::unique_ptr<idr::IdCardReader> reader;
  std::unique_ptr<rp::FakeReceiptPrinter> printer;
  std::unique_ptr<Session> session;
  mutable std::mutex receipt_mutex;
  std::string last_receipt;

  // The receipt printer answers status only when asked: this thread asks every 2 s and turns changes
  // into events (the device model's "poll, and report transitions only").
  std::thread printer_monitor;
  std::mutex monitor_mutex;
  std::condition_variable monitor_cv;
  bool monitor_stop = false;
  bool monitor_poke = false;  // a condition changed from the dev dock: look now

  void run_printer_monitor() {
    drivers::DeviceStatus last;
    bool first = true;
    std::unique_lock lock(monitor_mutex);
    while (!monitor_stop) {
      lock.unlock();
      drivers::DeviceStatus now = printer->status();
      lock.lock();
      if (first || now.state != last.state || now.severity != last.severity || now.code != last.code) {
        log::info("devices", std::string("receipt printer ") + drivers::to_string(now.state) +
                                 (now.code.empty() ? "" : " (" + now.code + ")"));
        events.push(ev::DeviceChanged{now});
        last = now;
        first = false;
      }
      monitor_cv.wait_for(lock, std::chrono::seconds(2), [&] { return monitor_stop || monitor_poke; });
      monitor_poke = false;
    }
  }

  ~Impl() {
    if (printer_monitor.joinable()) {
      {
        std::lock_guard lock(monitor_mutex);
        monitor_stop = true;
      }
      monitor_cv.notify_all();
      printer_monitor.join();
    }
    // Devices and sync first (they push into the queue), then the store worker drains its submits.
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

}  // namespace

Runtime::Runtime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Runtime::~Runtime() = default;

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
  log::info("runtime", "catalog " + r.catalog.version + " with " + std::to_string(r.catalog.items.size()) + " items");

  const std::string db_path = r.options.data_dir + "/kiosk.db", key_path = r.options.data_dir + "/field.key";
  auto store = open_store_or_recover(db_path, key_path);
  if (!store) return store.error();
  r.store_worker = std::make_unique<StoreWorker>(std::move(store.value()), r.events);
  if (auto rs = offline::Store::open(db_path, key_path)) r.read_store = std::move(rs.value());

  offline::SyncConfig sc;
  sc.db_path = db_path;
  sc.key_path = key_path;
  sc.platform.base_url = r.options.platform_url;
  sc.platform.kiosk_id = r.options.kiosk_id;
  sc.platform.token = r.options.platform_token;
  sc.platform.ca_file = r.options.ca_file;
  sc.platform.pinned_sha256 = r.options.pinned_sha256;
  sc.platform.allow_insecure_http = r.options.allow_insecure_http;
  r.sync = std::make_unique<offline::SyncEngine>(sc, [&events = r.events](const offline::SyncEvent& e) {
    events.push(ev::Sync{e});
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
    r.printer = std::move(printer.value());
    r.printer_monitor = std::thread([&r] { r.run_printer_monitor(); });
  }
  if (!reader_path.empty()) {
    idr::Events events;
    EventQueue& q = r.events;
    events.on_status = [&q](const drivers::DeviceStatus& s) { q.push(ev::DeviceChanged{s}); };
    events.on_card = [&q](idr::IdCard card) { q.push(ev::CardInserted{identity_from(card)}); };
    events.on_card_removed = [&q] { q.push(ev::CardRemoved{}); };
    events.on_read_error = [&q](const Error& e) { q.push(ev::CardReadFailed{e.code}); };
    idr::ReaderConfig rc;
    rc.device_path = reader_path;
    r.reader = std::make_unique<idr::IdCardReader>(rc, std::move(events));
    r.reader->start();
  }

  SessionServices services;
  Impl* self = impl.get();
  services.save_async = [self](offline::NewApplication app) { self->store_worker->submit(std::move(app)); };
  services.save_rating_async = [self](std::string uuid, std::string body) {
    self->store_worker->rate(std::move(uuid), std::move(body));
  };
  services.wake_sync = [self] { self->sync->wake(); };
  services.print_receipt = [self](const ReceiptData& receipt) -> Result<std::string> {
    if (!self->printer) return make_error("printer.not_configured", "no receipt printer configured");
    auto bytes = layout_receipt(receipt, self->printer->paper_width_dots());
    if (!bytes) return bytes.error();
    auto printed = self->printer->print(bytes.value());
    if (!printed) return printed.error();
    auto last = self->printer->last_receipt();
    std::string file = last ? last->string() : std::string("(printer)");
    std::lock_guard lock(self->receipt_mutex);
    self->last_receipt = file;
    return file;
  };
  services.now_iso_utc = clock::now_iso_utc;
  services.now_local = clock::now_local;
  services.technician_snapshot = [self] {
    TechnicianSnapshot t;
    if (self->read_store) {
      if (auto c = self->read_store->outbox_counts()) {
        t.queue_known = true;
        t.pending = c->pending;
        t.done = c->done;
        t.dead = c->dead;
      }
    }
    t.recent_log = log::recent(12);
    return t;
  };
  services.kiosk_id = r.options.kiosk_id;
  services.catalog_version = r.catalog.version;
  r.session = std::make_unique<Session>(r.catalog, std::move(services), r.options.session);
  if (!r.options.configuration_problem.empty())
    r.session->report_configuration_problem(r.options.configuration_problem, clock::steady_ms());
  return std::unique_ptr<Runtime>(new Runtime(std::move(impl)));
}

Session& Runtime::session() { return *impl_->session; }
EventQueue& Runtime::events() { return impl_->events; }
const Catalog& Runtime::catalog() const { return impl_->catalog; }
const RuntimeOptions& Runtime::options() const { return impl_->options; }

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
  if (!impl_->printer) return;
  for (auto c : {rp::PrinterCondition::ok, rp::PrinterCondition::paper_low, rp::PrinterCondition::paper_out,
                 rp::PrinterCondition::cover_open, rp::PrinterCondition::jammed})
    if (condition == rp::to_string(c)) impl_->printer->set_condition(c);
  {
    std::lock_guard lock(impl_->monitor_mutex);
    impl_->monitor_poke = true;  // report the change now, not at the next poll
  }
  impl_->monitor_cv.notify_all();
}

std::string Runtime::last_receipt_file() const {
  std::lock_guard lock(impl_->receipt_mutex);
  return impl_->last_receipt;
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
      for (const auto& c : f.choices) add("form." + f.id + ".choices", c);
    }
    for (const auto& k : item.keywords) add("keywords", k);
  }
  for (const auto& p : personas()) out.emplace_back("persona." + p.id, p.label);
  for (auto& [key, text] : all_domain_texts()) out.emplace_back("domain." + key, text);
  return out;
}

}  // namespace zhidui
