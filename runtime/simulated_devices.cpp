// simulated_devices.cpp — see simulated_devices.h.
#include "runtime/simulated_devices.h"

#include <cassert>
#include <filesystem>

#include "base/log.h"
#include "drivers/id_reader/personas.h"

namespace zhidui {
namespace {

constexpr std::string_view kLog = "devices";
namespace idr = drivers::id_reader;
namespace rp = drivers::receipt_printer;

}  // namespace

Result<std::unique_ptr<SimulatedDevices>> SimulatedDevices::start(Options options) {
  std::unique_ptr<SimulatedDevices> d(new SimulatedDevices(std::move(options)));
  d->reader_port_ = ZHIDUI_TRY(d->sam_module_.start());

  rp::FakeReceiptPrinterOptions po;
  po.emulator.paper = rp::PaperWidth::mm80;
  po.output_dir = d->options_.receipts_dir;
  d->owned_printer_ = ZHIDUI_TRY(rp::FakeReceiptPrinter::create(po));
  d->printer_ = d->owned_printer_.get();

  // The scanner is not needed to serve a citizen: without it the dev dock only cannot scan.
  d->scanner_ = std::make_unique<drivers::barcode::FakeScanner>();
  if (auto port = d->scanner_->start()) {
    d->scanner_port_ = port.value();
  } else {
    log::warn(kLog, "simulated scanner unavailable: " + port.error().message);
    d->scanner_.reset();
  }
  return d;
}

SimulatedDevices::~SimulatedDevices() = default;

std::unique_ptr<rp::ReceiptPrinter> SimulatedDevices::take_receipt_printer() {
  assert(owned_printer_ && "the simulated receipt printer is handed over once");
  return std::move(owned_printer_);
}

std::vector<Persona> SimulatedDevices::personas() const {
  std::vector<Persona> out;
  for (const auto& p : idr::all_personas()) out.push_back({p.id, p.label});
  return out;
}

bool SimulatedDevices::present_card(const std::string& persona_id) {
  auto persona = idr::find_persona(persona_id);
  if (!persona) return false;
  sam_module_.present(persona->card, persona->condition);
  return true;
}

void SimulatedDevices::remove_card() { sam_module_.remove_card(); }

void SimulatedDevices::unplug_reader() { sam_module_.unplug(); }

void SimulatedDevices::replug_reader() {
  if (auto s = sam_module_.replug(); !s) log::warn(kLog, "replug failed: " + s.error().message);
}

void SimulatedDevices::set_printer_condition(const std::string& condition) {
  for (auto c : {rp::PrinterCondition::ok, rp::PrinterCondition::paper_low, rp::PrinterCondition::paper_out,
                 rp::PrinterCondition::cover_open, rp::PrinterCondition::jammed})
    if (condition == rp::to_string(c)) printer_->set_condition(c);
  if (printer_changed_) printer_changed_();
}

void SimulatedDevices::set_printer_answers_status(bool answers) {
  printer_->set_answers_status(answers);
  if (printer_changed_) printer_changed_();
}

void SimulatedDevices::set_printer_plugged_in(bool plugged_in) {
  printer_->set_plugged_in(plugged_in);
  if (printer_changed_) printer_changed_();
}

std::string SimulatedDevices::last_receipt_file() const {
  auto last = printer_->last_receipt();
  return last ? last->string() : std::string();
}

bool SimulatedDevices::set_a4_printer_plugged_in(bool plugged_in) {
  if (!options_.a4_sandbox_socket.starts_with("/")) return false;
  const std::string sandbox = std::filesystem::path(options_.a4_sandbox_socket).parent_path().string();
  using drivers::a4_printer::BackendFault;
  Status set = drivers::a4_printer::set_sandbox_backend_fault(sandbox, options_.a4_queue,
                                                              plugged_in ? BackendFault::none : BackendFault::offline);
  if (!set) {
    log::warn(kLog, "simulated A4 printer: " + set.error().message);
    return false;
  }
  log::info(kLog, std::string("simulated A4 printer ") + (plugged_in ? "plugged back in" : "unplugged"));
  if (a4_changed_) a4_changed_();
  return true;
}

bool SimulatedDevices::scan(const std::string& payload) {
  if (!scanner_) return false;
  auto sent = scanner_->scan(payload);
  if (!sent) log::warn(kLog, "simulated scan failed: " + sent.error().code);
  return sent.ok();
}

void SimulatedDevices::unplug_scanner() {
  if (scanner_) scanner_->unplug();
}

void SimulatedDevices::replug_scanner() {
  if (!scanner_) return;
  if (auto s = scanner_->replug(); !s) log::warn(kLog, "simulated scanner replug failed: " + s.error().code);
}

}  // namespace zhidui
