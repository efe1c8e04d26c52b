// runtime_config.cpp — see runtime_config.h.
#include "runtime/runtime_config.h"

#include "drivers/device.h"
#include "runtime/config.h"

namespace zhidui {

ConfiguredRun apply_config_file(const std::string& path, RuntimeOptions& r) {
  r.config_path = path;  // even when broken: the technician panel can fix a value in it
  Status permissions = check_config_permissions(path);
  auto cfg = permissions ? load_config(path) : Result<KioskConfig>(permissions.error());
  // A client key others can read is refused now, like the field key, not at the first upload.
  if (cfg)
    if (Status key = check_client_key_file(cfg.value(), path); !key) cfg = key.error();
  if (!cfg) {
    r.configuration_problem = cfg.error().message;
    r.simulate_devices = false;
    r.data_dir = data_dir_named_by(path);
    // The technician must still get in to see why, but never with the published demonstration PIN.
    r.technician_pin_hash = technician_pin_hash_named_by(path);
    r.allow_demo_pin = false;
    return {};
  }
  const KioskConfig& c = cfg.value();
  r.kiosk_id = c.kiosk_id;
  r.platform_url = c.platform_url;
  r.platform_token = c.platform_token;
  r.ca_file = c.ca_file;
  r.pinned_sha256 = c.pinned_sha256;
  r.client_cert = c.client_cert;
  r.client_key = c.client_key;
  r.allow_insecure_http = c.allow_insecure_http;
  r.platform_connect_timeout_ms = c.connect_timeout_ms;
  r.platform_total_timeout_ms = c.total_timeout_ms;
  r.data_dir = c.data_dir;
  r.simulate_devices = c.simulate_devices;
  if (c.id_reader) {
    r.reader_device = c.id_reader->port;
    r.reader_baud = c.id_reader->baud;
  }
  if (c.barcode_scanner && c.barcode_scanner->mode == "serial") r.scanner_device = c.barcode_scanner->port;
  r.scanner_wedge = c.barcode_scanner && c.barcode_scanner->mode == "wedge";
  if (c.receipt_printer) {
    r.receipt_transport = c.receipt_printer->transport;
    r.receipt_path = c.receipt_printer->path;
    r.receipt_address = c.receipt_printer->address;
    r.receipt_paper_mm = c.receipt_printer->paper_mm;
  }
  if (c.document_printer) {
    r.a4_cups_server = c.document_printer->server;
    r.a4_queue = c.document_printer->queue;
  }
  r.kiosk_region = c.region_code;
  r.hall = c.hall;
  r.orientation = c.orientation;
  r.voice_enabled = c.voice_enabled;
  r.voice_volume = c.voice_volume;
  r.technician_pin_hash = c.technician_pin_hash;
  r.allow_demo_pin = c.mode == "demo";
  r.session.idle_timeout_ms = int64_t(c.idle_seconds) * 1000;
  r.session.platform_wait_ms = c.platform_wait_ms;
  r.session.required_devices.clear();
  for (const std::string& name : c.required)
    if (auto d = drivers::device_class_from(name)) r.session.required_devices.push_back(*d);
  return {c.orientation == "landscape", c.dev_dock()};
}

}  // namespace zhidui
